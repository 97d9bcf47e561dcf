package budget

import (
	"fmt"

	"github.com/cpdkit/cpdkit/internal/enum"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
)

// EntryKind is what a ledger entry does to its line. The zero value is
// unset.
type EntryKind uint8

// The entry kinds.
const (
	// AllocationEntry adds money to a line (when its budget comes into force).
	AllocationEntry EntryKind = iota + 1
	// CommitmentEntry sets money aside for a request when its cost is approved.
	CommitmentEntry
	// ReleaseEntry returns committed money to the line: the request was
	// cancelled, declined or delegated, or cost less than committed.
	ReleaseEntry
	// ActualEntry records money spent (an approved expense claim, or cover
	// provided), settling the request's commitment first.
	ActualEntry
	// TransferOutEntry moves allocated money from this line to Counterpart.
	TransferOutEntry
	// TransferInEntry receives allocated money from Counterpart.
	TransferInEntry
)

var entryKindNames = enum.New(enumError, "allocation", "commitment", "release", "actual", "transfer_out", "transfer_in")

// String returns the stable lowercase name used in JSON and storage.
func (k EntryKind) String() string { return entryKindNames.String(uint8(k)) }

// MarshalText writes the stable name.
func (k EntryKind) MarshalText() ([]byte, error) {
	return entryKindNames.Text(uint8(k), "entry kind")
}

// UnmarshalText reads the stable name.
func (k *EntryKind) UnmarshalText(b []byte) error {
	return entryKindNames.Parse((*uint8)(k), b, "entry kind")
}

// Cause names what made an entry: the action, the record it concerns (an
// activity, a claim, a budget), who acted and when.
type Cause struct {
	// Action is a stable name such as "activity.approved" or
	// "claim.approved".
	Action string `json:"action"`
	// Ref is the ID of the record the action was on.
	Ref    string    `json:"ref,omitzero"`
	By     string    `json:"by"`
	On     date.Date `json:"on"`
	Reason string    `json:"reason,omitzero"`
}

func (c Cause) validate() error {
	switch {
	case c.Action == "":
		return invalid("cause.action", "every entry names its cause")
	case c.By == "":
		return invalid("cause.by", "every entry names who caused it")
	case c.On == 0:
		return invalid("cause.on", "every entry is dated")
	}
	return nil
}

// Override authorises an entry to take a line's available money below
// zero. It is recorded on the entry.
type Override struct {
	By     string `json:"by"`
	Reason string `json:"reason"`
	// Warning marks an override recorded by a line set to Warn, in the
	// name of whoever incurred the cost, rather than one given explicitly.
	Warning bool `json:"warning,omitzero"`
}

// Entry is one line of the ledger. Entries are never changed: a mistake is
// corrected by another entry.
type Entry struct {
	// Seq is the entry's position in its line's account: 1, 2, 3, ….
	Seq  int64     `json:"seq"`
	Kind EntryKind `json:"kind"`
	Line string    `json:"line"`
	// Counterpart is the other line of a transfer.
	Counterpart string `json:"counterpart,omitzero"`
	// Request is the request a commitment, release or actual is for.
	Request string `json:"request,omitzero"`
	// Amount is positive.
	Amount Money `json:"amount"`
	// Settles is the part of an Actual that settled the request's
	// commitment; the rest was spent beyond it.
	Settles  Money     `json:"settles"`
	Cause    Cause     `json:"cause"`
	Override *Override `json:"override,omitzero"`
}

// Account is the running balance of one budget line: the money allocated
// to it (allocations and transfers in, less transfers out), committed to
// approved requests and not yet settled or released, and spent.
type Account struct {
	Line        string      `json:"line"`
	Enforcement Enforcement `json:"enforcement,omitzero"`
	Allocated   Money       `json:"allocated"`
	Committed   Money       `json:"committed"`
	Spent       Money       `json:"spent"`
	// Entries is how many entries have been posted to the account; the
	// next one is number Entries+1.
	Entries int64 `json:"entries"`
}

// NewAccount returns the empty account of a line, in cur.
func NewAccount(l Line, cur Currency) Account {
	z := zeroIn(cur)
	return Account{Line: l.ID, Enforcement: l.Enforcement, Allocated: z, Committed: z, Spent: z}
}

// Available returns Allocated − Committed − Spent. It is below zero only
// after an entry that recorded an Override.
func (a *Account) Available() Money {
	return Money{amount: a.Allocated.amount.Sub(a.Committed.amount).Sub(a.Spent.amount), currency: a.Allocated.currency}
}

