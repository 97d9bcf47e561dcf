package sqlstore_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestMigrationsDown: every migration's Down runs, on both databases.
// Going down to the first schema and up again keeps the records and
// events (each Down after the first builds its tables again, as its Up
// did), and the store then works; going down to nothing drops cpdkit's
// tables.
func TestMigrationsDown(t *testing.T) {
	for _, db := range []database{{"SQLiteFile", sqliteFile}, {"Postgres", freshSchema}} {
		t.Run(db.name, func(t *testing.T) {
			ctx := t.Context()
			dsn := db.dsn(t)
			s := open(t, dsn, nil)
			a1 := cpd.Record{Kind: cpd.KindActivity, ID: "a1", Owner: "p-ada", State: "completed", Data: []byte(`{"hours":"1.5"}`)}
			require.NoError(t, s.Update(ctx, "org-a", func(tx cpd.Tx) error {
				_, err := tx.Put(ctx, a1, bulkChange)
				return err
			}))
			raw := rawDB(t, dsn)
			d := sqlstore.Postgres
			if db.name != "Postgres" {
				d = sqlstore.SQLite
			}
			p, err := sqlstore.Migrator(raw, d)
			require.NoError(t, err)

			_, err = p.DownTo(ctx, 1)
			require.NoError(t, err)
			_, err = p.Up(ctx)
			require.NoError(t, err)
			a1.Version = 1
			require.NoError(t, s.View(ctx, "org-a", func(tx cpd.Tx) error {
				got, err := tx.Get(ctx, a1.Kind, a1.ID)
				require.NoError(t, err)
				require.Equal(t, a1, got)
				evs, err := tx.Events(ctx, cpd.EventQuery{ID: a1.ID})
				require.NoError(t, err)
				require.Len(t, evs, 1)
				require.Equal(t, a1.Data, evs[0].After)
				return nil
			}))
			require.NoError(t, s.Update(ctx, "org-a", func(tx cpd.Tx) error {
				_, err := tx.Put(ctx, a1, bulkChange)
				return err
			}), "the store works on the schema built again")

			_, err = p.DownTo(ctx, 0)
			require.NoError(t, err)
			query := "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename IN ('orgs', 'records', 'events')"
			if d == sqlstore.SQLite {
				query = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('orgs', 'records', 'events')"
			}
			var tables int
			require.NoError(t, raw.QueryRowContext(ctx, query).Scan(&tables))
			require.Zero(t, tables, "no table of cpdkit's is left")
		})
	}
}
