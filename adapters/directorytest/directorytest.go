// Package directorytest is the conformance suite for cpd.Directory
// implementations: the promises the Service relies on when it asks who
// someone is. An adapter runs it from its own tests:
//
//	func TestDirectory(t *testing.T) {
//		directorytest.Run(t, directorytest.Harness{New: func(t *testing.T, ids []cpd.Identity) cpd.Directory {
//			d := memory.NewDirectory()
//			for _, id := range ids {
//				d.Set(id.Org, id)
//			}
//			return d
//		}})
//	}
//
// Each behaviour is its own subtest, on a Directory made afresh for it.
package directorytest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cpdkit/cpdkit/cpd"
)

// The organisations the suite's people belong to. A Directory that serves
// one organisation serves OrgA.
const (
	OrgA = "directorytest-a"
	OrgB = "directorytest-b"
)

// Harness is what Run needs of an adapter.
type Harness struct {
	// New returns a Directory holding exactly the identities given, each
	// a person of the organisation its Org names, with the roles and line
	// manager it gives.
	New func(t *testing.T, ids []cpd.Identity) cpd.Directory
	// OneOrg is set for a Directory that serves a single organisation,
	// OrgA: New is then given identities of OrgA only, and the suite
	// checks that it answers for no other organisation.
	OneOrg bool
}

// people is the suite's directory: in OrgA, a head of education, a line
// manager and her report; in OrgB, another head of education and a
// person whose ID is also one of OrgA's.
func people(oneOrg bool) []cpd.Identity {
	ids := []cpd.Identity{
		{Org: OrgA, Person: "head", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleHeadOfEducation}},
		{Org: OrgA, Person: "mgr", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}, LineManager: "head"},
		{Org: OrgA, Person: "tina", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "mgr"},
	}
	if !oneOrg {
		ids = append(ids,
			cpd.Identity{Org: OrgB, Person: "boss", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleHeadOfEducation}},
			cpd.Identity{Org: OrgB, Person: "tina", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}, LineManager: "boss"})
	}
	return ids
}

// Run runs the conformance suite against the Directories h makes.
func Run(t *testing.T, h Harness) {
	t.Helper()
	if h.New == nil {
		t.Fatal("directorytest: Harness.New is required")
	}
	ids := people(h.OneOrg)
	fresh := func(t *testing.T) cpd.Directory {
		t.Helper()
		d := h.New(t, slices.Clone(ids))
		if d == nil {
			t.Fatal("directorytest: Harness.New returned nil")
		}
		return d
	}
	t.Run("LookupReturnsTheIdentity", func(t *testing.T) {
		d := fresh(t)
		for _, want := range ids {
			got, err := d.Lookup(context.Background(), want.Org, want.Person)
			if err != nil {
				t.Fatalf("Lookup(%s, %s): %v", want.Org, want.Person, err)
			}
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Lookup(%s, %s) (-want +got):\n%s", want.Org, want.Person, diff)
			}
		}
	})
	t.Run("UnknownPersonIsNotFound", func(t *testing.T) {
		d := fresh(t)
		requireNotFound(t, d, OrgA, "nobody")
		requireNotFound(t, d, OrgA, "")
	})
	t.Run("AnotherOrganisationsPersonIsNotFound", func(t *testing.T) {
		d := fresh(t)
		requireNotFound(t, d, "directorytest-unknown", "head")
		requireNotFound(t, d, "", "head")
		if !h.OneOrg {
			requireNotFound(t, d, OrgB, "head")
			requireNotFound(t, d, OrgA, "boss")
		}
	})
	if !h.OneOrg {
		t.Run("OneIDInTwoOrganisations", func(t *testing.T) {
			d := fresh(t)
			a, errA := d.Lookup(context.Background(), OrgA, "tina")
			b, errB := d.Lookup(context.Background(), OrgB, "tina")
			if err := errors.Join(errA, errB); err != nil {
				t.Fatalf("Lookup tina: %v", err)
			}
			if a.Org != OrgA || b.Org != OrgB || a.LineManager != "mgr" || b.LineManager != "boss" {
				t.Errorf("tina of each organisation: got %+v and %+v", a, b)
			}
		})
	}
	t.Run("RolesAreTheCallersCopy", func(t *testing.T) {
		d := fresh(t)
		got, err := d.Lookup(context.Background(), OrgA, "head")
		if err != nil {
			t.Fatalf("Lookup: %v", err)
		}
		got.Roles[0] = cpd.RoleAuditor
		again, err := d.Lookup(context.Background(), OrgA, "head")
		if err != nil {
			t.Fatalf("Lookup again: %v", err)
		}
		if again.Roles[0] != cpd.RoleStaff {
			t.Errorf("changing a returned identity's roles changed the Directory's: %v", again.Roles)
		}
	})
	t.Run("CancelledContext", func(t *testing.T) {
		d := fresh(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := d.Lookup(ctx, OrgA, "head"); !errors.Is(err, context.Canceled) {
			t.Errorf("Lookup with a cancelled context: got %v, want an error wrapping context.Canceled", err)
		}
	})
}

// requireNotFound fails unless looking the person up in org fails with
// an error wrapping cpd.ErrNotFound.
func requireNotFound(t *testing.T, d cpd.Directory, org, person string) {
	t.Helper()
	id, err := d.Lookup(context.Background(), org, person)
	if !errors.Is(err, cpd.ErrNotFound) {
		t.Errorf("Lookup(%q, %q) = %+v, %v; want an error wrapping cpd.ErrNotFound", org, person, id, err)
	}
}
