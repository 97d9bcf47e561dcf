package cpd

import (
	"encoding/json"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestDoneOfIsTheStoredForm: the evidence of an activity taken from
// memory (doneOf), as an import takes it, is the evidence decoding its
// stored form gives (as evaluate reads it), field by field.
func TestDoneOfIsTheStoredForm(t *testing.T) {
	base := Activity{
		ID: "a1", Person: "p1", Title: "Course", Kind: Webinar, Aspect: TrainingForJob, Necessity: Necessary,
		Source: SelfIdentified, Topics: []string{"safeguarding", "prevent"}, Hours: decimal.RequireFromString("2.500"),
		Completed: date.New(2026, 10, 1), Evidence: "cert.pdf", State: Completed,
	}
	tests := map[string]func(*Activity){
		"as given":           func(*Activity) {},
		"no topics":          func(a *Activity) { a.Topics = nil },
		"empty topics":       func(a *Activity) { a.Topics = []string{} },
		"valid until":        func(a *Activity) { a.ValidUntil = date.New(2027, 9, 30) },
		"required":           func(a *Activity) { a.Source, a.Necessity = Required, Aspirational },
		"aspirational":       func(a *Activity) { a.Necessity = Aspirational },
		"whole hours":        func(a *Activity) { a.Hours = decimal.NewFromInt(7) },
		"no hours":           func(a *Activity) { a.Hours = decimal.Zero },
		"hours from sums":    func(a *Activity) { a.Hours = decimal.New(4_500_000_000_000_000_000, -18) },
		"another kind":       func(a *Activity) { a.Kind, a.Aspect = DevelopmentDay, CareerProgression },
		"funded, relevant":   func(a *Activity) { a.Funding = &Funding{RelevantToRole: true}; a.Necessity = Aspirational },
		"funded, irrelevant": func(a *Activity) { a.Funding = &Funding{}; a.Necessity = Aspirational },
		"funded, necessary":  func(a *Activity) { a.Funding = &Funding{Budget: "b1", Overnight: true} },
	}
	for name, edit := range tests {
		t.Run(name, func(t *testing.T) {
			a := base
			a.Topics = append([]string(nil), base.Topics...)
			edit(&a)
			data, err := encodeRecord(KindActivity, &a)
			require.NoError(t, err)
			var stored doneActivity
			require.NoError(t, decodeRecord(Record{Kind: KindActivity, ID: a.ID, Data: data}, &stored))
			want, err := json.Marshal(stored.evidence(nil))
			require.NoError(t, err)
			d := doneOf(&a)
			got, err := json.Marshal(d.evidence(nil))
			require.NoError(t, err)
			require.JSONEq(t, string(want), string(got))
			require.Equal(t, stored.inScope(), d.inScope())
			require.Equal(t, stored.Hours.Exponent(), d.Hours.Exponent(), "hours' exponent")
			require.Equal(t, stored.Hours.Coefficient().String(), d.Hours.Coefficient().String(), "hours' coefficient")
		})
	}
}
