package badges

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestHashedMixedCase checks that a hashed email address matches in every
// form an issuer may have hashed the address the person is known by
// (Bob@Example.org): as written, with the domain lower-cased, and wholly
// lower-cased; SHA-256 or MD5, 2.0 or 3.0. A spelling never given to
// Recipients (BOB@EXAMPLE.ORG) cannot be recovered from its hash.
func TestHashedMixedCase(t *testing.T) {
	res, err := importDoc(t, testdata(t, "hashed-mixed-case.json"), nil)
	require.NoError(t, err)
	var people []string
	for _, a := range res.Awards {
		people = append(people, a.Person)
	}
	require.Equal(t, []string{"bob", "bob", "bob", "bob", "bob"}, people)
	require.Equal(t, []refusalView{{5, UnknownPerson}}, refusalViews(res))
}
