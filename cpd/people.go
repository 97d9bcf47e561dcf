package cpd

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"

	"github.com/cpdkit/cpdkit/compliance"
)

// AddPerson creates a person's record; administrators and the head of
// education may. A pen portrait given here is the one captured at
// induction: its Captured and Updated days default to each other, or to
// today. A new record has no extensions, exemptions or plans: those are
// granted afterwards by GrantExtension, Exempt and PlanQualification, and
// a person given with any is ErrInvalid. It returns the stored person, or
// ErrInvalid, ErrConflict (the ID is taken) or ErrForbidden.
func (s *Staff) AddPerson(ctx context.Context, p Person) (Person, error) {
	c, err := s.begin(ctx)
	if err != nil {
		return Person{}, fmt.Errorf("add person: %w", err)
	}
	if !c.canAdminister() {
		return Person{}, deny("add person")
	}
	p = p.Clone()
	p.Version = 0
	if p.PenPortrait.captured() {
		p.PenPortrait.Captured = cmp.Or(p.PenPortrait.Captured, p.PenPortrait.Updated, c.today)
		p.PenPortrait.Updated = cmp.Or(p.PenPortrait.Updated, p.PenPortrait.Captured)
	}
	if err := decisionsUnchanged(&Person{}, &p); err != nil {
		return Person{}, fmt.Errorf("add person %s: %w", p.ID, err)
	}
	if err := s.validPerson(&p); err != nil {
		return Person{}, fmt.Errorf("add person %s: %w", p.ID, err)
	}
	if err := s.identityFromDirectory(ctx, c.Org, &p); err != nil {
		return Person{}, fmt.Errorf("add person %s: %w", p.ID, err)
	}
	err = s.update(c, func(tx Tx) error {
		ch := c.act("person.add")
		if err := putPerson(ctx, tx, &p, ch); err != nil {
			return err
		}
		return s.refreshStatus(c, &p)
	})
	if err != nil {
		return Person{}, fmt.Errorf("add person %s: %w", p.ID, err)
	}
	return p, nil
}

