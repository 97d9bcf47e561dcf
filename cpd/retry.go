package cpd

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

// maxAttempts bounds how often a use case that competes for a budget
// line's money retries after a conflict (another transaction changed the
// line first); each retry reads the line afresh, so the money is never
// counted twice.
const maxAttempts = 200

// retry runs fn again while it fails with ErrConflict, up to maxAttempts
// times, waiting a little longer (with jitter) each time, and stops if ctx
// ends.
func retry[T any](ctx context.Context, fn func() (T, error)) (T, error) {
	for attempt := 1; ; attempt++ {
		v, err := fn()
		if err == nil || !errors.Is(err, ErrConflict) || attempt == maxAttempts {
			return v, err
		}
		wait := time.Duration(rand.Int64N(int64(min(attempt, 20)) * int64(time.Millisecond)))
		select {
		case <-ctx.Done():
			return v, err
		case <-time.After(wait):
		}
	}
}
