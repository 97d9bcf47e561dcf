package appraisal

import (
	"slices"
	"strconv"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
)

// Activity is what appraisal needs to know of a CPD activity. Package cpd
// keeps the activity itself and hands appraisal this view of it.
type Activity struct {
	ID     string `json:"id"`
	Person string `json:"person"`
	Title  string `json:"title"`
	// Kind and Aspect are cpd's stable names ("external_course",
	// "keeping_up_to_date"); Provider who delivered it.
	Kind     string `json:"kind,omitzero"`
	Aspect   string `json:"aspect,omitzero"`
	Provider string `json:"provider,omitzero"`
	// Targets are the IDs of the improvement targets it serves.
	Targets  []string `json:"targets,omitzero"`
	Progress Progress `json:"progress"`
	// Completed is the day it was completed, when Progress is Done.
	Completed date.Date       `json:"completed,omitzero"`
	Hours     decimal.Decimal `json:"hours"`
}

// Done reports whether the activity has been completed.
func (a *Activity) Done() bool { return a.Progress == Done }

// Serves reports whether the activity is linked to the target.
func (a *Activity) Serves(target string) bool { return slices.Contains(a.Targets, target) }

// Linked returns the IDs of the completed activities linked to a target,
// in the order given: the activities whose effectiveness is rated when the
// target is evaluated.
func Linked(target string, acts []Activity) []string {
	var out []string
	for i := range acts {
		if acts[i].Done() && acts[i].Serves(target) {
			out = append(out, acts[i].ID)
		}
	}
	return out
}

// checkYear checks an academic year label: four digits, a slash and the
// last two digits of the following year.
func checkYear(field, year string) error {
	if len(year) != 7 || year[4] != '/' || !digits(year[:4]) || !digits(year[5:]) {
		return invalid(field, "%q is not an academic year such as \"2026/27\"", year)
	}
	first, _ := strconv.Atoi(year[:4])
	second, _ := strconv.Atoi(year[5:])
	if (first+1)%100 != second {
		return invalid(field, "%q does not run into the following year (want %04d/%02d)", year, first, (first+1)%100)
	}
	return nil
}

// digits reports whether s is all ASCII digits.
func digits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// duplicate returns the first string that appears twice in ss, or "".
func duplicate(ss []string) string {
	seen := make(map[string]bool, len(ss))
	for _, s := range ss {
		if seen[s] {
			return s
		}
		seen[s] = true
	}
	return ""
}
