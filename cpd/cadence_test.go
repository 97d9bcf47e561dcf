package cpd_test

import (
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// cadencePolicy has AVCT's cadences: the CPD log every two months, the
// annual appraisal and an interim review every year for everyone, and the
// organisation's monthly review of its improvement plan for the head of
// education.
func cadencePolicy() compliance.Policy {
	every := func(id, topic, p string, scope compliance.Scope) compliance.Requirement {
		return compliance.Requirement{ID: id, Name: id, Kind: compliance.Submission, Topics: []string{topic}, Every: period.MustParse(p), AppliesTo: scope}
	}
	return compliance.Policy{ID: "cadence", AcademicYearStart: compliance.MonthDay{Month: 8, Day: 1}, Requirements: []compliance.Requirement{
		every("cpd-log", "cpd-log", "P2M", compliance.Scope{}),
		every("appraisal", cpd.AppraisalTopic, "P1Y", compliance.Scope{}),
		every("interim-review", cpd.InterimReviewTopic, "P1Y", compliance.Scope{}),
		every("qip-review", cpd.PlanReviewTopic, "P1M", compliance.Scope{Roles: []string{"head_of_education"}}),
	}}
}

// TestAppraisalCadence: AVCT L50, professional development is monitored
// through "interim Appraisal review, annual appraisal during annual
// Self-assessment" (and LETTA L37, "Staff professional learning needs are
// formally reviewed annually as part of the appraisal process"). A missing
// appraisal is an item and an alert like any other requirement; a CPD log
// submission does not stand in for it; a signed-off annual appraisal meets
// it from the day it was held, and the person's stored status follows the
// sign-off.
func TestAppraisalCadence(t *testing.T) {
	f := newFixtureWith(t, cadencePolicy())
	statusOf := func(req string) compliance.Status {
		t.Helper()
		view, err := f.svc.Compliance.OrgCompliance(as("head"))
		require.NoError(t, err)
		for _, row := range view.Rows {
			if row.Person == "tina" {
				for _, it := range row.Items {
					if it.Requirement == req {
						return it.Status
					}
				}
			}
		}
		t.Fatalf("no %s item for tina", req)
		return 0
	}
	require.Equal(t, compliance.Missing, statusOf("appraisal"))
	alerts, err := f.svc.Compliance.Alerts(as("tina"), "tina", 30)
	require.NoError(t, err)
	require.Contains(t, briefs(alerts), brief{"appraisal", cpd.LogDue, date.New(2021, 8, 31)}, "a cadence, due a year after starting")

	_, err = f.svc.Appraisals.SubmitLog(as("tina"), appraisal.LogSubmission{Person: "tina", Progress: "on track"})
	require.NoError(t, err)
	require.Equal(t, compliance.Compliant, statusOf("cpd-log"))
	require.Equal(t, compliance.Missing, statusOf("appraisal"), "a CPD log is not an appraisal")

	tg, err := f.svc.Appraisals.SetTarget(as("mgr"), appraisal.Target{Title: "Questioning", Source: appraisal.FromAppraisal, Owner: "tina",
		Set: date.New(2026, 9, 20), Due: date.New(2027, 3, 31)})
	require.NoError(t, err)
	r, err := f.svc.Appraisals.RecordReview(as("mgr"), appraisal.Review{Person: "tina", Kind: appraisal.Annual, Held: date.New(2026, 9, 20), Targets: []string{tg.ID}})
	require.NoError(t, err)
	_, err = f.svc.Appraisals.SignReview(as("mgr"), r.ID)
	require.NoError(t, err)
	require.Equal(t, compliance.Missing, statusOf("appraisal"), "not signed off yet")
	_, err = f.svc.Appraisals.SignReview(as("tina"), r.ID)
	require.NoError(t, err)
	require.Equal(t, compliance.Compliant, statusOf("appraisal"))
	require.Equal(t, compliance.Missing, statusOf("interim-review"), "an annual appraisal is not an interim review")
	res, err := f.svc.Compliance.Compliance(as("tina"), "tina")
	require.NoError(t, err)
	it, _ := res.Item("appraisal")
	require.Equal(t, date.New(2027, 9, 19), it.ValidUntil)
}

// TestPlanReviewCadence: AVCT L50, "monthly review of quality improvement
// planning". The organisation's review is one record, evidence for
// everyone the requirement applies to (the head of education here), and
// recording it refreshes their stored status; a review of one area is not
// the organisation's.
func TestPlanReviewCadence(t *testing.T) {
	f := newFixtureWith(t, cadencePolicy())
	statusOf := func(person string) compliance.Status {
		t.Helper()
		view, err := f.svc.Compliance.OrgCompliance(as("head"))
		require.NoError(t, err)
		for _, row := range view.Rows {
			if row.Person == person {
				for _, it := range row.Items {
					if it.Requirement == "qip-review" {
						return it.Status
					}
				}
			}
		}
		t.Fatalf("no qip-review item for %s", person)
		return 0
	}
	require.Equal(t, compliance.Missing, statusOf("head"))
	require.Equal(t, compliance.NotApplicable, statusOf("tina"))

	_, err := f.svc.Appraisals.RecordPlanReview(as("tina"), "", "")
	require.ErrorIs(t, err, cpd.ErrForbidden)
	_, err = f.svc.Appraisals.RecordPlanReview(as("audrey"), "", "")
	require.ErrorIs(t, err, cpd.ErrForbidden)

	f.dir.Set(org, cpd.Identity{Person: "mgr", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}, LineManager: "head"})
	_, err = f.svc.Appraisals.RecordPlanReview(as("head"), "maths", "maths targets on track")
	require.NoError(t, err)
	require.Equal(t, compliance.Missing, statusOf("head"), "an area's review is not the organisation's")

	pr, err := f.svc.Appraisals.RecordPlanReview(as("head"), "", "targets on track")
	require.NoError(t, err)
	require.Equal(t, cpd.PlanReviewRecord{ID: pr.ID, Month: date.New(2026, 11, 1), Held: date.New(2026, 11, 25), HeldBy: "head", Notes: "targets on track"}, pr)
	require.Equal(t, compliance.Compliant, statusOf("head"))
	res, err := f.svc.Compliance.Compliance(as("head"), "head")
	require.NoError(t, err)
	it, _ := res.Item("qip-review")
	require.Equal(t, date.New(2026, 12, 24), it.ValidUntil, "the next is due within the month")
}

