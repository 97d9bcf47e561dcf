package cpd_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/cpd"
)

// hugeFee is the fee of issue 11: it once parsed, but its own text did
// not, so a record holding it no longer decodes.
const hugeFee = "10000000000000000000000000000000000000.00"

// storeUnreadable writes, past the Service, an activity of person's on
// budget whose fee does not read back, as a cpdkit without bounds could
// have stored it.
func (f *fixture) storeUnreadable(t *testing.T, id, person, budgetID string) {
	t.Helper()
	a := paid(person, "100")
	a.ID, a.State, a.Funding.Budget = id, cpd.Requested, budgetID
	data, err := json.Marshal(a)
	require.NoError(t, err)
	data = []byte(strings.Replace(string(data), `"amount":"100.00"`, `"amount":"`+hugeFee+`"`, 1))
	require.Contains(t, string(data), hugeFee)
	err = f.store.Update(context.Background(), org, func(tx cpd.Tx) error {
		_, err := tx.Put(context.Background(), cpd.Record{Kind: cpd.KindActivity, ID: id, Owner: person,
			State: cpd.Requested.String(), Data: data}, cpd.Change{Actor: "dba", Action: "hand edit", At: fixedNow})
		return err
	})
	require.NoError(t, err)
}

// TestUnreadableElsewhere: an activity that does not decode, on another
// budget, concerns none of the organisation's reports; the views of its
// person show what they can and name it.
func TestUnreadableElsewhere(t *testing.T) {
	f := newMoneyFixture(t)
	f.approveAll(t, f.request(t, paid("tina", "250")).ID, "holder", "head")
	target, err := f.svc.Appraisals.SetTarget(as("head"), appraisal.Target{Title: "Maths pass rate", Source: appraisal.ImprovementPlanning,
		Area: "maths", Owner: "tina", Due: date.New(2027, 7, 1)})
	require.NoError(t, err)
	f.storeUnreadable(t, "bad-1", "pete", "2025-26")

	rep, err := f.svc.Budgets.BudgetReport(as("head"), "2026-27")
	require.NoError(t, err, "BudgetReport")
	require.Empty(t, rep.Unreadable, "an activity on another budget is not this report's concern")
	require.NoError(t, f.svc.Budgets.CheckBooks(as("head"), "2026-27"), "CheckBooks")
	_, err = f.svc.Appraisals.ImprovementPlanReview(as("head"), date.New(2026, 11, 25), "")
	require.NoError(t, err, "ImprovementPlanReview (target %s)", target.ID)
	_, err = f.svc.Activities.Activities(as("tina"), "tina")
	require.NoError(t, err, "another person's activities")

	rec, err := f.svc.Activities.Record(as("head"), "pete")
	require.NoError(t, err, "Record")
	require.Len(t, rec.Unreadable, 1)
	require.Equal(t, []string{"activity", "bad-1"}, []string{string(rec.Unreadable[0].Kind), rec.Unreadable[0].ID})
	require.NotEmpty(t, rec.Unreadable[0].Reason)

	sar, err := f.svc.Staff.SubjectAccess(as("admin"), "pete")
	require.NoError(t, err, "SubjectAccess")
	var x cpd.Export
	require.NoError(t, json.Unmarshal(sar, &struct {
		Unreadable *[]cpd.Unreadable `json:"unreadable"`
		Records    *[]cpd.ExportedRecord
	}{&x.Unreadable, &x.Records}))
	require.Len(t, x.Unreadable, 1)
	require.Contains(t, string(sar), hugeFee, "the export holds the record as stored")

	_, err = f.svc.Activities.Activities(as("pete"), "pete")
	require.ErrorIs(t, err, cpd.ErrUnreadable, "the view that needs the record fails, naming it")
	require.Contains(t, err.Error(), "bad-1")
	_, err = f.svc.Staff.Resign(as("head"), "pete", cpd.Resignation{ResignedOn: date.New(2026, 11, 1), Leaving: date.New(2026, 12, 1)})
	require.ErrorIs(t, err, cpd.ErrUnreadable, "a resignation cannot settle an activity it cannot read")
	require.Contains(t, err.Error(), "bad-1")
}

// TestUnreadablePerson: a person's record that does not decode leaves
// them out of the organisation's compliance view, which names it, and
// everyone else in.
func TestUnreadablePerson(t *testing.T) {
	f := newFixture(t)
	before, err := f.svc.Compliance.OrgCompliance(as("head"))
	require.NoError(t, err)
	for _, kind := range []cpd.Kind{cpd.KindStatus, cpd.KindPerson} { // a bad status alone is re-evaluated
		err := f.store.Update(context.Background(), org, func(tx cpd.Tx) error {
			r, err := tx.Get(context.Background(), kind, "pete")
			if err != nil {
				return err
			}
			r.Data = []byte(`{"fte": "1e999999"`)
			_, err = tx.Put(context.Background(), r, cpd.Change{Actor: "dba", Action: "hand edit", At: fixedNow})
			return err
		})
		require.NoError(t, err)
	}
	v, err := f.svc.Compliance.OrgCompliance(as("head"))
	require.NoError(t, err)
	require.Len(t, v.Rows, len(before.Rows)-1)
	require.Len(t, v.Unreadable, 1)
	require.Equal(t, []string{"person", "pete"}, []string{string(v.Unreadable[0].Kind), v.Unreadable[0].ID})
}

