package budget

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Ledger is a budget's books in memory: an Account per line, a Commitment
// per request, and every Entry in the order posted. Each method posts its
// entries all or nothing. cpd keeps the same accounts, commitments and
// entries as stored records instead, using the Account methods directly;
// a Ledger is the same rules for a program that holds its books itself,
// and what the tests use to prove the rules never lose or invent a penny.
// A Ledger is safe for concurrent use.
type Ledger struct {
	mu          sync.Mutex
	cur         Currency
	lines       []string
	accounts    map[string]*Account
	commitments map[string]*Commitment
	entries     []Entry
}

// NewLedger returns empty books for a valid budget: an account per line,
// nothing allocated yet (see Open). Errors match ErrInvalid.
func NewLedger(b *Budget) (*Ledger, error) {
	if err := b.Validate(); err != nil {
		return nil, err
	}
	l := &Ledger{cur: b.Currency, accounts: make(map[string]*Account), commitments: make(map[string]*Commitment)}
	for _, line := range b.Lines {
		a := NewAccount(line, b.Currency)
		l.lines = append(l.lines, line.ID)
		l.accounts[line.ID] = &a
	}
	return l, nil
}

// Open posts an Allocation of each line's Amount (lines of zero get none),
// for a budget coming into force. Errors: ErrTransition if b is not in
// force, ErrInvalid for a bad cause or a budget whose lines differ from
// the ledger's.
func (l *Ledger) Open(b *Budget, cause Cause) ([]Entry, error) {
	if !b.InForce() {
		return nil, &TransitionError{What: "budget", ID: b.ID, From: b.State.String(), Action: "open the books of"}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	work := l.copyAccounts()
	var out []Entry
	for _, line := range b.Lines {
		a, ok := work[line.ID]
		if !ok {
			return nil, invalid("lines", "line %s is not in the ledger", line.ID)
		}
		if !line.Amount.IsPositive() {
			continue
		}
		e, err := a.Allocate(line.Amount, cause)
		if err != nil {
			return nil, fmt.Errorf("line %s: %w", line.ID, err)
		}
		out = append(out, e)
	}
	l.commit(work, nil, out)
	return out, nil
}

// Allocate posts an Allocation of amount to a line. Errors: ErrInvalid
// (an unknown line, an amount that is not positive, a bad cause),
// ErrCurrencyMismatch.
func (l *Ledger) Allocate(line string, amount Money, cause Cause) (Entry, error) {
	var e Entry
	err := l.post(func(acct func(string) (*Account, error), _ func(string) *Commitment) ([]Entry, error) {
		a, err := acct(line)
		if err != nil {
			return nil, err
		}
		e, err = a.Allocate(amount, cause)
		return []Entry{e}, err
	})
	return e, err
}

// Commit commits amount from a line to a request (see Account.Commit). A
// request is committed from one line only. Errors as Account.Commit, and
// ErrInvalid for an unknown line or a request already committed from
// another line.
func (l *Ledger) Commit(line, request string, amount Money, cause Cause, ov *Override) (Entry, error) {
	var e Entry
	err := l.post(func(acct func(string) (*Account, error), comm func(string) *Commitment) ([]Entry, error) {
		a, err := acct(line)
		if err != nil {
			return nil, err
		}
		c := comm(request)
		if c.Line == "" {
			c.Line = line
		}
		e, err = a.Commit(c, amount, cause, ov)
		return []Entry{e}, err
	})
	return e, err
}

// Release releases amount of a request's outstanding commitment (see
// Account.Release).
func (l *Ledger) Release(request string, amount Money, cause Cause) (Entry, error) {
	var e Entry
	err := l.post(func(acct func(string) (*Account, error), comm func(string) *Commitment) ([]Entry, error) {
		c, a, err := committed(acct, comm, request)
		if err != nil {
			return nil, err
		}
		e, err = a.Release(c, amount, cause)
		return []Entry{e}, err
	})
	return e, err
}

// Spend posts an Actual of amount for a request (see Account.Spend).
func (l *Ledger) Spend(request string, amount Money, cause Cause, ov *Override) (Entry, error) {
	var e Entry
	err := l.post(func(acct func(string) (*Account, error), comm func(string) *Commitment) ([]Entry, error) {
		c, a, err := committed(acct, comm, request)
		if err != nil {
			return nil, err
		}
		e, err = a.Spend(c, amount, cause, ov)
		return []Entry{e}, err
	})
	return e, err
}

// Transfer moves allocated money between lines (see Transfer).
func (l *Ledger) Transfer(from, to string, amount Money, cause Cause, ov *Override) ([]Entry, error) {
	var out []Entry
	err := l.post(func(acct func(string) (*Account, error), _ func(string) *Commitment) ([]Entry, error) {
		a, err := acct(from)
		if err != nil {
			return nil, err
		}
		b, err := acct(to)
		if err != nil {
			return nil, err
		}
		o, i, err := Transfer(a, b, amount, cause, ov)
		out = []Entry{o, i}
		return out, err
	})
	return out, err
}

// Move passes a request's outstanding commitment to another request (see
// Account.Move).
func (l *Ledger) Move(from, to string, cause Cause) ([]Entry, error) {
	var out []Entry
	err := l.post(func(acct func(string) (*Account, error), comm func(string) *Commitment) ([]Entry, error) {
		src, a, err := committed(acct, comm, from)
		if err != nil {
			return nil, err
		}
		dst := comm(to)
		if dst.Line == "" {
			dst.Line = src.Line
		}
		out, err = a.Move(src, dst, cause)
		return out, err
	})
	return out, err
}

// committed returns a request's commitment and its line's account, or
// ErrInvalid if nothing was ever committed to it.
func committed(acct func(string) (*Account, error), comm func(string) *Commitment, request string) (*Commitment, *Account, error) {
	c := comm(request)
	if c.Line == "" {
		return nil, nil, invalid("request", "nothing is committed to %q", request)
	}
	a, err := acct(c.Line)
	return c, a, err
}

// Account returns a line's account. Errors match ErrInvalid for an unknown
// line.
func (l *Ledger) Account(line string) (Account, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	a, ok := l.accounts[line]
	if !ok {
		return Account{}, invalid("line", "%q is not a line of the ledger", line)
	}
	return *a, nil
}

// Accounts returns every line's account, in the budget's line order.
func (l *Ledger) Accounts() []Account {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Account, len(l.lines))
	for i, id := range l.lines {
		out[i] = *l.accounts[id]
	}
	return out
}

