package storetest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/adapters/storetest"
	"github.com/cpdkit/cpdkit/cpd"
)

// A Faulty store fails the chosen write; the Update it belongs to keeps
// nothing.
func ExampleFaulty() {
	ctx := context.Background()
	f := storetest.NewFaulty(memory.New())
	f.FailAt(3)

	err := f.Update(ctx, "acme-college", func(tx cpd.Tx) error {
		for _, id := range []string{"act-1", "act-2", "act-3"} {
			r := cpd.Record{Kind: cpd.KindActivity, ID: id, Data: []byte(`{}`)}
			if _, err := tx.Put(ctx, r, cpd.Change{Actor: "p-ada", Action: "create"}); err != nil {
				return err
			}
		}
		return nil
	})
	fmt.Println(err)
	fmt.Println(errors.Is(err, storetest.ErrInjected), f.Writes())

	_ = f.View(ctx, "acme-college", func(tx cpd.Tx) error {
		p, err := tx.List(ctx, cpd.KindActivity, cpd.Query{})
		fmt.Println(len(p.Records), err)
		return nil
	})
	// Output:
	// put activity "act-3" (write 3): storetest: injected fault
	// true 3
	// 0 <nil>
}
