package memory

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/cpdkit/cpdkit/cpd"
)

// Directory is a cpd.Directory held in memory: the identities an embedding
// system would otherwise supply, set with [Directory.Set]. The zero value
// is not usable; call [NewDirectory]. A Directory is safe for concurrent
// use.
type Directory struct {
	mu     sync.RWMutex
	people map[person]cpd.Identity
}

// person keys an identity by organisation and person.
type person struct{ org, id string }

var _ cpd.Directory = (*Directory)(nil)

// NewDirectory returns an empty Directory.
func NewDirectory() *Directory {
	return &Directory{people: make(map[person]cpd.Identity)}
}

// Set adds or replaces id.Person's identity in the organisation; its Org
// becomes org.
func (d *Directory) Set(org string, id cpd.Identity) {
	id.Org, id.Roles = org, slices.Clone(id.Roles)
	d.mu.Lock()
	defer d.mu.Unlock()
	d.people[person{org, id.Person}] = id
}

// Lookup returns the person's identity in the organisation. It fails with
// an error wrapping cpd.ErrNotFound if the organisation has no such
// person, or ctx.Err() if ctx is done.
func (d *Directory) Lookup(ctx context.Context, org, who string) (cpd.Identity, error) {
	if err := ctx.Err(); err != nil {
		return cpd.Identity{}, fmt.Errorf("memory: look up %q in %q: %w", who, org, err)
	}
	d.mu.RLock()
	id, ok := d.people[person{org, who}]
	d.mu.RUnlock()
	if !ok {
		return cpd.Identity{}, fmt.Errorf("memory: look up %q in %q: %w", who, org, cpd.ErrNotFound)
	}
	id.Roles = slices.Clone(id.Roles)
	return id, nil
}
