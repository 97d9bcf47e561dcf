package cpd_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// standalone builds a Service whose Directory is its own stored people,
// seeded with a head of education by a Service whose Directory knows only
// them (the one way in before anyone is stored).
func standalone(t *testing.T) (*cpd.Service, *memory.Store) {
	t.Helper()
	store := memory.New()
	opts := &cpd.Options{Now: func() time.Time { return fixedNow }, Location: time.UTC}
	seedDir := memory.NewDirectory()
	seedDir.Set(org, cpd.Identity{Person: "head", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleHeadOfEducation}})
	seed, err := cpd.New(store, seedDir, testPolicy(), opts)
	require.NoError(t, err)
	_, err = seed.Staff.AddPerson(as("head"), staffer("head", ""))
	require.NoError(t, err)
	svc, err := cpd.New(store, cpd.StoredDirectory(store), testPolicy(), opts)
	require.NoError(t, err)
	return svc, store
}

// staffer is a valid person with a line manager.
func staffer(id, manager string, roles ...cpd.Role) cpd.Person {
	return cpd.Person{ID: id, Name: id, JobRole: "teacher", Roles: roles, LineManager: manager,
		Employment: compliance.Employed, Start: date.New(2020, 9, 1), FTE: decimal.NewFromInt(1)}
}

// TestStoredDirectorySettingALineManagerGivesTheRight: with the stored
// people as the Directory, UpdatePerson's line manager is what lets a
// manager read a report and approve their requests, and taking it away
// takes the right away.
func TestStoredDirectorySettingALineManagerGivesTheRight(t *testing.T) {
	svc, _ := standalone(t)
	_, err := svc.Staff.AddPerson(as("head"), staffer("mgr", "head", cpd.RoleStaff, cpd.RoleLineManager))
	require.NoError(t, err)
	tina, err := svc.Staff.AddPerson(as("head"), staffer("tina", "", cpd.RoleStaff))
	require.NoError(t, err)
	req, err := svc.Activities.Request(as("tina"), course("tina"))
	require.NoError(t, err)

	_, err = svc.Staff.Person(as("mgr"), "tina")
	require.ErrorIs(t, err, cpd.ErrForbidden, "mgr is nobody's line manager yet")
	_, err = svc.Activities.Approve(as("mgr"), req.ID)
	require.ErrorIs(t, err, cpd.ErrForbidden)

	tina.LineManager = "mgr"
	tina, err = svc.Staff.UpdatePerson(as("head"), tina)
	require.NoError(t, err)
	_, err = svc.Staff.Person(as("mgr"), "tina")
	require.NoError(t, err, "setting the line manager on the record gives the right to read")
	_, err = svc.Activities.Approve(as("mgr"), req.ID)
	require.NoError(t, err, "and to approve")

	tina.LineManager = "head"
	_, err = svc.Staff.UpdatePerson(as("head"), tina)
	require.NoError(t, err)
	_, err = svc.Staff.Person(as("mgr"), "tina")
	require.ErrorIs(t, err, cpd.ErrForbidden, "moving tina to another manager takes the right away")
}

// TestStoredDirectoryRolesGiveRights: a role set on the stored record is
// what the person may do.
func TestStoredDirectoryRolesGiveRights(t *testing.T) {
	svc, _ := standalone(t)
	admin, err := svc.Staff.AddPerson(as("head"), staffer("admin", "head", cpd.RoleStaff))
	require.NoError(t, err)
	_, err = svc.Staff.AddPerson(as("admin"), staffer("pete", "head", cpd.RoleStaff))
	require.ErrorIs(t, err, cpd.ErrForbidden)
	admin.Roles = append(admin.Roles, cpd.RoleAdministrator)
	_, err = svc.Staff.UpdatePerson(as("head"), admin)
	require.NoError(t, err)
	_, err = svc.Staff.AddPerson(as("admin"), staffer("pete", "head", cpd.RoleStaff))
	require.NoError(t, err, "the administrator role on the record lets admin add people")
}

