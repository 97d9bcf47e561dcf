package memory_test

import (
	"context"
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
