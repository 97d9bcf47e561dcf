package cpd

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/budget"
)

// BudgetReport is where a budget stands: each line's money, spending by
// aspect, kind and person, the approvals waiting on each role, and the
// claims that came in late.
type BudgetReport struct {
	Budget budget.Budget `json:"budget"`
	On     date.Date     `json:"on"`
	// Lines has a row per line in the budget's order; Total sums them.
	Lines []LineBalance `json:"lines"`
	Total LineBalance   `json:"total"`
	// ByAspect, ByKind and ByPerson sum the money committed (still
	// outstanding) and spent on the budget's activities, by their aspect,
	// their kind and the person they are for, in key order.
	ByAspect []Spend `json:"by_aspect"`
	ByKind   []Spend `json:"by_kind"`
	ByPerson []Spend `json:"by_person"`
	// Waiting lists, per role, the requests waiting for that role's
	// approval, in role order.
	Waiting []Waiting `json:"waiting,omitzero"`
	// LateClaims are the IDs of claims submitted after they were due.
	LateClaims []string `json:"late_claims,omitzero"`
	// Unreadable are the stored records the report needed but could not
	// decode (see ErrUnreadable): the report leaves them out and says so.
	Unreadable []Unreadable `json:"unreadable,omitzero"`
}

// LineBalance is one line's money (or, in BudgetReport.Total, every
// line's).
type LineBalance struct {
	Line      string       `json:"line"`
	Name      string       `json:"name,omitzero"`
	Holder    string       `json:"holder,omitzero"`
	Allocated budget.Money `json:"allocated"`
	Committed budget.Money `json:"committed"`
	Spent     budget.Money `json:"spent"`
	Available budget.Money `json:"available"`
}

// Spend is the money committed and spent on the activities with one key
// (an aspect, a kind or a person).
type Spend struct {
	Key        string       `json:"key"`
	Activities int          `json:"activities"`
	Committed  budget.Money `json:"committed"`
	Spent      budget.Money `json:"spent"`
}

// Waiting is the requests waiting for one role's approval.
type Waiting struct {
	Role       budget.Role `json:"role"`
	Activities []string    `json:"activities"`
}

// BudgetReport reports on a budget today, for anyone who may read it
// (see Budgets.Budget). It reads the budget's accounts, its ledger, its
// activities and their people's claims in one View: the activities its
// ledger names and the open requests charged to it (see
// budgetActivities), never the organisation's other activities, so its
// cost grows with the budget's activity, not with the organisation's
// history. A record among them that does not decode is left out and
// listed in Unreadable; a line whose account does not decode shows no
// money. Errors: ErrNotFound, ErrForbidden, ErrNoActor, and
// ErrUnreadable if the budget itself does not decode.
func (s *Budgets) BudgetReport(ctx context.Context, id string) (BudgetReport, error) {
	c, err := s.begin(ctx)
	if err != nil {
		return BudgetReport{}, fmt.Errorf("budget report: %w", err)
	}
	var rep BudgetReport
	err = s.view(c, func(tx Tx) error {
		b, _, err := getBudget(ctx, tx, id)
		if err != nil {
			return err
		}
		if !c.readsBudget(&b) {
			return deny("budget report")
		}
		rep = BudgetReport{Budget: b, On: c.today}
		if err := rep.addLines(ctx, tx); err != nil {
			return err
		}
		named, err := ledgerRequests(ctx, tx, id, &rep.Unreadable)
		if err != nil {
			return err
		}
		acts, bad, err := budgetActivities(ctx, tx, id, named)
		if err != nil {
			return err
		}
		rep.Unreadable = append(rep.Unreadable, bad...)
		rep.addSpending(acts)
		return rep.addLateClaims(ctx, tx, acts)
	})
	if err != nil {
		return BudgetReport{}, hide("budget report "+id, c, err)
	}
	return rep, nil
}

func (rep *BudgetReport) addLines(ctx context.Context, tx Tx) error {
	b := &rep.Budget
	zero := budget.NewCommitment("", "", b.Currency).Outstanding
	rep.Total = LineBalance{Line: "total", Allocated: zero, Committed: zero, Spent: zero, Available: zero}
	for _, l := range b.Lines {
		row := LineBalance{Line: l.ID, Name: l.Name, Holder: l.Holder, Allocated: zero, Committed: zero, Spent: zero, Available: zero}
		if b.InForce() {
			a, err := getAccount(ctx, tx, b.ID, l.ID)
			switch {
			case errors.Is(err, ErrUnreadable):
				if err := skipUnreadable(&rep.Unreadable, err); err != nil {
					return err
				}
			case err != nil:
				return err
			default:
				row.Allocated, row.Committed, row.Spent, row.Available = a.Allocated, a.Committed, a.Spent, a.Available()
			}
		}
		rep.Lines = append(rep.Lines, row)
		for _, f := range []struct {
			sum *budget.Money
			add budget.Money
		}{
			{&rep.Total.Allocated, row.Allocated}, {&rep.Total.Committed, row.Committed},
			{&rep.Total.Spent, row.Spent}, {&rep.Total.Available, row.Available},
		} {
			sum, err := f.sum.Add(f.add)
			if err != nil {
				return err
			}
			*f.sum = sum
		}
	}
	return nil
}

