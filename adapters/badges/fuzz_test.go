package badges

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzBadges imports arbitrary documents: never a panic, every error
// matches ErrInvalid and comes with an empty result, and a success
// accounts for every badge once.
func FuzzBadges(f *testing.F) {
	f.Add(doc(f, assertion("1", "ann@example.org", set("expires", "2028-01-01T00:00:00Z")), credential("1", "bob@example.org")), false)
	f.Add(doc(f, assertion("1", "ann@example.org", set("revoked", true)), credential("2", "", in("credentialSubject", "id", "did:example:dan"))), true)
	f.Add([]byte(`[{"type": "Assertion"}, {"type": ["OpenBadgeCredential"], "credentialSubject": [{}, {}]}, 3]`), true)
	for _, name := range []string{"duplicate-assertion.json", "revoked-later.json", "invalid-utf8.json", "ob3-no-date.json", "ob2-dates.json", "hashed-mixed-case.json"} {
		f.Add(testdata(f, name), true)
	}
	m, london := testMapping(f), mustLoad(f)
	f.Fuzz(func(t *testing.T, data []byte, skipBad bool) {
		res, err := Import(context.Background(), bytes.NewReader(data), m, &Options{SkipBad: skipBad, Location: london})
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not match ErrInvalid", err)
			}
			if diff := cmp.Diff(Result{}, res, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("error %v came with a result:\n%s", err, diff)
			}
			return
		}
		seen := map[int]bool{}
		for _, a := range res.Awards {
			seen[a.Index] = true
		}
		for _, r := range res.Refused {
			seen[r.Index] = true
		}
		for _, r := range res.Rejected {
			seen[r.Index] = true
		}
		if n := len(res.Awards) + len(res.Refused) + len(res.Rejected); len(seen) != n {
			t.Fatalf("%d outcomes for %d badges", n, len(seen))
		}
	})
}
