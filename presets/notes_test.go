package presets_test

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/presets"
)

// policyFiles are the written policies, as testdata, by preset name: the
// presets' tables quote them by line.
var policyFiles = map[string]string{
	"avct":  "testdata/avct-professional-development-policy.txt",
	"letta": "testdata/letta-professional-learning-policy.txt",
}

// noteRow is one row of a preset's table.
type noteRow struct {
	line                        int
	quote, encoding, assumption string
	text                        string
}

var rowPattern = regexp.MustCompile(`^\| L(\d+) \| "([^"]+)" \| (.+) \| (.+) \|$`)

// tableOf parses the rows of a preset's notes table, failing on a row
// that does not have the table's shape.
func tableOf(t *testing.T, notes []string) []noteRow {
	t.Helper()
	var rows []noteRow
	header := false
	for _, n := range notes {
		switch {
		case n == "| Line | Policy says | Encoded as | Assumption |":
			header = true
		case strings.HasPrefix(n, "| "):
			m := rowPattern.FindStringSubmatch(n)
			require.NotNil(t, m, "row not shaped | Ln | \"quote\" | encoding | assumption |: %s", n)
			line, _ := strconv.Atoi(m[1])
			rows = append(rows, noteRow{line: line, quote: m[2], encoding: m[3], assumption: m[4], text: n})
		}
	}
	require.True(t, header, "the notes have no table header")
	require.NotEmpty(t, rows)
	return rows
}

// notesOf reads a preset file's notes.
func notesOf(t *testing.T, data []byte) []string {
	t.Helper()
	var doc struct {
		Notes []string `json:"notes"`
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	return doc.Notes
}

// TestNotesTableQuotesThePolicy checks that every row of every preset's
// table quotes its line of the written policy word for word (an ellipsis
// marks words left out), and says either "—" or "**assumption**" and why.
func TestNotesTableQuotesThePolicy(t *testing.T) {
	for _, name := range presets.Names() {
		text, err := os.ReadFile(policyFiles[name])
		require.NoError(t, err)
		lines := strings.Split(string(text), "\n")
		compl, err := presets.JSON(name)
		require.NoError(t, err)
		money, err := presets.BudgetJSON(name)
		require.NoError(t, err)
		for kind, data := range map[string][]byte{"compliance": compl, "budget": money} {
			for _, r := range tableOf(t, notesOf(t, data)) {
				t.Run(fmt.Sprintf("%s/%s/L%d", name, kind, r.line), func(t *testing.T) {
					require.Less(t, r.line-1, len(lines))
					said := strings.Join(strings.Fields(lines[r.line-1]), " ")
					for _, part := range strings.Split(r.quote, "…") {
						require.Contains(t, said, strings.TrimSpace(part), "line %d does not say it", r.line)
					}
					if r.assumption != "—" {
						require.Regexp(t, `^\*\*assumption\*\*: .{20,}`, r.assumption, "an assumption says so and why")
					}
				})
			}
		}
	}
}

// policyGiven are the numbers the written policies do give: every other
// number in a preset is an assumption. AVCT L50: CPD logs "on a
// bi-monthly basis", the "annual appraisal", the "monthly review of
// quality improvement planning"; LETTA L37: needs "reviewed annually".
var policyGiven = map[string]bool{
	"avct/cpd-log/every": true, "avct/appraisal/every": true, "avct/qip-review/every": true,
	"letta/learning-needs-review/every": true,
}

// TestNotesTableMarksEveryAssumedNumber: every period, hours figure and
// academic-year start a compliance preset sets, and every amount and
// claim deadline of a budget preset, is in a row of the table, marked
// **assumption**, unless the policy gives it.
func TestNotesTableMarksEveryAssumedNumber(t *testing.T) {
	for _, name := range presets.Names() {
		p, err := presets.Load(name)
		require.NoError(t, err)
		rows := tableOf(t, p.Notes)
		find := func(t *testing.T, given bool, words ...string) {
			t.Helper()
			for _, r := range rows {
				if containsAll(r.encoding, words) && (given || strings.HasPrefix(r.assumption, "**assumption**")) {
					return
				}
			}
			t.Errorf("no row encodes %q%s", words, map[bool]string{false: " marked **assumption**", true: ""}[given])
		}
		t.Run(name+"/academic_year_start", func(t *testing.T) {
			find(t, false, "academic_year_start "+p.AcademicYearStart.String())
		})
		for _, r := range p.Requirements {
			for _, f := range numbersOf(r) {
				t.Run(name+"/"+r.ID+"/"+f[0], func(t *testing.T) {
					find(t, policyGiven[name+"/"+r.ID+"/"+f[0]], r.ID, f[0]+" "+f[1])
				})
			}
		}
		data, err := presets.BudgetJSON(name)
		require.NoError(t, err)
		var money struct {
			Rules []struct {
				When struct {
					TravelOver string `json:"travel_over"`
				} `json:"when"`
			} `json:"rules"`
			Claims struct {
				DueWithin string `json:"due_within"`
			} `json:"claims"`
		}
		require.NoError(t, json.Unmarshal(data, &money))
		rows = tableOf(t, notesOf(t, data))
		t.Run(name+"/budget/claims", func(t *testing.T) { find(t, false, "due_within "+money.Claims.DueWithin) })
		for _, r := range money.Rules {
			if r.When.TravelOver != "" {
				t.Run(name+"/budget/travel", func(t *testing.T) { find(t, false, "travel_over "+r.When.TravelOver) })
			}
		}
	}
}

// numbersOf lists the numbers a requirement sets, as field and value.
func numbersOf(r compliance.Requirement) [][2]string {
	var out [][2]string
	for _, f := range []struct {
		name string
		zero bool
		text string
	}{
		{"validity", r.Validity.IsZero(), r.Validity.String()},
		{"induction_deadline", r.InductionDeadline.IsZero(), r.InductionDeadline.String()},
		{"renewal_window", r.RenewalWindow.IsZero(), r.RenewalWindow.String()},
		{"grace_period", r.GracePeriod.IsZero(), r.GracePeriod.String()},
		{"every", r.Every.IsZero(), r.Every.String()},
	} {
		if !f.zero {
			out = append(out, [2]string{f.name, f.text})
		}
	}
	if h := r.Hours; h != nil {
		out = append(out, [2]string{"minimum", h.Minimum.String()})
		if !h.PartTimeFloor.IsZero() {
			out = append(out, [2]string{"part_time_floor", h.PartTimeFloor.String()})
		}
		if !h.AbsenceThreshold.IsZero() {
			out = append(out, [2]string{"absence_threshold", h.AbsenceThreshold.String()})
		}
	}
	return out
}

func containsAll(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}
