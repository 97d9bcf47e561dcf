// Command compliance-check evaluates a staff list against one of cpdkit's
// policy presets (or a policy file of its own) and prints a compliance table: each person's status for
// each requirement, the compliance rate of each requirement, the reason for
// every item not yet compliant, and the items expiring within 60 days.
//
// Usage:
//
//	compliance-check [-policy avct|letta|FILE.json] [-on YYYY-MM-DD] [staff.json]
//
// Without a file it uses a small built-in staff list whose dates are set
// relative to the evaluation day, so the output shows a mix of statuses on
// any day. The file format is described in README.md beside this file.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/presets"
)

// expiringDays is how far ahead the report looks for expiring items.
const expiringDays = 60

// name is the program's name, the prefix of its errors.
const name = "compliance-check"

func main() {
	os.Exit(cli(os.Args[1:], os.Stdout, os.Stderr, date.Today()))
}

// cli runs the program on the command line args and returns its exit
// status: 0, 1 when it fails, or 2 when the command line is wrong. -h
// prints the usage to stdout; an error is printed to stderr on one line
// after the program's name.
func cli(args []string, stdout, stderr io.Writer, today date.Date) int {
	err := run(args, stdout, stderr, today)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintf(stderr, "%s: %s\n", name, strings.ReplaceAll(err.Error(), "\n", "; "))
	if errors.As(err, new(usageError)) {
		return 2
	}
	return 1
}

// usageError is an error in the command line.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

// usagef returns a usageError formatted as fmt.Errorf does.
func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// run parses the command line, evaluates the staff list on the chosen day
// (today unless -on is given) and prints the report to stdout.
func run(args []string, stdout, stderr io.Writer, today date.Date) error {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // cli prints the one error; -h prints to stdout
	policyName := fs.String("policy", "letta", "which policy, `"+strings.Join(presets.Names(), "|")+"|FILE.json`: a preset's name or a policy file's path")
	onText := fs.String("on", "", "evaluate on this day, `YYYY-MM-DD` (default today)")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(stdout, "usage: %s [flags] [staff.json]\n\n", name)
		fmt.Fprintln(stdout, "Evaluates a staff list (staff.json, or a built-in one) against a CPD policy and\nprints each person's status for each requirement, the rates, the reasons and\nwhat expires within 60 days.\n\nflags:")
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return err
	} else if err != nil {
		return usageError{err}
	}
	if fs.NArg() > 1 {
		return usagef("at most one staff file, got %d arguments", fs.NArg())
	}
	on := today
	if *onText != "" {
		d, err := parseDay(*onText)
		if err != nil {
			return usagef("-on: %v", err)
		}
		on = d
	}
	policy, err := presets.Open(*policyName)
	switch {
	case errors.Is(err, presets.ErrUnknown):
		return usagef("-policy: %v", err)
	case err != nil:
		return fmt.Errorf("-policy: %w", err)
	}
	e, err := compliance.NewEvaluator(policy)
	if err != nil {
		return err
	}
	subjects := builtinStaff(e, on)
	if fs.NArg() == 1 {
		if subjects, err = readStaffFile(fs.Arg(0)); err != nil {
			return err
		}
		warnUnmatched(stderr, fs.Arg(0), e, subjects)
	}
	m, err := e.Matrix(subjects, on)
	if err != nil && fs.NArg() == 1 {
		return inFile(fs.Arg(0), e, subjects, on, err)
	}
	if err != nil {
		return fmt.Errorf("evaluate staff: %w", err)
	}
	return report(stdout, policy, m)
}

// inFile turns err, the error Matrix gave for the subjects read from a
// staff file, into one that names the file and the field as the file
// writes it (people[i].…), rather than as Matrix numbers its arguments.
// It finds the person by evaluating each alone, which is done only on
// this error path.
func inFile(file string, e *compliance.Evaluator, subjects []compliance.Subject, on date.Date, err error) error {
	for i, sub := range subjects {
		_, perr := e.Evaluate(sub.Person, sub.Evidence, on)
		if v := (*compliance.ValidationError)(nil); errors.As(perr, &v) {
			path := fmt.Sprintf("people[%d]", i)
			if v.Field != "" {
				path += "." + v.Field
			}
			return fmt.Errorf("%s: %w", file, &compliance.ValidationError{Field: path, Reason: v.Reason})
		}
	}
	return fmt.Errorf("%s: %w", file, err)
}

