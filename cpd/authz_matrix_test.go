package cpd_test

import (
	"context"
	"errors"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// The matrix fixture adds, to the fixture's organisation, one actor per
// organisational role ("r-" and the role's name), each line manager (in
// the Directory and their HR record) of a report of their own (the
// actor's ID and "-report"). Every actor relates to a target in one of
// four ways: the target is themself, their report, a peer (pete, whom the
// head manages) or someone in another organisation (olga, who exists only
// there).
var allRoles = []cpd.Role{
	cpd.RoleStaff, cpd.RoleLineManager, cpd.RoleAdministrator, cpd.RoleBudgetHolder, cpd.RoleHeadOfEducation,
	cpd.RoleManagingDirector, cpd.RoleBusinessManager, cpd.RoleTrustee, cpd.RoleIQA, cpd.RoleAuditor,
}

// relation is how an actor relates to the target of an operation.
type relation int

const (
	own relation = iota
	report
	peer
	otherOrganisation
)

var relations = []relation{own, report, peer, otherOrganisation}

func (r relation) String() string {
	return [...]string{"own", "report", "peer", "other organisation"}[r]
}

// actorFor is the matrix actor who holds the role.
func actorFor(r cpd.Role) string { return "r-" + r.String() }

// targetOf is the person who relates to the actor as rel says.
func targetOf(actor string, rel relation) string {
	return [...]string{actor, actor + "-report", "pete", "olga"}[rel]
}

// homeAdmin is a context acting as the administrator of person's organisation.
func homeAdmin(person string) context.Context {
	if person == "olga" {
		return asOther("olga")
	}
	return as("head")
}

func newMatrixFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	for _, r := range allRoles {
		actor := actorFor(r)
		roles := []cpd.Role{cpd.RoleStaff, r}
		if r == cpd.RoleAuditor || r == cpd.RoleStaff {
			roles = []cpd.Role{r}
		}
		f.dir.Set(org, cpd.Identity{Person: actor, Roles: roles, LineManager: "head"})
		f.dir.Set(org, cpd.Identity{Person: actor + "-report", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: actor})
		f.addPerson(t, org, cpd.Person{ID: actor, Name: actor, JobRole: "teacher", Roles: roles, LineManager: "head"})
		f.addPerson(t, org, cpd.Person{ID: actor + "-report", Name: actor, JobRole: "teacher",
			Roles: []cpd.Role{cpd.RoleStaff}, LineManager: actor})
	}
	return f
}

// eventCount is the number of audit events an organisation holds.
func (f *fixture) eventCount(t *testing.T, o string) int {
	t.Helper()
	n := 0
	require.NoError(t, f.store.View(context.Background(), o, func(tx cpd.Tx) error {
		for after := int64(0); ; {
			evs, err := tx.Events(context.Background(), cpd.EventQuery{After: after, Limit: cpd.MaxLimit})
			if err != nil || len(evs) == 0 {
				return err
			}
			n += len(evs)
			after = evs[len(evs)-1].Seq
		}
	}))
	return n
}

// targetOp prepares an operation of actor's on target (any setup it needs
// is done here, as someone allowed to) and returns the operation.
type targetOp func(t *testing.T, f *fixture, actor, target string) func() error

func readOp(t *testing.T, f *fixture, actor, target string) func() error {
	return func() error { _, err := f.svc.Staff.Person(as(actor), target); return err }
}

func complianceOnOp(t *testing.T, f *fixture, actor, target string) func() error {
	return func() error {
		_, err := f.svc.Compliance.ComplianceOn(as(actor), target, date.New(2027, 3, 1))
		return err
	}
}

func recordOp(t *testing.T, f *fixture, actor, target string) func() error {
	return func() error {
		_, err := f.svc.Activities.RecordCompleted(as(actor), done(target, date.New(2026, 11, 1), "safeguarding"))
		return err
	}
}

func portraitOp(t *testing.T, f *fixture, actor, target string) func() error {
	return func() error {
		_, err := f.svc.Staff.UpdatePenPortrait(as(actor), target, cpd.PenPortrait{Summary: "Maths teacher"})
		return err
	}
}

