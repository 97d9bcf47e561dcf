package memory_test

import (
	"testing"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/adapters/storetest"
	"github.com/cpdkit/cpdkit/cpd"
)

// TestBudgetConformance runs the budget records' conformance tests.
func TestBudgetConformance(t *testing.T) {
	storetest.RunBudget(t, func(t *testing.T) cpd.Store { return memory.New() }, &storetest.BudgetOptions{Racers: 100})
}
