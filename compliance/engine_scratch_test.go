package compliance

import (
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"
)

// TestScratchMemoHoldsDayEvaluated: decidePlain works out the expiry of a
// completion on the day evaluated even for a person with no completion
// (it is then not used), so that its loop need not branch; it reads it
// from the memo, and leaves the cell to the slow path when the memo does
// not have it. Only a completion on that very day fills it in passing, so
// a matrix's scratch space must start with it, or every cell without
// evidence of a rule whose expiry needs calendar arithmetic takes the slow
// path on a day no one completed anything.
func TestScratchMemoHoldsDayEvaluated(t *testing.T) {
	e, err := NewEvaluator(mixedPolicy())
	require.NoError(t, err)
	on := date.MustParseISO("2026-11-25")
	s := e.newScratch(on, true)
	memos := 0
	for _, c := range s.plain {
		if c.exp != expMemo {
			continue
		}
		memos++
		require.NotZero(t, c.memo[0], "memo of %s for a completion on the day evaluated", c.rule.id)
		require.Equal(t, c.rule.expiry(on), on+date.Date(c.memo[0]), "memo of %s", c.rule.id)
	}
	require.NotZero(t, memos, "the policy has plain rules with months of validity or a fixed date")

	// A person without evidence then takes no slow path: each of their
	// plain cells is settled in the loop (here, as missing).
	p := &Person{ID: "p", Start: on - 1000}
	s.reset(e)
	out := make([]cell, len(e.rules))
	s.decidePlain(p, out)
	for _, c := range s.plain {
		require.Equal(t, whyMissing, out[c.req].why, "cell of %s", c.rule.id)
	}
}
