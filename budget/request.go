package budget

import (
	"errors"
	"fmt"

	"github.com/cpdkit/cpdkit/internal/enum"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/internal/bounds"
)

// Necessity says whether learning is necessary for the person's role or
// aspirational. This package owns the vocabulary: package cpd's Necessity
// (an activity's necessity) is this type under another name. The zero
// value is unset.
type Necessity uint8

// The necessities.
const (
	NecessaryLearning Necessity = iota + 1
	AspirationalLearning
)

var necessityNames = enum.New(enumError, "necessary", "aspirational")

// String returns the stable lowercase name used in JSON and storage.
func (n Necessity) String() string { return necessityNames.String(uint8(n)) }

// MarshalText writes the stable name.
func (n Necessity) MarshalText() ([]byte, error) {
	return necessityNames.Text(uint8(n), "necessity")
}

// UnmarshalText reads the stable name.
func (n *Necessity) UnmarshalText(b []byte) error {
	return necessityNames.Parse((*uint8)(n), b, "necessity")
}

// Valid reports whether n is one of the named necessities (not unset, not
// out of range).
func (n Necessity) Valid() bool { return necessityNames.Valid(uint8(n)) }

// CostKind is what a cost or an expense claim item is for. The zero value
// is unset.
type CostKind uint8

// The cost kinds: the items of an expense claim.
const (
	Fee CostKind = iota + 1
	Travel
	Subsistence
	Accommodation
)

var costKindNames = enum.New(enumError, "fee", "travel", "subsistence", "accommodation")

// String returns the stable lowercase name used in JSON and storage.
func (k CostKind) String() string { return costKindNames.String(uint8(k)) }

// MarshalText writes the stable name.
func (k CostKind) MarshalText() ([]byte, error) {
	return costKindNames.Text(uint8(k), "cost kind")
}

// UnmarshalText reads the stable name.
func (k *CostKind) UnmarshalText(b []byte) error {
	return costKindNames.Parse((*uint8)(k), b, "cost kind")
}

// Cost is one item of a request's estimate or of an expense claim.
type Cost struct {
	Kind   CostKind `json:"kind"`
	Amount Money    `json:"amount"`
	Note   string   `json:"note,omitzero"`
}

// Cover is the cost of covering a person's absence with supply staff:
// Days (halves are common) at DayRate a day. Days has at most two digits
// after the point and is below 1,000 (see Costs.Validate).
type Cover struct {
	Days    decimal.Decimal `json:"days"`
	DayRate Money           `json:"day_rate"`
}

// Cost returns Days × DayRate rounded half away from zero to the
// currency's minor unit (half a day at GBP 145.55 is GBP 72.78).
func (c Cover) Cost() Money {
	d := int32(c.DayRate.currency.Digits())
	return Money{amount: c.Days.Mul(c.DayRate.amount).Round(d), currency: c.DayRate.currency}
}

// Costs is what a request expects to spend: itemised costs and, if the
// person's absence must be covered, the cost of cover. All are counted
// against the budget alike.
type Costs struct {
	Items []Cost `json:"items,omitzero"`
	Cover *Cover `json:"cover,omitzero"`
}

// Total returns the sum of the items and the cover, in cur.
func (c Costs) Total(cur Currency) Money {
	t := zeroIn(cur)
	for _, it := range c.Items {
		t.amount = t.amount.Add(it.Amount.amount)
	}
	if c.Cover != nil {
		t.amount = t.amount.Add(c.Cover.Cost().amount)
	}
	return t
}

// Of returns the sum of the items of one kind, in cur.
func (c Costs) Of(kind CostKind, cur Currency) Money {
	t := zeroIn(cur)
	for _, it := range c.Items {
		if it.Kind == kind {
			t.amount = t.amount.Add(it.Amount.amount)
		}
	}
	return t
}

// CoverCost returns the cost of cover, zero in cur when there is none.
func (c Costs) CoverCost(cur Currency) Money {
	if c.Cover == nil {
		return zeroIn(cur)
	}
	return c.Cover.Cost()
}

