package directorytest_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/cpdkit/cpdkit/adapters/directorytest"
	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/cpd"
)

// A Harness makes a Directory holding the identities the suite gives,
// each in the organisation its Org names; an adapter's test passes it to
// Run. The identity a conforming Directory returns names its own
// organisation, and another organisation's lookup of the same person is
// not found.
func ExampleHarness() {
	h := directorytest.Harness{New: func(_ *testing.T, ids []cpd.Identity) cpd.Directory {
		d := memory.NewDirectory()
		for _, id := range ids {
			d.Set(id.Org, id)
		}
		return d
	}}
	d := h.New(nil, []cpd.Identity{{Org: directorytest.OrgA, Person: "tina", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "mgr"}})

	id, err := d.Lookup(context.Background(), directorytest.OrgA, "tina")
	fmt.Println(id.Org, id.Person, id.LineManager, err)
	_, err = d.Lookup(context.Background(), directorytest.OrgB, "tina")
	fmt.Println(err)
	// Output:
	// directorytest-a tina mgr <nil>
	// memory: look up "tina" in "directorytest-b": not found
}
