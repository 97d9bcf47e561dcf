package cpd

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/budget"
)

// The kinds of record the budget use cases store.
const (
	// KindBudget is an academic year's budget (budget.Budget), by its ID.
	KindBudget Kind = "budget"
	// KindAccount is one budget line's running balance (budget.Account),
	// with the ID "budget/line". Every commitment, release, actual and
	// transfer rewrites it at the version read, so two writers racing for
	// the same money cannot both win.
	KindAccount Kind = "budget_account"
	// KindLedgerEntry is one ledger entry (budget.Entry), never changed,
	// with the ID "budget/line/0000000042" (its account and number).
	KindLedgerEntry Kind = "ledger_entry"
	// KindClaim is an expense claim (budget.Claim), owned by the claimant.
	KindClaim Kind = "expense_claim"
	// KindSupport is a decision on financial support for a leaver's CPD
	// (SupportDecision), owned by the leaver.
	KindSupport Kind = "financial_support"
)

// BudgetKinds returns the record kinds the budget use cases store, for
// tools (such as atomicity tests) that compare a store's contents.
func BudgetKinds() []Kind {
	return []Kind{KindBudget, KindAccount, KindLedgerEntry, KindClaim, KindSupport}
}

// budgetPolicy returns the Service's budget policy, or an error if it has
// none (Options.Budget).
func (s *kernel) budgetPolicy() (*budget.Policy, error) {
	if s.money == nil {
		return nil, invalid("budget", "this Service has no budget policy (set Options.Budget)")
	}
	return s.money, nil
}

// approver is the caller as the budget package sees them: their
// organisational roles mapped to budget roles (budgetRoles). Auditors, who only
// read, hold none.
func (c caller) approver() budget.Approver {
	a := budget.Approver{Person: c.Person}
	if c.readOnly() {
		return a
	}
	a.Roles = budgetRoles(c.id.Roles)
	return a
}

func getBudget(ctx context.Context, tx Tx, id string) (budget.Budget, int64, error) {
	return budgetRecords.get(ctx, tx, id)
}

func putBudget(ctx context.Context, tx Tx, b *budget.Budget, version int64, c Change) error {
	_, err := budgetRecords.put(ctx, tx, b, version, c)
	return err
}

// accountID is the ID of a line's account record.
func accountID(budgetID, line string) string { return budgetID + "/" + line }

// account is a line's account as stored, with its version.
type account struct {
	budget.Account
	budgetID string
	version  int64
}

func getAccount(ctx context.Context, tx Tx, budgetID, line string) (*account, error) {
	a := &account{budgetID: budgetID}
	v, err := load(ctx, tx, KindAccount, accountID(budgetID, line), &a.Account)
	a.version = v
	return a, err
}

// posting is a new ledger entry and the person whose request it is for
// ("" for allocations and transfers).
type posting struct {
	entry budget.Entry
	owner string
}

// post writes the account at the version read and its new entries.
func (a *account) post(ctx context.Context, tx Tx, c Change, ps ...posting) error {
	id := accountID(a.budgetID, a.Line)
	v, err := save(ctx, tx, Record{Kind: KindAccount, ID: id, Version: a.version}, &a.Account, c)
	if err != nil {
		return err
	}
	a.version = v
	for _, p := range ps {
		rec := Record{Kind: KindLedgerEntry, ID: entryID(id, p.entry.Seq), Owner: p.owner, State: p.entry.Kind.String()}
		if _, err := save(ctx, tx, rec, p.entry, c); err != nil {
			return err
		}
	}
	return nil
}

// entryID is the ID of an account's entry: the account and the entry's
// number, zero-padded so that IDs sort in posting order.
func entryID(account string, seq int64) string { return fmt.Sprintf("%s/%010d", account, seq) }

// causeOf is the cause of a ledger entry made by the caller now.
func (s *kernel) causeOf(c *work, action, ref, reason string) budget.Cause {
	return budget.Cause{Action: action, Ref: ref, By: c.Person, On: c.today, Reason: reason}
}

// ProposeBudget stores a new budget for an academic year as proposed by
// the actor, who must hold the budget policy's proposing role (the
// business manager, say). Lines are checked (budget.Budget.Validate); the
// budget's currency must be the policy's. Errors: ErrInvalid, ErrForbidden,
// ErrConflict (the ID is taken), ErrNoActor.
func (s *Budgets) ProposeBudget(ctx context.Context, b budget.Budget) (budget.Budget, error) {
	return s.setBudget(ctx, b, "budget.proposed", (*budget.Budget).Propose)
}