// approveOp: the target's request was made by their organisation's head
// of education or administrator, so that only the actor's own relation to
// the target decides.
func submitOp(t *testing.T, f *fixture, actor, target string) func() error {
	return func() error {
		_, err := f.svc.Appraisals.SubmitLog(as(actor), appraisal.LogSubmission{Person: target, Document: "log.pdf"})
		return err
	}
}

func approveOp(t *testing.T, f *fixture, actor, target string) func() error {
	a, err := f.svc.Activities.Request(homeAdmin(target), course(target))
	require.NoError(t, err)
	return func() error { _, err := f.svc.Activities.Approve(as(actor), a.ID); return err }
}

func extendOp(t *testing.T, f *fixture, actor, target string) func() error {
	return func() error {
		_, err := f.svc.Compliance.GrantExtension(as(actor), target,
			compliance.Extension{Requirement: "prevent", Until: date.New(2027, 1, 31), Reason: "booked"})
		return err
	}
}

func resignOp(t *testing.T, f *fixture, actor, target string) func() error {
	return func() error {
		_, err := f.svc.Staff.Resign(as(actor), target, cpd.Resignation{ResignedOn: date.New(2026, 11, 20), Leaving: date.New(2026, 12, 31)})
		return err
	}
}

func updatePersonOp(t *testing.T, f *fixture, actor, target string) func() error {
	p, err := f.svc.Staff.Person(homeAdmin(target), target)
	require.NoError(t, err)
	p.Team = "maths"
	return func() error { _, err := f.svc.Staff.UpdatePerson(as(actor), p); return err }
}

func subjectAccessOp(t *testing.T, f *fixture, actor, target string) func() error {
	return func() error { _, err := f.svc.Staff.SubjectAccess(as(actor), target); return err }
}

func auditTrailOp(t *testing.T, f *fixture, actor, target string) func() error {
	return func() error {
		page, err := f.svc.AuditTrail(as(actor), cpd.AuditQuery{Person: target})
		for _, e := range page.Entries {
			if e.Owner != target {
				return errors.New("an entry about someone else: " + e.Owner)
			}
		}
		return err
	}
}

