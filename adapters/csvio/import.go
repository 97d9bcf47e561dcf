package csvio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/cpdkit/cpdkit/adapters/cpdimport"
	"github.com/cpdkit/cpdkit/cpd"
)

// Imported says what ImportPeople or ImportCompletions did.
type Imported struct {
	// Stored lists each row stored: its line and the ID of its record.
	Stored []Stored
	// Rejected lists the rows left out (with SkipBad), whether the file
	// or the Service refused them, in line order; Omitted counts the
	// problems beyond ReadOptions.MaxErrors.
	Rejected []*LineError
	Omitted  int
	// Duplicates lists the completion rows not stored because their
	// person already has an activity with the row's external_ref
	// (imported before, or on an earlier line of the file), in line order.
	Duplicates []Duplicate
}

// Stored is one row stored.
type Stored struct {
	Line int
	ID   string
}

// Duplicate is one completion row recorded already: its line and the ID
// of the activity that records it.
type Duplicate struct {
	Line     int
	Existing string
}

// ImportPeople reads a staff roster (see ReadPeople) and stores it with
// svc.Staff.ImportPeople, as the actor in ctx (an administrator or the head of
// education). It is all or nothing by default: a problem in the file, or
// a person the Service refuses (an ID already taken, a rule of the
// policy), fails the whole import with an *ImportError naming each line,
// and nothing is stored. With SkipBad the good rows are stored, BatchSize
// rows per transaction, and the others listed.
//
// Progress counts each row twice, once read and once stored, so total is
// twice the rows. Errors: an *ImportError (matching cpd.ErrInvalid); the
// Service's own (cpd.ErrForbidden, cpd.ErrNoActor, the Store's); or the
// context's.
func ImportPeople(ctx context.Context, svc *cpd.Service, r io.Reader, opts *RosterOptions) (Imported, error) {
	o := RosterOptions{}
	if opts != nil {
		o = *opts
	}
	return load(ctx, &o.ReadOptions, func(ro *ReadOptions) (Parsed[cpd.Person], error) {
		o.ReadOptions = *ro
		return ReadPeople(ctx, r, &o)
	}, svc.Staff.ImportPeople)
}

// ImportCompletions reads completion records (see ReadCompletions) and
// stores them in the Service through package cpdimport, the one bridge
// from the importers (as a Batch whose activities are named "line N"), as
// the actor in ctx (an administrator or the head of education). It is all
// or nothing by default: a problem in the file, or an activity the
// Service refuses (a person who does not exist, a completion before they
// started), fails the whole import with an *ImportError naming each line,
// and nothing is stored. With SkipBad the good rows are stored, BatchSize
// rows per transaction, and the others listed. A row whose person already
// has an activity with its external_ref is not stored twice but listed in
// Imported.Duplicates.
//
// Progress counts each row twice, once read and once stored, so total is
// twice the rows. Errors: as ImportPeople's.
func ImportCompletions(ctx context.Context, svc *cpd.Service, r io.Reader, opts *CompletionOptions) (Imported, error) {
	o := CompletionOptions{}
	if opts != nil {
		o = *opts
	}
	ro, user := withProgress(&o.ReadOptions)
	o.ReadOptions = ro
	parsed, err := ReadCompletions(ctx, r, &o)
	if err != nil {
		return Imported{}, err
	}
	b := cpdimport.Batch{Activities: parsed.Rows, Sources: make([]string, len(parsed.Rows))}
	for i, line := range parsed.Lines {
		b.Sources[i] = fmt.Sprintf("line %d", line)
	}
	n := len(parsed.Rows)
	ao := &cpdimport.ApplyOptions{ImportOptions: cpd.ImportOptions{SkipBad: ro.SkipBad, BatchSize: ro.BatchSize}}
	if user != nil {
		ao.Progress = func(done, _ int) { user(n+done, 2*n) }
	}
	applied, err := cpdimport.Apply(ctx, svc, b, ao)
	res := applied.Imported
	out := Imported{Rejected: parsed.Rejected, Omitted: parsed.Omitted}
	var ie *cpdimport.ImportError
	switch {
	case errors.As(err, &ie):
		rejected := make([]cpd.Rejection, len(ie.Rejected))
		for i, rj := range ie.Rejected {
			rejected[i] = cpd.Rejection{Index: rj.Index, Err: rj.Err}
		}
		return Imported{}, refusedAll(rejected, parsed.Lines, parsed.headers, &ro)
	case err != nil:
		out.Stored = stored(res.IDs, parsed.Lines)
		return out, fmt.Errorf("import: %w", err)
	}
	out.Stored = stored(res.IDs, parsed.Lines)
	for _, rj := range res.Rejected {
		out.Rejected = append(out.Rejected, refusedRow(parsed.Lines[rj.Index], rj.Err, parsed.headers))
	}
	for _, d := range res.Duplicates {
		out.Duplicates = append(out.Duplicates, Duplicate{Line: parsed.Lines[d.Index], Existing: d.Existing})
	}
	slices.SortStableFunc(out.Rejected, func(a, b *LineError) int { return a.Line - b.Line })
	return out, nil
}

