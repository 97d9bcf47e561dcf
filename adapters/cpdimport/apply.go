package cpdimport

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/cpdkit/cpdkit/cpd"
)

// ApplyOptions tune Apply. A nil *ApplyOptions means the defaults: the
// import all or nothing, in one transaction.
type ApplyOptions struct {
	// ImportOptions are the import's: SkipBad imports the activities the
	// Service accepts and lists the others, and with it BatchSize is how
	// many activities each transaction writes (0: all of them).
	cpd.ImportOptions
	// Progress, when set, is called after each transaction of the import
	// with the activities done and the activities in the Batch.
	Progress func(done, total int)
}

// Applied says what Apply did.
type Applied struct {
	// Imported is the import's result, over the whole Batch: IDs,
	// Rejected and Duplicates index Batch.Activities, and Batch.Source
	// names them.
	Imported cpd.ImportResult
	// Withdrawn is WithdrawImported's result for Batch.Withdrawals.
	Withdrawn cpd.WithdrawResult
}

// Apply records a Batch in the Service, as the actor in ctx (an
// administrator or the head of education: the roles both use cases
// need). First its activities, with cpd.Activities.ImportCompletions
// (recording once an activity whose ExternalRef its person already has,
// see ImportResult.Duplicates), then its withdrawals, with
// cpd.Activities.WithdrawImported, when there are any.
//
// Those are separate transactions: the import (one transaction, or with
// SkipBad one per BatchSize activities), then the withdrawals (one). If
// a later one fails the earlier ones stay, and Applied says what they
// did; applying the same Batch again imports nothing twice and withdraws
// what is left. The import is made even for a Batch with no activities,
// so that a caller without the right is told so.
//
// By default the import is all or nothing: if the Service refuses any
// activity, nothing is written, nothing is withdrawn, and the error is an
// *ImportError naming each refused activity by its Source (it matches
// cpd.ErrInvalid and unwraps to the Service's *cpd.ImportError). With
// SkipBad the refusals are in Applied.Imported.Rejected.
//
// Other errors: cpd.ErrInvalid when Batch.Sources is neither empty nor
// one per activity, before anything is written; and ImportCompletions'
// and WithdrawImported's own (cpd.ErrForbidden, cpd.ErrNoActor, an
// invalid withdrawal, the Store's), with Applied saying what was done
// before.
func Apply(ctx context.Context, svc *cpd.Service, b Batch, opts *ApplyOptions) (Applied, error) {
	var o ApplyOptions
	if opts != nil {
		o = *opts
	}
	n := len(b.Activities)
	if len(b.Sources) != 0 && len(b.Sources) != n {
		return Applied{}, fmt.Errorf("apply an import: %w", &cpd.ValidationError{Field: "batch.sources",
			Reason: fmt.Sprintf("has %d entries for %d activities: want one each, or none", len(b.Sources), n)})
	}
	out := Applied{Imported: cpd.ImportResult{IDs: make([]string, n)}}
	size := max(n, 1)
	if o.SkipBad && o.BatchSize > 0 {
		size = o.BatchSize
	}
	for start := 0; ; start += size {
		end := min(start+size, n)
		res, err := svc.Activities.ImportCompletions(ctx, b.Activities[start:end], &cpd.ImportOptions{SkipBad: o.SkipBad})
		merge(&out.Imported, &res, start)
		var ie *cpd.ImportError
		switch {
		case errors.As(err, &ie):
			return out, b.refused(ie, start)
		case err != nil:
			return out, err
		}
		if o.Progress != nil {
			o.Progress(end, n)
		}
		if end >= n {
			break
		}
	}
	if len(b.Withdrawals) > 0 {
		var err error
		if out.Withdrawn, err = svc.Activities.WithdrawImported(ctx, b.Withdrawals); err != nil {
			return out, err
		}
	}
	return out, nil
}

// merge adds the result of importing the activities from start on to
// out, whose indexes are the whole Batch's.
func merge(out, res *cpd.ImportResult, start int) {
	for i, id := range res.IDs {
		out.IDs[start+i] = id
	}
	out.Imported += res.Imported
	for _, r := range res.Rejected {
		r.Index += start
		out.Rejected = append(out.Rejected, r)
	}
	for _, d := range res.Duplicates {
		d.Index += start
		out.Duplicates = append(out.Duplicates, d)
	}
}

// refused names by their sources the activities the Service refused in an
// all-or-nothing import of the activities from start on.
func (b *Batch) refused(ie *cpd.ImportError, start int) *ImportError {
	out := &ImportError{Rejected: make([]Rejection, len(ie.Rejected)), cause: ie}
	for i, r := range ie.Rejected {
		out.Rejected[i] = Rejection{Index: start + r.Index, Source: b.Source(start + r.Index), Err: r.Err}
	}
	return out
}

// Rejection is one activity the Service refused: its index in
// Batch.Activities, its Source, and why (an error matching
// cpd.ErrInvalid, usually a *cpd.ValidationError naming the field).
type Rejection struct {
	Index  int
	Source string
	Err    error
}

// ImportError is the failure of an all-or-nothing import: every activity
// the Service refused, named by its source, in Batch order. It matches
// cpd.ErrInvalid and unwraps to the Service's *cpd.ImportError, which
// names them by index.
type ImportError struct {
	Rejected []Rejection
	cause    *cpd.ImportError
}

// maxListed bounds how many refusals ImportError's message spells out.
const maxListed = 10

// Error names the refused activities by source and says why, the first
// few in full: "import activities: 2 refused; statement a0…: person:
// nobody does not exist; …".
func (e *ImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "import activities: %d refused", len(e.Rejected))
	for i, r := range e.Rejected {
		if i == maxListed {
			fmt.Fprintf(&b, "; and %d more", len(e.Rejected)-maxListed)
			break
		}
		fmt.Fprintf(&b, "; %s: %v", r.Source, r.Err)
	}
	return b.String()
}

// Is makes errors.Is(err, cpd.ErrInvalid) true.
func (e *ImportError) Is(target error) bool { return target == cpd.ErrInvalid }

// Unwrap returns the Service's *cpd.ImportError, when there is one.
func (e *ImportError) Unwrap() error {
	if e.cause == nil {
		return nil
	}
	return e.cause
}