// TestAuthorisationMatrix checks every rule of who may do what to whom,
// for every organisational role and every relation to the target: their
// own records, a report's, a peer's and another organisation's. A refusal
// is ErrForbidden, except that the roles that read everyone learn that a
// target does not exist (ErrNotFound), and it writes nothing in either
// organisation.
func TestAuthorisationMatrix(t *testing.T) {
	const (
		staff    = cpd.RoleStaff
		manager  = cpd.RoleLineManager
		admin    = cpd.RoleAdministrator
		budget   = cpd.RoleBudgetHolder
		head     = cpd.RoleHeadOfEducation
		md       = cpd.RoleManagingDirector
		business = cpd.RoleBusinessManager
		trustee  = cpd.RoleTrustee
		iqa      = cpd.RoleIQA
		auditor  = cpd.RoleAuditor
	)
	var (
		ok error // allowed
		F  = cpd.ErrForbidden
		NF = cpd.ErrNotFound
	)
	tests := []struct {
		op   string
		run  targetOp
		role cpd.Role
		want [4]error // own, report, peer, other organisation
	}{
		// Reading: self and reports; everyone for the roles that read everyone.
		{"read", readOp, staff, [4]error{ok, ok, F, F}},
		{"read", readOp, manager, [4]error{ok, ok, F, F}},
		{"read", readOp, admin, [4]error{ok, ok, ok, NF}},
		{"read", readOp, budget, [4]error{ok, ok, F, F}},
		{"read", readOp, head, [4]error{ok, ok, ok, NF}},
		{"read", readOp, md, [4]error{ok, ok, ok, NF}},
		{"read", readOp, business, [4]error{ok, ok, F, F}},
		{"read", readOp, trustee, [4]error{ok, ok, F, F}},
		{"read", readOp, iqa, [4]error{ok, ok, ok, NF}},
		{"read", readOp, auditor, [4]error{ok, ok, ok, NF}},
		// Compliance on another day reads as Person does.
		{"compliance on a day", complianceOnOp, staff, [4]error{ok, ok, F, F}},
		{"compliance on a day", complianceOnOp, manager, [4]error{ok, ok, F, F}},
		{"compliance on a day", complianceOnOp, admin, [4]error{ok, ok, ok, NF}},
		{"compliance on a day", complianceOnOp, budget, [4]error{ok, ok, F, F}},
		{"compliance on a day", complianceOnOp, head, [4]error{ok, ok, ok, NF}},
		{"compliance on a day", complianceOnOp, md, [4]error{ok, ok, ok, NF}},
		{"compliance on a day", complianceOnOp, business, [4]error{ok, ok, F, F}},
		{"compliance on a day", complianceOnOp, trustee, [4]error{ok, ok, F, F}},
		{"compliance on a day", complianceOnOp, iqa, [4]error{ok, ok, ok, NF}},
		{"compliance on a day", complianceOnOp, auditor, [4]error{ok, ok, ok, NF}},

		// Recording CPD: self and reports; administrators (statutory
		// training) and the head of education for everyone; auditors never.
		{"record", recordOp, staff, [4]error{ok, ok, F, F}},
		{"record", recordOp, manager, [4]error{ok, ok, F, F}},
		{"record", recordOp, admin, [4]error{ok, ok, ok, NF}},
		{"record", recordOp, budget, [4]error{ok, ok, F, F}},
		{"record", recordOp, head, [4]error{ok, ok, ok, NF}},
		{"record", recordOp, md, [4]error{ok, ok, F, F}},
		{"record", recordOp, business, [4]error{ok, ok, F, F}},
		{"record", recordOp, trustee, [4]error{ok, ok, F, F}},
		{"record", recordOp, iqa, [4]error{ok, ok, F, F}},
		{"record", recordOp, auditor, [4]error{F, F, F, F}},

		// The pen portrait follows the rule for recording.
		{"pen portrait", portraitOp, staff, [4]error{ok, ok, F, F}},
		{"pen portrait", portraitOp, admin, [4]error{ok, ok, ok, NF}},
		{"pen portrait", portraitOp, head, [4]error{ok, ok, ok, NF}},
		{"pen portrait", portraitOp, iqa, [4]error{ok, ok, F, F}},
		{"pen portrait", portraitOp, auditor, [4]error{F, F, F, F}},

		// A CPD log is submitted by its owner alone.
		{"submission", submitOp, staff, [4]error{ok, F, F, F}},
		{"submission", submitOp, manager, [4]error{ok, F, F, F}},
		{"submission", submitOp, admin, [4]error{ok, F, F, F}},
		{"submission", submitOp, head, [4]error{ok, F, F, F}},
		{"submission", submitOp, md, [4]error{ok, F, F, F}},
		{"submission", submitOp, auditor, [4]error{F, F, F, F}},

		// Approving: a report's line manager or the head of education, never
		// for themself; auditors never.
		{"approve", approveOp, staff, [4]error{F, ok, F, F}},
		{"approve", approveOp, manager, [4]error{F, ok, F, F}},
		{"approve", approveOp, admin, [4]error{F, ok, F, NF}},
		{"approve", approveOp, budget, [4]error{F, ok, F, F}},
		{"approve", approveOp, head, [4]error{F, ok, ok, NF}},
		{"approve", approveOp, md, [4]error{F, ok, F, NF}},
		{"approve", approveOp, business, [4]error{F, ok, F, F}},
		{"approve", approveOp, trustee, [4]error{F, ok, F, F}},
		{"approve", approveOp, iqa, [4]error{F, ok, F, NF}},
		{"approve", approveOp, auditor, [4]error{F, F, F, NF}},

		// Extensions (and exemptions, plans, resignations): a report's line
		// manager, administrators and the head of education, never for
		// themself; auditors never.
		{"extend", extendOp, staff, [4]error{F, ok, F, F}},
		{"extend", extendOp, manager, [4]error{F, ok, F, F}},
		{"extend", extendOp, admin, [4]error{F, ok, ok, NF}},
		{"extend", extendOp, budget, [4]error{F, ok, F, F}},
		{"extend", extendOp, head, [4]error{F, ok, ok, NF}},
		{"extend", extendOp, md, [4]error{F, ok, F, F}},
		{"extend", extendOp, business, [4]error{F, ok, F, F}},
		{"extend", extendOp, trustee, [4]error{F, ok, F, F}},
		{"extend", extendOp, iqa, [4]error{F, ok, F, F}},
		{"extend", extendOp, auditor, [4]error{F, F, F, F}},

		{"resign", resignOp, staff, [4]error{F, ok, F, F}},
		{"resign", resignOp, admin, [4]error{F, ok, ok, NF}},
		{"resign", resignOp, head, [4]error{F, ok, ok, NF}},
		{"resign", resignOp, md, [4]error{F, ok, F, F}},
		{"resign", resignOp, auditor, [4]error{F, F, F, F}},

		// HR records: administrators and the head of education, for everyone.
		{"update person", updatePersonOp, staff, [4]error{F, F, F, F}},
		{"update person", updatePersonOp, manager, [4]error{F, F, F, F}},
		{"update person", updatePersonOp, admin, [4]error{ok, ok, ok, NF}},
		{"update person", updatePersonOp, budget, [4]error{F, F, F, F}},
		{"update person", updatePersonOp, head, [4]error{ok, ok, ok, NF}},
		{"update person", updatePersonOp, md, [4]error{F, F, F, F}},
		{"update person", updatePersonOp, business, [4]error{F, F, F, F}},
		{"update person", updatePersonOp, trustee, [4]error{F, F, F, F}},
		{"update person", updatePersonOp, iqa, [4]error{F, F, F, F}},
		{"update person", updatePersonOp, auditor, [4]error{F, F, F, F}},

		// Subject access: the person themself, administrators and the head
		// of education.
		{"subject access", subjectAccessOp, staff, [4]error{ok, F, F, F}},
		{"subject access", subjectAccessOp, manager, [4]error{ok, F, F, F}},
		{"subject access", subjectAccessOp, admin, [4]error{ok, ok, ok, NF}},
		{"subject access", subjectAccessOp, head, [4]error{ok, ok, ok, NF}},
		{"subject access", subjectAccessOp, iqa, [4]error{ok, F, F, F}},
		{"subject access", subjectAccessOp, auditor, [4]error{ok, F, F, F}},
		// The audit trail about a person: their own, or anyone's for the
		// roles that read everyone (for whom a person with no events, even
		// one who does not exist here, is an empty page).
		{"audit trail", auditTrailOp, staff, [4]error{ok, F, F, F}},
		{"audit trail", auditTrailOp, manager, [4]error{ok, F, F, F}},
		{"audit trail", auditTrailOp, admin, [4]error{ok, ok, ok, ok}},
		{"audit trail", auditTrailOp, budget, [4]error{ok, F, F, F}},
		{"audit trail", auditTrailOp, head, [4]error{ok, ok, ok, ok}},
		{"audit trail", auditTrailOp, md, [4]error{ok, ok, ok, ok}},
		{"audit trail", auditTrailOp, business, [4]error{ok, F, F, F}},
		{"audit trail", auditTrailOp, trustee, [4]error{ok, F, F, F}},
		{"audit trail", auditTrailOp, iqa, [4]error{ok, ok, ok, ok}},
		{"audit trail", auditTrailOp, auditor, [4]error{ok, ok, ok, ok}},
	}
	for _, tc := range tests {
		for _, rel := range relations {
			t.Run(tc.op+"/"+tc.role.String()+"/"+rel.String(), func(t *testing.T) {
				f := newMatrixFixture(t)
				actor := actorFor(tc.role)
				run := tc.run(t, f, actor, targetOf(actor, rel))
				before := [2]int{f.eventCount(t, org), f.eventCount(t, otherOrg)}
				err := run()
				requireOutcome(t, tc.want[rel], err)
				if tc.want[rel] != nil {
					require.Equal(t, before, [2]int{f.eventCount(t, org), f.eventCount(t, otherOrg)},
						"a refused operation wrote something")
				}
			})
		}
	}
}

