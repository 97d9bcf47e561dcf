package xapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzXAPIStatements imports arbitrary documents, in both modes. It must
// never panic; malformed JSON must be a *SyntaxError; any error must come
// with an empty result (no partial import); and a successful import must
// account for every statement exactly once, whatever chunks the document
// arrives in.
func FuzzXAPIStatements(f *testing.F) {
	good := doc(f,
		statement(1, "ann", "completed", safeguardingIRI, took("PT1H30M"), at("2026-06-30T23:30:00Z")),
		statement(2, "bob", "passed", firstAidIRI, scored("0.7")),
		statement(3, "cat", "completed", auAndIRI, cmi5(), inRegistration(1), mastery("0.5"), moveOn("CompletedAndPassed")),
		statement(4, "cat", "passed", auAndIRI, cmi5(), inRegistration(1), scored("0.6")),
		voids(5, 1), statement(1, "ann", "completed", preventIRI), statement(6, "eve", "failed", unknownIRI),
	)
	f.Add(good, false)
	f.Add(good, true)
	f.Add([]byte(`{"statements": `+string(good)+`, "more": "/more"}`), false)
	f.Add(doc(f, statement(1, "ann", "completed", preventIRI, took("1h")), statement(2, "ann", "completed", preventIRI, set("id", "x"))), true)
	f.Add([]byte(`[{"id": "00000000-0000-4000-8000-000000000001", "actor": {"mbox": "mailto:a@b"}, "verb": {"id": "`+CompletedIRI+`"}, "object": {"id": "x"}, "timestamp": "2026-01-01T00:00:00\u005a"}]`), false)
	for _, in := range []string{``, `[`, `[]`, `{}`, `[{}]`, `[1, "x", null]`, `{"statements": [], "statements": []}`, `[{"id": "\ud800"}]`,
		"\xef\xbb\xbf" + string(good), "\xff\xfe[\x00]\x00", "<html><title>502</title>", "Unauthorized", "not json", "42",
		string(doc(f, statement(1, "ann", "completed", preventIRI))[1 : len(doc(f, statement(1, "ann", "completed", preventIRI)))-1]),
		`{"more": "/m", "statements": []}`, `{"id": `} {
		f.Add([]byte(in), false)
	}
	m, london := testMapping(f), mustLoad(f, "Europe/London")
	f.Fuzz(func(t *testing.T, data []byte, skipBad bool) {
		opts := &Options{SkipBad: skipBad, MaxStatementSize: 1 << 16, Location: london}
		res, err := Import(context.Background(), bytes.NewReader(data), m, opts)
		var se *SyntaxError
		// A UTF-8 byte-order mark is allowed; a statement too long for
		// the window is skipped without its syntax checked in full.
		if !json.Valid(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))) && len(data) <= opts.MaxStatementSize && !errors.As(err, &se) {
			t.Fatalf("malformed JSON gave %v, want a *SyntaxError", err)
		}
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not match ErrInvalid", err)
			}
			if diff := cmp.Diff(Result{}, res, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("error %v came with a partial result:\n%s", err, diff)
			}
			return
		}
		if !skipBad && len(res.Rejected) > 0 {
			t.Fatalf("an all-or-nothing import succeeded with %d bad statements", len(res.Rejected))
		}
		var seen []int
		for _, c := range res.Credits {
			seen = append(seen, c.Index)
		}
		for _, o := range res.Outcomes {
			seen = append(seen, o.Index)
		}
		for _, r := range res.Rejected {
			seen = append(seen, r.Index)
		}
		slices.Sort(seen)
		for i, idx := range seen {
			if idx != i {
				t.Fatalf("statements accounted for: %v, want each of 0..%d once", seen, res.Statements-1)
			}
		}
		if len(seen) != res.Statements {
			t.Fatalf("%d statements read, %d accounted for", res.Statements, len(seen))
		}
		if len(data) < 4096 {
			again, err := Import(context.Background(), iotest.OneByteReader(bytes.NewReader(data)), m, opts)
			if err != nil {
				t.Fatalf("read a byte at a time: %v", err)
			}
			if diff := cmp.Diff(res, again); diff != "" {
				t.Fatalf("read a byte at a time, the result differs (-whole +bytes):\n%s", diff)
			}
		}
	})
}