// TestStoredDirectoryAgreesWithTheRecord: what the stored Directory says
// of a person is their record's roles and line manager, whatever was
// written, so the two cannot disagree.
func TestStoredDirectoryAgreesWithTheRecord(t *testing.T) {
	svc, store := standalone(t)
	dir := cpd.StoredDirectory(store)
	p, err := svc.Staff.AddPerson(as("head"), staffer("tina", "head", cpd.RoleStaff, cpd.RoleIQA))
	require.NoError(t, err)
	p.Roles, p.LineManager = []cpd.Role{cpd.RoleStaff}, ""
	p, err = svc.Staff.UpdatePerson(as("head"), p)
	require.NoError(t, err)
	id, err := dir.Lookup(context.Background(), org, "tina")
	require.NoError(t, err)
	stored, err := svc.Staff.Person(as("head"), "tina")
	require.NoError(t, err)
	require.Equal(t, cpd.Identity{Org: org, Person: "tina", Roles: stored.Roles, LineManager: stored.LineManager}, id)
	require.Equal(t, p.Roles, stored.Roles)

	_, err = dir.Lookup(context.Background(), otherOrg, "tina")
	require.ErrorIs(t, err, cpd.ErrNotFound, "tina is a person of org only")
}

// TestExternalDirectoryIsCopiedOnWrite: with an embedder's Directory, the
// roles and line manager a caller gives are replaced by the Directory's
// on every write, so a stored person cannot disagree with it; a person
// the Directory does not know is stored with none.
func TestExternalDirectoryIsCopiedOnWrite(t *testing.T) {
	f := newFixture(t)
	p, err := f.svc.Staff.Person(as("head"), "tina")
	require.NoError(t, err)
	p.Roles, p.LineManager = []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}, "pete"
	p, err = f.svc.Staff.UpdatePerson(as("head"), p)
	require.NoError(t, err)
	require.Equal(t, []cpd.Role{cpd.RoleStaff}, p.Roles, "the Directory's roles, not the caller's")
	require.Equal(t, "mgr", p.LineManager, "the Directory's line manager, not the caller's")
	stored, err := f.svc.Staff.Person(as("head"), "tina")
	require.NoError(t, err)
	require.Equal(t, p.Roles, stored.Roles)
	require.Equal(t, "mgr", stored.LineManager)

	// The HR system moves tina to pete: her next write copies it.
	f.dir.Set(org, cpd.Identity{Person: "tina", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "pete"})
	stored, err = f.svc.Staff.UpdatePerson(as("head"), stored)
	require.NoError(t, err)
	require.Equal(t, "pete", stored.LineManager)

	added, err := f.svc.Staff.AddPerson(as("head"), staffer("newbie", "mgr", cpd.RoleHeadOfEducation))
	require.NoError(t, err)
	require.Empty(t, added.Roles, "a person the Directory does not know holds no roles")
	require.Empty(t, added.LineManager)

	res, err := f.svc.Staff.ImportPeople(as("head"), []cpd.Person{staffer("later", "head", cpd.RoleAdministrator)}, nil)
	require.NoError(t, err)
	require.Equal(t, 1, res.Imported)
	imported, err := f.svc.Staff.Person(as("head"), "later")
	require.NoError(t, err)
	require.Empty(t, imported.Roles)
	require.Empty(t, imported.LineManager)
}

// failingDirectory knows the actor and fails for everyone else.
type failingDirectory struct{ actor cpd.Identity }

func (d failingDirectory) Lookup(_ context.Context, org, person string) (cpd.Identity, error) {
	if org == d.actor.Org && person == d.actor.Person {
		return d.actor, nil
	}
	return cpd.Identity{}, errors.New("HR system down")
}

