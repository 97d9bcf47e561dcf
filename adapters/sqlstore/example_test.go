package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// Open a store and give it to cpd.New: the Service keeps its records in
// it. The records outlive the process: a Service on the same file later
// finds them. For PostgreSQL, give Open a postgres:// URL instead.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "cpdkit-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	dsn := "sqlite:" + filepath.Join(dir, "cpd.db") // or "postgres://cpd@db.example.org/cpd?sslmode=verify-full"

	const org = "acme-college"
	people := memory.NewDirectory() // an HR system plugs in its own cpd.Directory
	people.Set(org, cpd.Identity{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}})
	people.Set(org, cpd.Identity{Person: "t-17", Roles: []cpd.Role{cpd.RoleStaff}})
	policy, err := compliance.ParsePolicy([]byte(`{"id": "ours", "academic_year_start": "09-01",
		"requirements": [{"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y"}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	opts := &cpd.Options{
		Now:      func() time.Time { return time.Date(2026, time.November, 25, 12, 0, 0, 0, time.UTC) },
		Location: time.UTC,
	}
	admin := cpd.WithActor(ctx, cpd.Actor{Org: org, Person: "admin"})

	store, err := sqlstore.Open(ctx, dsn, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	svc, err := cpd.New(store, people, policy, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = svc.Staff.AddPerson(admin, cpd.Person{ID: "t-17", Name: "A. Teacher", Start: date.New(2024, 9, 2),
		Employment: compliance.Employed, FTE: decimal.NewFromInt(1)})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = svc.Activities.RecordCompleted(admin, cpd.Activity{Person: "t-17", Title: "Safeguarding refresher",
		Kind: cpd.ExternalCourse, Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.Appraisal,
		Topics: []string{"safeguarding"}, Hours: decimal.NewFromInt(3), Completed: date.New(2026, 11, 2), Evidence: "certificate.pdf"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("closed:", store.Close())

	// Later, another process opens the same database.
	store, err = sqlstore.Open(ctx, dsn, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()
	svc, err = cpd.New(store, people, policy, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := svc.Compliance.Compliance(admin, "t-17")
	if err != nil {
		fmt.Println(err)
		return
	}
	it, _ := res.Item("safeguarding")
	fmt.Println(it.Requirement.ID, it.Status)
	// Output:
	// closed: <nil>
	// safeguarding compliant
}

// The Store underneath the Service: records and their audit events, one
// organisation per transaction. cpd.Service makes these calls; an
// embedder does not need to.
func ExampleStore_Update() {
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, "sqlite::memory:", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	change := cpd.Change{Actor: "p-admin", Action: "request", At: time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)}

	err = s.Update(ctx, "acme-college", func(tx cpd.Tx) error {
		r, err := tx.Put(ctx, cpd.Record{
			Kind: cpd.KindActivity, ID: "act-1", Owner: "p-ada", State: "requested",
			Data: []byte(`{"title": "Safeguarding refresher", "hours": "1.5"}`),
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
	// act-1 p-ada requested {"title": "Safeguarding refresher", "hours": "1.5"}
	// 1 p-admin request 2026-03-02 09:00:00
	// another organisation: true
}

// An SQLite file keeps the records after the Store is closed; opening it
// again finds the schema up to date.
func ExampleOpen() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "cpdkit-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	dsn := "sqlite:" + filepath.Join(dir, "cpd.db") // or "postgres://user@host/db?sslmode=verify-full"

	s, err := sqlstore.Open(ctx, dsn, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	err = s.Update(ctx, "acme-college", func(tx cpd.Tx) error {
		_, err := tx.Put(ctx, cpd.Record{Kind: cpd.KindPerson, ID: "p-ada", Data: []byte(`{"name": "Ada"}`)}, cpd.Change{Actor: "p-admin", Action: "add"})
		return err
	})
	fmt.Println("stored:", err)
	fmt.Println("closed:", s.Close())

	s, err = sqlstore.Open(ctx, dsn, &sqlstore.Options{NoMigrate: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	v, err := s.SchemaVersion(ctx)
	fmt.Println("schema version:", v, err)
	err = s.View(ctx, "acme-college", func(tx cpd.Tx) error {
		r, err := tx.Get(ctx, cpd.KindPerson, "p-ada")
		fmt.Println(r.ID, string(r.Data))
		return err
	})
	fmt.Println("read:", err)
	// Output:
	// stored: <nil>
	// closed: <nil>
	// schema version: 7 <nil>
	// p-ada {"name": "Ada"}
	// read: <nil>
}

// A write at a stale version fails with cpd.ErrConflict and writes
// nothing; the transaction goes on.
func ExampleStore_Update_conflict() {
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, "sqlite::memory:", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	err = s.Update(ctx, "acme-college", func(tx cpd.Tx) error {
		v1, err := tx.Put(ctx, cpd.Record{Kind: cpd.KindPerson, ID: "p-ada", Data: []byte(`{"fte": "1"}`)}, cpd.Change{})
		if err != nil {
			return err
		}
		first, second := v1, v1
		first.Data, second.Data = []byte(`{"fte": "0.8"}`), []byte(`{"fte": "0.6"}`)
		_, err = tx.Put(ctx, first, cpd.Change{})
		fmt.Println("first writer:", err)
		_, err = tx.Put(ctx, second, cpd.Change{})
		fmt.Println("second writer conflicts:", errors.Is(err, cpd.ErrConflict))
		return nil
	})
	fmt.Println("committed:", err)
	// Output:
	// first writer: <nil>
	// second writer conflicts: true
	// committed: <nil>
}
