package cpd_test

import (
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/cpd"
)

func sectorUpdate(a appraisal.Audience) appraisal.Update {
	return appraisal.Update{Kind: appraisal.FundingBody, Issuer: "ESFA", Title: "Funding rules 2026/27",
		Published: date.New(2026, 11, 20), Audience: a, Hours: decimal.RequireFromString("0.5"), Topics: []string{"prevent"}}
}

func TestSendUpdate(t *testing.T) {
	tests := []struct {
		name       string
		by         string
		audience   appraisal.Audience
		want       error
		field      string
		recipients []string
	}{
		{"by job role", "head", appraisal.Audience{JobRoles: []string{"teacher", "assessor"}}, nil, "", []string{"pete", "tina"}},
		{"by team", "admin", appraisal.Audience{Teams: []string{"maths"}}, nil, "", []string{"mgr", "tina"}},
		{"by role", "iqa", appraisal.Audience{Roles: []string{"line_manager", "head_of_education"}}, nil, "", []string{"head", "mgr"}},
		{"everyone", "md", appraisal.Audience{Everyone: true}, nil, "", []string{"admin", "audrey", "head", "iqa", "md", "mgr", "pete", "tina"}},
		{"nobody matches", "head", appraisal.Audience{Teams: []string{"science"}}, cpd.ErrInvalid, "audience", nil},
		{"nobody named", "head", appraisal.Audience{}, cpd.ErrInvalid, "audience", nil},
		{"a role cpd does not have", "iqa", appraisal.Audience{Roles: []string{"line_manager", "head_of_educaton"}}, cpd.ErrInvalid,
			"audience.roles[1]", nil},
		{"not a teacher", "tina", appraisal.Audience{Everyone: true}, cpd.ErrForbidden, "", nil},
		{"not a line manager", "mgr", appraisal.Audience{Everyone: true}, cpd.ErrForbidden, "", nil},
		{"not an auditor", "audrey", appraisal.Audience{Everyone: true}, cpd.ErrForbidden, "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newAppraisalFixture(t)
			before := f.snapshot(t)
			got, err := f.svc.Development.SendUpdate(as(tc.by), sectorUpdate(tc.audience))
			wantErr(t, err, tc.want, tc.field)
			require.Equal(t, tc.recipients, got.Recipients)
			if tc.want != nil {
				require.Equal(t, before, f.snapshot(t), "a refused update changes nothing")
				return
			}
			r, err := f.svc.Development.Readership(as(tc.by), got.ID)
			require.NoError(t, err)
			require.Equal(t, tc.recipients, r.Unread)
		})
	}
}

func TestAcknowledgeUpdate(t *testing.T) {
	f := newAppraisalFixture(t)
	u, err := f.svc.Development.SendUpdate(as("admin"), sectorUpdate(appraisal.Audience{Teams: []string{"maths"}}))
	require.NoError(t, err)
	other, err := f.svc.Development.SendUpdate(as("admin"), sectorUpdate(appraisal.Audience{Teams: []string{"english"}}))
	require.NoError(t, err)

	tests := []struct {
		name string
		by   string
		id   string
		want error
	}{
		{"not a recipient", "pete", u.ID, cpd.ErrForbidden},
		{"not the sender", "admin", u.ID, cpd.ErrForbidden},
		{"an unknown update says nothing", "tina", "missing", cpd.ErrForbidden},
		{"an auditor", "audrey", u.ID, cpd.ErrForbidden},
		{"a recipient", "tina", u.ID, nil},
		{"twice", "tina", u.ID, cpd.ErrConflict},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := f.snapshot(t)
			_, err := f.svc.Development.AcknowledgeUpdate(as(tc.by), tc.id)
			wantErr(t, err, tc.want, "")
			if tc.want != nil {
				require.Equal(t, before, f.snapshot(t), "a refused acknowledgement changes nothing")
			}
		})
	}
	t.Run("the acknowledgement is a short CPD record", func(t *testing.T) {
		acts, err := f.svc.Activities.Activities(as("tina"), "tina")
		require.NoError(t, err)
		require.Len(t, acts, 1)
		a := acts[0]
		require.Equal(t, []any{cpd.SectorUpdate, cpd.Completed, "0.5", date.New(2026, 11, 25), "ESFA", []string{"prevent"}, "Sector update: Funding rules 2026/27"},
			[]any{a.Kind, a.State, a.Hours.String(), a.Completed, a.Provider, a.Topics, a.Title})
		res, err := f.svc.Compliance.Compliance(as("tina"), "tina")
		require.NoError(t, err)
		it, _ := res.Item("prevent")
		require.Equal(t, a.ID, it.Evidence.ID, "its topics feed compliance")
	})
	t.Run("the sender sees who has not yet read it", func(t *testing.T) {
		r, err := f.svc.Development.Readership(as("admin"), u.ID)
		require.NoError(t, err)
		require.Equal(t, 2, r.Recipients)
		require.Equal(t, []string{"mgr"}, r.Unread)
		require.Equal(t, "tina", r.Read[0].Person)
		r, err = f.svc.Development.Readership(as("head"), other.ID)
		require.NoError(t, err)
		require.Equal(t, []string{"pete"}, r.Unread, "receipts of other updates are not mixed in")
	})
	t.Run("who may see readership", func(t *testing.T) {
		for by, want := range map[string]error{"admin": nil, "head": nil, "audrey": nil, "mgr": cpd.ErrForbidden, "tina": cpd.ErrForbidden} {
			_, err := f.svc.Development.Readership(as(by), u.ID)
			wantErr(t, err, want, "")
		}
	})
	t.Run("unread updates", func(t *testing.T) {
		unread, err := f.svc.Development.Unread(as("mgr"), "mgr")
		require.NoError(t, err)
		require.Len(t, unread, 1)
		require.Equal(t, u.ID, unread[0].ID)
		unread, err = f.svc.Development.Unread(as("mgr"), "tina")
		require.NoError(t, err)
		require.Empty(t, unread)
		_, err = f.svc.Development.Unread(as("pete"), "tina")
		require.ErrorIs(t, err, cpd.ErrForbidden)
	})
}

// TestSendUpdateTopicsMeetRequirements: AVCT L54 makes "updating necessary
// training regarding OFSTED and ESFA and Awarding Body guidance" mandatory,
// and an acknowledged update is that training only if its topics meet the
// requirement. An update's topics are what every acknowledgement
// evidences, so a topic that meets no requirement of the policy (a doc
// example copied, a misspelling) is refused when the update is sent,
// naming it, rather than on each recipient's acknowledgement.
func TestSendUpdateTopicsMeetRequirements(t *testing.T) {
	f := newAppraisalFixture(t)
	before := f.snapshot(t)
	u := sectorUpdate(appraisal.Audience{Everyone: true})
	u.Topics = []string{"prevent", "regulator-updates"}
	_, err := f.svc.Development.SendUpdate(as("head"), u)
	wantErr(t, err, cpd.ErrInvalid, "topics[1]")
	require.Equal(t, before, f.snapshot(t), "a refused update changes nothing")
}