// TestExternalDirectoryFailureStoresNothing: a person whose identity the
// Directory cannot give is not written with the caller's guess.
func TestExternalDirectoryFailureStoresNothing(t *testing.T) {
	store := memory.New()
	svc, err := cpd.New(store, failingDirectory{cpd.Identity{Org: org, Person: "head", Roles: []cpd.Role{cpd.RoleHeadOfEducation}}},
		testPolicy(), &cpd.Options{Now: func() time.Time { return fixedNow }, Location: time.UTC})
	require.NoError(t, err)
	_, err = svc.Staff.AddPerson(as("head"), staffer("tina", "head", cpd.RoleStaff))
	require.ErrorIs(t, err, cpd.ErrDirectory)
	_, err = svc.Staff.Person(as("head"), "tina")
	require.ErrorIs(t, err, cpd.ErrNotFound)
}

// TestStoredDirectoryOverAnotherStoreIsCopied: a StoredDirectory over a
// store other than the Service's is an outside Directory like any other,
// so what the Service writes is copied from it.
func TestStoredDirectoryOverAnotherStoreIsCopied(t *testing.T) {
	_, hr := standalone(t) // hr holds only the head
	store := memory.New()
	svc, err := cpd.New(store, cpd.StoredDirectory(hr), testPolicy(), &cpd.Options{Now: func() time.Time { return fixedNow }, Location: time.UTC})
	require.NoError(t, err)
	head, err := svc.Staff.AddPerson(as("head"), staffer("head", "", cpd.RoleAuditor))
	require.NoError(t, err)
	require.Equal(t, []cpd.Role{cpd.RoleStaff, cpd.RoleHeadOfEducation}, head.Roles, "the other store's record decides")
}

// uncomparableStore is a Store whose values cannot be compared with ==.
type uncomparableStore struct {
	*memory.Store
	_ []int
}

// TestStoredDirectoryOverAnUncomparableStore: a Store type that cannot be
// compared does not panic the Service; it is taken to be another store.
func TestStoredDirectoryOverAnUncomparableStore(t *testing.T) {
	_, hr := standalone(t)
	store := uncomparableStore{Store: hr}
	svc, err := cpd.New(store, cpd.StoredDirectory(store), testPolicy(), &cpd.Options{Now: func() time.Time { return fixedNow }, Location: time.UTC})
	require.NoError(t, err)
	p, err := svc.Staff.AddPerson(as("head"), staffer("tina", "head", cpd.RoleIQA))
	require.NoError(t, err)
	require.Empty(t, p.Roles, "tina had no record, so no identity, when she was added")
}

// TestExternalDirectoryIsCopiedOnEveryWrite: the use cases that rewrite a
// stored person for one field (a pen portrait, a resignation) also bring
// the copy of the Directory up to date, so no write keeps a stale one.
func TestExternalDirectoryIsCopiedOnEveryWrite(t *testing.T) {
	f := newFixture(t)
	f.dir.Set(org, cpd.Identity{Person: "tina", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleBudgetHolder}, LineManager: "pete"})
	p, err := f.svc.Staff.UpdatePenPortrait(as("tina"), "tina", cpd.PenPortrait{Summary: "Maths"})
	require.NoError(t, err)
	require.Equal(t, "pete", p.LineManager)
	require.Equal(t, []cpd.Role{cpd.RoleStaff, cpd.RoleBudgetHolder}, p.Roles)

	f.dir.Set(org, cpd.Identity{Person: "tina", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "mgr"})
	_, err = f.svc.Staff.Resign(as("head"), "tina", cpd.Resignation{ResignedOn: date.New(2026, 11, 20), Leaving: date.New(2026, 12, 31)})
	require.NoError(t, err)
	stored, err := f.svc.Staff.Person(as("head"), "tina")
	require.NoError(t, err)
	require.Equal(t, "mgr", stored.LineManager)
	require.Equal(t, []cpd.Role{cpd.RoleStaff}, stored.Roles)
}
