package memory_test

import (
	"testing"

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
		{"known", "org-a", "p-ada", cpd.Identity{Person: "p-ada", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}}, nil},
		{"with manager", "org-a", "p-bob", bob, nil},
		{"same person in another org", "org-b", "p-ada", cpd.Identity{Person: "p-ada", Roles: []cpd.Role{cpd.RoleAuditor}}, nil},
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
