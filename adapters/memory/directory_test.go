package memory_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/cpdkit/cpdkit/adapters/directorytest"
	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

func TestDirectoryConformance(t *testing.T) {
	directorytest.Run(t, directorytest.Harness{New: func(_ *testing.T, ids []cpd.Identity) cpd.Directory {
		d := memory.NewDirectory()
		for _, id := range ids {
			d.Set(id.Org, id)
		}
		return d
	}})
}

// TestStoredDirectoryConformance runs the suite against cpd.StoredDirectory
// over a memory Store holding each identity as a person's record.
func TestStoredDirectoryConformance(t *testing.T) {
	directorytest.Run(t, directorytest.Harness{New: func(t *testing.T, ids []cpd.Identity) cpd.Directory {
		store := memory.New()
		for _, id := range ids {
			data, err := json.Marshal(cpd.Person{ID: id.Person, Name: id.Person, Roles: id.Roles, LineManager: id.LineManager,
				Employment: compliance.Employed})
			if err != nil {
				t.Fatal(err)
			}
			err = store.Update(context.Background(), id.Org, func(tx cpd.Tx) error {
				_, err := tx.Put(context.Background(), cpd.Record{Kind: cpd.KindPerson, ID: id.Person, Owner: id.Person, Data: data},
					cpd.Change{Actor: "directorytest", Action: "person.add", At: time.Now()})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		return cpd.StoredDirectory(store)
	}})
}
