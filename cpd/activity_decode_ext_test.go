package cpd_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/cpd"
	"github.com/cpdkit/cpdkit/demo"
	"github.com/cpdkit/cpdkit/presets"
)

// TestReadActivityReadsAGeneratedOrganisation: every activity a generated
// organisation stores, with its budget's requests, approvals, claims and
// amendments, is read by the fast reader itself, and as encoding/json
// reads it.
func TestReadActivityReadsAGeneratedOrganisation(t *testing.T) {
	const org = "demo"
	on := date.New(2026, 11, 25)
	pol, err := presets.Load("letta")
	require.NoError(t, err)
	o := demo.Generate(demo.Options{People: 120, Seed: 11, On: on, Policy: pol, Budget: true})
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
	ctx := context.Background()
	require.NoError(t, o.Load(ctx, svc, org, nil))
	require.NoError(t, o.LoadBudget(ctx, svc, org, func(d date.Date) { day = d }, nil))

	funded, n := 0, 0
	err = store.View(ctx, org, func(tx cpd.Tx) error {
		q := cpd.Query{Limit: cpd.MaxLimit}
		for {
			page, err := tx.List(ctx, cpd.KindActivity, q)
			if err != nil {
				return err
			}
			for _, r := range page.Records {
				var fast, slow cpd.Activity
				require.True(t, cpd.ReadActivity(r.Data, &fast), "the fast reader leaves a stored activity to encoding/json: %s", r.Data)
				require.NoError(t, json.Unmarshal(r.Data, &slow))
				require.Equal(t, slow, fast, "%s", r.Data)
				n++
				if fast.Funding != nil {
					funded++
				}

			}
			if page.Next == "" {
				return nil
			}
			q.After = page.Next
		}
	})
	require.NoError(t, err)
	require.Greater(t, n, 100, "activities read")
	require.Greater(t, funded, 10, "funded activities read")
}