// withProgress returns the read options for the reading half of an
// import, whose progress counts each row twice (read, then stored), and
// the caller's own progress function.
func withProgress(o *ReadOptions) (ReadOptions, func(done, total int)) {
	ro := *o
	user := o.Progress
	ro.Progress = nil
	if user != nil {
		ro.Progress = func(done, total int) { user(done, 2*total) }
	}
	return ro, user
}

// stored lists the rows given an ID, by line.
func stored(ids []string, lines []int) []Stored {
	var out []Stored
	for i, id := range ids {
		if id != "" {
			out = append(out, Stored{Line: lines[i], ID: id})
		}
	}
	return out
}

// importer is a Service's bulk import.
type importer[T any] func(context.Context, []T, *cpd.ImportOptions) (cpd.ImportResult, error)

// load reads a file and imports its rows, one batch per transaction with
// SkipBad and BatchSize (so that progress moves per batch), and in one
// otherwise; the Service's rejections are reported by line.
func load[T any](ctx context.Context, o *ReadOptions, parse func(*ReadOptions) (Parsed[T], error), store importer[T]) (Imported, error) {
	ro, user := withProgress(o)
	parsed, err := parse(&ro)
	if err != nil {
		return Imported{}, err
	}
	n := len(parsed.Rows)
	out := Imported{Rejected: parsed.Rejected, Omitted: parsed.Omitted}
	size := max(n, 1)
	if o.SkipBad && o.BatchSize > 0 {
		size = o.BatchSize
	}
	for start := 0; ; start += size {
		end := min(start+size, n)
		res, err := store(ctx, parsed.Rows[start:end], &cpd.ImportOptions{SkipBad: o.SkipBad})
		var ie *cpd.ImportError
		switch {
		case errors.As(err, &ie):
			return Imported{}, refusedAll(ie.Rejected, parsed.Lines[start:end], parsed.headers, o)
		case err != nil:
			return out, fmt.Errorf("import: %w", err)
		}
		for i, id := range res.IDs {
			if id != "" {
				out.Stored = append(out.Stored, Stored{Line: parsed.Lines[start+i], ID: id})
			}
		}
		for _, rj := range res.Rejected {
			out.Rejected = append(out.Rejected, refusedRow(parsed.Lines[start+rj.Index], rj.Err, parsed.headers))
		}
		if user != nil {
			user(n+end, 2*n)
		}
		if end >= n {
			break
		}
	}
	slices.SortStableFunc(out.Rejected, func(a, b *LineError) int { return a.Line - b.Line })
	return out, nil
}

// refusedRow is the Service's refusal of the row on a line, naming the
// column (by the file's header) of the field it blames.
func refusedRow(line int, err error, headers map[Field]string) *LineError {
	e := &LineError{Line: line, Reason: err.Error(), Err: err}
	if f, reason, ok := blamed(err); ok {
		e.Column, e.Reason = headers[f], reason
	}
	return e
}

// refusedAll turns the Service's refusal of an all-or-nothing import into
// an *ImportError by line.
func refusedAll(rejected []cpd.Rejection, lines []int, headers map[Field]string, o *ReadOptions) error {
	max := o.MaxErrors
	if max <= 0 {
		max = defaultMaxErrors
	}
	out := &ImportError{}
	for _, rj := range rejected {
		if len(out.Problems) == max {
			out.Omitted++
			continue
		}
		out.Problems = append(out.Problems, refusedRow(lines[rj.Index], rj.Err, headers))
	}
	return out
}