// TestUnreadableOnBudget: an activity that does not decode, on the budget
// reported on, is listed by BudgetReport, and CheckBooks, which cannot
// prove the books without it, fails naming it.
func TestUnreadableOnBudget(t *testing.T) {
	f := newMoneyFixture(t)
	f.approveAll(t, f.request(t, paid("tina", "250")).ID, "holder", "head")
	f.storeUnreadable(t, "bad-1", "pete", "2026-27")

	rep, err := f.svc.Budgets.BudgetReport(as("head"), "2026-27")
	require.NoError(t, err)
	require.Len(t, rep.Unreadable, 1)
	require.Equal(t, "bad-1", rep.Unreadable[0].ID)
	require.Equal(t, "GBP 250.00", rep.Total.Committed.String(), "the readable activities are reported")

	err = f.svc.Budgets.CheckBooks(as("head"), "2026-27")
	require.ErrorIs(t, err, cpd.ErrUnreadable)
	require.Contains(t, err.Error(), "bad-1")
}

// TestUnreadableForecast: a person whose record does not decode, or one
// of whose open activities does not, is left out of the forecast, which
// names the record, and everyone else is forecast as before.
func TestUnreadableForecast(t *testing.T) {
	without := func(fc cpd.Forecast, people ...string) []cpd.Lapse {
		var out []cpd.Lapse
		for _, l := range fc.Lapses {
			if !slices.Contains(people, l.Person) {
				out = append(out, l)
			}
		}
		return out
	}
	f := forecastFixture(t)
	q := cpd.ForecastQuery{To: date.New(2027, 1, 31)}
	before, err := f.svc.Compliance.Forecast(as("head"), q)
	require.NoError(t, err)
	require.Empty(t, before.Unreadable)
	require.NotEmpty(t, without(before, "pete", "tina"), "others have lapses to compare")

	f.storeUnreadable(t, "bad-1", "pete", "2026-27")
	err = f.store.Update(context.Background(), org, func(tx cpd.Tx) error {
		r, err := tx.Get(context.Background(), cpd.KindPerson, "tina")
		if err != nil {
			return err
		}
		r.Data = []byte(`{"fte": "1e999999"`)
		_, err = tx.Put(context.Background(), r, cpd.Change{Actor: "dba", Action: "hand edit", At: fixedNow})
		return err
	})
	require.NoError(t, err)

	fc, err := f.svc.Compliance.Forecast(as("head"), q)
	require.NoError(t, err, "one bad record does not take the forecast down")
	var got [][2]string
	for _, u := range fc.Unreadable {
		got = append(got, [2]string{string(u.Kind), u.ID})
		require.NotEmpty(t, u.Reason)
	}
	require.ElementsMatch(t, [][2]string{{"activity", "bad-1"}, {"person", "tina"}}, got)
	require.Equal(t, without(before, "pete", "tina"), fc.Lapses, "everyone else is forecast as before")
	for _, l := range slices.Concat(fc.Lapses, fc.Covered, fc.Outstanding) {
		require.NotContains(t, []string{"pete", "tina"}, l.Person, "a person who cannot be read is left out")
	}
}

// TestUnreadableEvidence: a done activity that does not decode fails the
// evaluation that needs it with ErrUnreadable, naming it, so that the
// views over many people (the forecast) can leave its person out and
// carry on.
func TestUnreadableEvidence(t *testing.T) {
	f := forecastFixture(t)
	err := f.store.Update(context.Background(), org, func(tx cpd.Tx) error {
		_, err := tx.Put(context.Background(), cpd.Record{Kind: cpd.KindActivity, ID: "bad-done", Owner: "pete",
			State: cpd.Completed.String(), Data: []byte(`{"title": `)}, cpd.Change{Actor: "dba", Action: "hand edit", At: fixedNow})
		return err
	})
	require.NoError(t, err)

	_, err = f.svc.Compliance.Compliance(as("head"), "pete")
	require.ErrorIs(t, err, cpd.ErrUnreadable)
	var de *cpd.DecodeError
	require.ErrorAs(t, err, &de)
	require.Equal(t, []string{"activity", "bad-done"}, []string{string(de.Kind), de.ID})

	fc, err := f.svc.Compliance.Forecast(as("head"), cpd.ForecastQuery{To: date.New(2027, 1, 31)})
	require.NoError(t, err)
	require.Len(t, fc.Unreadable, 1)
	require.Equal(t, "bad-done", fc.Unreadable[0].ID)
}
