package cpd

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// StoredDirectory returns a Directory over the people kept in store: a
// person's identity is their stored record's Roles and LineManager, in
// the organisation whose transaction holds the record. It is the
// Directory of a standalone use, with no HR system of its own: over the
// Service's own store, setting a person's line manager with UpdatePerson
// is what makes that manager their line manager, and their roles are what
// they may do. A person with no record is ErrNotFound. Before anyone is
// stored nobody may act, so the first head of education or administrator
// is added by a Service over a Directory that knows them (such as
// adapters/memory's), which copies their roles into their record.
//
// A Service built over the store it reads keeps Person.Roles and
// Person.LineManager as given: they are the source. Any other Directory
// is the source instead, and the Service copies its answer into every
// person it writes (see Person.Roles).
func StoredDirectory(store Store) Directory { return storedDirectory{store: store} }

// storedDirectory is the Directory StoredDirectory returns.
type storedDirectory struct{ store Store }

// Lookup reads the person's record in the organisation.
func (d storedDirectory) Lookup(ctx context.Context, org, person string) (Identity, error) {
	if err := ctx.Err(); err != nil {
		return Identity{}, fmt.Errorf("stored directory: look up %q in %q: %w", person, org, err)
	}
	if CheckOrg(org) != nil || CheckKey(KindPerson, person, false) != nil {
		return Identity{}, fmt.Errorf("stored directory: look up %q in %q: %w", person, org, ErrNotFound)
	}
	var p Person
	err := d.store.View(ctx, org, func(tx Tx) error {
		_, err := load(ctx, tx, KindPerson, person, &p)
		return err
	})
	if err != nil {
		return Identity{}, fmt.Errorf("stored directory: look up %q in %q: %w", person, org, err)
	}
	return Identity{Org: org, Person: person, Roles: slices.Clone(p.Roles), LineManager: p.LineManager}, nil
}

// sourceOfIdentity reports whether the Service's people are the source of
// identity: whether its Directory is a StoredDirectory over its own store.
func (s *kernel) sourceOfIdentity() bool {
	d, ok := s.dir.(storedDirectory)
	return ok && sameStore(d.store, s.store)
}

// sameStore reports whether a and b are the same store. Stores of a type
// that cannot be compared are taken to differ.
func sameStore(a, b Store) (same bool) {
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return a == b
}

// identityFromDirectory makes p's Roles and LineManager the Directory's,
// as identityOf does. It is called on every write of a person given by
// the caller.
func (s *kernel) identityFromDirectory(ctx context.Context, org string, p *Person) error {
	set, err := s.identityOf(ctx, org, p.ID)
	if err != nil {
		return err
	}
	set(p)
	return nil
}

// identityOf asks the Directory for a person's identity, outside any
// transaction, and returns what makes a Person's Roles and LineManager
// that identity's (none for a person the Directory does not know), so
// that no write of the person can store a copy that disagrees with the
// Directory. When the stored people are themselves the Directory it
// changes nothing: their record is the source.
func (s *kernel) identityOf(ctx context.Context, org, person string) (func(*Person), error) {
	if s.sourceOfIdentity() {
		return func(*Person) {}, nil
	}
	id, err := s.lookup(ctx, org, person)
	switch {
	case errors.Is(err, ErrNotFound):
		id = Identity{}
	case err != nil:
		return nil, err
	}
	return func(p *Person) { p.Roles, p.LineManager = slices.Clone(id.Roles), id.LineManager }, nil
}

// identitiesFromDirectory makes each checked person's Roles and
// LineManager the Directory's, as identityFromDirectory does.
func (s *kernel) identitiesFromDirectory(ctx context.Context, org string, people []indexedPerson) error {
	if s.sourceOfIdentity() {
		return nil
	}
	for i := range people {
		if err := s.identityFromDirectory(ctx, org, &people[i].Person); err != nil {
			return err
		}
	}
	return nil
}
