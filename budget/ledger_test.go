package budget

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// model is an independent oracle for the ledger in whole pence.
type model struct {
	enforcement          map[string]Enforcement
	alloc, commit, spent map[string]int64
	line                 map[string]string // request to line
	outstanding          map[string]int64
	allocatedIn          int64
}

func newModel(b Budget) *model {
	m := &model{enforcement: map[string]Enforcement{}, alloc: map[string]int64{}, commit: map[string]int64{},
		spent: map[string]int64{}, line: map[string]string{}, outstanding: map[string]int64{}}
	for _, l := range b.Lines {
		m.enforcement[l.ID] = l.Enforcement.orDefault()
		u, _ := l.Amount.MinorUnits()
		m.alloc[l.ID] = u
		m.allocatedIn += u
	}
	return m
}

// affords says whether line may take on need more pence.
func (m *model) affords(line string, need int64, override bool) bool {
	avail := m.alloc[line] - m.commit[line] - m.spent[line]
	switch {
	case avail >= need, m.enforcement[line] == Warn:
		return true
	case m.enforcement[line] == AllowOverride:
		return override
	}
	return false
}

// op is one random operation: it runs on the ledger and on the model and
// says whether the model expects success.
type op struct {
	name string
	run  func(l *Ledger) error
	ok   func(m *model) bool // reports whether it should succeed, and applies it if so
}

func randomOp(r *rand.Rand, lines, requests []string) op {
	line, other := lines[r.IntN(len(lines))], lines[r.IntN(len(lines))]
	req, req2 := requests[r.IntN(len(requests))], requests[r.IntN(len(requests))]
	pence := int64(r.IntN(60000)) - 50 // sometimes zero or negative
	amount := minor(pence, GBP)
	var ov *Override
	if r.IntN(3) == 0 {
		ov = &Override{By: "head", Reason: "agreed overspend"}
	}
	c := Cause{Action: "test", By: "actor", On: day("2026-10-01")}
	switch r.IntN(6) {
	case 0:
		return op{name: fmt.Sprintf("allocate %s %d", line, pence),
			run: func(l *Ledger) error { _, err := l.Allocate(line, amount, c); return err },
			ok: func(m *model) bool {
				if pence <= 0 {
					return false
				}
				m.alloc[line] += pence
				m.allocatedIn += pence
				return true
			}}
	case 1:
		return op{name: fmt.Sprintf("commit %s %s %d ov=%v", line, req, pence, ov != nil),
			run: func(l *Ledger) error { _, err := l.Commit(line, req, amount, c, ov); return err },
			ok: func(m *model) bool {
				if on, ok := m.line[req]; pence <= 0 || (ok && on != line) || !m.affords(line, pence, ov != nil) {
					return false
				}
				m.line[req] = line
				m.commit[line] += pence
				m.outstanding[req] += pence
				return true
			}}
	case 2:
		return op{name: fmt.Sprintf("release %s %d", req, pence),
			run: func(l *Ledger) error { _, err := l.Release(req, amount, c); return err },
			ok: func(m *model) bool {
				on, ok := m.line[req]
				if !ok || pence <= 0 || pence > m.outstanding[req] {
					return false
				}
				m.commit[on] -= pence
				m.outstanding[req] -= pence
				return true
			}}
	case 3:
		return op{name: fmt.Sprintf("spend %s %d ov=%v", req, pence, ov != nil),
			run: func(l *Ledger) error { _, err := l.Spend(req, amount, c, ov); return err },
			ok: func(m *model) bool {
				on, ok := m.line[req]
				if !ok || pence <= 0 {
					return false
				}
				settles := min(pence, m.outstanding[req])
				if beyond := pence - settles; beyond > 0 && !m.affords(on, beyond, ov != nil) {
					return false
				}
				m.commit[on] -= settles
				m.spent[on] += pence
				m.outstanding[req] -= settles
				return true
			}}
	case 4:
		return op{name: fmt.Sprintf("transfer %s→%s %d ov=%v", line, other, pence, ov != nil),
			run: func(l *Ledger) error { _, err := l.Transfer(line, other, amount, c, ov); return err },
			ok: func(m *model) bool {
				if pence <= 0 || line == other || !m.affords(line, pence, ov != nil) {
					return false
				}
				m.alloc[line] -= pence
				m.alloc[other] += pence
				return true
			}}
	}
	return op{name: fmt.Sprintf("move %s→%s", req, req2),
		run: func(l *Ledger) error { _, err := l.Move(req, req2, c); return err },
		ok: func(m *model) bool {
			on, ok := m.line[req]
			if !ok || req == req2 {
				return false
			}
			if m.outstanding[req] == 0 {
				return true
			}
			if on2, ok2 := m.line[req2]; ok2 && on2 != on {
				return false
			}
			m.line[req2] = on
			m.outstanding[req2] += m.outstanding[req]
			m.outstanding[req] = 0
			return true
		}}
}

type books struct {
	Accounts    []Account
	Commitments []Commitment
	Entries     []Entry
}

