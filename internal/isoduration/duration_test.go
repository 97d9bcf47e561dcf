package isoduration

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	type want struct {
		Units    int64 // thousandths of an hour
		Calendar bool
		OK       bool
	}
	tests := []struct {
		name, in string
		want     want
	}{
		{"hour and a half", "PT1H30M", want{1500, false, true}},
		{"decimal hours", "PT1.5H", want{1500, false, true}},
		{"comma fraction", "PT1,25H", want{1250, false, true}},
		{"minutes only", "PT90M", want{1500, false, true}},
		{"twenty minutes rounds down", "PT20M", want{333, false, true}},
		{"forty minutes rounds up", "PT40M", want{667, false, true}},
		{"half a unit rounds up", "PT1.8S", want{1, false, true}},
		{"just under half a unit rounds down", "PT1.79S", want{0, false, true}},
		{"xAPI example", "PT4H35M59.14S", want{4600, false, true}},
		{"seconds without T, as the xAPI spec shows", "P16559.14S", want{4600, false, true}},
		{"a day is 24 hours", "P1D", want{24000, false, true}},
		{"days and time", "P1DT2H", want{26000, false, true}},
		{"weeks", "P2W", want{336000, false, true}},
		{"zero", "PT0S", want{0, false, true}},
		{"years have no hours", "P3Y", want{0, true, true}},
		{"months and hours", "P1MT2H", want{2000, true, true}},
		{"every part", "P3Y1M29DT4H35M59.14S", want{700600, true, true}},
		{"many fraction digits", "PT0.0000000001S", want{0, false, true}},
		{"no P", "T1H", want{}},
		{"empty", "", want{}},
		{"P alone", "P", want{}},
		{"T alone", "PT", want{}},
		{"T without time", "P1DT", want{}},
		{"number without designator", "PT1", want{}},
		{"designator without number", "PTH", want{}},
		{"unknown designator", "PT1X", want{}},
		{"out of order", "PT1M1H", want{}},
		{"repeated", "PT1H1H", want{}},
		{"hours before T", "P1H", want{}},
		{"fraction not last", "PT1.5H30M", want{}},
		{"fraction without digits", "PT1.H", want{}},
		{"weeks with days", "P4W1D", want{}},
		{"negative", "-PT1H", want{}},
		{"lower case", "pt1h", want{}},
		{"two T", "PT1HT1M", want{}},
		{"seconds then T", "P1ST1H", want{}},
		{"too long", "PT99999999999999999999H", want{}},
		{"overflows nanoseconds", "P9999999999999W", want{}},
		{"space", "PT1H 30M", want{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got want
			got.Units, got.Calendar, got.OK = Parse([]byte(tt.in))
			if !got.OK {
				got = want{}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}
