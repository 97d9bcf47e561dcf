package presets_test

import (
	"fmt"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/presets"
)

// Load LETTA's budget rules and see who must approve a work-shadowing
// placement's costs.
func ExampleLoadBudget() {
	policy, err := presets.LoadBudget("letta")
	if err != nil {
		fmt.Println(err)
		return
	}
	req := budget.Request{
		ID: "shadowing-1", Person: "tutor", LineManager: "manager", Line: "english", LineHolder: "english-lead",
		Kind: "work_shadowing", RelevantToRole: true, Start: date.New(2027, 3, 1),
		Costs: budget.Costs{Items: []budget.Cost{{Kind: budget.Travel, Amount: budget.MustParse("GBP 64.80")}}},
	}
	chain, err := policy.Chain(&req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(chain)
	approvals, progress, err := chain.Approve(&req, nil, budget.Approver{Person: "manager"}, date.New(2027, 2, 1))
	fmt.Println(len(approvals), progress, err)
	// Output:
	// work-shadowing-and-secondment: line_manager + head_of_education
	// 1 waiting for head_of_education <nil>
}
