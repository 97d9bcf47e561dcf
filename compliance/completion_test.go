package compliance

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
)

// TestCompletionEvidence fans completions out into evidence: one record
// per distinct topic, the hours on the first only, one record without a
// topic when there are none; appended to what the caller already has.
func TestCompletionEvidence(t *testing.T) {
	day, until, ten := date.New(2026, 3, 2), date.New(2027, 3, 1), decimal.NewFromInt(10)
	base := Evidence{ID: "c1", Date: day, ValidUntil: until, Kind: "external_course", Aspect: "induction"}
	with := func(topic string, hours decimal.Decimal) Evidence {
		ev := base
		ev.Topic, ev.Hours = topic, hours
		return ev
	}
	done := func(topics ...string) Completion {
		return Completion{ID: "c1", Date: day, ValidUntil: until, Hours: ten, Topics: topics, Kind: "external_course", Aspect: "induction"}
	}
	earlier := Evidence{ID: "c0", Topic: "prevent", Date: day}
	tests := []struct {
		name string
		c    Completion
		evs  []Evidence
		want []Evidence
	}{
		{name: "no topics: one record for the hours", c: done(), want: []Evidence{with("", ten)}},
		{name: "one topic", c: done("safeguarding"), want: []Evidence{with("safeguarding", ten)}},
		{
			name: "several topics: hours on the first only",
			c:    done("safeguarding", "prevent"),
			want: []Evidence{with("safeguarding", ten), with("prevent", decimal.Decimal{})},
		},
		{
			name: "a topic given twice gives one record",
			c:    done("safeguarding", "prevent", "safeguarding"),
			want: []Evidence{with("safeguarding", ten), with("prevent", decimal.Decimal{})},
		},
		{
			name: "empty topics are left out",
			c:    done("", "prevent", ""),
			want: []Evidence{with("prevent", ten)},
		},
		{name: "only empty topics: one record for the hours", c: done(""), want: []Evidence{with("", ten)}},
		{
			name: "appends to the caller's evidence",
			c:    done("safeguarding"),
			evs:  []Evidence{earlier},
			want: []Evidence{earlier, with("safeguarding", ten)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.c.AppendEvidence(tt.evs)
			if diff := cmp.Diff(tt.want, got, decimalEqual()); diff != "" {
				t.Errorf("evidence (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCompletionHoursCountOnce evaluates a completion with several topics
// against a minimum of hours: its hours count once, not once per topic.
func TestCompletionHoursCountOnce(t *testing.T) {
	policy, err := ParsePolicy([]byte(`{"id": "p", "academic_year_start": "09-01", "requirements": [
		{"id": "hours", "kind": "minimum_hours", "hours": {"minimum": "15"}},
		{"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y"},
		{"id": "prevent", "kind": "renewable_training", "validity": "P1Y"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEvaluator(policy)
	if err != nil {
		t.Fatal(err)
	}
	c := Completion{ID: "c1", Date: date.New(2026, 10, 1), Hours: decimal.NewFromInt(10), Topics: []string{"safeguarding", "prevent", "safeguarding"}}
	res, err := e.Evaluate(Person{ID: "p1", Start: date.New(2020, 9, 1)}, c.AppendEvidence(nil), date.New(2026, 10, 2))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Status{"hours": Pending, "safeguarding": Compliant, "prevent": Compliant}
	got := map[string]Status{}
	for _, it := range res.Items {
		got[it.Requirement.ID] = it.Status
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
}
