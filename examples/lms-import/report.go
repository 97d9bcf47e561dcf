package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/cpdkit/cpdkit/adapters/xapi"
	"github.com/cpdkit/cpdkit/compliance"
)

// report prints what the import did, then the compliance table.
func report(w io.Writer, source string, res xapi.Result, policy compliance.Policy, m *compliance.Matrix) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	writeImport(tw, source, res)
	writeCredits(tw, res)
	writeOutcomes(tw, res)
	fmt.Fprintf(tw, "CPD compliance on %s: %s (%s)\n\n", m.On, policy.Name, policy.ID)
	writeKey(tw, m)
	writeTable(tw, m)
	writeLegend(tw, m)
	writeRates(tw, m)
	return tw.Flush()
}

// writeImport summarises the import.
func writeImport(w io.Writer, source string, res xapi.Result) {
	fmt.Fprintf(w, "xAPI import from %s\n", source)
	fmt.Fprintf(w, "  statements read\t%d\n", res.Statements)
	fmt.Fprintf(w, "  credits\t%d\n", len(res.Credits))
	for s := xapi.NoCredit; s <= xapi.UnknownActivity; s++ {
		if n := res.Count(s); n > 0 {
			fmt.Fprintf(w, "  %s\t%d\n", s, n)
		}
	}
	if len(res.Rejected) > 0 {
		fmt.Fprintf(w, "  rejected (bad)\t%d\n", len(res.Rejected))
	}
	fmt.Fprintln(w)
}

// writeCredits lists the credit given: who did what, on which day in the
// organisation's time zone, for how many hours.
func writeCredits(w io.Writer, res xapi.Result) {
	fmt.Fprintln(w, "Credit given")
	fmt.Fprintln(w, "  #\tPERSON\tVERB\tCOURSE\tDAY\tHOURS")
	for _, c := range res.Credits {
		fmt.Fprintf(w, "  %d\t%s\t%s\t%s\t%s\t%s\n", c.Index, c.Person, c.Verb, c.Course.Title, c.Date, c.Hours)
	}
	if len(res.Credits) == 0 {
		fmt.Fprintln(w, "  none")
	}
	fmt.Fprintln(w)
}

// writeOutcomes lists every statement that gave no credit, and why.
func writeOutcomes(w io.Writer, res xapi.Result) {
	fmt.Fprintln(w, "Statements that gave no credit")
	fmt.Fprintln(w, "  #\tPERSON\tSTATUS\tREASON")
	for _, o := range res.Outcomes {
		fmt.Fprintf(w, "  %d\t%s\t%s\t%s\n", o.Index, orDash(o.Person), o.Status, o.Reason)
	}
	for _, r := range res.Rejected {
		fmt.Fprintf(w, "  %d\t-\tbad\t%s: %s\n", r.Index, r.Path, r.Reason)
	}
	if len(res.Outcomes)+len(res.Rejected) == 0 {
		fmt.Fprintln(w, "  none")
	}
	fmt.Fprintln(w)
}

// column returns the short header of requirement j: R1, R2, ….
func column(j int) string { return fmt.Sprintf("R%d", j+1) }

func writeKey(w io.Writer, m *compliance.Matrix) {
	fmt.Fprintln(w, "Requirements")
	for j, c := range m.Columns {
		fmt.Fprintf(w, "  %s\t%s\t%s\n", column(j), c.Requirement.ID, c.Requirement.Name)
	}
	fmt.Fprintln(w)
}

// writeTable prints one row per person and one column per requirement.
func writeTable(w io.Writer, m *compliance.Matrix) {
	fmt.Fprint(w, "Status by person (n/a: does not apply)\n  PERSON\tJOB ROLE")
	for j := range m.Columns {
		fmt.Fprintf(w, "\t%s", column(j))
	}
	fmt.Fprintln(w)
	for i := range m.Len() {
		p := m.Person(i)
		fmt.Fprintf(w, "  %s\t%s", p.ID, orDash(p.JobRole))
		for j := range m.Columns {
			s := m.Item(i, j).Status
			text := s.String()
			if s == compliance.NotApplicable {
				text = "n/a"
			}
			fmt.Fprintf(w, "\t%s", text)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

// meanings says in a few words what each status means.
var meanings = map[compliance.Status]string{
	compliance.Compliant:     "done and in date",
	compliance.DueSoon:       "in date, but due for renewal soon",
	compliance.Pending:       "not done, but not due yet (a starter, an extension, hours still accruing)",
	compliance.Planned:       "a qualification planned by a date",
	compliance.Overdue:       "expired",
	compliance.Missing:       "not done, and due",
	compliance.Exempt:        "excused by a manager",
	compliance.NotApplicable: "does not apply",
}

// writeLegend says, on one line, what each status the table shows means.
func writeLegend(w io.Writer, m *compliance.Matrix) {
	seen := map[compliance.Status]bool{}
	for i := range m.Len() {
		for j := range m.Columns {
			seen[m.Item(i, j).Status] = true
		}
	}
	var parts []string
	for s := compliance.Compliant; s <= compliance.NotApplicable; s++ {
		if !seen[s] {
			continue
		}
		text := s.String()
		if s == compliance.NotApplicable {
			text = "n/a"
		}
		parts = append(parts, text+": "+meanings[s])
	}
	fmt.Fprintf(w, "Key\n  %s\n\n", strings.Join(parts, "; "))
}

// writeRates prints each requirement's compliance rate.
func writeRates(w io.Writer, m *compliance.Matrix) {
	fmt.Fprintln(w, "Compliance by requirement (compliant or due soon, of those it applies to)")
	fmt.Fprintln(w, "  \tREQUIREMENT\tCOMPLIANT\tRATE")
	for j, c := range m.Columns {
		fmt.Fprintf(w, "  %s\t%s\t%d/%d\t%s\n", column(j), c.Requirement.ID, c.Tally.Compliant(), c.Tally.Applicable(), rate(c.Tally))
	}
	fmt.Fprintf(w, "  \tall\t%d/%d\t%s\n", m.Overall.Compliant(), m.Overall.Applicable(), rate(m.Overall))
}

func rate(t compliance.Tally) string {
	if t.Applicable() == 0 {
		return "-"
	}
	return t.Rate().StringFixed(1) + "%"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