// AllocateBudget stores a new budget allocated directly by the actor, who
// must hold the policy's allocating role (the head of education, say), and
// opens its books: an account per line holding the line's amount, with
// an allocation entry each, in the same transaction. Errors as
// ProposeBudget.
func (s *Budgets) AllocateBudget(ctx context.Context, b budget.Budget) (budget.Budget, error) {
	return s.setBudget(ctx, b, "budget.allocated", (*budget.Budget).AllocateDirectly)
}

func (s *kernel) setBudget(ctx context.Context, b budget.Budget, action string,
	step func(*budget.Budget, *budget.Policy, budget.Approver, date.Date) error) (budget.Budget, error) {
	c, p, err := s.budgetCaller(ctx, action)
	if err != nil {
		return budget.Budget{}, err
	}
	b.State, b.ProposedBy, b.ProposedOn, b.AgreedBy, b.AgreedOn, b.AllocatedBy, b.AllocatedOn = 0, "", 0, "", 0, "", 0
	if b.Currency != p.Currency {
		return budget.Budget{}, fmt.Errorf("%s: %w", action, invalid("currency", "%s is not the budget policy's %s", b.Currency, p.Currency))
	}
	if err := step(&b, p, c.approver(), c.today); err != nil {
		return budget.Budget{}, fmt.Errorf("%s %s: %w", action, b.ID, err)
	}
	err = s.update(c, func(tx Tx) error {
		ch := c.act(action)
		if err := putBudget(ctx, tx, &b, 0, ch); err != nil {
			return err
		}
		if b.InForce() {
			return s.openBooks(c, &b)
		}
		return nil
	})
	if err != nil {
		return budget.Budget{}, fmt.Errorf("%s %s: %w", action, b.ID, err)
	}
	return b, nil
}

// AgreeBudget records that the actor agreed a proposed budget, as the
// policy's agreeing role (the trustees, say), and opens its books in the
// same transaction. Whoever proposed it may not agree it. Errors:
// ErrForbidden, ErrTransition (not proposed), ErrNotFound, ErrNoActor;
// anyone without the agreeing role gets ErrForbidden whether or not the
// budget exists and whatever its state.
func (s *Budgets) AgreeBudget(ctx context.Context, id string) (budget.Budget, error) {
	const action = "budget.agreed"
	c, p, err := s.budgetCaller(ctx, action)
	if err != nil {
		return budget.Budget{}, err
	}
	if !setterHolds(c.approver(), p.Budget.AgreedBy) {
		return budget.Budget{}, deny(action + " " + id)
	}
	var b budget.Budget
	err = s.update(c, func(tx Tx) error {
		var v int64
		if b, v, err = getBudget(ctx, tx, id); err != nil {
			return err
		}
		if err := b.Agree(p, c.approver(), c.today); err != nil {
			return err
		}
		ch := c.act(action)
		if err := putBudget(ctx, tx, &b, v, ch); err != nil {
			return err
		}
		return s.openBooks(c, &b)
	})
	if err != nil {
		return budget.Budget{}, fmt.Errorf("%s %s: %w", action, id, err)
	}
	return b, nil
}

// openBooks creates a budget's accounts, each holding its line's amount.
func (s *kernel) openBooks(c *work, b *budget.Budget) error {
	cause := s.causeOf(c, c.ch.Action, b.ID, "")
	for _, l := range b.Lines {
		a := &account{Account: budget.NewAccount(l, b.Currency), budgetID: b.ID}
		var ps []posting
		if l.Amount.IsPositive() {
			e, err := a.Allocate(l.Amount, cause)
			if err != nil {
				return err
			}
			ps = append(ps, posting{entry: e})
		}
		if err := a.post(c.ctx, c.tx, c.ch, ps...); err != nil {
			return err
		}
	}
	return nil
}

// budgetCaller authorises the caller for a budget action: any known actor
// who is not read-only, on a Service with a budget policy. The roles each
// action needs are the policy's, checked by package budget.
func (s *kernel) budgetCaller(ctx context.Context, action string) (*work, *budget.Policy, error) {
	c, err := s.begin(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", action, err)
	}
	p, err := s.budgetPolicy()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", action, err)
	}
	if c.readOnly() {
		return nil, nil, deny(action)
	}
	return c, p, nil
}