// Validate checks every amount is in cur and not negative, every item has
// a kind, and cover has a positive number of days and a day rate. Errors
// match ErrInvalid with paths under path ("costs.items[1].amount").
func (c Costs) Validate(cur Currency, path string) error {
	var errs []error
	for i, it := range c.Items {
		p := fmt.Sprintf("%s.items[%d]", path, i)
		if it.Kind < Fee || it.Kind > Accommodation {
			errs = append(errs, invalid(p+".kind", "want fee, travel, subsistence or accommodation"))
		}
		if err := checkAmount(it.Amount, cur, p+".amount"); err != nil {
			errs = append(errs, err)
		}
	}
	if cv := c.Cover; cv != nil {
		if why := bounds.Decimal(cv.Days, maxCoverPlaces, maxCoverDigits); why != "" {
			errs = append(errs, invalid(path+".cover.days", "%s", why))
		} else if !cv.Days.IsPositive() {
			errs = append(errs, invalid(path+".cover.days", "%s: want more than zero days", cv.Days))
		}
		if err := checkAmount(cv.DayRate, cur, path+".cover.day_rate"); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) == 0 {
		if err := c.Total(cur).Validate(); err != nil {
			errs = append(errs, invalid(path, "the total: %v", err))
		}
	}
	return errors.Join(errs...)
}

// The bounds on Cover.Days: at most two digits after the point, and below
// 10^3 days.
const (
	maxCoverPlaces = 2
	maxCoverDigits = 3
)

// checkAmount checks a non-negative amount in cur.
func checkAmount(m Money, cur Currency, path string) error {
	switch {
	case m.currency != cur:
		return invalid(path, "%s is not in %s", m, cur)
	case m.IsNegative():
		return invalid(path, "%s is negative", m)
	}
	return nil
}

// Request is a request for money for one piece of learning, with the facts
// an approval chain's conditions read and the people its roles name.
type Request struct {
	// ID identifies the request; cpd uses the activity's ID.
	ID string `json:"id"`
	// Person is who the learning is for; RequestedBy who asked for it.
	// Neither may approve it.
	Person      string `json:"person"`
	RequestedBy string `json:"requested_by,omitzero"`
	// LineManager is the person's line manager: the only person who acts
	// as RoleLineManager for this request.
	LineManager string `json:"line_manager,omitzero"`
	// Line is the budget line charged; LineHolder its holder, the only
	// person who acts as RoleBudgetHolder for this request.
	Line       string `json:"line"`
	LineHolder string `json:"line_holder,omitzero"`
	// PersonRoles are the roles the person holds, and RequesterRoles
	// those whoever requested it holds: a chain role either holds goes to
	// its alternate (Policy.Alternates), as neither may approve it.
	PersonRoles    []Role `json:"person_roles,omitzero"`
	RequesterRoles []Role `json:"requester_roles,omitzero"`
	// Kind is the kind of activity, by its stable name ("work_shadowing").
	Kind      string    `json:"kind,omitzero"`
	Necessity Necessity `json:"necessity,omitzero"`
	// Mandatory is training the organisation requires; RelevantToRole is
	// learning relevant to the person's job role. Fundability reads both.
	Mandatory      bool `json:"mandatory,omitzero"`
	RelevantToRole bool `json:"relevant_to_role,omitzero"`
	// Overnight is set when the learning needs an overnight stay.
	Overnight bool `json:"overnight,omitzero"`
	// Start is the first day of the learning; rules with BeforeStart must
	// be approved before it.
	Start date.Date `json:"start,omitzero"`
	Costs Costs     `json:"costs"`
}

// Validate checks the request's own fields against the currency: an ID, a
// person, a line, valid costs and a known necessity if set. Errors match
// ErrInvalid and name the field; several are joined.
func (r *Request) Validate(cur Currency) error {
	var errs []error
	for _, f := range []struct{ name, value string }{{"id", r.ID}, {"person", r.Person}, {"line", r.Line}} {
		if f.value == "" {
			errs = append(errs, invalid(f.name, "is required"))
		}
	}
	if r.Necessity > AspirationalLearning {
		errs = append(errs, invalid("necessity", "want necessary or aspirational"))
	}
	if err := r.Costs.Validate(cur, "costs"); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Total returns the request's total cost in cur: items and cover.
func (r *Request) Total(cur Currency) Money { return r.Costs.Total(cur) }
