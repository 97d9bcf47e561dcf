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

// TestOB2Dates reads Open Badges 2.0 DateTimes as the spec allows them
// (ISO 8601 with a time and a zone, seconds optional): without seconds,
// with "+0000" offsets, lower-case t and z, a fraction, a leap second;
// each is a day in London.
func TestOB2Dates(t *testing.T) {
	res, err := importDoc(t, testdata(t, "ob2-dates.json"), nil)
	require.NoError(t, err)
	type dated struct{ Issued, ValidUntil string }
	var got []dated
	for _, a := range res.Awards {
		until := ""
		if a.ValidUntil != 0 {
			until = a.ValidUntil.String()
		}
		got = append(got, dated{a.Issued.String(), until})
	}
	want := []dated{
		{"2016-12-31", ""}, {"2026-03-02", "2028-03-01"}, {"2026-03-02", ""}, {"2026-03-02", ""}, {"2016-12-31", ""}, {"2026-07-01", ""},
	}
	require.Equal(t, want, got)
}
