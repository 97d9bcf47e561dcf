package cpd_test

import (
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestPersonDecisionsHaveTheirOwnUseCases checks a person's compliance
// decisions (extensions, exemptions, plans) are set only by
// GrantExtension, Exempt and PlanQualification, which refuse them for
// oneself and record who granted them: AddPerson, UpdatePerson and
// ImportPeople refuse any change to them (ErrInvalid naming the field)
// and change nothing.
func TestPersonDecisionsHaveTheirOwnUseCases(t *testing.T) {
	d := date.New
	edits := []struct {
		field string
		edit  func(*cpd.Person)
	}{
		{"exemptions", func(p *cpd.Person) {
			p.Exemptions = append(p.Exemptions, compliance.Exemption{Requirement: "safeguarding", Reason: "done elsewhere", GrantedBy: "head"})
		}},
		{"extensions", func(p *cpd.Person) {
			p.Extensions = append(p.Extensions, compliance.Extension{Requirement: "prevent", Until: d(2027, 6, 1), Reason: "busy", GrantedBy: "head"})
		}},
		{"plans", func(p *cpd.Person) {
			p.Plans = append(p.Plans, compliance.Plan{Requirement: "qts", By: d(2030, 1, 1), Description: "one day"})
		}},
	}
	for _, e := range edits {
		t.Run("update "+e.field, func(t *testing.T) {
			f := newFixture(t)
			for _, who := range []string{"admin", "tina"} {
				p, err := f.svc.Staff.Person(as("admin"), who)
				require.NoError(t, err)
				e.edit(&p)
				before := f.everything(t)
				_, err = f.svc.Staff.UpdatePerson(as("admin"), p)
				require.ErrorIs(t, err, cpd.ErrInvalid, who)
				require.Equal(t, e.field, fieldOf(err))
				require.Equal(t, before, f.everything(t))
			}
		})
		t.Run("add "+e.field, func(t *testing.T) {
			f := newFixture(t)
			p := cpd.Person{ID: "new", Name: "New", JobRole: "teacher", Employment: compliance.Employed, Start: d(2026, 11, 1), FTE: fte1}
			e.edit(&p)
			_, err := f.svc.Staff.AddPerson(as("admin"), p)
			require.ErrorIs(t, err, cpd.ErrInvalid)
			require.Equal(t, e.field, fieldOf(err))
			res, err := f.svc.Staff.ImportPeople(as("admin"), []cpd.Person{p}, &cpd.ImportOptions{SkipBad: true})
			require.NoError(t, err)
			require.Len(t, res.Rejected, 1)
			require.Equal(t, e.field, fieldOf(res.Rejected[0].Err))
		})
	}
	t.Run("a round trip keeps them", func(t *testing.T) {
		f := newFixture(t)
		_, err := f.svc.Compliance.Exempt(as("head"), "tina", compliance.Exemption{Requirement: "qts", Reason: "overseas QTS"})
		require.NoError(t, err)
		p, err := f.svc.Staff.Person(as("admin"), "tina")
		require.NoError(t, err)
		p.Team = "maths"
		got, err := f.svc.Staff.UpdatePerson(as("admin"), p)
		require.NoError(t, err)
		require.Equal(t, []compliance.Exemption{{Requirement: "qts", Reason: "overseas QTS", GrantedBy: "head"}}, got.Exemptions)
	})
}

// TestServiceKeptActivityFields checks what a caller gives for the fields
// the Service keeps: an ExternalRef, which only ImportCompletions sets, is
// refused (ErrInvalid naming external_ref); who approved it, what it was
// delegated from or to, a reason, and (on a request) an impact are
// ignored.
func TestServiceKeptActivityFields(t *testing.T) {
	f := newFixture(t)
	a := course("tina", "safeguarding")
	a.ExternalRef = "lms:42"
	_, err := f.svc.Activities.Request(as("tina"), a)
	require.ErrorIs(t, err, cpd.ErrInvalid)
	require.Equal(t, "external_ref", fieldOf(err))
	_, err = f.svc.Activities.RecordCompleted(as("tina"), done("tina", date.New(2026, 11, 2), "safeguarding"))
	require.NoError(t, err)
	d := done("tina", date.New(2026, 11, 3), "safeguarding")
	d.ExternalRef = "lms:42"
	_, err = f.svc.Activities.RecordCompleted(as("tina"), d)
	require.ErrorIs(t, err, cpd.ErrInvalid)
	require.Equal(t, "external_ref", fieldOf(err))

	a.ExternalRef, a.ApprovedBy, a.DelegatedFrom, a.DelegatedTo = "", "mgr", "act-x", "act-y"
	a.Reason, a.Impact = "because", "huge"
	got, err := f.svc.Activities.Request(as("tina"), a)
	require.NoError(t, err)
	require.Equal(t, []string{"", "", "", "", ""}, []string{got.ApprovedBy, got.DelegatedFrom, got.DelegatedTo, got.Reason, got.Impact})

	imported := done("tina", date.New(2026, 11, 4), "safeguarding")
	imported.ExternalRef = "lms:42"
	res, err := f.svc.Activities.ImportCompletions(as("admin"), []cpd.Activity{imported}, nil)
	require.NoError(t, err)
	require.Equal(t, 1, res.Imported, "the LMS's record with the reference is not a duplicate")
}

// TestLeavingIsRecordedByResign checks UpdatePerson cannot record a
// resignation around Resign (which settles the person's open activities
// and their money): a resignation day, or a last day in post for someone
// who has not resigned, is ErrInvalid naming the field and changes
// nothing; after Resign the last day may be corrected, the resignation
// day may not.
func TestLeavingIsRecordedByResign(t *testing.T) {
	d := date.New
	f := newFixture(t)
	for field, edit := range map[string]func(*cpd.Person){
		"leaving":     func(p *cpd.Person) { p.Leaving = d(2026, 12, 31) },
		"resigned_on": func(p *cpd.Person) { p.ResignedOn, p.Leaving = d(2026, 11, 20), d(2026, 12, 31) },
	} {
		p, err := f.svc.Staff.Person(as("admin"), "tina")
		require.NoError(t, err)
		edit(&p)
		before := f.everything(t)
		_, err = f.svc.Staff.UpdatePerson(as("admin"), p)
		require.ErrorIs(t, err, cpd.ErrInvalid, field)
		require.Equal(t, field, fieldOf(err))
		require.Equal(t, before, f.everything(t), field)
	}

	_, err := f.svc.Staff.Resign(as("head"), "tina", cpd.Resignation{ResignedOn: d(2026, 11, 20), Leaving: d(2026, 12, 31)})
	require.NoError(t, err)
	p, err := f.svc.Staff.Person(as("admin"), "tina")
	require.NoError(t, err)
	p.Leaving = d(2027, 1, 31)
	got, err := f.svc.Staff.UpdatePerson(as("admin"), p)
	require.NoError(t, err, "the last day in post is corrected after Resign")
	require.Equal(t, d(2027, 1, 31), got.Leaving)

	got.ResignedOn = d(2026, 11, 21)
	before := f.everything(t)
	_, err = f.svc.Staff.UpdatePerson(as("admin"), got)
	require.ErrorIs(t, err, cpd.ErrInvalid)
	require.Equal(t, "resigned_on", fieldOf(err))
	require.Equal(t, before, f.everything(t))
}