// Commitment is the money set aside for one request: how much is still
// outstanding, and how it was committed, released and spent.
type Commitment struct {
	Request string `json:"request"`
	Line    string `json:"line"`
	// Outstanding is committed and neither released nor settled yet.
	Outstanding Money `json:"outstanding"`
	// Committed, Released, Settled and Spent are the running totals of
	// the request's entries: Outstanding = Committed − Released − Settled,
	// and Spent ≥ Settled includes anything spent beyond the commitment.
	Committed Money `json:"committed"`
	Released  Money `json:"released"`
	Settled   Money `json:"settled"`
	Spent     Money `json:"spent"`
}

// NewCommitment returns an empty commitment of a request to a line, in cur.
func NewCommitment(request, line string, cur Currency) Commitment {
	z := zeroIn(cur)
	return Commitment{Request: request, Line: line, Outstanding: z, Committed: z, Released: z, Settled: z, Spent: z}
}

// Allocate posts an Allocation of amount to the account.
// Errors: ErrInvalid (a non-positive amount, a missing cause),
// ErrCurrencyMismatch.
func (a *Account) Allocate(amount Money, cause Cause) (Entry, error) {
	if err := a.checkPost(amount, cause); err != nil {
		return Entry{}, err
	}
	a.Allocated.amount = a.Allocated.amount.Add(amount.amount)
	return a.entry(AllocationEntry, amount, cause), nil
}

// Commit posts a Commitment of amount for c's request, if the line can
// afford it under its enforcement (see Enforcement; ov is the explicit
// override, or nil). Errors: ErrInvalid, ErrCurrencyMismatch,
// ErrInsufficientFunds. On error neither a nor c changes.
func (a *Account) Commit(c *Commitment, amount Money, cause Cause, ov *Override) (Entry, error) {
	if err := a.checkRequest(c, amount, cause); err != nil {
		return Entry{}, err
	}
	rec, err := a.afford(amount.amount, ov, cause)
	if err != nil {
		return Entry{}, err
	}
	a.Committed.amount = a.Committed.amount.Add(amount.amount)
	c.Outstanding.amount = c.Outstanding.amount.Add(amount.amount)
	c.Committed.amount = c.Committed.amount.Add(amount.amount)
	e := a.entry(CommitmentEntry, amount, cause)
	e.Request, e.Override = c.Request, rec
	return e, nil
}

// Release posts a Release of amount of c's outstanding commitment back to
// the line. Errors: ErrInvalid (including more than is outstanding),
// ErrCurrencyMismatch.
func (a *Account) Release(c *Commitment, amount Money, cause Cause) (Entry, error) {
	if err := a.checkRequest(c, amount, cause); err != nil {
		return Entry{}, err
	}
	if amount.amount.GreaterThan(c.Outstanding.amount) {
		return Entry{}, invalid("amount", "%s is more than the %s outstanding for %s", amount, c.Outstanding, c.Request)
	}
	a.Committed.amount = a.Committed.amount.Sub(amount.amount)
	c.Outstanding.amount = c.Outstanding.amount.Sub(amount.amount)
	c.Released.amount = c.Released.amount.Add(amount.amount)
	e := a.entry(ReleaseEntry, amount, cause)
	e.Request = c.Request
	return e, nil
}

// Spend posts an Actual of amount for c's request: it settles as much of
// the outstanding commitment as it can, and anything beyond is new spending
// the line must afford under its enforcement (ov as for Commit). Errors as
// Commit.
func (a *Account) Spend(c *Commitment, amount Money, cause Cause, ov *Override) (Entry, error) {
	if err := a.checkRequest(c, amount, cause); err != nil {
		return Entry{}, err
	}
	settles := decimal.Min(amount.amount, c.Outstanding.amount)
	beyond := amount.amount.Sub(settles)
	var rec *Override
	if beyond.IsPositive() {
		var err error
		if rec, err = a.afford(beyond, ov, cause); err != nil {
			return Entry{}, err
		}
	}
	a.Committed.amount = a.Committed.amount.Sub(settles)
	a.Spent.amount = a.Spent.amount.Add(amount.amount)
	c.Outstanding.amount = c.Outstanding.amount.Sub(settles)
	c.Settled.amount = c.Settled.amount.Add(settles)
	c.Spent.amount = c.Spent.amount.Add(amount.amount)
	e := a.entry(ActualEntry, amount, cause)
	e.Request, e.Override = c.Request, rec
	e.Settles = Money{amount: settles, currency: amount.currency}
	return e, nil
}

