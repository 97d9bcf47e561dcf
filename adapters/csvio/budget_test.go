package csvio_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/csvio"
	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// withBudget is an organisation with a year's budget (maths and English
// lines held by the lead, a mandatory-training line held by the
// administrator) and four funded requests: one approved and committed,
// one completed and claimed under its estimate, one claimed late, and one
// still waiting for the head of education.
func withBudget(t *testing.T) *cpd.Service {
	t.Helper()
	day := date.New(2026, 9, 1)
	money := budget.Policy{
		ID: "money", Currency: budget.GBP, Budget: budget.Setting{AllocatedBy: budget.RoleHeadOfEducation},
		Rules: []budget.Rule{{ID: "costs", When: budget.Condition{CostOver: budget.MustParse("GBP 0")},
			Approvers: []budget.Role{budget.RoleBudgetHolder, budget.RoleHeadOfEducation}, Ordered: true}},
		Claims: budget.ClaimRules{Approver: budget.RoleBudgetHolder, DueWithin: period.MustParse("P1M")},
	}
	dir := memory.NewDirectory()
	ids := 0
	svc, err := cpd.New(memory.New(), dir, testPolicy(), &cpd.Options{
		Now: func() time.Time { return day.Midnight().Add(10 * time.Hour) }, Location: time.UTC, Budget: &money,
		NewID: func() string { ids++; return fmt.Sprintf("r%02d", ids) }})
	require.NoError(t, err)
	staff := []cpd.Person{
		{ID: "head", Name: "Head of Education", JobRole: "manager", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleHeadOfEducation}},
		{ID: "admin", Name: "Administrator", JobRole: "administrator", LineManager: "head", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator, cpd.RoleBudgetHolder}},
		{ID: "lead", Name: "Lead", JobRole: "teacher", Team: "maths", LineManager: "head", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager, cpd.RoleBudgetHolder}},
		{ID: "tina", Name: "Teacher", JobRole: "teacher", Team: "maths", LineManager: "lead", Roles: []cpd.Role{cpd.RoleStaff}},
		{ID: "ed", Name: "English Tutor", JobRole: "tutor", Team: "english", LineManager: "lead", Roles: []cpd.Role{cpd.RoleStaff}},
	}
	for i := range staff {
		p := &staff[i]
		p.Employment, p.Start, p.FTE = compliance.Employed, date.New(2020, 9, 1), decimal.NewFromInt(1)
		dir.Set(org, cpd.Identity{Person: p.ID, Roles: p.Roles, LineManager: p.LineManager})
	}
	_, err = svc.Staff.ImportPeople(as("head"), staff, nil)
	require.NoError(t, err)
	_, err = svc.Budgets.AllocateBudget(as("head"), budget.Budget{ID: "b-2026-27", Year: "2026/27", Currency: budget.GBP, Lines: []budget.Line{
		{ID: "maths", Name: "Maths", Kind: budget.SubjectLine, Holder: "lead", Amount: budget.MustParse("GBP 1200")},
		{ID: "english", Name: "English", Kind: budget.SubjectLine, Holder: "lead", Amount: budget.MustParse("GBP 800")},
		{ID: "mandatory", Name: "Mandatory training", Kind: budget.MandatoryLine, Holder: "admin", Amount: budget.MustParse("GBP 400")},
	}})
	require.NoError(t, err)
	request := func(person, line, fee string, kind cpd.ActivityKind, aspect cpd.Aspect, start date.Date, approvers ...string) string {
		a, err := svc.Activities.Request(as(person), cpd.Activity{Person: person, Title: "Course", Kind: kind, Aspect: aspect,
			Necessity: cpd.Necessary, Source: cpd.Appraisal, Hours: decimal.NewFromInt(6), Start: start,
			Funding: &cpd.Funding{Budget: "b-2026-27", Line: line, Costs: budget.Costs{Items: []budget.Cost{{Kind: budget.Fee, Amount: budget.MustParse("GBP " + fee)}}}}})
		require.NoError(t, err)
		for _, by := range approvers {
			_, err := svc.Activities.Approve(as(by), a.ID)
			require.NoError(t, err)
		}
		return a.ID
	}
	claim := func(id, person, amount string, on date.Date) {
		day = on
		c, err := svc.Budgets.SubmitClaim(as(person), id, []budget.Cost{{Kind: budget.Fee, Amount: budget.MustParse("GBP " + amount)}}, true)
		require.NoError(t, err)
		_, err = svc.Budgets.ApproveClaim(as("lead"), c.ID)
		require.NoError(t, err)
	}
	complete := func(id, person string, on date.Date) {
		day = on
		_, err := svc.Activities.Complete(as(person), id, cpd.Completion{On: on, Hours: decimal.NewFromInt(6), Evidence: "certificate"})
		require.NoError(t, err)
	}
	day = date.New(2026, 9, 10)
	claimed := request("tina", "maths", "250.00", cpd.ExternalCourse, cpd.TrainingForJob, date.New(2026, 10, 1), "lead", "head")
	late := request("ed", "english", "120.50", cpd.Conference, cpd.CareerProgression, date.New(2026, 9, 20), "lead", "head")
	complete(late, "ed", date.New(2026, 9, 20))
	complete(claimed, "tina", date.New(2026, 10, 1))
	claim(claimed, "tina", "230.00", date.New(2026, 10, 5))
	claim(late, "ed", "120.50", date.New(2026, 11, 2))
	day = date.New(2026, 11, 10)
	request("tina", "maths", "99.99", cpd.Webinar, cpd.KeepingUpToDate, date.New(2027, 1, 15), "lead", "head")
	request("ed", "english", "300.00", cpd.ExternalCourse, cpd.TrainingForJob, date.New(2027, 2, 1), "lead")
	day = date.New(2026, 11, 25)
	return svc
}

func TestExportBudgetGolden(t *testing.T) {
	svc := withBudget(t)
	var b bytes.Buffer
	require.NoError(t, csvio.ExportBudget(as("head"), &b, svc, "b-2026-27", nil))
	golden(t, "budget.csv", b.Bytes())
	rows, err := readAll(b.String())
	require.NoError(t, err)
	sections := map[string]int{}
	for _, r := range rows[1:] {
		sections[r[3]]++
	}
	require.Equal(t, map[string]int{"line": 3, "total": 1, "aspect": 3, "kind": 3, "person": 2, "waiting": 1, "late_claim": 1}, sections)
}

func TestExportBudgetRefused(t *testing.T) {
	svc := withBudget(t)
	tests := []struct {
		name, actor, id string
		want            error
	}{
		{"teacher", "tina", "b-2026-27", cpd.ErrForbidden},
		{"unknown budget", "head", "nope", cpd.ErrNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			require.ErrorIs(t, csvio.ExportBudget(as(tc.actor), &b, svc, tc.id, nil), tc.want)
			require.Zero(t, b.Len(), "nothing is written")
		})
	}
}