// Commitment returns a request's commitment, or false if nothing was ever
// committed to it.
func (l *Ledger) Commitment(request string) (Commitment, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c, ok := l.commitments[request]
	if !ok {
		return Commitment{}, false
	}
	return *c, true
}

// Commitments returns every request's commitment, ordered by request.
func (l *Ledger) Commitments() []Commitment {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Commitment, 0, len(l.commitments))
	for _, c := range l.commitments {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Commitment) int { return strings.Compare(a.Request, b.Request) })
	return out
}

// Entries returns a copy of every entry, in the order posted.
func (l *Ledger) Entries() []Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.entries)
}

// Check reconciles the books (see Reconcile).
func (l *Ledger) Check() error {
	return Reconcile(l.cur, l.Accounts(), l.Commitments(), l.Entries())
}

// post runs fn on copies of the accounts and commitments it asks for, and
// keeps its changes and entries only if it succeeds.
func (l *Ledger) post(fn func(acct func(string) (*Account, error), comm func(string) *Commitment) ([]Entry, error)) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	accts := map[string]*Account{}
	comms := map[string]*Commitment{}
	acct := func(line string) (*Account, error) {
		if a, ok := accts[line]; ok {
			return a, nil
		}
		a, ok := l.accounts[line]
		if !ok {
			return nil, invalid("line", "%q is not a line of the ledger", line)
		}
		cp := *a
		accts[line] = &cp
		return &cp, nil
	}
	comm := func(request string) *Commitment {
		if c, ok := comms[request]; ok {
			return c
		}
		c, ok := l.commitments[request]
		var cp Commitment
		if ok {
			cp = *c
		} else {
			cp = NewCommitment(request, "", l.cur)
		}
		comms[request] = &cp
		return &cp
	}
	entries, err := fn(acct, comm)
	if err != nil {
		return err
	}
	for id, c := range comms {
		if c.Line == "" || !c.Committed.IsPositive() {
			delete(comms, id) // looked up but never committed
		}
	}
	l.commit(accts, comms, entries)
	return nil
}

func (l *Ledger) copyAccounts() map[string]*Account {
	out := make(map[string]*Account, len(l.accounts))
	for id, a := range l.accounts {
		cp := *a
		out[id] = &cp
	}
	return out
}

// commit publishes changed accounts, commitments and new entries. The
// caller holds l.mu.
func (l *Ledger) commit(accts map[string]*Account, comms map[string]*Commitment, entries []Entry) {
	for id, a := range accts {
		l.accounts[id] = a
	}
	for id, c := range comms {
		l.commitments[id] = c
	}
	l.entries = append(l.entries, entries...)
}

