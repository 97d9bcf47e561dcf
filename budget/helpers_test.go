package budget

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
)

func day(s string) date.Date { return date.MustParseISO(s) }

func gbp(s string) Money { return MustParse("GBP " + s) }

func cause(action string) Cause {
	return Cause{Action: action, By: "actor", On: day("2026-09-01")}
}

// testBudget is a budget of three lines: maths (stop), english (warn) and
// mandatory training (allow with override).
func testBudget() Budget {
	return Budget{
		ID: "b-2026", Year: "2026/27", Currency: GBP,
		Lines: []Line{
			{ID: "maths", Name: "Maths", Kind: SubjectLine, Holder: "hol-maths", Amount: gbp("1000")},
			{ID: "english", Name: "English", Kind: SubjectLine, Holder: "hol-eng", Amount: gbp("500"), Enforcement: Warn},
			{ID: "mandatory", Name: "Mandatory training", Kind: MandatoryLine, Holder: "admin", Amount: gbp("300"), Enforcement: AllowOverride},
		},
	}
}

// testPolicy is a policy with a rule of each condition.
func testPolicy() Policy {
	yes, no := true, false
	return Policy{
		ID: "test", Currency: GBP,
		Budget: Setting{ProposedBy: RoleBusinessManager, AgreedBy: RoleTrustee, AllocatedBy: RoleHeadOfEducation},
		Rules: []Rule{
			{ID: "costs", When: Condition{CostOver: gbp("0"), ExceptKinds: []string{"secondment"}}, Approvers: []Role{RoleBudgetHolder, RoleHeadOfEducation}},
			{ID: "secondment", When: Condition{Kinds: []string{"secondment"}}, Approvers: []Role{RoleLineManager, RoleHeadOfEducation}, Ordered: true},
			{ID: "overnight", When: Condition{Overnight: true}, Approvers: []Role{RoleManagingDirector}, BeforeStart: true},
			{ID: "travel", When: Condition{TravelOver: gbp("100")}, Approvers: []Role{RoleManagingDirector}, BeforeStart: true},
			{ID: "big", When: Condition{CostOver: gbp("2000"), Mandatory: &no}, Approvers: []Role{RoleManagingDirector}},
			{ID: "aspirational", When: Condition{Necessity: AspirationalLearning, CostAtMost: gbp("50")}, Approvers: []Role{RoleLineManager}},
			{ID: "mandatory", When: Condition{Mandatory: &yes}, Approvers: []Role{RoleAdministrator}},
		},
		OverrideBy: []Role{RoleHeadOfEducation},
		Claims:     ClaimRules{Approver: RoleBudgetHolder, ExcessApprovers: []Role{RoleHeadOfEducation}},
	}
}

// equalMoney lets go-cmp compare structs holding Money (it uses Equal) and
// date.Date.
var opts = cmp.Options{}

func diff(t *testing.T, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got, opts); d != "" {
		t.Errorf("mismatch (-want +got):\n%s", d)
	}
}