// UpdatePerson replaces a person's record at p.Version; administrators
// and the head of education may. A person's extensions, exemptions and
// plans are not changed here but by GrantExtension, Exempt and
// PlanQualification, which refuse them for oneself and record who granted
// them: p must carry them as stored, or the update is ErrInvalid naming
// the field. Likewise a resignation (ResignedOn, and Leaving until the
// person has resigned) is recorded by Resign, which settles their open
// activities; Leaving may be corrected here after it. A stale version gets
// ErrConflict, a person who does not exist ErrNotFound.
func (s *Staff) UpdatePerson(ctx context.Context, p Person) (Person, error) {
	c, err := s.begin(ctx)
	if err != nil {
		return Person{}, fmt.Errorf("update person: %w", err)
	}
	if !c.canAdminister() {
		return Person{}, deny("update person")
	}
	p = p.Clone()
	if err := s.validPerson(&p); err != nil {
		return Person{}, fmt.Errorf("update person %s: %w", p.ID, err)
	}
	if p.Version == 0 {
		return Person{}, fmt.Errorf("update person %s: %w", p.ID, invalid("version", "is required: read the person first"))
	}
	if err := s.identityFromDirectory(ctx, c.Org, &p); err != nil {
		return Person{}, fmt.Errorf("update person %s: %w", p.ID, err)
	}
	err = s.update(c, func(tx Tx) error {
		was, err := getPerson(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if err := decisionsUnchanged(&was, &p); err != nil {
			return err
		}
		if err := leavingUnchanged(&was, &p); err != nil {
			return err
		}
		ch := c.act("person.update")
		if err := putPerson(ctx, tx, &p, ch); err != nil {
			return err
		}
		return s.refreshStatus(c, &p)
	})
	if err != nil {
		return Person{}, fmt.Errorf("update person %s: %w", p.ID, err)
	}
	return p, nil
}

// decisionsUnchanged refuses p unless its compliance decisions
// (extensions, exemptions and plans) are those of was: they are made only
// by the use cases that record who made them and refuse them for oneself.
func decisionsUnchanged(was, p *Person) error {
	switch {
	case !slices.Equal(was.Extensions, p.Extensions):
		return invalid("extensions", "are granted by GrantExtension only")
	case !slices.Equal(was.Exemptions, p.Exemptions):
		return invalid("exemptions", "are granted by Exempt only")
	case !slices.Equal(was.Plans, p.Plans):
		return invalid("plans", "are recorded by PlanQualification only")
	}
	return nil
}

// leavingUnchanged refuses p if it records a resignation that was has
// not, or changes the day was resigned: a resignation is recorded by
// Resign, which in the same transaction cancels or delegates the person's
// open activities and releases their money. Once resigned, the last day
// in post may be corrected here (a notice period agreed later, say).
func leavingUnchanged(was, p *Person) error {
	switch {
	case p.ResignedOn != was.ResignedOn:
		return invalid("resigned_on", "is recorded by Resign only")
	case was.ResignedOn == 0 && p.Leaving != was.Leaving:
		return invalid("leaving", "is recorded by Resign, which settles the person's open activities; after it, the day may be corrected here")
	}
	return nil
}

// validPerson checks a person and that their compliance decisions name
// requirements of the policy.
func (s *kernel) validPerson(p *Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	sub := p.subject()
	if _, err := s.eval.Evaluate(sub, nil, p.Start); err != nil {
		var ve *compliance.ValidationError
		if errors.As(err, &ve) {
			return invalid(ve.Field, "%s", ve.Reason)
		}
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return nil
}

// Person returns a person's record to anyone who may read it: themself,
// their line manager, and the roles that read everyone.
func (s *Staff) Person(ctx context.Context, id string) (Person, error) {
	c, err := s.begin(ctx)
	if err != nil {
		return Person{}, fmt.Errorf("get person: %w", err)
	}
	op := "get person " + id
	if err := permit(s.canRead(c, id))(op); err != nil {
		return Person{}, err
	}
	var p Person
	err = s.view(c, func(tx Tx) error {
		p, err = getPerson(ctx, tx, id)
		return err
	})
	if err != nil {
		return Person{}, hide(op, c, err)
	}
	return p, nil
}

// People yields every person in the actor's organisation, in ID order, a
// page per transaction, for the roles that read everyone.
func (s *Staff) People(ctx context.Context) iter.Seq2[Person, error] {
	return func(yield func(Person, error) bool) {
		c, err := s.begin(ctx)
		if err == nil && !c.readsEveryone() {
			err = deny("list people")
		}
		if err != nil {
			yield(Person{}, err)
			return
		}
		q := Query{Limit: DefaultLimit}
		for {
			var page Page
			err := s.view(c, func(tx Tx) error {
				page, err = tx.List(ctx, KindPerson, q)
				return err
			})
			if err != nil {
				yield(Person{}, fmt.Errorf("list people: %w", err))
				return
			}
			for _, r := range page.Records {
				var p Person
				if err := json.Unmarshal(r.Data, &p); err != nil {
					yield(Person{}, fmt.Errorf("decode person %s: %w", r.ID, err))
					return
				}
				p.Version = r.Version
				if !yield(p, nil) {
					return
				}
			}
			if page.Next == "" {
				return
			}
			q.After = page.Next
		}
	}
}

// UpdatePenPortrait replaces a person's pen portrait; the person, their
// line manager and administrators may. Updated defaults to today. The day
// it was first captured is kept; the first time, Captured defaults to
// Updated.
func (s *Staff) UpdatePenPortrait(ctx context.Context, person string, pp PenPortrait) (Person, error) {
	return s.amendPerson(ctx, person, "person.pen_portrait", s.canRecord, func(c *work, p *Person) error {
		pp.Updated = cmp.Or(pp.Updated, c.today)
		pp.Captured = cmp.Or(p.PenPortrait.Captured, pp.Captured, pp.Updated)
		p.PenPortrait = pp
		return nil
	})
}

// GrantExtension moves a person's due date for one requirement; their line
// manager, administrators and the head of education may. GrantedBy is set
// to the actor. An unknown requirement or a missing reason is ErrInvalid.
func (s *Compliance) GrantExtension(ctx context.Context, person string, x compliance.Extension) (Person, error) {
	return s.amendPerson(ctx, person, "person.extension", s.canOverride, func(c *work, p *Person) error {
		x.GrantedBy = actorOf(ctx)
		p.Extensions = append(p.Extensions, x)
		return nil
	})
}

// Exempt takes a person out of one requirement, with a reason; their line
// manager, administrators and the head of education may.
func (s *Compliance) Exempt(ctx context.Context, person string, x compliance.Exemption) (Person, error) {
	return s.amendPerson(ctx, person, "person.exemption", s.canOverride, func(c *work, p *Person) error {
		x.GrantedBy = actorOf(ctx)
		p.Exemptions = append(p.Exemptions, x)
		return nil
	})
}

// PlanQualification records a dated plan for a person to achieve a
// qualification their job role requires; their line manager,
// administrators and the head of education may.
func (s *Compliance) PlanQualification(ctx context.Context, person string, plan compliance.Plan) (Person, error) {
	return s.amendPerson(ctx, person, "person.plan", s.canOverride, func(c *work, p *Person) error {
		p.Plans = append(p.Plans, plan)
		return nil
	})
}

func actorOf(ctx context.Context) string {
	a, _ := ActorFrom(ctx)
	return a.Person
}

// canOverride reports whether the caller may extend, exempt or plan for a
// person: their line manager, administrators or the head of education,
// never for themself.
func (s *kernel) canOverride(c *work, person string) (bool, error) {
	switch {
	case c.readOnly(), person == c.Person:
		return false, nil
	case c.id.Has(RoleAdministrator, RoleHeadOfEducation):
		return true, nil
	}
	return s.manages(c, person)
}

// amendPerson reads a person, lets edit change them, validates, writes and
// refreshes their status, all in one transaction.
func (s *kernel) amendPerson(ctx context.Context, person, action string,
	allowed func(*work, string) (bool, error), edit func(*work, *Person) error) (Person, error) {
	c, err := s.begin(ctx)
	if err != nil {
		return Person{}, fmt.Errorf("%s: %w", action, err)
	}
	op := action + " " + person
	if err := permit(allowed(c, person))(op); err != nil {
		return Person{}, err
	}
	setIdentity, err := s.identityOf(ctx, c.Org, person)
	if err != nil {
		return Person{}, fmt.Errorf("%s: %w", op, err)
	}
	var p Person
	err = s.update(c, func(tx Tx) error {
		if p, err = getPerson(ctx, tx, person); err != nil {
			return err
		}
		if err := edit(c, &p); err != nil {
			return err
		}
		setIdentity(&p)
		if err := s.validPerson(&p); err != nil {
			return err
		}
		ch := c.act(action)
		if err := putPerson(ctx, tx, &p, ch); err != nil {
			return err
		}
		return s.refreshStatus(c, &p)
	})
	if err != nil {
		return Person{}, hide(op, c, err)
	}
	return p, nil
}
