package cpd_test

import (
	"context"
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
	_, err = svc.Person(intruder, "olga")
	require.ErrorIs(t, err, cpd.ErrForbidden)
	_, err = svc.Activities(intruder, "olga")
	require.ErrorIs(t, err, cpd.ErrForbidden)
	_, err = svc.Request(intruder, course("olga"))
	require.ErrorIs(t, err, cpd.ErrForbidden)

	_, err = svc.Person(as("head"), "tina")
	require.NoError(t, err, "org-a's head still acts in org-a")
}