// TestAuthorisationOrgWide checks the operations on the whole
// organisation for every role.
func TestAuthorisationOrgWide(t *testing.T) {
	orgView := func(f *fixture, ctx context.Context) error { _, err := f.svc.Compliance.OrgCompliance(ctx); return err }
	people := func(f *fixture, ctx context.Context) error {
		for _, err := range f.svc.Staff.People(ctx) {
			if err != nil {
				return err
			}
		}
		return nil
	}
	refresh := func(f *fixture, ctx context.Context) error {
		_, err := f.svc.Compliance.RefreshStatuses(ctx)
		return err
	}
	otherTeam := func(f *fixture, ctx context.Context) error {
		_, err := f.svc.Compliance.TeamAlerts(ctx, "mgr", 30)
		return err
	}
	importing := func(f *fixture, ctx context.Context) error {
		_, err := f.svc.Activities.ImportCompletions(ctx, []cpd.Activity{done("tina", date.New(2026, 11, 1))}, nil)
		return err
	}
	withdrawing := func(f *fixture, ctx context.Context) error {
		_, err := f.svc.Activities.WithdrawImported(ctx, []cpd.Withdrawal{{ExternalRef: "xapi:1", Reason: "voided"}})
		return err
	}
	reminders := func(f *fixture, ctx context.Context) error { _, err := f.svc.Compliance.Reminders(ctx); return err }
	sending := func(f *fixture, ctx context.Context) error {
		_, err := f.svc.Compliance.SendReminders(ctx, &recorder{})
		return err
	}
	type op = func(*fixture, context.Context) error
	ok, F := error(nil), cpd.ErrForbidden
	tests := []struct {
		name string
		op   op
		want map[cpd.Role]error // roles not listed are refused
	}{
		{"organisation view", orgView, map[cpd.Role]error{
			cpd.RoleAdministrator: ok, cpd.RoleHeadOfEducation: ok, cpd.RoleManagingDirector: ok, cpd.RoleIQA: ok, cpd.RoleAuditor: ok}},
		{"list people", people, map[cpd.Role]error{
			cpd.RoleAdministrator: ok, cpd.RoleHeadOfEducation: ok, cpd.RoleManagingDirector: ok, cpd.RoleIQA: ok, cpd.RoleAuditor: ok}},
		{"another manager's team alerts", otherTeam, map[cpd.Role]error{
			cpd.RoleAdministrator: ok, cpd.RoleHeadOfEducation: ok, cpd.RoleManagingDirector: ok, cpd.RoleIQA: ok, cpd.RoleAuditor: ok}},
		{"reminders due", reminders, map[cpd.Role]error{
			cpd.RoleAdministrator: ok, cpd.RoleHeadOfEducation: ok, cpd.RoleManagingDirector: ok, cpd.RoleIQA: ok, cpd.RoleAuditor: ok}},
		{"send reminders", sending, map[cpd.Role]error{
			cpd.RoleAdministrator: ok, cpd.RoleHeadOfEducation: ok, cpd.RoleManagingDirector: ok, cpd.RoleIQA: ok}},
		{"refresh statuses", refresh, map[cpd.Role]error{cpd.RoleAdministrator: ok, cpd.RoleHeadOfEducation: ok}},
		{"import completions", importing, map[cpd.Role]error{cpd.RoleAdministrator: ok, cpd.RoleHeadOfEducation: ok}},
		{"withdraw imported", withdrawing, map[cpd.Role]error{cpd.RoleAdministrator: ok, cpd.RoleHeadOfEducation: ok}},
	}
	for _, tc := range tests {
		for _, role := range allRoles {
			want, listed := tc.want[role]
			if !listed {
				want = F
			}
			t.Run(tc.name+"/"+role.String(), func(t *testing.T) {
				f := newMatrixFixture(t)
				before := f.eventCount(t, org)
				err := tc.op(f, as(actorFor(role)))
				requireOutcome(t, want, err)
				if want != nil {
					require.Equal(t, before, f.eventCount(t, org), "a refused operation wrote something")
				}
			})
		}
	}
}

// requireOutcome checks err is nil when want is, and otherwise matches want.
func requireOutcome(t *testing.T, want, err error) {
	t.Helper()
	if want == nil {
		require.NoError(t, err)
		return
	}
	if !errors.Is(err, want) {
		t.Fatalf("got %v, want an error matching %v", err, want)
	}
}
