package memory_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/cpd"
)

func Example() {
	ctx := context.Background()
	s := memory.New()
	change := cpd.Change{Actor: "p-admin", Action: "request", At: time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)}

	err := s.Update(ctx, "acme-college", func(tx cpd.Tx) error {
		r, err := tx.Put(ctx, cpd.Record{
			Kind: cpd.KindActivity, ID: "act-1", Owner: "p-ada", State: "requested",
			Data: []byte(`{"title":"Safeguarding refresher","hours":"1.5"}`),
		}, change)
		if err != nil {
			return err
		}
		fmt.Println("stored at version", r.Version)
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	err = s.View(ctx, "acme-college", func(tx cpd.Tx) error {
		r, err := tx.Get(ctx, cpd.KindActivity, "act-1")
		if err != nil {
			return err
		}
		fmt.Println(r.ID, r.Owner, r.State, string(r.Data))
		evs, err := tx.Events(ctx, cpd.EventQuery{ID: "act-1"})
		if err != nil {
			return err
		}
		for _, e := range evs {
			fmt.Println(e.Seq, e.Actor, e.Action, e.At.Format(time.DateTime))
		}
		return nil
	})
	if err != nil {
		fmt.Println(err)
	}

	err = s.View(ctx, "other-college", func(tx cpd.Tx) error {
		_, err := tx.Get(ctx, cpd.KindActivity, "act-1")
		return err
	})
	fmt.Println("another organisation:", errors.Is(err, cpd.ErrNotFound))
	// Output:
	// stored at version 1
	// act-1 p-ada requested {"title":"Safeguarding refresher","hours":"1.5"}
	// 1 p-admin request 2026-03-02 09:00:00
	// another organisation: true
}

// An Update whose fn returns an error keeps none of its writes.
func ExampleStore_Update_rollback() {
	ctx := context.Background()
	s := memory.New()
	errOverBudget := errors.New("over budget")

	err := s.Update(ctx, "acme-college", func(tx cpd.Tx) error {
		if _, err := tx.Put(ctx, cpd.Record{Kind: cpd.KindActivity, ID: "act-1", Data: []byte(`{}`)}, cpd.Change{}); err != nil {
			return err
		}
		return errOverBudget
	})
	fmt.Println(errors.Is(err, errOverBudget))

	err = s.View(ctx, "acme-college", func(tx cpd.Tx) error {
		_, err := tx.Get(ctx, cpd.KindActivity, "act-1")
		return err
	})
	fmt.Println(errors.Is(err, cpd.ErrNotFound))
	// Output:
	// true
	// true
}

// A write at a stale version fails with cpd.ErrConflict, so two writers
// cannot both win.
func ExampleStore_Update_conflict() {
	ctx := context.Background()
	s := memory.New()
	put := func(r cpd.Record) (cpd.Record, error) {
		var stored cpd.Record
		err := s.Update(ctx, "acme-college", func(tx cpd.Tx) error {
			var err error
			stored, err = tx.Put(ctx, r, cpd.Change{Actor: "p-ada", Action: "edit"})
			return err
		})
		return stored, err
	}

	v1, _ := put(cpd.Record{Kind: cpd.KindPerson, ID: "p-ada", Data: []byte(`{"fte":"1"}`)})
	first, second := v1, v1
	first.Data = []byte(`{"fte":"0.8"}`)
	second.Data = []byte(`{"fte":"0.6"}`)
	_, err := put(first)
	fmt.Println("first writer:", err)
	_, err = put(second)
	fmt.Println("second writer conflicts:", errors.Is(err, cpd.ErrConflict))
	// Output:
	// first writer: <nil>
	// second writer conflicts: true
}

func ExampleDirectory() {
	d := memory.NewDirectory()
	d.Set("acme-college", cpd.Identity{Person: "p-bob", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "p-ada"})

	id, err := d.Lookup(context.Background(), "acme-college", "p-bob")
	fmt.Println(id.Roles, id.LineManager, err)
	_, err = d.Lookup(context.Background(), "acme-college", "p-zed")
	fmt.Println(errors.Is(err, cpd.ErrNotFound))
	// Output:
	// [staff] p-ada <nil>
	// true
}