// Reconcile proves a set of books balance, never losing or inventing a
// penny: replaying the entries from empty accounts gives exactly the
// accounts' balances and entry counts, and the commitments' totals; every
// account's Committed is the sum of its requests' Outstanding; each line's
// entries are numbered 1, 2, 3, … with no gap; every amount is positive
// and in cur; money allocated overall equals what the allocation entries
// brought in (transfers move money, never make it); and a line is below
// zero only if an entry recorded an Override. It returns nil, or every
// discrepancy found, joined.
func Reconcile(cur Currency, accounts []Account, commitments []Commitment, entries []Entry) error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	replayed := map[string]*Account{}
	for _, a := range accounts {
		r := NewAccount(Line{ID: a.Line, Enforcement: a.Enforcement}, cur)
		replayed[a.Line] = &r
	}
	comms := map[string]*Commitment{}
	overridden := map[string]bool{}
	allocatedIn := zeroIn(cur)
	for i, e := range entries {
		r, ok := replayed[e.Line]
		if !ok {
			bad("entries[%d]: line %q has no account", i, e.Line)
			continue
		}
		if err := replayEntry(r, comms, e, cur); err != nil {
			bad("entries[%d] (%s %d of line %s): %w", i, e.Kind, e.Seq, e.Line, err)
			continue
		}
		if e.Kind == AllocationEntry {
			allocatedIn.amount = allocatedIn.amount.Add(e.Amount.amount)
		}
		if e.Override != nil {
			overridden[e.Line] = true
		}
	}
	allocated := zeroIn(cur)
	for _, a := range accounts {
		r := replayed[a.Line]
		allocated.amount = allocated.amount.Add(a.Allocated.amount)
		if !sameAccount(*r, a) {
			bad("line %s: books say allocated %s, committed %s, spent %s after %d entries; the entries say %s, %s, %s after %d",
				a.Line, a.Allocated, a.Committed, a.Spent, a.Entries, r.Allocated, r.Committed, r.Spent, r.Entries)
		}
		if a.Available().IsNegative() && !overridden[a.Line] {
			bad("line %s: %s available, below zero with no override recorded", a.Line, a.Available())
		}
	}
	if !allocated.Equal(allocatedIn) {
		bad("the lines hold %s allocated, but allocations brought in %s", allocated, allocatedIn)
	}
	errs = append(errs, checkCommitments(cur, accounts, commitments, comms)...)
	return errors.Join(errs...)
}

// replayEntry applies one entry to a replayed account and commitments,
// checking its number follows the account's last.
func replayEntry(r *Account, comms map[string]*Commitment, e Entry, cur Currency) error {
	if e.Seq != r.Entries+1 {
		return fmt.Errorf("numbered %d, want %d", e.Seq, r.Entries+1)
	}
	if e.Amount.currency != cur || !e.Amount.IsPositive() {
		return fmt.Errorf("amount %s is not a positive amount in %s", e.Amount, cur)
	}
	c := comms[e.Request]
	if c == nil && e.Request != "" {
		nc := NewCommitment(e.Request, e.Line, cur)
		c, comms[e.Request] = &nc, &nc
	}
	forced := &Override{By: "replay", Reason: "replay"}
	r.Enforcement = AllowOverride // the books already decided; replay only adds up
	var err error
	switch e.Kind {
	case AllocationEntry:
		_, err = r.Allocate(e.Amount, e.Cause)
	case CommitmentEntry:
		_, err = r.Commit(c, e.Amount, e.Cause, forced)
	case ReleaseEntry:
		_, err = r.Release(c, e.Amount, e.Cause)
	case ActualEntry:
		var got Entry
		got, err = r.Spend(c, e.Amount, e.Cause, forced)
		if err == nil && !got.Settles.Equal(e.Settles) {
			err = fmt.Errorf("settles %s, but %s was outstanding", e.Settles, got.Settles)
		}
	case TransferOutEntry:
		r.Allocated.amount = r.Allocated.amount.Sub(e.Amount.amount)
		r.Entries++
	case TransferInEntry:
		r.Allocated.amount = r.Allocated.amount.Add(e.Amount.amount)
		r.Entries++
	default:
		err = fmt.Errorf("unknown kind %d", e.Kind)
	}
	return err
}

func sameAccount(a, b Account) bool {
	return a.Allocated.Equal(b.Allocated) && a.Committed.Equal(b.Committed) && a.Spent.Equal(b.Spent) && a.Entries == b.Entries
}

// checkCommitments compares the commitments given with those replayed, and
// each account's Committed with its requests' Outstanding.
func checkCommitments(cur Currency, accounts []Account, given []Commitment, replayed map[string]*Commitment) []error {
	var errs []error
	outstanding := map[string]Money{}
	seen := map[string]bool{}
	for _, c := range given {
		seen[c.Request] = true
		r, ok := replayed[c.Request]
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("commitment %s has no entries", c.Request))
			continue
		case r.Line != c.Line || !r.Outstanding.Equal(c.Outstanding) || !r.Committed.Equal(c.Committed) ||
			!r.Released.Equal(c.Released) || !r.Settled.Equal(c.Settled) || !r.Spent.Equal(c.Spent):
			errs = append(errs, fmt.Errorf("commitment %s: books say %+v, entries say %+v", c.Request, c, *r))
		}
		o := outstanding[c.Line]
		if o.currency == "" {
			o = zeroIn(cur)
		}
		o.amount = o.amount.Add(c.Outstanding.amount)
		outstanding[c.Line] = o
	}
	for id := range replayed {
		if !seen[id] {
			errs = append(errs, fmt.Errorf("request %s has entries but no commitment", id))
		}
	}
	for _, a := range accounts {
		o := outstanding[a.Line]
		if o.currency == "" {
			o = zeroIn(cur)
		}
		if !o.Equal(a.Committed) {
			errs = append(errs, fmt.Errorf("line %s: committed %s, but its requests have %s outstanding", a.Line, a.Committed, o))
		}
	}
	return errs
}
