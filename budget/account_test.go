package budget

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// opened returns a ledger for testBudget with every line's amount
// allocated: maths 1000 (stop), english 500 (warn), mandatory 300 (allow
// with override).
func opened(t *testing.T) *Ledger {
	t.Helper()
	b := testBudget()
	b.State = Allocated
	l, err := NewLedger(&b)
	require.NoError(t, err)
	_, err = l.Open(&b, cause("budget.allocated"))
	require.NoError(t, err)
	return l
}

func TestLedgerPostings(t *testing.T) {
	override := &Override{By: "head", Reason: "safeguarding refresher before inspection"}
	type balance struct{ allocated, committed, spent, available string }
	tests := []struct {
		name    string
		run     func(l *Ledger) error
		line    string
		want    balance
		err     error
		warning bool // the last entry records a warning override
	}{
		{
			name: "commit within funds", line: "maths",
			run: func(l *Ledger) error {
				_, err := l.Commit("maths", "r1", gbp("400"), cause("approve"), nil)
				return err
			},
			want: balance{"1000.00", "400.00", "0.00", "600.00"},
		},
		{
			name: "commit the last penny", line: "maths",
			run: func(l *Ledger) error {
				_, err := l.Commit("maths", "r1", gbp("1000"), cause("approve"), nil)
				return err
			},
			want: balance{"1000.00", "1000.00", "0.00", "0.00"},
		},
		{
			name: "stop refuses a penny too many", line: "maths", err: ErrInsufficientFunds,
			run: func(l *Ledger) error {
				_, err := l.Commit("maths", "r1", gbp("1000.01"), cause("approve"), nil)
				return err
			},
			want: balance{"1000.00", "0.00", "0.00", "1000.00"},
		},
		{
			name: "stop ignores an override", line: "maths", err: ErrInsufficientFunds,
			run: func(l *Ledger) error {
				_, err := l.Commit("maths", "r1", gbp("1001"), cause("approve"), override)
				return err
			},
			want: balance{"1000.00", "0.00", "0.00", "1000.00"},
		},
		{
			name: "warn lets it through with a warning", line: "english", warning: true,
			run: func(l *Ledger) error {
				_, err := l.Commit("english", "r1", gbp("600"), cause("approve"), nil)
				return err
			},
			want: balance{"500.00", "600.00", "0.00", "-100.00"},
		},
		{
			name: "allow needs an override", line: "mandatory", err: ErrInsufficientFunds,
			run: func(l *Ledger) error {
				_, err := l.Commit("mandatory", "r1", gbp("301"), cause("approve"), nil)
				return err
			},
			want: balance{"300.00", "0.00", "0.00", "300.00"},
		},
		{
			name: "allow with an override", line: "mandatory",
			run: func(l *Ledger) error {
				_, err := l.Commit("mandatory", "r1", gbp("301"), cause("approve"), override)
				return err
			},
			want: balance{"300.00", "301.00", "0.00", "-1.00"},
		},
		{
			name: "allow with an override missing its reason", line: "mandatory", err: ErrInsufficientFunds,
			run: func(l *Ledger) error {
				_, err := l.Commit("mandatory", "r1", gbp("301"), cause("approve"), &Override{By: "head"})
				return err
			},
			want: balance{"300.00", "0.00", "0.00", "300.00"},
		},
		{
			name: "release part", line: "maths",
			run: func(l *Ledger) error {
				return errs(l.Commit("maths", "r1", gbp("400"), cause("approve"), nil))(l.Release("r1", gbp("150"), cause("cancel")))
			},
			want: balance{"1000.00", "250.00", "0.00", "750.00"},
		},
		{
			name: "release more than outstanding", line: "maths", err: ErrInvalid,
			run: func(l *Ledger) error {
				return errs(l.Commit("maths", "r1", gbp("400"), cause("approve"), nil))(l.Release("r1", gbp("400.01"), cause("cancel")))
			},
			want: balance{"1000.00", "400.00", "0.00", "600.00"},
		},
		{
			name: "release what was never committed", line: "maths", err: ErrInvalid,
			run:  func(l *Ledger) error { _, err := l.Release("nope", gbp("1"), cause("cancel")); return err },
			want: balance{"1000.00", "0.00", "0.00", "1000.00"},
		},
		{
			name: "spend less than committed", line: "maths",
			run: func(l *Ledger) error {
				return errs(l.Commit("maths", "r1", gbp("400"), cause("approve"), nil))(l.Spend("r1", gbp("350"), cause("claim"), nil))
			},
			want: balance{"1000.00", "50.00", "350.00", "600.00"},
		},
		{
			name: "spend beyond the commitment within funds", line: "maths",
			run: func(l *Ledger) error {
				return errs(l.Commit("maths", "r1", gbp("400"), cause("approve"), nil))(l.Spend("r1", gbp("450"), cause("claim"), nil))
			},
			want: balance{"1000.00", "0.00", "450.00", "550.00"},
		},
		{
			name: "spend beyond the commitment beyond funds", line: "maths", err: ErrInsufficientFunds,
			run: func(l *Ledger) error {
				return errs(l.Commit("maths", "r1", gbp("900"), cause("approve"), nil))(l.Spend("r1", gbp("1000.01"), cause("claim"), nil))
			},
			want: balance{"1000.00", "900.00", "0.00", "100.00"},
		},
		{
			name: "transfer in", line: "english",
			run: func(l *Ledger) error {
				_, err := l.Transfer("maths", "english", gbp("250"), cause("transfer"), nil)
				return err
			},
			want: balance{"750.00", "0.00", "0.00", "750.00"},
		},
		{
			name: "transfer more than available", line: "maths", err: ErrInsufficientFunds,
			run: func(l *Ledger) error {
				return errs(l.Commit("maths", "r1", gbp("900"), cause("approve"), nil))(l.Transfer("maths", "english", gbp("100.01"), cause("transfer"), nil))
			},
			want: balance{"1000.00", "900.00", "0.00", "100.00"},
		},
		{
			name: "transfer to itself", line: "maths", err: ErrInvalid,
			run: func(l *Ledger) error {
				_, err := l.Transfer("maths", "maths", gbp("1"), cause("transfer"), nil)
				return err
			},
			want: balance{"1000.00", "0.00", "0.00", "1000.00"},
		},
		{
			name: "move keeps the line's balances", line: "maths",
			run: func(l *Ledger) error {
				return errs(l.Commit("maths", "r1", gbp("400"), cause("approve"), nil))(l.Move("r1", "r2", cause("delegate")))
			},
			want: balance{"1000.00", "400.00", "0.00", "600.00"},
		},
		{
			name: "another currency", line: "maths", err: ErrCurrencyMismatch,
			run: func(l *Ledger) error {
				_, err := l.Commit("maths", "r1", MustParse("EUR 1"), cause("approve"), nil)
				return err
			},
			want: balance{"1000.00", "0.00", "0.00", "1000.00"},
		},
		{
			name: "zero amount", line: "maths", err: ErrInvalid,
			run:  func(l *Ledger) error { _, err := l.Commit("maths", "r1", gbp("0"), cause("approve"), nil); return err },
			want: balance{"1000.00", "0.00", "0.00", "1000.00"},
		},
		{
			name: "no cause", line: "maths", err: ErrInvalid,
			run:  func(l *Ledger) error { _, err := l.Commit("maths", "r1", gbp("1"), Cause{}, nil); return err },
			want: balance{"1000.00", "0.00", "0.00", "1000.00"},
		},
		{
			name: "unknown line", line: "maths", err: ErrInvalid,
			run:  func(l *Ledger) error { _, err := l.Commit("art", "r1", gbp("1"), cause("approve"), nil); return err },
			want: balance{"1000.00", "0.00", "0.00", "1000.00"},
		},
		{
			name: "a request stays on its line", line: "english", err: ErrInvalid,
			run: func(l *Ledger) error {
				return errs(l.Commit("maths", "r1", gbp("1"), cause("approve"), nil))(l.Commit("english", "r1", gbp("1"), cause("approve"), nil))
			},
			want: balance{"500.00", "0.00", "0.00", "500.00"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := opened(t)
			err := tt.run(l)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
			} else {
				require.NoError(t, err)
			}
			a, err := l.Account(tt.line)
			require.NoError(t, err)
			got := balance{a.Allocated.Amount().StringFixed(2), a.Committed.Amount().StringFixed(2), a.Spent.Amount().StringFixed(2), a.Available().Amount().StringFixed(2)}
			require.Equal(t, tt.want, got)
			require.NoError(t, l.Check())
			entries := l.Entries()
			last := entries[len(entries)-1]
			require.Equal(t, tt.warning, last.Override != nil && last.Override.Warning)
		})
	}
}

