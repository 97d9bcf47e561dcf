package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
	"github.com/cpdkit/cpdkit/demo"
	"github.com/cpdkit/cpdkit/presets"
)

// preset loads a reference policy from package presets.
func preset(t *testing.T, name string) compliance.Policy {
	t.Helper()
	p, err := presets.Load(name)
	require.NoError(t, err)
	return p
}

var on = date.New(2026, 11, 25)

func TestGenerateIsDeterministic(t *testing.T) {
	pol := preset(t, "letta")
	a := demo.Generate(demo.Options{People: 80, Seed: 7, On: on, Policy: pol})
	b := demo.Generate(demo.Options{People: 80, Seed: 7, On: on, Policy: pol})
	c := demo.Generate(demo.Options{People: 80, Seed: 8, On: on, Policy: pol})
	require.Empty(t, cmp.Diff(a, b), "the same seed gives the same organisation")
	require.NotEmpty(t, cmp.Diff(a, c), "another seed another")
	require.Len(t, a.People, 80)
	require.Len(t, a.Identities, 80)
}

func TestLoadShowsEveryKindOfStatus(t *testing.T) {
	for _, name := range []string{"letta", "avct"} {
		t.Run(name, func(t *testing.T) {
			pol := preset(t, name)
			org := demo.Generate(demo.Options{People: 200, Seed: 1, On: on, Policy: pol})
			dir := memory.NewDirectory()
			for _, id := range org.Identities {
				dir.Set("demo", id)
			}
			svc, err := cpd.New(memory.New(), dir, pol, &cpd.Options{
				Now: func() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) }, Location: time.UTC})
			require.NoError(t, err)
			var last [2]int
			require.NoError(t, org.Load(context.Background(), svc, "demo", func(done, total int) { last = [2]int{done, total} }))
			require.Equal(t, [2]int{len(org.People) + len(org.Completions), len(org.People) + len(org.Completions)}, last)
			v, err := svc.Compliance.OrgCompliance(cpd.WithActor(context.Background(), cpd.Actor{Org: "demo", Person: org.Head}))
			require.NoError(t, err)
			leavers := 0
			for _, r := range v.Rows {
				if r.Leaver {
					leavers++
				}
			}
			require.Positive(t, leavers, "some have left")
			for _, s := range []compliance.Status{compliance.Compliant, compliance.DueSoon, compliance.Pending, compliance.Overdue, compliance.Missing} {
				require.Positive(t, v.Overall.Count(s), "some items are %s", s)
			}
			rate := v.Overall.Rate()
			require.True(t, rate.GreaterThan(decimal.NewFromInt(45)) && rate.LessThan(decimal.NewFromInt(95)),
				"a realistic mix, most items compliant and many not: %s%%", rate)
			t.Logf("%d people, %d completions, overall rate %s%%", len(org.People), len(org.Completions), rate)
		})
	}
}

func TestLoadBudget(t *testing.T) {
	pol := preset(t, "letta")
	org := demo.Generate(demo.Options{People: 150, Seed: 3, On: on, Policy: pol, Budget: true})
	require.NotNil(t, org.Budget)
	require.NotEmpty(t, org.Funded)
	dir := memory.NewDirectory()
	for _, id := range org.Identities {
		dir.Set("demo", id)
	}
	day := on
	money := demo.BudgetPolicy()
	svc, err := cpd.New(memory.New(), dir, pol, &cpd.Options{
		Now: func() time.Time { return day.Midnight().Add(12 * time.Hour) }, Location: time.UTC, Budget: &money})
	require.NoError(t, err)
	require.NoError(t, org.Load(context.Background(), svc, "demo", nil))
	var days []date.Date
	require.NoError(t, org.LoadBudget(context.Background(), svc, "demo", func(d date.Date) { days = append(days, d); day = d }, nil))
	require.Equal(t, on, day, "the clock ends on the organisation's day")
	for i := 1; i < len(days)-1; i++ {
		require.LessOrEqual(t, days[i-1], days[i], "days go forward")
	}
	head := cpd.WithActor(context.Background(), cpd.Actor{Org: "demo", Person: org.Head})
	rep, err := svc.Budgets.BudgetReport(head, org.Budget.ID)
	require.NoError(t, err)
	require.True(t, rep.Total.Spent.IsPositive(), "some courses are claimed: %s", rep.Total.Spent)
	require.True(t, rep.Total.Committed.IsPositive(), "some are still to come: %s", rep.Total.Committed)
	require.NoError(t, svc.Budgets.CheckBooks(head, org.Budget.ID), "the books balance")
	t.Logf("%d funded; spent %s, committed %s of %s", len(org.Funded), rep.Total.Spent, rep.Total.Committed, rep.Total.Allocated)
}
