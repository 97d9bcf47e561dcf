package budget

import (
	"errors"
	"fmt"

	"github.com/cpdkit/cpdkit/internal/enum"

	"github.com/rickb777/date/v2"
)

// LineKind says what a budget line funds. The zero value is unset.
type LineKind uint8

// The line kinds.
const (
	// AreaLine funds an area of the organisation (a department or a
	// programme).
	AreaLine LineKind = iota + 1
	// SubjectLine funds a subject.
	SubjectLine
	// MandatoryLine funds the mandatory training the organisation
	// requires. A budget has at most one, and mandatory requests are
	// charged to it.
	MandatoryLine
)

var lineKindNames = enum.New(enumError, "area", "subject", "mandatory_training")

// String returns the stable lowercase name used in JSON and storage.
func (k LineKind) String() string { return lineKindNames.String(uint8(k)) }

// MarshalText writes the stable name.
func (k LineKind) MarshalText() ([]byte, error) {
	return lineKindNames.Text(uint8(k), "line kind")
}

// UnmarshalText reads the stable name.
func (k *LineKind) UnmarshalText(b []byte) error {
	return lineKindNames.Parse((*uint8)(k), b, "line kind")
}

// Enforcement is what a line does when a cost would take its available
// money below zero. The zero value means Stop.
type Enforcement uint8

// The enforcements.
const (
	// Stop refuses the cost with an *InsufficientFundsError. It is the
	// default.
	Stop Enforcement = iota + 1
	// Warn lets the cost through, recording on its ledger entry an
	// Override by the person who incurred it with Warning set, so that the
	// overspend is visible and attributed.
	Warn
	// AllowOverride lets the cost through only with an explicit Override
	// (who authorised it and why), which the entry records; without one it
	// is refused like Stop.
	AllowOverride
)

var enforcementNames = enum.New(enumError, "stop", "warn", "allow_override")

// String returns the stable lowercase name used in JSON and storage.
func (e Enforcement) String() string { return enforcementNames.String(uint8(e)) }

// MarshalText writes the stable name.
func (e Enforcement) MarshalText() ([]byte, error) {
	return enforcementNames.Text(uint8(e), "enforcement")
}

// UnmarshalText reads the stable name.
func (e *Enforcement) UnmarshalText(b []byte) error {
	return enforcementNames.Parse((*uint8)(e), b, "enforcement")
}

// orDefault returns Stop for the unset enforcement.
func (e Enforcement) orDefault() Enforcement {
	if e == 0 {
		return Stop
	}
	return e
}

// State is where a budget is in its life: proposed then agreed, or
// allocated directly. The zero value is unset (a draft).
type State uint8

// The budget states.
const (
	// Proposed: proposed (by the business manager, say) and waiting to be
	// agreed. No money can be committed from it yet.
	Proposed State = iota + 1
	// Agreed: agreed (by the trustees, say); in force.
	Agreed
	// Allocated: allocated directly (by the head of education, say); in
	// force.
	Allocated
)

var stateNames = enum.New(enumError, "proposed", "agreed", "allocated")

// String returns the stable lowercase name used in JSON and storage.
func (s State) String() string { return stateNames.String(uint8(s)) }

// MarshalText writes the stable name.
func (s State) MarshalText() ([]byte, error) { return stateNames.Text(uint8(s), "state") }

// UnmarshalText reads the stable name.
func (s *State) UnmarshalText(b []byte) error {
	return stateNames.Parse((*uint8)(s), b, "state")
}

// Line is one line of a budget, with the money first allocated to it and
// the person who holds it.
type Line struct {
	ID   string   `json:"id"`
	Name string   `json:"name"`
	Kind LineKind `json:"kind"`
	// Holder is the person who holds the line: the "budget holder" an
	// approval chain names.
	Holder string `json:"holder"`
	// Amount is the money allocated to the line when the budget comes
	// into force; transfers later move money between lines in the ledger.
	Amount Money `json:"amount"`
	// Enforcement is what happens when a cost would overspend the line;
	// unset means Stop.
	Enforcement Enforcement `json:"enforcement,omitzero"`
}