// Transfer moves amount of allocated money from one line's account to
// another's, if from can afford it (ov as for Commit). It returns the
// TransferOut and TransferIn entries. Errors as Commit, and ErrInvalid for
// a transfer from a line to itself. On error neither account changes.
func Transfer(from, to *Account, amount Money, cause Cause, ov *Override) (out, in Entry, err error) {
	if err := from.checkPost(amount, cause); err != nil {
		return Entry{}, Entry{}, err
	}
	if err := to.checkPost(amount, cause); err != nil {
		return Entry{}, Entry{}, err
	}
	if from.Line == to.Line {
		return Entry{}, Entry{}, invalid("to", "cannot transfer from line %s to itself", from.Line)
	}
	rec, err := from.afford(amount.amount, ov, cause)
	if err != nil {
		return Entry{}, Entry{}, err
	}
	from.Allocated.amount = from.Allocated.amount.Sub(amount.amount)
	to.Allocated.amount = to.Allocated.amount.Add(amount.amount)
	out, in = from.entry(TransferOutEntry, amount, cause), to.entry(TransferInEntry, amount, cause)
	out.Counterpart, out.Override, in.Counterpart = to.Line, rec, from.Line
	return out, in, nil
}

// Move passes the whole outstanding commitment of from to another request
// on the same line (a delegation): a Release for from and a Commitment of
// the same amount for to. The line's balances do not change, so no funds
// check is made. It returns no entries when nothing is outstanding.
// Errors: ErrInvalid (the commitments are on different lines, or are the
// same request), ErrCurrencyMismatch.
func (a *Account) Move(from, to *Commitment, cause Cause) ([]Entry, error) {
	if from.Request == to.Request {
		return nil, invalid("to", "cannot move a commitment to its own request")
	}
	if !from.Outstanding.IsPositive() {
		return nil, nil
	}
	amount := from.Outstanding
	if err := a.checkRequest(from, amount, cause); err != nil {
		return nil, err
	}
	if err := a.checkRequest(to, amount, cause); err != nil {
		return nil, err
	}
	release, err := a.Release(from, amount, cause)
	if err != nil {
		return nil, err
	}
	a.Committed.amount = a.Committed.amount.Add(amount.amount)
	to.Outstanding.amount = to.Outstanding.amount.Add(amount.amount)
	to.Committed.amount = to.Committed.amount.Add(amount.amount)
	commit := a.entry(CommitmentEntry, amount, cause)
	commit.Request = to.Request
	return []Entry{release, commit}, nil
}

// checkPost checks an amount and cause for this account.
func (a *Account) checkPost(amount Money, cause Cause) error {
	if amount.currency != a.Allocated.currency {
		return &CurrencyMismatchError{Want: a.Allocated.currency, Got: amount.currency}
	}
	if !amount.IsPositive() {
		return invalid("amount", "%s: an entry moves a positive amount", amount)
	}
	return cause.validate()
}

// checkRequest checks a posting for a commitment on this account.
func (a *Account) checkRequest(c *Commitment, amount Money, cause Cause) error {
	if err := a.checkPost(amount, cause); err != nil {
		return err
	}
	switch {
	case c.Request == "":
		return invalid("request", "is required")
	case c.Line != a.Line:
		return invalid("line", "the commitment of %s is on line %s, not %s", c.Request, c.Line, a.Line)
	case c.Outstanding.currency != a.Allocated.currency:
		return &CurrencyMismatchError{Want: a.Allocated.currency, Got: c.Outstanding.currency}
	}
	return nil
}

// afford decides whether the line may take on need more, and returns the
// override to record when it goes below zero.
func (a *Account) afford(need decimal.Decimal, ov *Override, cause Cause) (*Override, error) {
	avail := a.Available()
	if !avail.amount.LessThan(need) {
		return nil, nil
	}
	short := func() error {
		return &InsufficientFundsError{Line: a.Line, Available: avail, Needed: Money{amount: need, currency: avail.currency},
			Enforcement: a.Enforcement.orDefault()}
	}
	switch a.Enforcement.orDefault() {
	case Warn:
		if ov != nil && ov.By != "" && ov.Reason != "" {
			o := *ov
			return &o, nil
		}
		over := Money{amount: need.Sub(avail.amount), currency: avail.currency}
		return &Override{By: cause.By, Reason: fmt.Sprintf("line %s warns: overspent by %s", a.Line, over), Warning: true}, nil
	case AllowOverride:
		if ov == nil || ov.By == "" || ov.Reason == "" {
			return nil, short()
		}
		o := *ov
		o.Warning = false
		return &o, nil
	}
	return nil, short()
}

// entry numbers a new entry of the account.
func (a *Account) entry(kind EntryKind, amount Money, cause Cause) Entry {
	a.Entries++
	return Entry{Seq: a.Entries, Kind: kind, Line: a.Line, Amount: amount, Cause: cause}
}