// Budget returns a budget. The roles that read everyone, the business
// manager, trustees and the budget's line holders may read it. Errors:
// ErrNotFound, ErrForbidden, ErrNoActor.
func (s *Budgets) Budget(ctx context.Context, id string) (budget.Budget, error) {
	c, err := s.begin(ctx)
	if err != nil {
		return budget.Budget{}, fmt.Errorf("get budget: %w", err)
	}
	var b budget.Budget
	err = s.view(c, func(tx Tx) error {
		if b, _, err = getBudget(ctx, tx, id); err != nil {
			return err
		}
		if !c.readsBudget(&b) {
			return deny("get budget")
		}
		return nil
	})
	if err != nil {
		return budget.Budget{}, hide("get budget "+id, c, err)
	}
	return b, nil
}

// readsBudget reports whether the caller may read a budget, its books and
// its reports.
func (c caller) readsBudget(b *budget.Budget) bool {
	if c.readsEveryone() || c.id.Has(RoleBusinessManager, RoleTrustee) {
		return true
	}
	for _, l := range b.Lines {
		if l.Holder == c.Person {
			return true
		}
	}
	return false
}

// TransferBudget moves allocated money between two lines of a budget in
// force, with a reason: a transfer out of one account and in to the other,
// in one transaction. The holder of the line the money leaves may, and so
// may whoever holds the role that agreed or allocated budgets. The line
// must afford it (ErrInsufficientFunds). Errors also: ErrInvalid,
// ErrForbidden, ErrNotFound, ErrConflict, ErrNoActor. Anyone else gets
// ErrForbidden, whether or not the budget exists and whatever its state.
func (s *Budgets) TransferBudget(ctx context.Context, budgetID, from, to string, amount budget.Money, reason string) error {
	const action = "budget.transfer"
	c, p, err := s.budgetCaller(ctx, action)
	if err != nil {
		return err
	}
	if reason == "" {
		return fmt.Errorf("%s: %w", action, invalid("reason", "is required to transfer"))
	}
	err = s.update(c, func(tx Tx) error {
		setter := c.approver()
		sets := setterHolds(setter, p.Budget.AgreedBy) || setterHolds(setter, p.Budget.AllocatedBy)
		b, _, err := getBudget(ctx, tx, budgetID)
		switch {
		case errors.Is(err, ErrNotFound) && !sets:
			return deny(action)
		case err != nil:
			return err
		}
		fromLine, ok := b.Line(from)
		switch {
		case !sets && (!ok || fromLine.Holder != c.Person):
			return deny(action)
		case !b.InForce():
			return invalid("budget", "%s is %s, not in force", b.ID, b.State)
		}
		src, err := getAccount(ctx, tx, budgetID, from)
		if err != nil {
			return notALine(err, "from", from)
		}
		dst, err := getAccount(ctx, tx, budgetID, to)
		if err != nil {
			return notALine(err, "to", to)
		}
		out, in, err := budget.Transfer(&src.Account, &dst.Account, amount, s.causeOf(c, action, budgetID, reason), nil)
		if err != nil {
			return err
		}
		ch := c.act(action)
		if err := src.post(ctx, tx, ch, posting{entry: out}); err != nil {
			return err
		}
		return dst.post(ctx, tx, ch, posting{entry: in})
	})
	if err != nil {
		return fmt.Errorf("%s %s %s→%s: %w", action, budgetID, from, to, err)
	}
	return nil
}

func setterHolds(a budget.Approver, r budget.Role) bool {
	return r != 0 && slices.Contains(a.Roles, r)
}

// notALine turns a missing account into ErrInvalid naming the field.
func notALine(err error, field, line string) error {
	if errors.Is(err, ErrNotFound) {
		return invalid(field, "%q is not a line of the budget", line)
	}
	return err
}

// setBudgetPolicy validates and keeps a copy of the budget policy.
func (s *kernel) setBudgetPolicy(p *budget.Policy) error {
	if p == nil {
		return nil
	}
	if err := p.Validate(); err != nil {
		return fmt.Errorf("%w: budget policy: %w", ErrInvalid, err)
	}
	if err := checkBudgetNames(p); err != nil {
		return fmt.Errorf("budget policy: %w", err)
	}
	cp := *p
	s.money = &cp
	return nil
}
