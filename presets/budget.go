package presets

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"

	"github.com/cpdkit/cpdkit/budget"
)

//go:embed budget/*.json
var budgetFiles embed.FS

// BudgetNames returns the names of the budget presets, sorted: "avct" and
// "letta", the money rules of the same two policies as [Names].
func BudgetNames() []string {
	matches, err := fs.Glob(budgetFiles, "budget/*.json")
	if err != nil {
		panic(err) // the pattern is constant and valid
	}
	names := make([]string, len(matches))
	for i, m := range matches {
		names[i] = strings.TrimSuffix(strings.TrimPrefix(m, "budget/"), ".json")
	}
	return names
}

// BudgetJSON returns a fresh copy of the named budget preset's JSON. The
// error matches [ErrUnknown] when there is no such preset.
func BudgetJSON(name string) ([]byte, error) {
	unknown := fmt.Errorf("budget preset %q: %w (want one of %s)", name, ErrUnknown, strings.Join(BudgetNames(), ", "))
	if name == "" || strings.ContainsAny(name, "/.\\") {
		return nil, unknown
	}
	data, err := budgetFiles.ReadFile("budget/" + name + ".json")
	if err != nil {
		return nil, unknown
	}
	return data, nil
}

// LoadBudget parses the named budget preset with [budget.ParsePolicy]: who
// sets the budget, what is fundable, the approval chains and the rules for
// expense claims. Where the written policy is silent the preset says what
// it assumes, in a rule's note or the policy's notes. The error matches
// [ErrUnknown] when there is no such preset.
func LoadBudget(name string) (budget.Policy, error) {
	data, err := BudgetJSON(name)
	if err != nil {
		return budget.Policy{}, err
	}
	p, err := budget.ParsePolicy(data)
	if err != nil {
		return budget.Policy{}, fmt.Errorf("budget preset %q: %w", name, err)
	}
	return p, nil
}
