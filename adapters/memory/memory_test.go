package memory_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/adapters/storetest"
	"github.com/cpdkit/cpdkit/cpd"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) cpd.Store { return memory.New() })
}

func TestStoreRejectsEmptyNames(t *testing.T) {
	s := memory.New()
	ctx := t.Context()
	tests := []struct {
		name string
		err  error
	}{
		{"View without org", s.View(ctx, "", func(cpd.Tx) error { return nil })},
		{"Update without org", s.Update(ctx, "", func(cpd.Tx) error { return nil })},
		{"Put without ID", s.Update(ctx, "org", func(tx cpd.Tx) error {
			_, err := tx.Put(ctx, cpd.Record{Kind: cpd.KindPerson, Data: []byte(`{}`)}, cpd.Change{})
			return err
		})},
		{"Put without kind", s.Update(ctx, "org", func(tx cpd.Tx) error {
			_, err := tx.Put(ctx, cpd.Record{ID: "p-1", Data: []byte(`{}`)}, cpd.Change{})
			return err
		})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.ErrorIs(t, tc.err, cpd.ErrInvalid)
		})
	}
}

func TestTxAfterTransaction(t *testing.T) {
	s := memory.New()
	var escaped cpd.Tx
	require.NoError(t, s.Update(t.Context(), "org", func(tx cpd.Tx) error { escaped = tx; return nil }))
	_, err := escaped.Put(t.Context(), cpd.Record{Kind: cpd.KindPerson, ID: "p-1"}, cpd.Change{})
	require.Error(t, err)
	_, err = escaped.Get(t.Context(), cpd.KindPerson, "p-1")
	require.Error(t, err)
	require.NotErrorIs(t, err, cpd.ErrNotFound)
}

