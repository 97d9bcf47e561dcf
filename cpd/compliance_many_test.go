package cpd_test

import (
	"context"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestComplianceOfManyIsComplianceOfEach: the compliance of many people
// is, for each, what Compliance says and, when no minimum of hours counts
// for them, what their CPD record says, each person once and in ID order; a person whose evidence does not decode is left
// out and the record listed, while an activity of theirs not needed for
// the evaluation is only listed with them, as their record lists it.
func TestComplianceOfManyIsComplianceOfEach(t *testing.T) {
	// The minimum of hours is for teachers: a tutor's hours come from
	// their record.
	pol := testPolicy()
	for i := range pol.Requirements {
		if pol.Requirements[i].Kind == compliance.MinimumHours {
			pol.Requirements[i].AppliesTo = compliance.Scope{JobRoles: []string{"teacher"}}
		}
	}
	f := newFixtureWith(t, pol)
	tutor := []cpd.Role{cpd.RoleStaff}
	f.dir.Set(org, cpd.Identity{Person: "tutor", Roles: tutor, LineManager: "head"})
	f.addPerson(t, org, cpd.Person{ID: "tutor", Name: "tutor", JobRole: "tutor", Roles: tutor, LineManager: "head"})
	for _, a := range []cpd.Activity{done("tina", date.New(2026, 10, 2), "safeguarding"), done("tina", date.New(2025, 10, 2), "prevent"),
		done("pete", date.New(2026, 11, 2), "safeguarding"), done("tutor", date.New(2026, 10, 2), "safeguarding"),
		done("tutor", date.New(2025, 10, 2), "prevent")} {
		_, err := f.svc.Activities.RecordCompleted(as(a.Person), a)
		require.NoError(t, err)
	}
	_, err := f.svc.Activities.Request(as("tutor"), course("tutor"))
	require.NoError(t, err)
	ctx := context.Background()
	err = f.store.Update(ctx, org, func(tx cpd.Tx) error {
		for _, r := range []cpd.Record{
			{Kind: cpd.KindActivity, ID: "bad-open", Owner: "tutor", State: cpd.Requested.String(), Data: []byte(`{"title": `)},
			{Kind: cpd.KindActivity, ID: "bad-done", Owner: "pete", State: cpd.Completed.String(), Data: []byte(`{"topics": 7}`)},
		} {
			if _, err := tx.Put(ctx, r, cpd.Change{Actor: "dba", Action: "hand edit", At: fixedNow}); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(t, err)

	got, err := f.svc.Compliance.ComplianceOfMany(as("head"), []string{"tina", "tutor", "head", "pete", "tina"})
	require.NoError(t, err)
	var want []cpd.PersonCompliance
	for _, id := range []string{"head", "tina", "tutor"} {
		res, err := f.svc.Compliance.Compliance(as("head"), id)
		require.NoError(t, err)
		rec, err := f.svc.Activities.Record(as("head"), id)
		require.NoError(t, err)
		pc := cpd.PersonCompliance{Person: id, Result: res}
		if !minimumCounts(res) {
			pc.Hours, pc.Unreadable = rec.Hours, rec.Unreadable
		}
		want = append(want, pc)
	}
	require.Equal(t, want, got.People, "each person as Compliance and Record say")
	require.True(t, minimumCounts(got.People[1].Result), "a minimum counts for tina")
	require.False(t, minimumCounts(got.People[2].Result), "no minimum counts for the tutor")
	require.Len(t, got.People[2].Hours, 2, "the tutor's hours of two years")
	require.Len(t, got.People[2].Unreadable, 1, "the tutor's unreadable request")
	_, err = f.svc.Compliance.Compliance(as("head"), "pete")
	require.ErrorIs(t, err, cpd.ErrUnreadable)
	require.Len(t, got.Unreadable, 1)
	require.Equal(t, [2]string{"activity", "bad-done"}, [2]string{string(got.Unreadable[0].Kind), got.Unreadable[0].ID})
}

// TestComplianceOfManyWhoMay: a line manager may ask for their reports,
// the roles that read everyone for anyone; a refusal is the same whether
// the person refused exists or not, and reads nothing.
func TestComplianceOfManyWhoMay(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		by     string
		people []string
		want   error
	}{
		{"mgr", []string{"tina", "mgr"}, nil},
		{"audrey", []string{"tina", "pete", "head"}, nil},
		{"tina", []string{"tina"}, nil},
		{"tina", []string{"tina", "pete"}, cpd.ErrForbidden},
		{"mgr", []string{"tina", "pete"}, cpd.ErrForbidden},
		{"mgr", []string{"tina", "nobody"}, cpd.ErrForbidden},
		{"head", []string{"tina", "nobody"}, cpd.ErrNotFound},
	}
	for _, tc := range tests {
		rc := newReadCounter(f.store)
		_, err := f.service(t, rc).Compliance.ComplianceOfMany(as(tc.by), tc.people)
		if tc.want == nil {
			require.NoError(t, err, "%s %v", tc.by, tc.people)
			continue
		}
		require.ErrorIs(t, err, tc.want, "%s %v", tc.by, tc.people)
		if tc.want == cpd.ErrForbidden {
			require.Equal(t, "compliance of many people: "+cpd.ErrForbidden.Error(), err.Error())
			require.Empty(t, rc.of(cpd.KindActivity), "%s %v", tc.by, tc.people)
		}
	}
	_, err := f.svc.Compliance.ComplianceOfMany(context.Background(), []string{"tina"})
	require.ErrorIs(t, err, cpd.ErrNoActor)
}

// minimumCounts reports whether a minimum of hours counts for the person
// evaluated.
func minimumCounts(res compliance.Result) bool {
	for _, it := range res.Items {
		if it.Requirement.Kind == compliance.MinimumHours && it.Status.Counts() {
			return true
		}
	}
	return false
}
