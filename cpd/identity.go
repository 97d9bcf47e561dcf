package cpd

import (
	"context"
	"slices"
)

// Actor is the person acting: who is calling the Service, and in which
// organisation. The embedding system authenticates them and puts the Actor
// in the context with WithActor.
type Actor struct {
	Org    string
	Person string
}

type actorKey struct{}

// WithActor returns a context that carries the actor.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the context's actor, or false.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok && a.Org != "" && a.Person != ""
}

// Directory answers who holds which organisational role and who manages
// whom, from the embedding system's own accounts. It is the port an HR
// system implements; adapters/memory has one for tests and examples,
// StoredDirectory answers from the stored people for a standalone use, and
// adapters/directorytest is the conformance suite every Directory runs.
// Whichever it is, it is the one source of a person's roles and line
// manager (see Person.Roles).
//
// The Service does not take the actor's organisation on trust: it uses an
// identity only if its Org and Person are the organisation and person it
// asked about, and treats any other answer as "not found". A Directory
// must therefore fill Identity.Org from its own records of who belongs
// where, never by echoing its org argument.
type Directory interface {
	// Lookup returns the person's identity in the organisation, or an
	// error wrapping ErrNotFound if the organisation has no such person
	// (including a person of another organisation).
	Lookup(ctx context.Context, org, person string) (Identity, error)
}

// Identity is what the Directory knows of a person.
type Identity struct {
	// Org is the organisation the person belongs to, by the Directory's
	// own records.
	Org    string
	Person string
	// Roles are the person's organisational roles, each a named Role: an
	// identity with any other value is the Directory's failure
	// (ErrDirectory), not a person without that role.
	Roles       []Role
	LineManager string
}

// Has reports whether the identity holds any of the roles.
func (id Identity) Has(roles ...Role) bool {
	return slices.ContainsFunc(id.Roles, func(r Role) bool { return slices.Contains(roles, r) })
}