// sameBooks compares books cheaply: entries are only ever appended, so
// equal counts mean equal entries.
func sameBooks(a, b books) bool {
	if len(a.Accounts) != len(b.Accounts) || len(a.Commitments) != len(b.Commitments) || len(a.Entries) != len(b.Entries) {
		return false
	}
	for i := range a.Accounts {
		if !sameAccount(a.Accounts[i], b.Accounts[i]) {
			return false
		}
	}
	for i, c := range a.Commitments {
		d := b.Commitments[i]
		if c.Request != d.Request || c.Line != d.Line || !c.Outstanding.Equal(d.Outstanding) || !c.Committed.Equal(d.Committed) ||
			!c.Released.Equal(d.Released) || !c.Settled.Equal(d.Settled) || !c.Spent.Equal(d.Spent) {
			return false
		}
	}
	return true
}

func snapshot(l *Ledger) books {
	return books{Accounts: l.Accounts(), Commitments: l.Commitments(), Entries: l.Entries()}
}

// TestLedgerNeverLosesAPenny runs random sequences of postings against the
// ledger and an independent model in pence. After every step the ledger
// agrees with the model on what succeeded and on every balance, a failed
// step changed nothing, the books reconcile, and the money the lines hold
// (available + committed + spent) is exactly what allocations brought in.
func TestLedgerNeverLosesAPenny(t *testing.T) {
	lines := []string{"maths", "english", "mandatory"}
	requests := []string{"r1", "r2", "r3", "r4", "r5"}
	for seed := range uint64(100) {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 9))
			b := testBudget()
			b.State = Allocated
			l, err := NewLedger(&b)
			require.NoError(t, err)
			_, err = l.Open(&b, cause("open"))
			require.NoError(t, err)
			m := newModel(b)
			for step := range 150 {
				o := randomOp(r, lines, requests)
				before := snapshot(l)
				err := o.run(l)
				want := o.ok(m)
				require.Equal(t, want, err == nil, "step %d %s: %v", step, o.name, err)
				if after := snapshot(l); err != nil && !sameBooks(before, after) {
					t.Fatalf("step %d %s failed (%v) but changed the books:\n%s", step, o.name, err, cmp.Diff(before, after))
				}
				require.NoError(t, l.Check(), "step %d %s", step, o.name)
				checkModel(t, l, m, fmt.Sprintf("step %d %s", step, o.name))
			}
		})
	}
}

func checkModel(t *testing.T, l *Ledger, m *model, at string) {
	t.Helper()
	var held int64
	for _, a := range l.Accounts() {
		al, _ := a.Allocated.MinorUnits()
		co, _ := a.Committed.MinorUnits()
		sp, _ := a.Spent.MinorUnits()
		av, _ := a.Available().MinorUnits()
		require.Equal(t, []int64{m.alloc[a.Line], m.commit[a.Line], m.spent[a.Line]}, []int64{al, co, sp}, "%s: line %s", at, a.Line)
		held += av + co + sp
	}
	require.Equal(t, m.allocatedIn, held, "%s: money held by the lines", at)
	for _, c := range l.Commitments() {
		o, _ := c.Outstanding.MinorUnits()
		require.Equal(t, m.outstanding[c.Request], o, "%s: outstanding for %s", at, c.Request)
	}
}

func TestReconcileFindsErrors(t *testing.T) {
	// A few postings to tamper with.
	l := opened(t)
	_, err := l.Commit("maths", "r1", gbp("400"), cause("approve"), nil)
	require.NoError(t, err)
	_, err = l.Spend("r1", gbp("100"), cause("claim"), nil)
	require.NoError(t, err)
	_, err = l.Commit("english", "r2", gbp("600"), cause("approve"), nil) // warns
	require.NoError(t, err)
	good := snapshot(l)
	require.NoError(t, Reconcile(GBP, good.Accounts, good.Commitments, good.Entries))
	tests := []struct {
		name   string
		tamper func(b *books)
	}{
		{name: "a penny invented", tamper: func(b *books) { b.Accounts[0].Allocated = gbp("1000.01") }},
		{name: "a penny lost from spent", tamper: func(b *books) { b.Accounts[0].Spent = gbp("99.99") }},
		{name: "an entry missing", tamper: func(b *books) { b.Entries = b.Entries[:len(b.Entries)-1] }},
		{name: "an entry renumbered", tamper: func(b *books) { b.Entries[3].Seq = 7 }},
		{name: "an override erased", tamper: func(b *books) { b.Entries[len(b.Entries)-1].Override = nil }},
		{name: "an entry with a negative amount", tamper: func(b *books) { b.Entries[4].Amount = gbp("-100") }},
		{name: "outstanding changed", tamper: func(b *books) { b.Commitments[0].Outstanding = gbp("301") }},
		{name: "a commitment missing", tamper: func(b *books) { b.Commitments = b.Commitments[1:] }},
		{name: "settled misstated", tamper: func(b *books) { b.Entries[4].Settles = gbp("50") }},
		{name: "another currency", tamper: func(b *books) { b.Entries[0].Amount = MustParse("EUR 1000") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := snapshot(l)
			tt.tamper(&b)
			require.Error(t, Reconcile(GBP, b.Accounts, b.Commitments, b.Entries))
		})
	}
}