// budgetActivities returns, in ID order, the activities a budget's report
// and books concern, and those among them that may be but do not decode.
// It reads them through what indexes them rather than through every
// activity of the organisation, so that its cost grows with the budget's
// activities, not with the organisation's history:
//
//   - the requests its ledger names, given as named (every commitment,
//     release and spend names its request, so every activity that ever
//     held money of the budget is among them), read by ID; and
//   - the organisation's open activities (requested, approved, booked),
//     read through the store's state index, of which it keeps those
//     charged to the budget: the requests still waiting for approval,
//     which hold no money yet, and any open activity that holds a
//     commitment the ledger does not name, which CheckBooks must see; and
//     any activity stored without a state (never by the Service), whose
//     state the index cannot tell. Open activities are the organisation's
//     work in progress, which does not grow with its history.
//
// It reads which budget an activity is charged to before it decodes the
// rest, so that an activity on another budget never concerns this one,
// however it is stored.
func budgetActivities(ctx context.Context, tx Tx, id string, named []string) ([]Activity, []Unreadable, error) {
	var out []Activity
	var bad []Unreadable
	seen := map[string]bool{}
	add := func(r Record) error {
		seen[r.ID] = true
		var a Activity
		if readActivity(r.Data, &a) {
			// What encoding/json would read, so the head below would
			// name the same budget: one pass for the activity alone.
			if a.Funding != nil && a.Funding.Budget == id {
				a.Version = r.Version
				out = append(out, a)
			}
			return nil
		}
		// Only an activity on this budget counts as unreadable here:
		// its head says which budget it is on, if it can be read.
		var head struct {
			Funding *struct {
				Budget string `json:"budget"`
			} `json:"funding"`
		}
		if err := decodeRecord(r, &head); err != nil {
			return skipUnreadable(&bad, err)
		}
		if head.Funding == nil || head.Funding.Budget != id {
			return nil
		}
		a, err := decodeActivity(r)
		if err != nil {
			return skipUnreadable(&bad, err)
		}
		out = append(out, a)
		return nil
	}
	open := Query{States: openStates(), Limit: MaxLimit}
	if err := each(ctx, tx, KindActivity, open, add); err != nil {
		return nil, nil, err
	}
	named = slices.DeleteFunc(slices.Clone(named), func(r string) bool { return seen[r] })
	if err := getEach(ctx, tx, KindActivity, named, add); err != nil {
		return nil, nil, err
	}
	slices.SortFunc(out, func(a, b Activity) int { return strings.Compare(a.ID, b.ID) })
	return out, bad, nil
}

// openStates are the states budgetActivities reads through the state
// index: the open ones, and "" (no state stored).
func openStates() []string {
	return []string{"", Requested.String(), Approved.String(), Booked.String()}
}

// ledgerRequests returns, in ID order and each once, the requests a
// budget's ledger entries name, reading only the budget's entries (their
// IDs start with the budget's). An entry that does not decode is listed
// in bad.
func ledgerRequests(ctx context.Context, tx Tx, id string, bad *[]Unreadable) ([]string, error) {
	var out []string
	err := eachEntry(ctx, tx, id, func(r Record) error {
		var head struct {
			Request string `json:"request"`
		}
		if err := decodeRecord(r, &head); err != nil {
			return skipUnreadable(bad, err)
		}
		if head.Request != "" {
			out = append(out, head.Request)
		}
		return nil
	})
	slices.Sort(out)
	return slices.Compact(out), err
}

// eachEntry calls fn for each of a budget's ledger entries, in ID order
// (line, then posting order), reading no other budget's.
func eachEntry(ctx context.Context, tx Tx, id string, fn func(Record) error) error {
	err := each(ctx, tx, KindLedgerEntry, Query{After: id + "/", Limit: MaxLimit}, func(r Record) error {
		if !strings.HasPrefix(r.ID, id+"/") {
			return errStop
		}
		return fn(r)
	})
	if err == errStop {
		return nil
	}
	return err
}

