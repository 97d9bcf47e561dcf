package report_test

import (
	"context"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
	"github.com/cpdkit/cpdkit/demo"
	"github.com/cpdkit/cpdkit/presets"
)

const org = "demo"

// on is the day the test organisations are generated for and reported on.
var on = date.New(2026, 11, 25)

// letta loads the LETTA reference policy from package presets.
func letta(t testing.TB) compliance.Policy {
	t.Helper()
	p, err := presets.Load("letta")
	require.NoError(t, err)
	return p
}

// fixture is a generated organisation loaded into a Service, with its budget.
type fixture struct {
	org   demo.Org
	svc   *cpd.Service
	dir   *memory.Directory
	store *memory.Store
}

func newDemo(t testing.TB, people int) *fixture {
	t.Helper()
	pol := letta(t)
	o := demo.Generate(demo.Options{People: people, Seed: 42, On: on, Policy: pol, Budget: true})
	dir := memory.NewDirectory()
	for _, id := range o.Identities {
		dir.Set(org, id)
	}
	day := on
	money := demo.BudgetPolicy()
	store := memory.New()
	svc, err := cpd.New(store, dir, pol, &cpd.Options{
		Now: func() time.Time { return day.Midnight().Add(12 * time.Hour) }, Location: time.UTC, Budget: &money})
	require.NoError(t, err)
	require.NoError(t, o.Load(context.Background(), svc, org, nil))
	require.NoError(t, o.LoadBudget(context.Background(), svc, org, func(d date.Date) { day = d }, nil))
	return &fixture{org: o, svc: svc, dir: dir, store: store}
}

// as returns a context acting as person in the demo organisation.
func as(person string) context.Context {
	return cpd.WithActor(context.Background(), cpd.Actor{Org: org, Person: person})
}
