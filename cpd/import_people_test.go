package cpd_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/storetest"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// newcomer is a valid person the fixture does not hold yet.
func newcomer(id string) cpd.Person {
	return cpd.Person{
		ID: id, Name: "Person " + id, JobRole: "tutor", Team: "maths", LineManager: "mgr",
		Roles: []cpd.Role{cpd.RoleStaff}, Employment: compliance.Employed,
		Start: date.New(2026, 9, 1), FTE: decimal.RequireFromString("0.6"),
	}
}

// rosterBatch is a mix of good and bad people: the good ones are at
// indexes 0, 3 and 6.
func rosterBatch() []cpd.Person {
	noName := newcomer("nn")
	noName.Name = ""
	badFTE := newcomer("fte")
	badFTE.FTE = decimal.NewFromInt(2)
	unknownExemption := newcomer("ux")
	unknownExemption.Exemptions = []compliance.Exemption{{Requirement: "no-such", Reason: "r"}}
	return []cpd.Person{
		newcomer("n1"),
		noName,
		newcomer("tina"), // already stored
		newcomer("n2"),
		newcomer("n1"), // given twice
		badFTE,
		newcomer("n3"),
		unknownExemption,
	}
}

var rosterRejected = []int{1, 2, 4, 5, 7}

func TestImportPeople(t *testing.T) {
	f := newFixture(t)
	before := len(f.actions(t))
	in := []cpd.Person{newcomer("n1"), newcomer("n2")}
	in[1].PenPortrait = cpd.PenPortrait{Summary: "FE maths"}
	for _, p := range in { // the HR system knows them as the roster gives them
		f.dir.Set(org, cpd.Identity{Person: p.ID, Roles: p.Roles, LineManager: p.LineManager})
	}
	res, err := f.svc.Staff.ImportPeople(as("admin"), in, nil)
	require.NoError(t, err)
	require.Equal(t, cpd.ImportResult{IDs: []string{"n1", "n2"}, Imported: 2}, res)
	for _, p := range in {
		got, err := f.svc.Staff.Person(as("admin"), p.ID)
		require.NoError(t, err)
		want := p
		want.Version = 1
		if p.PenPortrait.Summary != "" {
			want.PenPortrait.Captured, want.PenPortrait.Updated = date.New(2026, 11, 25), date.New(2026, 11, 25)
		}
		require.Empty(t, cmp.Diff(want, got, cmpopts.EquateEmpty()), "person %s", p.ID)
	}
	want := []string{"person.import", "person.import", "status.refresh", "status.refresh", "status.refresh", "status.refresh"}
	require.Empty(t, cmp.Diff(want, f.actions(t)[before:]))
	view, err := f.svc.Compliance.OrgCompliance(as("head"))
	require.NoError(t, err)
	var rows []string
	for _, r := range view.Rows {
		rows = append(rows, r.Person)
	}
	require.Contains(t, rows, "n1", "the new person's status is stored")
	require.Contains(t, rows, "n2")
}

func TestImportPeopleAllOrNothing(t *testing.T) {
	f := newFixture(t)
	before := f.actions(t)
	res, err := f.svc.Staff.ImportPeople(as("admin"), rosterBatch(), nil)
	require.ErrorIs(t, err, cpd.ErrInvalid)
	var ie *cpd.ImportError
	require.True(t, errors.As(err, &ie), "an *ImportError: %v", err)
	require.Equal(t, rosterRejected, rejectedIndexes(ie.Rejected))
	require.Equal(t, rosterRejected, rejectedIndexes(res.Rejected))
	require.Zero(t, res.Imported)
	require.Empty(t, cmp.Diff(before, f.actions(t)), "nothing is written")
	tests := []struct {
		name     string
		index    int
		conflict bool
		field    string
	}{
		{"missing name", 0, false, "name"},
		{"stored ID", 1, true, "id"},
		{"ID given twice", 2, true, "id"},
		{"FTE above one", 3, false, "fte"},
		{"an exemption, which Exempt alone grants", 4, false, "exemptions"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := ie.Rejected[tc.index].Err
			require.ErrorIs(t, err, cpd.ErrInvalid)
			require.Equal(t, tc.conflict, errors.Is(err, cpd.ErrConflict))
			var ve *cpd.ValidationError
			require.True(t, errors.As(err, &ve), "a *ValidationError: %v", err)
			require.Equal(t, tc.field, ve.Field)
		})
	}
	t.Run("ID given twice names the first", func(t *testing.T) {
		var ve *cpd.ValidationError
		require.ErrorAs(t, ie.Rejected[2].Err, &ve)
		require.Equal(t, "n1 is given twice in the import: first at index 0", ve.Reason)
	})
}

func TestImportPeopleSkipBad(t *testing.T) {
	for _, size := range []int{0, 1, 3} {
		t.Run(fmt.Sprintf("BatchSize=%d", size), func(t *testing.T) {
			f := newFixture(t)
			res, err := f.svc.Staff.ImportPeople(as("head"), rosterBatch(), &cpd.ImportOptions{SkipBad: true, BatchSize: size})
			require.NoError(t, err)
			require.Equal(t, 3, res.Imported)
			require.Equal(t, rosterRejected, rejectedIndexes(res.Rejected))
			require.Equal(t, []string{"n1", "", "", "n2", "", "", "n3", ""}, res.IDs)
			tina, err := f.svc.Staff.Person(as("admin"), "tina")
			require.NoError(t, err)
			require.Equal(t, "tina", tina.Name, "a stored person is not replaced")
		})
	}
}

func TestImportPeopleIsAtomic(t *testing.T) {
	tests := []struct {
		name string
		wrap func(cpd.Store) cpd.Store
	}{
		{"PutMany", func(s cpd.Store) cpd.Store { return s }},
		{"Put", func(s cpd.Store) cpd.Store { return noBulk{s} }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			storetest.AtomicUseCase(t, f.store, org, func(s cpd.Store) error {
				_, err := f.on(t, tc.wrap(s)).Staff.ImportPeople(as("admin"), []cpd.Person{newcomer("n1"), newcomer("n2"), newcomer("n3")}, nil)
				return err
			}, nil)
		})
	}
}
