package badges

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestOB3WithoutDate checks that a 3.0 credential with no date is told to
// give validFrom, the Open Badges 3.0 (Verifiable Credentials 2.0) name,
// and that the reason names issuanceDate, which 3.0 drafts used, too.
func TestOB3WithoutDate(t *testing.T) {
	_, err := importDoc(t, testdata(t, "ob3-no-date.json"), nil)
	var ie *ImportError
	require.ErrorAs(t, err, &ie)
	require.Len(t, ie.Rejected, 1)
	require.Equal(t, "validFrom", ie.Rejected[0].Path)
	require.Equal(t, "is required (or issuanceDate, as 3.0 drafts named it)", ie.Rejected[0].Reason)
}
