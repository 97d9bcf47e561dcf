package cpd

import (
	"context"
	"errors"
	"fmt"
)

// caller is the authenticated actor with their directory identity.
type caller struct {
	Actor
	id Identity
}

// who returns the context's actor and their identity. An actor the
// directory does not know is forbidden.
func (s *kernel) who(ctx context.Context) (caller, error) {
	a, ok := ActorFrom(ctx)
	if !ok {
		return caller{}, ErrNoActor
	}
	id, err := s.lookup(ctx, a.Org, a.Person)
	switch {
	case errors.Is(err, ErrNotFound):
		return caller{}, fmt.Errorf("actor %s: %w", a.Person, ErrForbidden)
	case err != nil:
		return caller{}, fmt.Errorf("look up actor: %w", err)
	}
	return caller{Actor: a, id: id}, nil
}

// lookup asks the Directory for a person's identity in an organisation
// and checks the answer is about that person in that organisation: an
// identity from another organisation (a Directory that ignored its org
// argument) or of someone else is ErrNotFound. A failure other than "not
// found" or the context's own is a *DirectoryError, as is an identity
// with a role that has no name (which would otherwise be dropped from
// every decision silently).
func (s *kernel) lookup(ctx context.Context, org, person string) (Identity, error) {
	id, err := s.dir.Lookup(ctx, org, person)
	switch {
	case errors.Is(err, ErrNotFound):
		return Identity{}, fmt.Errorf("look up %s: %w", person, ErrNotFound)
	case err != nil && ctx.Err() != nil:
		return Identity{}, fmt.Errorf("look up %s: %w", person, ctx.Err())
	case err != nil:
		return Identity{}, &DirectoryError{Org: org, Person: person, Err: err}
	case id.Org != org || id.Person != person:
		return Identity{}, fmt.Errorf("directory answered for %s of %s: %w", id.Person, id.Org, ErrNotFound)
	}
	for i, r := range id.Roles {
		if !roleNames.Valid(uint8(r)) {
			return Identity{}, &DirectoryError{Org: org, Person: person, Err: invalid(fmt.Sprintf("roles[%d]", i), "%d is not a role", r)}
		}
	}
	return id, nil
}

// colleague looks up someone other than the actor, whose identity decides
// what the actor may do (whether they manage them, who approves for
// them). It fails closed and says nothing of why: a person the Directory
// cannot answer for, whatever went wrong, is one it does not know (false),
// so that whatever depended on them is refused exactly as if the actor
// were not allowed. Only the context's end is an error.
func (s *kernel) colleague(ctx context.Context, org, person string) (Identity, bool, error) {
	id, err := s.lookup(ctx, org, person)
	switch {
	case err == nil:
		return id, true, nil
	case ctx.Err() != nil:
		return Identity{}, false, fmt.Errorf("look up %s: %w", person, ctx.Err())
	}
	return Identity{}, false, nil
}

// readsEveryone reports whether the caller may read every person's
// records: administrators (statutory training records), the head of
// education and IQA (who monitor the PD plan), the managing director, and
// auditors.
func (c caller) readsEveryone() bool {
	return c.id.Has(RoleAdministrator, RoleHeadOfEducation, RoleIQA, RoleManagingDirector, RoleAuditor)
}

// readOnly reports whether the caller may only read: auditors.
func (c caller) readOnly() bool { return c.id.Has(RoleAuditor) }

// manages reports whether the caller is the person's line manager, by the
// directory.
func (s *kernel) manages(c *work, person string) (bool, error) {
	if person == c.Person {
		return false, nil
	}
	id, ok, err := s.colleague(c.ctx, c.Org, person)
	if !ok {
		return false, err
	}
	return id.LineManager == c.Person, nil
}

// canRead reports whether the caller may read a person's records: their
// own, their reports', or everyone's for the roles that read everyone.
func (s *kernel) canRead(c *work, person string) (bool, error) {
	if person == c.Person || c.readsEveryone() {
		return true, nil
	}
	return s.manages(c, person)
}

// canRecord reports whether the caller may request or record CPD for a
// person: for themself, for their reports, or (administrators and the head
// of education) for anyone. Auditors may not.
func (s *kernel) canRecord(c *work, person string) (bool, error) {
	switch {
	case c.readOnly():
		return false, nil
	case person == c.Person || c.id.Has(RoleAdministrator, RoleHeadOfEducation):
		return true, nil
	}
	return s.manages(c, person)
}

// canDecide reports whether the caller may approve, decline or delegate a
// person's activity: their line manager or the head of education, never
// the person themself nor whoever requested it.
func (s *kernel) canDecide(c *work, a *Activity) (bool, error) {
	switch {
	case c.readOnly(), a.Person == c.Person, a.RequestedBy == c.Person:
		return false, nil
	case c.id.Has(RoleHeadOfEducation):
		return true, nil
	}
	return s.manages(c, a.Person)
}

// canAdminister reports whether the caller may create and change people's
// HR records: administrators and the head of education.
func (c caller) canAdminister() bool {
	return !c.readOnly() && c.id.Has(RoleAdministrator, RoleHeadOfEducation)
}

// permit turns an authorisation answer into an error for op: the check's
// own failure, ErrForbidden when refused, or nil.
func permit(ok bool, err error) func(op string) error {
	return func(op string) error {
		switch {
		case err != nil:
			return fmt.Errorf("%s: %w", op, err)
		case !ok:
			return deny(op)
		}
		return nil
	}
}

// deny is the error for a refused request; it says nothing about whether
// the target exists.
func deny(op string) error { return fmt.Errorf("%s: %w", op, ErrForbidden) }

// hide turns "not found" into "forbidden" for a caller who may not learn
// whether the target exists, and makes every refusal of op the same error,
// deny(op), whatever check refused it: a refusal's text must not tell a
// target that exists from one that does not.
func hide(op string, c *work, err error) error {
	if errors.Is(err, ErrForbidden) || (errors.Is(err, ErrNotFound) && !c.readsEveryone()) {
		return deny(op)
	}
	return fmt.Errorf("%s: %w", op, err)
}