// Budget is an organisation's CPD budget for one academic year, split into
// lines. Its life is Proposed → Agreed, or Allocated directly, as the
// Policy says who may do each. Money is committed only from a budget in
// force (agreed or allocated), through a Ledger.
type Budget struct {
	ID string `json:"id"`
	// Year names the academic year, such as "2026/27".
	Year     string   `json:"year"`
	Currency Currency `json:"currency"`
	Lines    []Line   `json:"lines"`
	State    State    `json:"state,omitzero"`
	// ProposedBy, AgreedBy and AllocatedBy record who took each step,
	// and the dates when.
	ProposedBy  string    `json:"proposed_by,omitzero"`
	ProposedOn  date.Date `json:"proposed_on,omitzero"`
	AgreedBy    string    `json:"agreed_by,omitzero"`
	AgreedOn    date.Date `json:"agreed_on,omitzero"`
	AllocatedBy string    `json:"allocated_by,omitzero"`
	AllocatedOn date.Date `json:"allocated_on,omitzero"`
}

// Validate checks the budget's own fields: an ID, a year, a known
// currency, and lines with unique IDs, names, kinds, holders and
// non-negative amounts in the budget's currency, at most one of them a
// MandatoryLine, and a total below MaxAmount. Errors match ErrInvalid and
// name the path ("lines[2].holder"); several are joined.
func (b *Budget) Validate() error {
	var errs []error
	add := func(field, format string, args ...any) { errs = append(errs, invalid(field, format, args...)) }
	if b.ID == "" {
		add("id", "is required")
	}
	if b.Year == "" {
		add("year", "is required")
	}
	if err := b.Currency.Validate(); err != nil {
		add("currency", "%v", err)
	}
	if len(b.Lines) == 0 {
		add("lines", "a budget needs at least one line")
	}
	seen := make(map[string]bool, len(b.Lines))
	mandatory := 0
	for i, l := range b.Lines {
		path := fmt.Sprintf("lines[%d]", i)
		switch {
		case l.ID == "":
			add(path+".id", "is required")
		case seen[l.ID]:
			add(path+".id", "duplicate line %q", l.ID)
		}
		seen[l.ID] = true
		if l.Name == "" {
			add(path+".name", "is required")
		}
		if l.Kind < AreaLine || l.Kind > MandatoryLine {
			add(path+".kind", "want area, subject or mandatory_training")
		}
		if l.Kind == MandatoryLine {
			mandatory++
		}
		if l.Holder == "" {
			add(path+".holder", "every line needs a holder")
		}
		if l.Enforcement > AllowOverride {
			add(path+".enforcement", "want stop, warn or allow_override")
		}
		switch {
		case l.Amount.Currency() != b.Currency:
			add(path+".amount", "%s is not in the budget's currency %s", l.Amount, b.Currency)
		case l.Amount.IsNegative():
			add(path+".amount", "%s is negative", l.Amount)
		}
	}
	if mandatory > 1 {
		add("lines", "%d mandatory_training lines; a budget has at most one", mandatory)
	}
	if len(errs) == 0 {
		if err := b.Total().Validate(); err != nil {
			add("lines", "the total: %v", err)
		}
	}
	return errors.Join(errs...)
}

// Total returns the sum of the lines' amounts, in the budget's currency.
func (b *Budget) Total() Money {
	t := zeroIn(b.Currency)
	for _, l := range b.Lines {
		if l.Amount.currency == b.Currency {
			t.amount = t.amount.Add(l.Amount.amount)
		}
	}
	return t
}

// Line returns the line with the ID, or false.
func (b *Budget) Line(id string) (Line, bool) {
	for _, l := range b.Lines {
		if l.ID == id {
			return l, true
		}
	}
	return Line{}, false
}