// warnUnmatched warns of each evidence record in a staff file that counts
// for nothing: its topic meets no requirement of the policy and it has no
// hours, so a misspelt or foreign topic would otherwise be lost silently.
// (A record with hours counts towards a minimum of hours whatever its
// topic.)
func warnUnmatched(w io.Writer, file string, e *compliance.Evaluator, subjects []compliance.Subject) {
	policy := e.Policy().ID
	for i, sub := range subjects {
		for k, ev := range sub.Evidence {
			if ev.Hours.IsPositive() || e.Meets(ev.Topic) != nil {
				continue
			}
			fmt.Fprintf(w, "warning: %s: people[%d].evidence[%d]: topic %q meets no requirement of policy %s, so the record counts for nothing\n",
				file, i, k, ev.Topic, policy)
		}
	}
}

// parseDay reads a day written exactly YYYY-MM-DD.
func parseDay(s string) (date.Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a date written YYYY-MM-DD", s)
	}
	return date.NewAt(t), nil
}

// ---- The report ----------------------------------------------------------

// report prints the whole compliance report for the matrix.
func report(w io.Writer, policy compliance.Policy, m *compliance.Matrix) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "CPD compliance on %s: %s (%s)\n\n", m.On, policy.Name, policy.ID)
	writeKey(tw, m)
	writeTable(tw, m)
	writeLegend(tw, m)
	writeRates(tw, m)
	writeReasons(tw, m)
	writeExpiring(tw, m)
	return tw.Flush()
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
			fmt.Fprintf(w, "\t%s", statusText(m.Status(i, j)))
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
			seen[m.Status(i, j)] = true
		}
	}
	var parts []string
	for s := compliance.Compliant; s <= compliance.NotApplicable; s++ {
		if seen[s] {
			parts = append(parts, statusText(s)+": "+meanings[s])
		}
	}
	fmt.Fprintf(w, "Key\n  %s\n\n", strings.Join(parts, "; "))
}

