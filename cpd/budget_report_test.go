package cpd_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/cpd"
)

func TestBudgetReport(t *testing.T) {
	f := newMoneyFixture(t)
	id := f.completedCourse(t) // tina, external course, keeping up to date: GBP 250
	shadow := paid("pete", "80")
	shadow.Kind, shadow.Aspect = cpd.WorkShadowing, cpd.CareerProgression
	f.approveAll(t, f.request(t, shadow).ID, "head") // pete's line manager is the head
	mandatory := paid("tina", "40")
	mandatory.Source, mandatory.Funding.Line, mandatory.Aspect = cpd.Required, "", cpd.Induction
	waitingHead := f.request(t, mandatory).ID
	f.approveAll(t, waitingHead, "admin")
	overnight := paid("pete", "90")
	overnight.Funding.Overnight = true
	waitingMD := f.request(t, overnight).ID
	f.approveAll(t, waitingMD, "holder", "head")
	f.now = time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC)
	late, err := f.svc.Budgets.SubmitClaim(as("tina"), id, []budget.Cost{fee("230")}, true)
	require.NoError(t, err)
	_, err = f.svc.Budgets.ApproveClaim(as("holder"), late.ID)
	require.NoError(t, err)

	rep, err := f.svc.Budgets.BudgetReport(as("trustee"), "2026-27")
	require.NoError(t, err)
	line := func(id, name, holder, al, co, sp, av string) cpd.LineBalance {
		return cpd.LineBalance{Line: id, Name: name, Holder: holder, Allocated: gbp(al), Committed: gbp(co), Spent: gbp(sp), Available: gbp(av)}
	}
	want := []cpd.LineBalance{
		line("english", "English", "holder", "1000", "80", "230", "690"),
		line("maths", "Maths", "mgr", "500", "0", "0", "500"),
		line("mandatory", "Mandatory training", "admin", "300", "0", "0", "300"),
	}
	if d := cmp.Diff(want, rep.Lines); d != "" {
		t.Errorf("lines (-want +got):\n%s", d)
	}
	if d := cmp.Diff(line("total", "", "", "1800", "80", "230", "1490"), rep.Total); d != "" {
		t.Errorf("total (-want +got):\n%s", d)
	}
	spend := func(key string, n int, co, sp string) cpd.Spend {
		return cpd.Spend{Key: key, Activities: n, Committed: gbp(co), Spent: gbp(sp)}
	}
	if d := cmp.Diff([]cpd.Spend{spend("career_progression", 1, "80", "0"), spend("keeping_up_to_date", 1, "0", "230")}, rep.ByAspect); d != "" {
		t.Errorf("by aspect (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]cpd.Spend{spend("external_course", 1, "0", "230"), spend("work_shadowing", 1, "80", "0")}, rep.ByKind); d != "" {
		t.Errorf("by kind (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]cpd.Spend{spend("pete", 1, "80", "0"), spend("tina", 1, "0", "230")}, rep.ByPerson); d != "" {
		t.Errorf("by person (-want +got):\n%s", d)
	}
	wantWaiting := []cpd.Waiting{
		{Role: budget.RoleHeadOfEducation, Activities: []string{waitingHead}},
		{Role: budget.RoleManagingDirector, Activities: []string{waitingMD}},
	}
	if d := cmp.Diff(wantWaiting, rep.Waiting); d != "" {
		t.Errorf("waiting (-want +got):\n%s", d)
	}
	require.Equal(t, []string{late.ID}, rep.LateClaims)
	require.Equal(t, date.New(2027, 1, 5), rep.On)

	t.Run("who may read it", func(t *testing.T) {
		for _, who := range []string{"head", "md", "bm", "trustee", "holder", "audrey"} {
			_, err := f.svc.Budgets.BudgetReport(as(who), "2026-27")
			require.NoError(t, err, who)
		}
		_, err := f.svc.Budgets.BudgetReport(as("pete"), "2026-27")
		require.ErrorIs(t, err, cpd.ErrForbidden)
	})
}
