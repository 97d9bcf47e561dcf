package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// DefaultRetryUnavailable is how long Update and View keep trying to
// start a transaction when Options.RetryUnavailable is zero.
const DefaultRetryUnavailable = 10 * time.Second

// Waits between attempts to start a transaction: the first, and the
// most, each doubling from the first, with jitter so that many waiters
// do not come back at once.
const (
	firstRetryWait = 5 * time.Millisecond
	maxRetryWait   = 500 * time.Millisecond
)

// sleeper waits for d or until ctx ends, and returns ctx.Err() if it
// ended. Tests replace the real one.
type sleeper func(ctx context.Context, d time.Duration) error

// sleep is the real sleeper.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// retryStart runs start, which starts a transaction (or fails before
// anything in it ran), again while it fails with an error matching
// ErrRetryable, until the waits between attempts add up to limit (a
// negative limit: one attempt). It returns start's last error, wrapped
// with ctx's error if ctx ended while it waited. Starting again is always
// safe, as nothing of the transaction has run.
func retryStart(ctx context.Context, limit time.Duration, wait sleeper, start func() error) error {
	var waited time.Duration
	next := firstRetryWait
	for attempt := 1; ; attempt++ {
		err := start()
		if err == nil || !errors.Is(err, ErrRetryable) || waited >= limit {
			if err != nil && attempt > 1 {
				return fmt.Errorf("after %d attempts: %w", attempt, err)
			}
			return err
		}
		d := next/2 + rand.N(next/2+1)
		if werr := wait(ctx, d); werr != nil {
			return fmt.Errorf("%w: %w", werr, err)
		}
		waited += d
		next = min(2*next, maxRetryWait)
	}
}