func TestDirectory(t *testing.T) {
	d := memory.NewDirectory()
	ada := cpd.Identity{Person: "p-ada", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}}
	bob := cpd.Identity{Person: "p-bob", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "p-ada"}
	d.Set("org-a", ada)
	d.Set("org-a", bob)
	d.Set("org-b", cpd.Identity{Person: "p-ada", Roles: []cpd.Role{cpd.RoleAuditor}})
	ada.Roles[0] = cpd.RoleTrustee // Set copied the roles

	tests := []struct {
		name    string
		org     string
		person  string
		want    cpd.Identity
		wantErr error
	}{
		{"known", "org-a", "p-ada", cpd.Identity{Org: "org-a", Person: "p-ada", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}}, nil},
		{"with manager", "org-a", "p-bob", cpd.Identity{Org: "org-a", Person: "p-bob", Roles: bob.Roles, LineManager: "p-ada"}, nil},
		{"same person in another org", "org-b", "p-ada", cpd.Identity{Org: "org-b", Person: "p-ada", Roles: []cpd.Role{cpd.RoleAuditor}}, nil},
		{"unknown person", "org-a", "p-zed", cpd.Identity{}, cpd.ErrNotFound},
		{"person of another org", "org-b", "p-bob", cpd.Identity{}, cpd.ErrNotFound},
		{"unknown org", "org-c", "p-ada", cpd.Identity{}, cpd.ErrNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := d.Lookup(t.Context(), tc.org, tc.person)
			require.ErrorIs(t, err, tc.wantErr)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Lookup mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDirectoryReplaces(t *testing.T) {
	d := memory.NewDirectory()
	d.Set("org-a", cpd.Identity{Person: "p-ada", Roles: []cpd.Role{cpd.RoleStaff}})
	d.Set("org-a", cpd.Identity{Person: "p-ada", Roles: []cpd.Role{cpd.RoleIQA}})
	got, err := d.Lookup(t.Context(), "org-a", "p-ada")
	require.NoError(t, err)
	got.Roles[0] = cpd.RoleTrustee // Lookup returned a copy
	got, err = d.Lookup(t.Context(), "org-a", "p-ada")
	require.NoError(t, err)
	require.Equal(t, []cpd.Role{cpd.RoleIQA}, got.Roles)
}

// TestOwnerIndexFollowsChanges checks a List by owner after records change
// owner, are deleted, and are written in the same transaction as the List.
func TestOwnerIndexFollowsChanges(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	c := cpd.Change{Actor: "a", Action: "t", At: time.Unix(0, 0).UTC()}
	ids := func(tx cpd.Tx, owner string) []string {
		p, err := tx.List(ctx, cpd.KindActivity, cpd.Query{Owner: owner})
		require.NoError(t, err)
		var out []string
		for _, r := range p.Records {
			out = append(out, r.ID)
		}
		return out
	}
	require.NoError(t, s.Update(ctx, "o", func(tx cpd.Tx) error {
		for _, r := range []cpd.Record{{ID: "a1", Owner: "x"}, {ID: "a2", Owner: "x"}, {ID: "a3", Owner: "y"}} {
			r.Kind, r.Data = cpd.KindActivity, []byte("{}")
			if _, err := tx.Put(ctx, r, c); err != nil {
				return err
			}
		}
		return nil
	}))
	require.NoError(t, s.Update(ctx, "o", func(tx cpd.Tx) error {
		if _, err := tx.Put(ctx, cpd.Record{Kind: cpd.KindActivity, ID: "a1", Version: 1, Owner: "y", Data: []byte("{}")}, c); err != nil {
			return err
		}
		require.Equal(t, []string{"a2"}, ids(tx, "x"), "inside the transaction")
		require.Equal(t, []string{"a1", "a3"}, ids(tx, "y"), "inside the transaction")
		return tx.Delete(ctx, cpd.KindActivity, "a3", 1, c)
	}))
	require.NoError(t, s.View(ctx, "o", func(tx cpd.Tx) error {
		require.Equal(t, []string{"a2"}, ids(tx, "x"))
		require.Equal(t, []string{"a1"}, ids(tx, "y"))
		return nil
	}))
}

// TestStateIndexFollowsChanges checks Lists by state, with and without an
// owner, against a filter of every record, while records are created,
// change state and owner, and are deleted, both after each commit and
// inside the transaction that changed them, with pages small enough to
// need the cursor.
func TestStateIndexFollowsChanges(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	c := cpd.Change{Actor: "a", Action: "t", At: time.Unix(0, 0).UTC()}
	states := []string{"", "requested", "approved", "completed"}
	owners := []string{"x", "y"}
	type row struct {
		version      int64
		owner, state string
	}
	want := map[string]row{} // the committed records
	queries := [][]string{{"requested"}, {"approved", "requested"}, {"completed", "completed"}, {"", "approved"}, nil}
	check := func(tx cpd.Tx, rows map[string]row, step int) {
		for _, states := range queries {
			for _, owner := range []string{"", "x"} {
				var expect []string
				for id, r := range rows {
					if (owner == "" || r.owner == owner) && (len(states) == 0 || slices.Contains(states, r.state)) {
						expect = append(expect, id)
					}
				}
				slices.Sort(expect)
				var got []string
				q := cpd.Query{Owner: owner, States: states, Limit: 3}
				for {
					p, err := tx.List(ctx, cpd.KindActivity, q)
					require.NoError(t, err)
					for _, r := range p.Records {
						got = append(got, r.ID)
					}
					if p.Next == "" {
						break
					}
					q.After = p.Next
				}
				require.Equal(t, expect, got, "step %d: owner %q, states %q", step, owner, states)
			}
		}
	}
	seq := 7
	next := func(n int) int { seq = (seq*1103515245 + 12345) & 0x7fffffff; return seq % n }
	for step := range 40 {
		require.NoError(t, s.Update(ctx, "o", func(tx cpd.Tx) error {
			mine := maps.Clone(want)
			for range 1 + next(6) {
				id := fmt.Sprintf("a%02d", next(30))
				old, ok := mine[id]
				if ok && next(5) == 0 {
					if err := tx.Delete(ctx, cpd.KindActivity, id, old.version, c); err != nil {
						return err
					}
					delete(mine, id)
					continue
				}
				r := row{version: old.version + 1, owner: owners[next(2)], state: states[next(len(states))]}
				if _, err := tx.Put(ctx, cpd.Record{Kind: cpd.KindActivity, ID: id, Version: old.version, Owner: r.owner, State: r.state, Data: []byte("{}")}, c); err != nil {
					return err
				}
				mine[id] = r
			}
			check(tx, mine, step)
			want = mine
			return nil
		}))
		require.NoError(t, s.View(ctx, "o", func(tx cpd.Tx) error {
			check(tx, want, step)
			return nil
		}))
	}
}