func statusText(s compliance.Status) string {
	if s == compliance.NotApplicable {
		return "n/a"
	}
	return s.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// writeRates prints each requirement's compliance rate: compliant or due
// soon, out of everyone it applies to and who is not exempt.
func writeRates(w io.Writer, m *compliance.Matrix) {
	fmt.Fprintln(w, "Compliance by requirement (compliant or due soon, of those it applies to)")
	fmt.Fprintln(w, "  \tREQUIREMENT\tCOMPLIANT\tRATE")
	for j, c := range m.Columns {
		fmt.Fprintf(w, "  %s\t%s\t%s\t%s\n", column(j), c.Requirement.ID, fraction(c.Tally), rate(c.Tally))
	}
	fmt.Fprintf(w, "  \tall\t%s\t%s\n\n", fraction(m.Overall), rate(m.Overall))
}

func fraction(t compliance.Tally) string { return fmt.Sprintf("%d/%d", t.Compliant(), t.Applicable()) }

func rate(t compliance.Tally) string {
	if t.Applicable() == 0 {
		return "-"
	}
	return t.Rate().StringFixed(1) + "%"
}

// writeReasons prints every item that counts towards the rates but is not
// compliant (pending, planned, overdue or missing), with its reason.
func writeReasons(w io.Writer, m *compliance.Matrix) {
	fmt.Fprintln(w, "Not compliant")
	n := 0
	for i, row := range m.Rows() {
		for _, it := range row.Items {
			if it.Status.Counts() && !it.Status.OK() {
				fmt.Fprintf(w, "  %s\t%s\t%s\t%s\n", m.Person(i).ID, it.Requirement.ID, it.Status, it.Reason())
				n++
			}
		}
	}
	if n == 0 {
		fmt.Fprintln(w, "  none")
	}
	fmt.Fprintln(w)
}

// writeExpiring prints the items whose evidence stops counting within
// expiringDays days, soonest first.
func writeExpiring(w io.Writer, m *compliance.Matrix) {
	fmt.Fprintf(w, "Expiring within %d days\n", expiringDays)
	soon := m.Expiring(expiringDays)
	for _, r := range soon {
		days := int(r.ValidUntil - m.On)
		fmt.Fprintf(w, "  %s\t%s\tvalid until %s\t(%d days)\t%s\n", r.PersonID, r.Requirement.ID, r.ValidUntil, days, r.Status)
	}
	if len(soon) == 0 {
		fmt.Fprintln(w, "  none")
	}
}

// ---- The built-in staff list --------------------------------------------

// builtinStaff returns a small staff list whose dates are relative to on,
// so that evaluating it on any day gives a mix of statuses. Plans,
// extensions and exemptions for requirements the policy does not have are
// dropped, so the same list suits every preset.
func builtinStaff(e *compliance.Evaluator, on date.Date) []compliance.Subject {
	policy := e.Policy()
	yearStart := compliance.AcademicYearOf(policy.AcademicYearStart, on).Start
	ago := func(days int) date.Date { return on - date.Date(days) }
	// inYear dates hours in the current academic year, however early in it on is.
	inYear := func(days int) date.Date { return max(ago(days), yearStart) }
	ev := func(topic string, day date.Date) compliance.Evidence {
		return compliance.Evidence{ID: topic + "@" + day.String(), Topic: topic, Date: day}
	}
	hrs := func(topic string, day date.Date, h string) compliance.Evidence {
		x := ev(topic, day)
		x.Hours, x.Kind, x.Relevant = decimal.RequireFromString(h), "course", true
		return x
	}
	staff := []compliance.Subject{
		{
			Person: compliance.Person{ID: "teacher-01", Start: ago(3 * 365), Employment: compliance.Employed, JobRole: "teacher", Roles: []string{"staff", "line_manager"}},
			Evidence: []compliance.Evidence{
				ev("safeguarding", ago(200)), ev("prevent", ago(700)), ev("health-and-safety", ago(400)),
				ev("equality-and-diversity", ago(300)), ev("mental-health-first-aid", ago(500)), ev("gdpr", ago(100)),
				ev("mis", ago(1000)), ev("teaching-learning-assessment", ago(90)), ev("ofsted-update", ago(150)),
				ev("cpd-log", ago(20)), ev("pen-portrait", ago(3*365-10)), ev("qts", ago(10*365)),
				ev("chartered-college-membership", ago(330)), ev("appraisal", ago(100)), ev("interim-review", ago(40)),
				ev("pen-portrait-update", ago(100)),
				hrs("subject-knowledge", inYear(10), "20"), hrs("ofsted-briefing", inYear(3), "12"),
			},
		},
		{
			Person: compliance.Person{ID: "tutor-02", Start: ago(2 * 365), Employment: compliance.Associate, JobRole: "tutor", Roles: []string{"staff"}, FTE: decimal.RequireFromString("0.4")},
			Evidence: []compliance.Evidence{
				ev("designated-safeguarding-lead", ago(380)), ev("prevent", ago(100)), ev("health-and-safety", ago(200)),
				ev("qtls", ago(5*365)), ev("cpd-log", ago(70)), ev("mis", ago(700)), ev("pen-portrait", ago(2*365-5)),
				{ID: "nasbtt-2025", Topic: "nasbtt-membership", Date: ago(345), ValidUntil: on + 20},
				hrs("webinar", inYear(5), "5"),
			},
		},
		{
			Person: compliance.Person{
				ID: "teacher-03", Start: ago(365), Employment: compliance.Employed, JobRole: "teacher", Roles: []string{"staff"},
				Plans:      []compliance.Plan{{Requirement: "qts", By: on + 200, Description: "assessment-only route"}},
				Extensions: []compliance.Extension{{Requirement: "health-and-safety", Until: on + 14, Reason: "course booked", GrantedBy: "line_manager"}},
				Exemptions: []compliance.Exemption{{Requirement: "chartered-college-membership", Reason: "member through the partner school", GrantedBy: "director_of_school_improvement"}},
			},
			Evidence: []compliance.Evidence{
				ev("safeguarding", ago(340)), ev("prevent", ago(300)), ev("equality-diversity-inclusion", ago(300)),
				ev("gdpr", ago(300)), ev("cpd-log", ago(30)), ev("pen-portrait", ago(360)),
				hrs("mentoring", inYear(1), "4"),
			},
		},
		{
			Person:   compliance.Person{ID: "assessor-04", Start: ago(10), Employment: compliance.Employed, JobRole: "assessor", Roles: []string{"staff"}},
			Evidence: []compliance.Evidence{ev("safeguarding", ago(5))},
		},
		{
			Person: compliance.Person{ID: "support-05", Start: ago(4 * 365), Employment: compliance.Employed, JobRole: "business_support", Roles: []string{"staff", "administrator", "budget_holder"}, FTE: decimal.RequireFromString("0.6")},
			Evidence: []compliance.Evidence{
				ev("safeguarding", ago(30)), ev("iosh-working-safely", ago(1200)), ev("prevent", ago(600)),
				ev("equality-and-diversity", ago(900)), ev("data-protection", ago(400)), ev("cpd-log", ago(40)),
				ev("mis", ago(1400)), ev("esfa-update", ago(50)), ev("mental-health-awareness", ago(1000)),
				hrs("systems-training", inYear(2), "20"),
			},
		},
	}
	for i := range staff {
		staff[i].Person = onlyKnown(e, staff[i].Person)
	}
	return staff
}

// onlyKnown drops the plans, extensions and exemptions for requirements the
// evaluator's policy does not have.
func onlyKnown(e *compliance.Evaluator, p compliance.Person) compliance.Person {
	has := func(id string) bool { _, ok := e.Requirement(id); return ok }
	p.Plans = slices.DeleteFunc(slices.Clone(p.Plans), func(x compliance.Plan) bool { return !has(x.Requirement) })
	p.Extensions = slices.DeleteFunc(slices.Clone(p.Extensions), func(x compliance.Extension) bool { return !has(x.Requirement) })
	p.Exemptions = slices.DeleteFunc(slices.Clone(p.Exemptions), func(x compliance.Exemption) bool { return !has(x.Requirement) })
	return p
}

// ---- The staff file ------------------------------------------------------

// The staff file's JSON form; README.md documents it. Dates are
// "YYYY-MM-DD" and decimals are strings ("0.5", "3.5").
type (
	staffFile struct {
		People []personJSON `json:"people"`
	}
	personJSON struct {
		ID         string          `json:"id"`
		Start      string          `json:"start"`
		Leaving    string          `json:"leaving"`
		Employment string          `json:"employment"`
		JobRole    string          `json:"job_role"`
		Roles      []string        `json:"roles"`
		FTE        string          `json:"fte"`
		Absences   []absenceJSON   `json:"absences"`
		Extensions []extensionJSON `json:"extensions"`
		Exemptions []exemptionJSON `json:"exemptions"`
		Plans      []planJSON      `json:"plans"`
		Evidence   []evidenceJSON  `json:"evidence"`
	}
	absenceJSON struct {
		From   string `json:"from"`
		To     string `json:"to"`
		Reason string `json:"reason"`
	}
	extensionJSON struct {
		Requirement string `json:"requirement"`
		Until       string `json:"until"`
		Reason      string `json:"reason"`
		GrantedBy   string `json:"granted_by"`
	}
	exemptionJSON struct {
		Requirement string `json:"requirement"`
		Reason      string `json:"reason"`
		GrantedBy   string `json:"granted_by"`
	}
	planJSON struct {
		Requirement string `json:"requirement"`
		By          string `json:"by"`
		Description string `json:"description"`
	}
	evidenceJSON struct {
		ID         string `json:"id"`
		Topic      string `json:"topic"`
		Date       string `json:"date"`
		ValidUntil string `json:"valid_until"`
		Hours      string `json:"hours"`
		Aspect     string `json:"aspect"`
		Kind       string `json:"kind"`
		Relevant   bool   `json:"relevant"`
		Level      string `json:"level"`
	}
)

// readStaffFile reads a staff file. Every error names the file and the
// problem: the line of a JSON error, or the path of a bad field.
func readStaffFile(path string) ([]compliance.Subject, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	subjects, err := parseStaff(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return subjects, nil
}

// parseStaff decodes a staff file strictly (unknown fields and trailing
// data are errors) and converts it to subjects.
func parseStaff(data []byte) ([]compliance.Subject, error) {
	var f staffFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, jsonError(data, dec.InputOffset(), err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("line %d: unexpected data after the JSON object", lineAt(data, dec.InputOffset()))
	}
	if len(f.People) == 0 {
		return nil, errors.New(`"people" is missing or empty`)
	}
	c := converter{}
	subjects := make([]compliance.Subject, len(f.People))
	seen := make(map[string]int, len(f.People))
	for i, pj := range f.People {
		path := fmt.Sprintf("people[%d]", i)
		if j, dup := seen[pj.ID]; dup && pj.ID != "" {
			c.fail(path+".id", fmt.Sprintf("%q is already used by people[%d]", pj.ID, j))
		}
		seen[pj.ID] = i
		subjects[i] = c.subject(path, pj)
	}
	return subjects, errors.Join(c.errs...)
}

// jsonError describes a decoding error with its line.
func jsonError(data []byte, offset int64, err error) error {
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntaxErr):
		return fmt.Errorf("line %d: malformed JSON: %v", lineAt(data, syntaxErr.Offset), syntaxErr)
	case errors.As(err, &typeErr) && typeErr.Field == "":
		return fmt.Errorf(`line %d: the file must be a JSON object with a "people" array, not a JSON %s`, lineAt(data, typeErr.Offset), typeErr.Value)
	case errors.As(err, &typeErr):
		return fmt.Errorf("line %d: %s: is a JSON %s, want %s", lineAt(data, typeErr.Offset), pathAt(data, typeErr.Offset), typeErr.Value, jsonKind(typeErr.Type.Kind().String()))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("malformed JSON: unexpected end of file")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return fmt.Errorf("line %d: %s is not a known field", lineAt(data, offset), strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return fmt.Errorf("line %d: %w", lineAt(data, offset), err)
}

func jsonKind(goKind string) string {
	switch goKind {
	case "slice":
		return "an array"
	case "struct", "map":
		return "an object"
	}
	return "a " + goKind
}

// pathAt returns the path, as the file writes it (people[1].evidence[0].hours),
// of the value that starts (an object or array) or ends (anything else)
// at byte offset in data, which is where encoding/json reports a value of
// the wrong type. (The error's own Field, people.evidence.hours, has no
// indices.)
func pathAt(data []byte, offset int64) string {
	type frame struct {
		array   bool
		index   int    // an array's current element
		key     string // an object's current member
		wantKey bool   // the object's next token is a key
	}
	var stack []*frame
	path := func() string {
		var b strings.Builder
		for _, f := range stack {
			switch {
			case f.array:
				fmt.Fprintf(&b, "[%d]", f.index)
			case b.Len() > 0:
				b.WriteString("." + f.key)
			default:
				b.WriteString(f.key)
			}
		}
		return b.String()
	}
	ended := func() { // a value has ended: move on to the next
		if n := len(stack); n > 0 {
			if stack[n-1].array {
				stack[n-1].index++
			} else {
				stack[n-1].wantKey = true
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return path()
		}
		if n := len(stack); n > 0 && !stack[n-1].array && stack[n-1].wantKey {
			if key, ok := tok.(string); ok {
				stack[n-1].key, stack[n-1].wantKey = key, false
				continue
			}
		}
		if tok == json.Delim(']') || tok == json.Delim('}') {
			stack = stack[:len(stack)-1]
			ended()
			continue
		}
		if dec.InputOffset() >= offset {
			return path()
		}
		switch tok {
		case json.Delim('['):
			stack = append(stack, &frame{array: true})
		case json.Delim('{'):
			stack = append(stack, &frame{wantKey: true})
		default:
			ended()
		}
	}
}

// lineAt returns the 1-based line of a byte offset.
func lineAt(data []byte, offset int64) int {
	offset = min(max(offset, 0), int64(len(data)))
	return 1 + bytes.Count(data[:offset], []byte("\n"))
}

// converter turns the file's strings into compliance values, collecting
// every problem with its path.
type converter struct {
	errs []error
}

func (c *converter) fail(path, reason string) {
	c.errs = append(c.errs, fmt.Errorf("%s: %s", path, reason))
}

// day reads a date; required says whether an empty one is a problem.
func (c *converter) day(path, s string, required bool) date.Date {
	if s == "" {
		if required {
			c.fail(path, "is required")
		}
		return 0
	}
	d, err := parseDay(s)
	if err != nil {
		c.fail(path, err.Error())
	}
	return d
}

func (c *converter) decimal(path, s string) decimal.Decimal {
	if s == "" {
		return decimal.Decimal{}
	}
	d, err := decimal.NewFromString(s)
	if err != nil || strings.ContainsAny(s, "eE") {
		c.fail(path, fmt.Sprintf("%q is not a decimal number", s))
	}
	return d
}

func (c *converter) subject(path string, pj personJSON) compliance.Subject {
	if pj.ID == "" {
		c.fail(path+".id", "is required")
	}
	p := compliance.Person{
		ID: pj.ID, Start: c.day(path+".start", pj.Start, true), Leaving: c.day(path+".leaving", pj.Leaving, false),
		JobRole: pj.JobRole, Roles: pj.Roles, FTE: c.decimal(path+".fte", pj.FTE),
	}
	if pj.Employment != "" {
		if err := p.Employment.UnmarshalText([]byte(pj.Employment)); err != nil {
			c.fail(path+".employment", err.Error())
		}
	}
	for k, a := range pj.Absences {
		at := fmt.Sprintf("%s.absences[%d]", path, k)
		p.Absences = append(p.Absences, compliance.Absence{From: c.day(at+".from", a.From, true), To: c.day(at+".to", a.To, true), Reason: a.Reason})
	}
	for k, x := range pj.Extensions {
		at := fmt.Sprintf("%s.extensions[%d]", path, k)
		p.Extensions = append(p.Extensions, compliance.Extension{Requirement: x.Requirement, Until: c.day(at+".until", x.Until, true), Reason: x.Reason, GrantedBy: x.GrantedBy})
	}
	for _, x := range pj.Exemptions {
		p.Exemptions = append(p.Exemptions, compliance.Exemption{Requirement: x.Requirement, Reason: x.Reason, GrantedBy: x.GrantedBy})
	}
	for k, x := range pj.Plans {
		at := fmt.Sprintf("%s.plans[%d]", path, k)
		p.Plans = append(p.Plans, compliance.Plan{Requirement: x.Requirement, By: c.day(at+".by", x.By, true), Description: x.Description})
	}
	evs := make([]compliance.Evidence, len(pj.Evidence))
	for k, x := range pj.Evidence {
		evs[k] = c.evidence(fmt.Sprintf("%s.evidence[%d]", path, k), x)
	}
	return compliance.Subject{Person: p, Evidence: evs}
}

func (c *converter) evidence(path string, x evidenceJSON) compliance.Evidence {
	if x.Topic == "" {
		c.fail(path+".topic", "is required")
	}
	return compliance.Evidence{
		ID: x.ID, Topic: x.Topic, Date: c.day(path+".date", x.Date, true),
		ValidUntil: c.day(path+".valid_until", x.ValidUntil, false),
		Hours:      c.decimal(path+".hours", x.Hours), Aspect: x.Aspect, Kind: x.Kind,
		Relevant: x.Relevant, Level: x.Level,
	}
}