// MandatoryLine returns the budget's mandatory-training line, or false if
// it has none.
func (b *Budget) MandatoryLine() (Line, bool) {
	for _, l := range b.Lines {
		if l.Kind == MandatoryLine {
			return l, true
		}
	}
	return Line{}, false
}

// InForce reports whether money may be committed from the budget: it has
// been agreed or allocated.
func (b *Budget) InForce() bool { return b.State == Agreed || b.State == Allocated }

// LineFor returns the line a request is charged to. Mandatory training is
// funded from the mandatory-training line when the budget has one: a
// mandatory request that names no line gets it, one that names another
// line is refused; a request that is not mandatory may not be charged to
// it. Other requests must name a line of the budget. Errors match
// ErrInvalid with the field "line".
func (b *Budget) LineFor(r *Request) (Line, error) {
	m, hasMandatory := b.MandatoryLine()
	switch {
	case r.Mandatory && hasMandatory && r.Line == "":
		return m, nil
	case r.Mandatory && hasMandatory && r.Line != m.ID:
		return Line{}, invalid("line", "mandatory training is funded from the %s line, not %q", m.ID, r.Line)
	case r.Line == "":
		return Line{}, invalid("line", "is required: which line of budget %s pays", b.ID)
	}
	l, ok := b.Line(r.Line)
	switch {
	case !ok:
		return Line{}, invalid("line", "%q is not a line of budget %s", r.Line, b.ID)
	case l.Kind == MandatoryLine && !r.Mandatory:
		return Line{}, invalid("line", "%s funds mandatory training only", l.ID)
	}
	return l, nil
}

// Propose records that by proposed the budget on the day, as the policy's
// Setting.ProposedBy role. The budget must be valid and a draft.
// Errors: ErrInvalid, ErrForbidden (by does not hold the role, or the
// policy has budgets allocated directly), ErrTransition.
func (b *Budget) Propose(p *Policy, by Approver, on date.Date) error {
	if err := b.step("propose", 0, p.Budget.ProposedBy, by, on); err != nil {
		return err
	}
	b.State, b.ProposedBy, b.ProposedOn = Proposed, by.Person, on
	return nil
}

// Agree records that by agreed a proposed budget on the day, as the
// policy's Setting.AgreedBy role. Whoever proposed it may not agree it.
// Errors as Propose.
func (b *Budget) Agree(p *Policy, by Approver, on date.Date) error {
	if err := b.step("agree", Proposed, p.Budget.AgreedBy, by, on); err != nil {
		return err
	}
	if by.Person == b.ProposedBy {
		return forbidden(by.Person, "agree budget "+b.ID, "they proposed it")
	}
	if on < b.ProposedOn {
		return invalid("on", "%s is before the budget was proposed on %s", on, b.ProposedOn)
	}
	b.State, b.AgreedBy, b.AgreedOn = Agreed, by.Person, on
	return nil
}

// AllocateDirectly records that by allocated a draft budget on the day,
// without a proposal, as the policy's Setting.AllocatedBy role. Errors as
// Propose.
func (b *Budget) AllocateDirectly(p *Policy, by Approver, on date.Date) error {
	if err := b.step("allocate", 0, p.Budget.AllocatedBy, by, on); err != nil {
		return err
	}
	b.State, b.AllocatedBy, b.AllocatedOn = Allocated, by.Person, on
	return nil
}

// step checks one step of the budget's life.
func (b *Budget) step(action string, from State, role Role, by Approver, on date.Date) error {
	if err := b.Validate(); err != nil {
		return err
	}
	switch {
	case b.State != from:
		return &TransitionError{What: "budget", ID: b.ID, From: b.State.String(), Action: action}
	case role == 0:
		return forbidden(by.Person, action+" budget "+b.ID, "the policy has no role that may %s a budget", action)
	case !by.holds(role):
		return forbidden(by.Person, action+" budget "+b.ID, "only the %s may", role)
	case on == 0:
		return invalid("on", "the day is required")
	}
	return nil
}