// errs chains two ledger calls: the second's error if the first succeeded.
func errs[T any](_ T, first error) func(any, error) error {
	return func(_ any, second error) error {
		if first != nil {
			return first
		}
		return second
	}
}

func TestSpendSettles(t *testing.T) {
	l := opened(t)
	_, err := l.Commit("maths", "r1", gbp("400"), cause("approve"), nil)
	require.NoError(t, err)
	e, err := l.Spend("r1", gbp("450"), cause("claim"), nil)
	require.NoError(t, err)
	require.Equal(t, "GBP 400.00", e.Settles.String())
	c, ok := l.Commitment("r1")
	require.True(t, ok)
	require.Equal(t, []string{"GBP 0.00", "GBP 400.00", "GBP 400.00", "GBP 450.00"},
		[]string{c.Outstanding.String(), c.Committed.String(), c.Settled.String(), c.Spent.String()})
	moved, err := l.Move("r1", "r2", cause("delegate"))
	require.NoError(t, err)
	require.Empty(t, moved, "nothing outstanding to move")
}

func TestInsufficientFundsError(t *testing.T) {
	l := opened(t)
	_, err := l.Commit("mandatory", "r1", gbp("350"), cause("approve"), nil)
	var ie *InsufficientFundsError
	require.ErrorAs(t, err, &ie)
	diff(t, &InsufficientFundsError{Line: "mandatory", Available: gbp("300"), Needed: gbp("350"), Enforcement: AllowOverride}, ie)
	require.Contains(t, err.Error(), "override")
}
