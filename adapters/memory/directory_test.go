package memory_test

import (
	"testing"

	"github.com/cpdkit/cpdkit/adapters/directorytest"
	"github.com/cpdkit/cpdkit/adapters/memory"
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
