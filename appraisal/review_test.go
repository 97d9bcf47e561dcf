package appraisal_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
)

// review is a valid, unsigned annual appraisal of tina by mgr.
func review() appraisal.Review {
	return appraisal.Review{
		ID: "r1", Person: "tina", Appraiser: "mgr", Kind: appraisal.Annual, Year: "2026/27", Held: day(2026, 9, 20),
		Targets: []string{"t1", "t2"},
		Plan: []appraisal.Need{
			{Title: "Questioning techniques", Target: "t1", Kind: "internal_course", Aspect: "training_for_job", Hours: hours("3")},
			{Title: "Leadership course", Aspirational: true, Kind: "external_course", Aspect: "career_progression", Hours: hours("12")},
		},
	}
}

func TestReviewValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*appraisal.Review)
		want  error
		field string
	}{
		{"valid", func(*appraisal.Review) {}, nil, ""},
		{"no person", func(r *appraisal.Review) { r.Person = "" }, appraisal.ErrInvalid, "person"},
		{"no appraiser", func(r *appraisal.Review) { r.Appraiser = "" }, appraisal.ErrInvalid, "appraiser"},
		{"appraising oneself", func(r *appraisal.Review) { r.Appraiser = "tina" }, appraisal.ErrInvalid, "appraiser"},
		{"no kind", func(r *appraisal.Review) { r.Kind = 0 }, appraisal.ErrInvalid, "kind"},
		{"no day", func(r *appraisal.Review) { r.Held = 0 }, appraisal.ErrInvalid, "held"},
		{"annual without targets", func(r *appraisal.Review) { r.Targets, r.Plan = nil, r.Plan[1:] }, appraisal.ErrInvalid, "targets"},
		{"interim without targets", func(r *appraisal.Review) { r.Kind, r.Targets, r.Plan = appraisal.Interim, nil, r.Plan[1:] }, nil, ""},
		{"no year", func(r *appraisal.Review) { r.Year = "" }, appraisal.ErrInvalid, "year"},
		{"year not a label", func(r *appraisal.Review) { r.Year = "2026-27" }, appraisal.ErrInvalid, "year"},
		{"year with letters", func(r *appraisal.Review) { r.Year = "20x6/27" }, appraisal.ErrInvalid, "year"},
		{"year not consecutive", func(r *appraisal.Review) { r.Year = "2026/28" }, appraisal.ErrInvalid, "year"},
		{"century year", func(r *appraisal.Review) { r.Year = "2099/00" }, nil, ""},
		{"empty target", func(r *appraisal.Review) { r.Targets = []string{"t1", ""} }, appraisal.ErrInvalid, "targets[1]"},
		{"target twice", func(r *appraisal.Review) { r.Targets = []string{"t1", "t1"} }, appraisal.ErrInvalid, "targets"},
		{"need without title", func(r *appraisal.Review) { r.Plan[0].Title = "" }, appraisal.ErrInvalid, "plan[0].title"},
		{"need neither linked nor aspirational", func(r *appraisal.Review) { r.Plan[0].Target = "" }, appraisal.ErrInvalid, "plan[0].target"},
		{"aspirational need with a target", func(r *appraisal.Review) { r.Plan[1].Target = "t2" }, appraisal.ErrInvalid, "plan[1].target"},
		{"need for a target not in the review", func(r *appraisal.Review) { r.Plan[0].Target = "t9" }, appraisal.ErrInvalid, "plan[0].target"},
		{"need without kind", func(r *appraisal.Review) { r.Plan[0].Kind = "" }, appraisal.ErrInvalid, "plan[0].kind"},
		{"need without aspect", func(r *appraisal.Review) { r.Plan[1].Aspect = "" }, appraisal.ErrInvalid, "plan[1].aspect"},
		{"need with negative hours", func(r *appraisal.Review) { r.Plan[0].Hours = hours("-1") }, appraisal.ErrInvalid, "plan[0].hours"},
		{"activity before sign-off", func(r *appraisal.Review) { r.Plan[0].Activity = "a1" }, appraisal.ErrInvalid, "plan[0].activity"},
		{"signature by someone else", func(r *appraisal.Review) {
			r.AppraiserSigned = &appraisal.Signature{By: "head", On: day(2026, 9, 21)}
		}, appraisal.ErrInvalid, "appraiser_signed.by"},
		{"signature before the review", func(r *appraisal.Review) {
			r.AppraiseeSigned = &appraisal.Signature{By: "tina", On: day(2026, 9, 1)}
		}, appraisal.ErrInvalid, "appraisee_signed.on"},
		{"undated signature", func(r *appraisal.Review) { r.AppraiseeSigned = &appraisal.Signature{By: "tina"} }, appraisal.ErrInvalid, "appraisee_signed.on"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := review()
			tc.edit(&r)
			wantErr(t, r.Validate(), tc.want, tc.field)
		})
	}
}

