package sqlstore_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestDomainChecks: the schema refuses negative hours, an FTE outside
// (0, 1] and negative money or money without a currency code in the
// ledger, whatever writes the record, naming the constraint, and keeps
// nothing of it; a record of another kind with the same data is not
// checked. A refused Put fails its Update, as any database error does; a
// refused PutMany leaves the transaction usable, as its contract says.
func TestDomainChecks(t *testing.T) {
	tests := []struct {
		name       string
		kind       cpd.Kind
		data       string
		constraint string // "" when the record is valid
	}{
		{"hours", cpd.KindActivity, `{"hours":"1.5"}`, ""},
		{"zero hours", cpd.KindActivity, `{"hours":"0"}`, ""},
		{"no hours", cpd.KindActivity, `{"title":"t"}`, ""},
		{"negative hours", cpd.KindActivity, `{"hours":"-0.25"}`, "records_activity_hours_check"},
		{"negative hours of another kind", cpd.KindTarget, `{"hours":"-1"}`, ""},
		{"full time", cpd.KindPerson, `{"fte":"1"}`, ""},
		{"part time", cpd.KindPerson, `{"fte":"0.4"}`, ""},
		{"no time", cpd.KindPerson, `{"fte":"0"}`, "records_person_fte_check"},
		{"over full time", cpd.KindPerson, `{"fte":"1.2"}`, "records_person_fte_check"},
		{"an FTE that is no number", cpd.KindPerson, `{"fte":"NaN"}`, "records_person_fte_check"},
		{"an endless FTE", cpd.KindPerson, `{"fte":"Infinity"}`, "records_person_fte_check"},
		{"no FTE", cpd.KindPerson, `{"name":"n"}`, ""},
		{"entry", cpd.KindLedgerEntry, `{"amount":{"amount":"12.50","currency":"GBP"},"settles":null}`, ""},
		{"negative entry", cpd.KindLedgerEntry, `{"amount":{"amount":"-12.50","currency":"GBP"}}`, "records_ledger_entry_amount_check"},
		{"entry without a currency", cpd.KindLedgerEntry, `{"amount":{"amount":"12.50","currency":""}}`, "records_ledger_entry_amount_check"},
		{"entry in a lowercase currency", cpd.KindLedgerEntry, `{"amount":{"amount":"1.00","currency":"gbp"}}`, "records_ledger_entry_amount_check"},
		{"negative settlement", cpd.KindLedgerEntry, `{"amount":{"amount":"1.00","currency":"GBP"},"settles":{"amount":"-1.00","currency":"GBP"}}`, "records_ledger_entry_amount_check"},
		{"account", cpd.KindAccount, `{"allocated":{"amount":"100.00","currency":"GBP"},"committed":{"amount":"20.00","currency":"GBP"},"spent":null}`, ""},
		{"overcommitted account", cpd.KindAccount, `{"committed":{"amount":"-20.00","currency":"GBP"}}`, "records_budget_account_money_check"},
		{"overspent account", cpd.KindAccount, `{"spent":{"amount":"-0.01","currency":"GBP"}}`, "records_budget_account_money_check"},
		{"allocation without a currency", cpd.KindAccount, `{"allocated":{"amount":"100.00"}}`, "records_budget_account_money_check"},
		{"commitment without an amount", cpd.KindAccount, `{"committed":{"currency":"GBP"}}`, "records_budget_account_money_check"},
		{"entry without an amount", cpd.KindLedgerEntry, `{"amount":{"currency":"GBP"}}`, "records_ledger_entry_amount_check"},
	}
	const org = "org-checks"
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			s := open(t, db.dsn(t), nil)
			for i, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					id := fmt.Sprintf("r%02d", i)
					r := cpd.Record{Kind: tc.kind, ID: id, Data: []byte(tc.data)}
					err := s.Update(t.Context(), org, func(tx cpd.Tx) error {
						_, err := tx.Put(t.Context(), r, bulkChange)
						return err
					})
					bulk := r
					bulk.ID += "-bulk"
					bulkErr := s.Update(t.Context(), org, func(tx cpd.Tx) error {
						_, err := tx.(cpd.BulkTx).PutMany(t.Context(), []cpd.Record{bulk}, bulkChange)
						if tc.constraint != "" {
							requireConstraint(t, err, tc.constraint)
							_, err = tx.Put(t.Context(), cpd.Record{Kind: cpd.KindTarget, ID: id + "-after", Data: []byte(`{}`)}, bulkChange)
						}
						return err
					})
					require.NoError(t, bulkErr)
					if tc.constraint == "" {
						require.NoError(t, err)
						return
					}
					requireConstraint(t, err, tc.constraint)
					require.NoError(t, s.View(t.Context(), org, func(tx cpd.Tx) error {
						for _, id := range []string{r.ID, bulk.ID} {
							_, err := tx.Get(t.Context(), r.Kind, id)
							require.ErrorIs(t, err, cpd.ErrNotFound, "a refused %s is not kept", id)
						}
						return nil
					}))
				})
			}
		})
	}
}

// requireConstraint checks err is ErrInvalid naming the constraint.
func requireConstraint(t *testing.T, err error, constraint string) {
	t.Helper()
	require.ErrorIs(t, err, cpd.ErrInvalid)
	var dbErr *sqlstore.DBError
	require.True(t, errors.As(err, &dbErr), "%v", err)
	require.Equal(t, constraint, dbErr.Constraint)
}