func (rep *BudgetReport) addSpending(acts []Activity) {
	cur := rep.Budget.Currency
	aspects, kinds, people := map[string]*Spend{}, map[string]*Spend{}, map[string]*Spend{}
	waiting := map[budget.Role][]string{}
	for _, a := range acts {
		f := a.Funding
		if a.State == Requested {
			for _, r := range f.Waiting {
				waiting[r] = append(waiting[r], a.ID)
			}
		}
		if f.Commitment == nil {
			continue
		}
		for _, g := range []struct {
			m   map[string]*Spend
			key string
		}{{aspects, a.Aspect.String()}, {kinds, a.Kind.String()}, {people, a.Person}} {
			sp := g.m[g.key]
			if sp == nil {
				z := budget.NewCommitment("", "", cur).Outstanding
				sp = &Spend{Key: g.key, Committed: z, Spent: z}
				g.m[g.key] = sp
			}
			sp.Activities++
			sp.Committed, _ = sp.Committed.Add(f.Commitment.Outstanding)
			sp.Spent, _ = sp.Spent.Add(f.Commitment.Spent)
		}
	}
	rep.ByAspect, rep.ByKind, rep.ByPerson = sorted(aspects), sorted(kinds), sorted(people)
	for _, r := range slices.Sorted(maps.Keys(waiting)) {
		rep.Waiting = append(rep.Waiting, Waiting{Role: r, Activities: waiting[r]})
	}
}

func sorted(m map[string]*Spend) []Spend {
	out := make([]Spend, 0, len(m))
	for _, sp := range m {
		out = append(out, *sp)
	}
	slices.SortFunc(out, func(a, b Spend) int { return strings.Compare(a.Key, b.Key) })
	return out
}

func (rep *BudgetReport) addLateClaims(ctx context.Context, tx Tx, acts []Activity) error {
	people := map[string]bool{}
	ours := map[string]bool{}
	for _, a := range acts {
		people[a.Person], ours[a.ID] = true, true
	}
	for _, person := range slices.Sorted(maps.Keys(people)) {
		err := each(ctx, tx, KindClaim, Query{Owner: person, Limit: MaxLimit}, func(r Record) error {
			var cl budget.Claim
			if err := decodeRecord(r, &cl); err != nil {
				return skipUnreadable(&rep.Unreadable, err)
			}
			if cl.Late && ours[cl.Request] {
				rep.LateClaims = append(rep.LateClaims, cl.ID)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	slices.SortFunc(rep.LateClaims, cmp.Compare[string])
	return nil
}

// CheckBooks reconciles a budget's stored books (budget.Reconcile): its
// accounts, every ledger entry, and the commitments kept on its
// activities. It returns nil when they balance to the penny, or every
// discrepancy. Anyone who may read the budget may ask.
//
// Its cost is bounded by the books it checks, not by the organisation's
// history: it reads the budget's accounts and entries, the activities the
// entries name, and the open (requested, approved, booked) activities
// charged to the budget, through the store's state index. So it finds
// every disagreement between the accounts, the entries and those
// activities' commitments: an account that does not replay from its
// entries, an entry for a request whose activity holds no commitment (or
// another), an activity whose commitment differs from its entries, and an
// open activity holding a commitment the ledger never recorded. What it
// does not read is a closed activity (completed, cancelled, ...) that the
// ledger never named: such an activity could only hold a commitment if it
// was written past the Service, since every commitment the Service makes
// is posted to the ledger in the same transaction.
//
// Errors also:
// ErrNotFound, ErrForbidden, ErrNoActor, and ErrUnreadable (a
// *DecodeError naming the record) when a record the books need does not
// decode; an activity on another budget never does.
func (s *Budgets) CheckBooks(ctx context.Context, id string) error {
	c, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("check books: %w", err)
	}
	return s.view(c, func(tx Tx) error {
		b, _, err := getBudget(ctx, tx, id)
		if err != nil {
			return hide("check books "+id, c, err)
		}
		if !c.readsBudget(&b) {
			return deny("check books " + id)
		}
		var accounts []budget.Account
		for _, l := range b.Lines {
			if !b.InForce() {
				break
			}
			a, err := getAccount(ctx, tx, id, l.ID)
			if err != nil {
				return err
			}
			accounts = append(accounts, a.Account)
		}
		var entries []budget.Entry
		var named []string
		err = eachEntry(ctx, tx, id, func(r Record) error {
			var e budget.Entry
			if err := decodeRecord(r, &e); err != nil {
				return err
			}
			entries = append(entries, e)
			if e.Request != "" {
				named = append(named, e.Request)
			}
			return nil
		})
		if err != nil {
			return err
		}
		slices.Sort(named)
		acts, bad, err := budgetActivities(ctx, tx, id, slices.Compact(named))
		if err != nil {
			return err
		}
		if len(bad) > 0 {
			return fmt.Errorf("books of budget %s cannot be checked: %w", id,
				&DecodeError{Kind: bad[0].Kind, ID: bad[0].ID, Err: errors.New(bad[0].Reason)})
		}
		var comms []budget.Commitment
		for _, a := range acts {
			if a.Funding.Commitment != nil {
				comms = append(comms, *a.Funding.Commitment)
			}
		}
		slices.SortFunc(comms, func(x, y budget.Commitment) int { return strings.Compare(x.Request, y.Request) })
		if err := budget.Reconcile(b.Currency, accounts, comms, entries); err != nil {
			return fmt.Errorf("books of budget %s do not balance: %w", id, err)
		}
		return nil
	})
}

// errStop ends an each loop early.
var errStop = errors.New("stop")