func TestReviewSign(t *testing.T) {
	signed := func(by string, on date.Date) *appraisal.Signature { return &appraisal.Signature{By: by, On: on} }
	tests := []struct {
		name      string
		appraiser *appraisal.Signature
		appraisee *appraisal.Signature
		person    string
		on        date.Date
		want      error
		field     string
		stage     string
	}{
		{"appraiser signs first", nil, nil, "mgr", day(2026, 9, 21), nil, "", "appraiser_signed"},
		{"appraisee signs first", nil, nil, "tina", day(2026, 9, 21), nil, "", "appraisee_signed"},
		{"second signature signs off", signed("mgr", day(2026, 9, 21)), nil, "tina", day(2026, 9, 22), nil, "", "signed_off"},
		{"nobody signs for someone else", nil, nil, "head", day(2026, 9, 21), appraisal.ErrNotSignatory, "", "draft"},
		{"signing twice", signed("mgr", day(2026, 9, 21)), nil, "mgr", day(2026, 9, 22), appraisal.ErrDuplicate, "", "appraiser_signed"},
		{"signed off already", signed("mgr", day(2026, 9, 21)), signed("tina", day(2026, 9, 21)), "tina", day(2026, 9, 22), appraisal.ErrSignedOff, "", "signed_off"},
		{"before the review", nil, nil, "tina", day(2026, 9, 19), appraisal.ErrInvalid, "on", "draft"},
		{"undated", nil, nil, "tina", 0, appraisal.ErrInvalid, "on", "draft"},
		{"nobody", nil, nil, "", day(2026, 9, 21), appraisal.ErrInvalid, "by", "draft"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := review()
			r.AppraiserSigned, r.AppraiseeSigned = tc.appraiser, tc.appraisee
			wantErr(t, r.Sign(tc.person, tc.on), tc.want, tc.field)
			require.Equal(t, tc.stage, r.Stage())
			require.NoError(t, r.Validate(), "a review stays valid")
		})
	}
}

func TestReviewAmend(t *testing.T) {
	mgrSigned := &appraisal.Signature{By: "mgr", On: day(2026, 9, 21)}
	tinaSigned := &appraisal.Signature{By: "tina", On: day(2026, 9, 21)}
	summary := func(s string) func(appraisal.Review) appraisal.Review {
		return func(r appraisal.Review) appraisal.Review { r.Summary = s; return r }
	}
	tests := []struct {
		name      string
		appraisee *appraisal.Signature
		appraiser *appraisal.Signature
		next      func(appraisal.Review) appraisal.Review
		want      error
		field     string
		summary   string // afterwards
		stage     string // afterwards
	}{
		{"draft", nil, nil, summary("agreed"), nil, "", "agreed", "draft"},
		{"one signature is cleared", nil, mgrSigned, summary("changed"), nil, "", "changed", "draft"},
		{"invalid amendment changes nothing", nil, mgrSigned, func(r appraisal.Review) appraisal.Review {
			r.Summary, r.Plan[0].Target = "changed", "t9"
			return r
		}, appraisal.ErrInvalid, "plan[0].target", "", "appraiser_signed"},
		{"signed off", tinaSigned, mgrSigned, summary("changed"), appraisal.ErrSignedOff, "", "", "signed_off"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := review()
			r.AppraiseeSigned, r.AppraiserSigned = tc.appraisee, tc.appraiser
			wantErr(t, r.Amend(tc.next(review())), tc.want, tc.field)
			require.Equal(t, tc.summary, r.Summary)
			require.Equal(t, tc.stage, r.Stage())
		})
	}
}

func TestCycleAdd(t *testing.T) {
	interim := func(id string) appraisal.Review {
		r := review()
		r.ID, r.Kind, r.Held = id, appraisal.Interim, day(2027, 2, 10)
		return r
	}
	tests := []struct {
		name     string
		existing []appraisal.Review
		add      func() appraisal.Review
		want     error
		field    string
	}{
		{"first annual", nil, review, nil, ""},
		{"interim after annual", []appraisal.Review{review()}, func() appraisal.Review { return interim("r2") }, nil, ""},
		{"two interims", []appraisal.Review{review(), interim("r2")}, func() appraisal.Review { return interim("r3") }, nil, ""},
		{"second annual", []appraisal.Review{review()}, func() appraisal.Review { r := review(); r.ID = "r2"; return r }, appraisal.ErrDuplicate, ""},
		{"another person", nil, func() appraisal.Review { r := review(); r.Person = "pete"; return r }, appraisal.ErrInvalid, "person"},
		{"another year", nil, func() appraisal.Review { r := review(); r.Year = "2027/28"; return r }, appraisal.ErrInvalid, "year"},
		{"invalid review", nil, func() appraisal.Review { r := review(); r.Held = 0; return r }, appraisal.ErrInvalid, "held"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := appraisal.Cycle{Person: "tina", Year: "2026/27", Reviews: tc.existing}
			err := c.Add(tc.add())
			wantErr(t, err, tc.want, tc.field)
		})
	}
}

func TestCycleAnnualAndInterims(t *testing.T) {
	c := appraisal.Cycle{Person: "tina", Year: "2026/27"}
	require.Nil(t, c.Annual())
	i1 := review()
	i1.ID, i1.Kind = "r0", appraisal.Interim
	require.NoError(t, c.Add(i1))
	require.NoError(t, c.Add(review()))
	require.Equal(t, "r1", c.Annual().ID)
	if d := cmp.Diff([]appraisal.Review{i1}, c.Interims()); d != "" {
		t.Errorf("interims (-want +got):\n%s", d)
	}
}

func TestCheckNeed(t *testing.T) {
	tests := []struct {
		name  string
		need  appraisal.Need
		want  error
		field string
	}{
		{"linked", appraisal.Need{Title: "n", Target: "t1", Kind: "coaching", Aspect: "training_for_job"}, nil, ""},
		{"aspirational", appraisal.Need{Title: "n", Aspirational: true, Kind: "coaching", Aspect: "career_progression"}, nil, ""},
		{"unknown target", appraisal.Need{Title: "n", Target: "t2", Kind: "coaching", Aspect: "training_for_job"}, appraisal.ErrInvalid, "target"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantErr(t, appraisal.CheckNeed(tc.need, []string{"t1"}), tc.want, tc.field)
		})
	}
}
