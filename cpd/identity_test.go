package cpd_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// careless is a Directory that ignores the organisation it is asked
// about and answers from org-a's people.
type careless struct{ cpd.Directory }

func (d careless) Lookup(ctx context.Context, _, person string) (cpd.Identity, error) {
	return d.Directory.Lookup(ctx, org, person)
}

// TestServiceChecksTheDirectorysOrganisation checks the Service does not
// trust the actor's organisation: an identity the Directory gives must
// say it belongs to the organisation asked about, so that org-a's head,
// through a Directory that ignores its org argument, neither reads nor
// changes org-b.
func TestServiceChecksTheDirectorysOrganisation(t *testing.T) {
	f := newFixture(t)
	svc, err := cpd.New(f.store, careless{f.dir}, f.policy, nil)
	require.NoError(t, err)
	intruder := asOther("head")
	_, err = svc.Staff.Person(intruder, "olga")
	require.ErrorIs(t, err, cpd.ErrForbidden)
	_, err = svc.Activities.Activities(intruder, "olga")
	require.ErrorIs(t, err, cpd.ErrForbidden)
	_, err = svc.Activities.Request(intruder, course("olga"))
	require.ErrorIs(t, err, cpd.ErrForbidden)

	_, err = svc.Staff.Person(as("head"), "tina")
	require.NoError(t, err, "org-a's head still acts in org-a")
}

// broken is a Directory whose lookups of one person fail, as an HR
// system's might on a row it cannot read (a role it does not know).
type broken struct {
	cpd.Directory
	person string
}

func (d broken) Lookup(ctx context.Context, o, person string) (cpd.Identity, error) {
	if person == d.person {
		return cpd.Identity{}, fmt.Errorf("hr row %s: role %q: %w", person, "wizard", cpd.ErrInvalid)
	}
	return d.Directory.Lookup(ctx, o, person)
}

// TestFailedLookupsRevealNothing checks a Directory's failure to look a
// colleague up reaches no caller: whoever needed the lookup to be allowed
// is refused exactly as if they were not (fail closed), the roles that need
// no lookup are served, and a failure to look up the actor is
// ErrDirectory, never the Directory's own classification (a bad role
// name is not the caller's bad input).
func TestFailedLookupsRevealNothing(t *testing.T) {
	f := newFixture(t)
	svc, err := cpd.New(f.store, broken{f.dir, "tina"}, f.policy, nil)
	require.NoError(t, err)
	refusal := func(actor, person string) string {
		_, err := svc.Staff.Person(as(actor), person)
		require.ErrorIs(t, err, cpd.ErrForbidden, "%s reads %s", actor, person)
		require.NotErrorIs(t, err, cpd.ErrInvalid)
		return strings.ReplaceAll(err.Error(), person, "ID")
	}
	require.Equal(t, refusal("pete", "nobody"), refusal("pete", "tina"))
	require.Equal(t, refusal("pete", "nobody"), refusal("mgr", "tina"), "her manager cannot be told apart from anyone else")
	_, err = svc.Staff.Person(as("head"), "tina")
	require.NoError(t, err)

	_, err = svc.Staff.Person(as("tina"), "tina")
	require.ErrorIs(t, err, cpd.ErrDirectory)
	require.NotErrorIs(t, err, cpd.ErrInvalid)
	var de *cpd.DirectoryError
	require.ErrorAs(t, err, &de)
	require.ErrorIs(t, de.Err, cpd.ErrInvalid, "the Directory's error is kept for the logs")
}

// TestListsOfSomeoneWhoDoesNotExist checks every list of a person's
// records says ErrNotFound for a person who does not exist, to the roles
// that read everyone (and ErrForbidden to the rest), as the Service's
// documentation says, and an empty list for someone with no records.
func TestListsOfSomeoneWhoDoesNotExist(t *testing.T) {
	f := newMoneyFixture(t)
	lists := map[string]func(ctx context.Context, person string) error{
		"Activities": func(ctx context.Context, p string) error { _, err := f.svc.Activities.Activities(ctx, p); return err },
		"Claims":     func(ctx context.Context, p string) error { _, err := f.svc.Budgets.Claims(ctx, p); return err },
		"LogSubmissions": func(ctx context.Context, p string) error {
			_, err := f.svc.Appraisals.LogSubmissions(ctx, p)
			return err
		},
		"OneToOnes": func(ctx context.Context, p string) error { _, err := f.svc.Appraisals.OneToOnes(ctx, p); return err },
		"PIPs":      func(ctx context.Context, p string) error { _, err := f.svc.Appraisals.PIPs(ctx, p); return err },
		"Targets":   func(ctx context.Context, p string) error { _, err := f.svc.Appraisals.Targets(ctx, p); return err },
		"Unread":    func(ctx context.Context, p string) error { _, err := f.svc.Development.Unread(ctx, p); return err },
		"Cycle": func(ctx context.Context, p string) error {
			_, err := f.svc.Appraisals.Cycle(ctx, p, "2026/27")
			return err
		},
	}
	for name, list := range lists {
		t.Run(name, func(t *testing.T) {
			require.ErrorIs(t, list(as("head"), "nobody"), cpd.ErrNotFound)
			require.ErrorIs(t, list(as("tina"), "nobody"), cpd.ErrForbidden)
			require.NoError(t, list(as("head"), "pete"))
		})
	}
}

// TestLookupRefusesRoleWithoutName checks an identity whose roles include
// a value that is not a role is the Directory's failure, not an identity
// with that role silently left out: the actor's calls are ErrDirectory,
// and as a colleague they are someone the Directory cannot answer for.
func TestLookupRefusesRoleWithoutName(t *testing.T) {
	f := newFixture(t)
	f.dir.Set(org, cpd.Identity{Person: "tina", Roles: []cpd.Role{cpd.RoleStaff, cpd.Role(99)}, LineManager: "mgr"})
	_, err := f.svc.Staff.Person(as("tina"), "tina")
	require.ErrorIs(t, err, cpd.ErrDirectory)
	var de *cpd.DirectoryError
	require.ErrorAs(t, err, &de)
	require.ErrorIs(t, de.Err, cpd.ErrInvalid, "the reason is kept for the logs")
	_, err = f.svc.Staff.Person(as("mgr"), "tina")
	require.ErrorIs(t, err, cpd.ErrForbidden, "her manager cannot be told so by an identity the Service refuses")
	_, err = f.svc.Staff.Person(as("head"), "tina")
	require.NoError(t, err)
}