// TestPenPortraitKeptUpdated: AVCT L56, the pen portrait "is completed
// during the induction process and updated as additional skills and
// training is accumulated". Its first capture meets the induction
// requirement; each update (its Updated day, or its capture until it is
// updated) meets a cadence requirement on PenPortraitUpdateTopic, a yearly
// review in the AVCT preset. A CPD log does not stand in for it.
func TestPenPortraitKeptUpdated(t *testing.T) {
	policy := compliance.Policy{ID: "pp", AcademicYearStart: compliance.MonthDay{Month: 8, Day: 1}, Requirements: []compliance.Requirement{
		{ID: "induction-pen-portrait", Name: "Pen portrait", Kind: compliance.OneOffTraining, Topics: []string{cpd.PenPortraitTopic}},
		{ID: "pen-portrait-review", Name: "Pen portrait kept up to date", Kind: compliance.Submission, Topics: []string{cpd.PenPortraitUpdateTopic}, Every: period.MustParse("P1Y")},
		{ID: "cpd-log", Name: "CPD log", Kind: compliance.Submission, Every: period.MustParse("P2M")},
	}}
	f := newFixtureWith(t, policy)
	item := func(id string) compliance.Item {
		t.Helper()
		res, err := f.svc.Compliance.Compliance(as("admin"), "tina")
		require.NoError(t, err)
		it, _ := res.Item(id)
		return it
	}
	_, err := f.svc.Staff.UpdatePenPortrait(as("tina"), "tina", cpd.PenPortrait{Summary: "Maths", Updated: date.New(2024, 9, 10)})
	require.NoError(t, err)
	_, err = f.svc.Appraisals.SubmitLog(as("tina"), appraisal.LogSubmission{Person: "tina", Progress: "on track"})
	require.NoError(t, err)
	require.Equal(t, compliance.Compliant, item("induction-pen-portrait").Status)
	require.Equal(t, compliance.Overdue, item("pen-portrait-review").Status, "not updated since 2024")
	require.Equal(t, date.New(2025, 9, 9), item("pen-portrait-review").ValidUntil)

	_, err = f.svc.Staff.UpdatePenPortrait(as("tina"), "tina", cpd.PenPortrait{Summary: "Maths; GCSE resit lead"})
	require.NoError(t, err)
	require.Equal(t, compliance.Compliant, item("pen-portrait-review").Status)
	require.Equal(t, date.New(2027, 11, 24), item("pen-portrait-review").ValidUntil)
	require.Equal(t, date.New(2024, 9, 10), item("induction-pen-portrait").Evidence.Date, "the first capture still dates the induction item")
}
