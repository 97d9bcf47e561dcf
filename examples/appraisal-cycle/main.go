// Command appraisal-cycle runs one teacher's academic year of performance
// management through cpdkit's Service, on the embedded SQLite store (or a
// database -db names), under the
// AVCT reference policy (academic year from 1 August, CPD log every two
// months):
//
//   - September: the head of education sets an improvement-planning
//     (SAR/QIP) target for the maths area, the line manager sets an
//     appraisal target and holds the annual appraisal; both sign it off and
//     the plan's needs become requested activities, which the line manager
//     approves.
//   - Autumn: the teacher completes the planned activities, submits the CPD
//     log, acknowledges an ESFA update the head cascaded, attends a
//     development day and gives feedback on what they completed.
//   - November: the line manager prints the professional-learning item of
//     the teacher's 1-to-1 and records the meeting.
//   - March: the line manager evaluates both targets; the teacher and the
//     line manager rate how effective each linked activity was; the month's
//     improvement-plan review for maths shows each target's needs.
//   - April: the head of education reads the feedback monitoring report.
//
// Usage:
//
//	appraisal-cycle [-db DSN]
//
// It runs on a new SQLite file, removed when it ends, unless -db names a
// database ("sqlite:cpd.db", "postgres://…"), where each run is an
// organisation of its own. The year is scripted with fixed dates (2026/27), so the output is the
// same on every run.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"
	_ "time/tzdata" // Europe/London, even where the system has no zone database

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
	"github.com/cpdkit/cpdkit/presets"
)

// name is the program's name, the prefix of its errors.
const name = "appraisal-cycle"

func main() {
	os.Exit(cli(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// cli runs the program on the command line args and returns its exit
// status: 0, 1 when it fails, or 2 when the command line is wrong. -h
// prints the usage to stdout; an error is printed to stderr on one line
// after the program's name.
func cli(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parse(args, stdout)
	if err == nil {
		err = run(ctx, stdout, c.dsn)
	}
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

// config is the command line.
type config struct {
	dsn string
}

// parse reads the command line. On -h it prints the usage to stdout and
// returns flag.ErrHelp; every other error is a usageError.
func parse(args []string, stdout io.Writer) (config, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // cli prints the one error; -h prints to stdout
	var c config
	dsn := fs.String("db", "", dbUsage)
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(stdout, "usage: %s [flags]\n\n", name)
		fmt.Fprintln(stdout, "Runs one teacher's year of performance management through cpdkit under the\nAVCT policy: targets, the appraisal, planned CPD, a development day, feedback,\nratings and reviews.\n\nflags:")
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return config{}, err
	} else if err != nil {
		return config{}, usageError{err}
	}
	if fs.NArg() > 0 {
		return config{}, usageError{fmt.Errorf("unexpected arguments %q", fs.Args())}
	}
	c.dsn = *dsn
	return c, nil
}

// The organisation and its people, by role.
const (
	orgID    = "avct-demo"
	head     = "head-of-education"
	admin    = "administrator"
	manager  = "line-manager"
	teacher  = "teacher"
	assessor = "assessor"
)

// year is the scenario: one organisation, and the day it has reached.
type year struct {
	org string
	svc *cpd.Service
	day date.Date
	loc *time.Location
	w   io.Writer
	ids int

	// What the scenario has made, by name.
	qip, own      appraisal.Target
	review        appraisal.Review
	devDay        appraisal.DevDay
	update        appraisal.Update
	courses       []cpd.Activity // the plan's activities, in plan order
	devDaySession cpd.Activity   // the teacher's development-day activity
	titles        map[string]string
}

// run plays the year on the database dsn names (a new SQLite file for
// "") and prints what happens to w.
func run(ctx context.Context, w io.Writer, dsn string) (err error) {
	store, org, done, err := openStore(ctx, dsn, orgID)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, done()) }()
	y, err := newYear(store, org, w)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "cpdkit appraisal cycle: one teacher's year, 2026/27, under the AVCT policy\n")
	steps := []func(context.Context) error{
		y.addStaff, y.setTargets, y.annualAppraisal, y.approvePlan, y.autumn, y.oneToOne,
		y.interimReview, y.evaluate, y.planReview, y.feedbackReport,
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

// newYear builds the Service on store, as organisation org: AVCT's
// policy, and a Directory in memory saying who holds which role and who
// manages whom. The Service's clock is the day the scenario has reached.
func newYear(store *sqlstore.Store, org string, w io.Writer) (*year, error) {
	policy, err := presets.Load("avct")
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return nil, err
	}
	y := &year{org: org, day: date.New(2026, 9, 1), loc: loc, w: w, titles: map[string]string{}}
	dir := memory.NewDirectory()
	for _, id := range []cpd.Identity{
		{Person: head, Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleHeadOfEducation}},
		{Person: admin, Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}, LineManager: head},
		{Person: manager, Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleLineManager}, LineManager: head},
		{Person: teacher, Roles: []cpd.Role{cpd.RoleStaff}, LineManager: manager},
		{Person: assessor, Roles: []cpd.Role{cpd.RoleStaff}, LineManager: manager},
	} {
		dir.Set(y.org, id)
	}
	y.svc, err = cpd.New(store, dir, policy, &cpd.Options{
		Now:      func() time.Time { return y.day.MidnightIn(loc).Add(12 * time.Hour) },
		Location: loc,
		NewID:    func() string { y.ids++; return fmt.Sprintf("id-%03d", y.ids) },
	})
	return y, err
}

// on moves the scenario to a day and prints it as a heading.
func (y *year) on(d date.Date, heading string) {
	y.day = d
	fmt.Fprintf(y.w, "\n== %s: %s\n", d, heading)
}

func (y *year) as(ctx context.Context, person string) context.Context {
	return cpd.WithActor(ctx, cpd.Actor{Org: y.org, Person: person})
}

func hours(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// ---- The database --------------------------------------------------------

// dbUsage is the -db flag's help text; flag.PrintDefaults shows the value
// as DSN.
const dbUsage = "database to run on, a `DSN`: \"sqlite:FILE\" or \"postgres://…\" (default: a new SQLite file, removed at exit)"

// openStore opens the database dsn names ("sqlite:FILE" or
// "postgres://…") and migrates its schema, or, when dsn is "", a new
// SQLite file in a temporary directory. A named database may hold earlier
// runs, so each run there is an organisation of its own: base and a random
// suffix (organisations never see each other's records); a temporary one
// is base. done closes the store and removes a temporary database. An
// error names the database without its password.
func openStore(ctx context.Context, dsn, base string) (store *sqlstore.Store, org string, done func() error, err error) {
	org, tmp := base, ""
	if dsn == "" {
		if tmp, err = os.MkdirTemp("", "cpdkit-"+name+"-"); err != nil {
			return nil, "", nil, err
		}
		dsn = "sqlite:" + filepath.Join(tmp, "cpd.db")
	} else {
		org = fmt.Sprintf("%s-%08x", base, rand.Uint32())
	}
	if store, err = sqlstore.Open(ctx, dsn, nil); err != nil {
		return nil, "", nil, errors.Join(fmt.Errorf("open %s: %w", sqlstore.RedactDSN(dsn), err), os.RemoveAll(tmp))
	}
	return store, org, func() error { return errors.Join(store.Close(), os.RemoveAll(tmp)) }, nil
}

// ---- September -------------------------------------------------------------

func (y *year) addStaff(ctx context.Context) error {
	y.on(date.New(2026, 9, 1), "the administrator adds the staff")
	person := func(id, job, team, manager string, roles ...cpd.Role) cpd.Person {
		return cpd.Person{ID: id, Name: id, JobRole: job, Team: team, LineManager: manager, Employment: compliance.Employed,
			Start: date.New(2022, 9, 1), FTE: decimal.NewFromInt(1), Roles: append([]cpd.Role{cpd.RoleStaff}, roles...)}
	}
	for _, p := range []cpd.Person{
		person(head, "manager", "", "", cpd.RoleHeadOfEducation),
		person(admin, "administrator", "", head, cpd.RoleAdministrator),
		person(manager, "manager", "maths", head, cpd.RoleLineManager),
		person(teacher, "teacher", "maths", manager),
		person(assessor, "assessor", "apprenticeships", manager),
	} {
		if _, err := y.svc.Staff.AddPerson(y.as(ctx, admin), p); err != nil {
			return err
		}
	}
	// The administrator imports the teacher's training records from last
	// year; safeguarding was last done in December 2025.
	var training []cpd.Activity
	for _, tr := range []struct {
		topic, title string
		on           date.Date
	}{
		{"pen-portrait", "Initial pen portrait", date.New(2022, 9, 20)},
		{"mis", "Management information systems", date.New(2022, 10, 3)},
		{"safeguarding", "Safeguarding refresher", date.New(2025, 12, 10)},
		{"equality-and-diversity", "Equality and diversity", date.New(2026, 1, 15)},
		{"mental-health-awareness", "Mental health awareness", date.New(2026, 2, 10)},
		{"health-and-safety", "Health and safety", date.New(2026, 3, 5)},
		{"gdpr", "GDPR", date.New(2026, 4, 20)},
		{"teaching-learning-assessment", "Teaching, learning and assessment", date.New(2026, 5, 12)},
		{"ofsted-update", "Ofsted framework briefing", date.New(2026, 6, 1)},
	} {
		training = append(training, cpd.Activity{Person: teacher, Title: tr.title, Kind: cpd.InternalCourse, Aspect: cpd.KeepingUpToDate,
			Necessity: cpd.Necessary, Source: cpd.Required, Topics: []string{tr.topic}, Hours: hours("1.5"),
			Completed: tr.on, Evidence: "training-register"})
	}
	res, err := y.svc.Activities.ImportCompletions(y.as(ctx, admin), training, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(y.w, "the teacher's training records imported: %d\n", res.Imported)
	fmt.Fprintln(y.w, "5 staff; the teacher's line manager is", manager)
	return nil
}

func (y *year) setTargets(ctx context.Context) error {
	y.on(date.New(2026, 9, 15), "targets are set")
	var err error
	y.qip, err = y.svc.Appraisals.SetTarget(y.as(ctx, head), appraisal.Target{Title: "Raise the GCSE maths resit pass rate to 40%",
		Source: appraisal.ImprovementPlanning, Owner: teacher, Due: date.New(2027, 3, 31)})
	if err != nil {
		return err
	}
	y.day = date.New(2026, 9, 20)
	y.own, err = y.svc.Appraisals.SetTarget(y.as(ctx, manager), appraisal.Target{Title: "Use questioning to stretch the most able",
		Source: appraisal.FromAppraisal, Owner: teacher, Due: date.New(2027, 3, 31)})
	if err != nil {
		return err
	}
	for _, t := range []appraisal.Target{y.qip, y.own} {
		y.titles[t.ID] = t.Title
		fmt.Fprintf(y.w, "%s target for %s (area %s), due %s: %s\n", words(t.Source), t.Owner, t.Area, t.Due, t.Title)
	}
	return nil
}

func (y *year) annualAppraisal(ctx context.Context) error {
	y.on(date.New(2026, 9, 20), "annual appraisal")
	r, err := y.svc.Appraisals.RecordReview(y.as(ctx, manager), appraisal.Review{
		Person: teacher, Kind: appraisal.Annual, Held: y.day, Targets: []string{y.qip.ID, y.own.ID},
		Summary: "A strong year; focus on the resit groups and on stretch.",
		Plan: []appraisal.Need{
			{Title: "Teaching GCSE resit maths", Target: y.qip.ID, Kind: "external_course", Aspect: "training_for_job", Hours: hours("6")},
			{Title: "Questioning techniques", Target: y.own.ID, Kind: "internal_course", Aspect: "training_for_job", Hours: hours("3")},
			{Title: "Middle leadership programme", Aspirational: true, Kind: "accredited_qualification", Aspect: "career_progression", Hours: hours("30")},
		},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(y.w, "%s %s appraisal held by %s: %d targets, %d needs, %s\n", r.Year, r.Kind, r.Appraiser, len(r.Targets), len(r.Plan), words(r.Stage()))
	if _, err = y.svc.Appraisals.SignReview(y.as(ctx, head), r.ID); !errors.Is(err, cpd.ErrForbidden) {
		return fmt.Errorf("head signs the review: want forbidden, got %v", err)
	}
	fmt.Fprintln(y.w, "the head of education tries to sign for them: refused, only the appraiser and the appraisee sign")
	y.day = date.New(2026, 9, 21)
	if _, err := y.svc.Appraisals.SignReview(y.as(ctx, manager), r.ID); err != nil {
		return err
	}
	if y.review, err = y.svc.Appraisals.SignReview(y.as(ctx, teacher), r.ID); err != nil {
		return err
	}
	fmt.Fprintf(y.w, "signed by the appraiser and the appraisee: %s\n", words(y.review.Stage()))
	for _, n := range y.review.Plan {
		a, err := y.svc.Activities.Activity(y.as(ctx, teacher), n.Activity)
		if err != nil {
			return err
		}
		y.courses = append(y.courses, a)
		y.titles[a.ID] = a.Title
		serves := "no target (aspirational)"
		if len(a.Targets) > 0 {
			serves = "for: " + y.titles[a.Targets[0]]
		}
		fmt.Fprintf(y.w, "  requested: %-28s %-12s %s\n", a.Title, a.Necessity, serves)
	}
	return nil
}

func (y *year) approvePlan(ctx context.Context) error {
	y.on(date.New(2026, 9, 22), "the line manager approves the plan's activities")
	for i, a := range y.courses {
		var err error
		if y.courses[i], err = y.svc.Activities.Approve(y.as(ctx, manager), a.ID); err != nil {
			return err
		}
	}
	fmt.Fprintf(y.w, "%d activities approved\n", len(y.courses))
	return nil
}

// ---- Autumn ----------------------------------------------------------------

func (y *year) autumn(ctx context.Context) error {
	y.on(date.New(2026, 10, 1), "the teacher submits the CPD log")
	if _, err := y.svc.Appraisals.SubmitLog(y.as(ctx, teacher), appraisal.LogSubmission{Person: teacher,
		Progress: "Appraisal plan agreed; resit course booked.", SectorExpertise: "Kept up with the resit specification."}); err != nil {
		return err
	}
	res, err := y.svc.Compliance.Compliance(y.as(ctx, teacher), teacher)
	if err != nil {
		return err
	}
	logItem, _ := res.Item("cpd-log")
	fmt.Fprintf(y.w, "cpd-log: %s, next due by %s\n", words(logItem.Status), logItem.ValidUntil)

	if err := y.complete(ctx, 0, date.New(2026, 10, 8), "NCETM Maths Hub"); err != nil {
		return err
	}
	if err := y.cascade(ctx); err != nil {
		return err
	}
	if err := y.planDevDay(ctx); err != nil {
		return err
	}
	if err := y.complete(ctx, 1, date.New(2026, 10, 20), "In-house"); err != nil {
		return err
	}
	y.on(date.New(2026, 10, 28), "a 1-to-1 is recorded")
	m, err := y.svc.Appraisals.RecordOneToOne(y.as(ctx, manager), appraisal.Meeting{Person: teacher, Items: []string{"Workload"}})
	if err != nil {
		return err
	}
	fmt.Fprintf(y.w, "%s meets %s; on the agenda: %s and the professional-learning item\n", m.Manager, m.Person, strings.Join(m.Items, ", "))
	if err := y.attendDevDay(ctx); err != nil {
		return err
	}
	return y.giveFeedback(ctx)
}

// complete books and completes the plan's i-th activity.
func (y *year) complete(ctx context.Context, i int, on date.Date, provider string) error {
	y.on(on, "the teacher completes "+y.courses[i].Title)
	a, err := y.svc.Activities.Book(y.as(ctx, teacher), y.courses[i].ID, cpd.Booking{Start: on, Provider: provider})
	if err != nil {
		return err
	}
	if y.courses[i], err = y.svc.Activities.Complete(y.as(ctx, teacher), a.ID, cpd.Completion{On: on, Evidence: "certificate.pdf",
		Reflection: "Notes in my CPD log."}); err != nil {
		return err
	}
	fmt.Fprintf(y.w, "%s: %s with %s, %s h\n", y.courses[i].Title, words(y.courses[i].State), provider, y.courses[i].Hours)
	return nil
}

func (y *year) cascade(ctx context.Context) error {
	y.on(date.New(2026, 10, 14), "the head of education cascades an ESFA update")
	var err error
	y.update, err = y.svc.Development.SendUpdate(y.as(ctx, head), appraisal.Update{Kind: appraisal.FundingBody, Issuer: "ESFA",
		Title: "ESFA Update: 16 to 19 funding changes", Published: date.New(2026, 10, 13), Hours: hours("0.5"),
		Topics: []string{"esfa-update"}, Audience: appraisal.Audience{JobRoles: []string{"teacher", "assessor"}}})
	if err != nil {
		return err
	}
	fmt.Fprintf(y.w, "sent to %d people: %s\n", len(y.update.Recipients), strings.Join(y.update.Recipients, ", "))
	y.day = date.New(2026, 10, 15)
	a, err := y.svc.Development.AcknowledgeUpdate(y.as(ctx, teacher), y.update.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(y.w, "the teacher read it on %s: %s record, %s h\n", a.Completed, words(a.Kind), a.Hours)
	r, err := y.svc.Development.Readership(y.as(ctx, head), y.update.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(y.w, "the sender sees: %d of %d read; not yet read by %s\n", len(r.Read), r.Recipients, strings.Join(r.Unread, ", "))
	return nil
}

func (y *year) planDevDay(ctx context.Context) error {
	y.on(date.New(2026, 10, 16), "the administrator plans the autumn development day")
	var err error
	y.devDay, err = y.svc.Development.PlanDevDay(y.as(ctx, admin), appraisal.DevDay{On: date.New(2026, 11, 6), Title: "Autumn development day",
		Sessions: []appraisal.Session{
			{ID: "am", Title: "Adaptive teaching", Hours: hours("3"), Aspect: "training_for_job", Provider: "In-house", Targets: []string{y.own.ID}},
			{ID: "pm", Title: "Prevent refresher", Hours: hours("1.5"), Aspect: "keeping_up_to_date", Provider: "Local authority", Topics: []string{"prevent"}},
		}})
	if err != nil {
		return err
	}
	days, err := y.svc.Development.DevDays(y.as(ctx, teacher), "2026/27")
	if err != nil {
		return err
	}
	fmt.Fprintf(y.w, "development days planned for 2026/27: %d (%s, %d sessions)\n", len(days), days[0].On, len(days[0].Sessions))
	return nil
}

func (y *year) attendDevDay(ctx context.Context) error {
	y.on(date.New(2026, 11, 6), "development day: attendance recorded")
	for _, s := range []string{"am", "pm"} {
		acts, err := y.svc.Activities.RecordAttendance(y.as(ctx, admin), y.devDay.ID, s, []string{teacher, assessor})
		if err != nil {
			return err
		}
		if s == "am" {
			y.devDaySession = acts[0]
			y.titles[acts[0].ID] = acts[0].Title
		}
		fmt.Fprintf(y.w, "session %s: %d completed activities created\n", s, len(acts))
	}
	return nil
}

func (y *year) giveFeedback(ctx context.Context) error {
	y.on(date.New(2026, 11, 10), "feedback on completed activities")
	type fb struct {
		person, activity string
		scores           []appraisal.Score
	}
	assessorActs, err := y.svc.Activities.Activities(y.as(ctx, assessor), assessor)
	if err != nil {
		return err
	}
	for _, f := range []fb{
		{teacher, y.courses[0].ID, []appraisal.Score{5, 5, 4, 4, 3}},
		{teacher, y.devDaySession.ID, []appraisal.Score{4, 4, 3}},
		{assessor, assessorActs[0].ID, []appraisal.Score{3, 4}},
	} {
		var scores []appraisal.LevelScore
		for i, s := range f.scores {
			scores = append(scores, appraisal.LevelScore{Level: appraisal.Levels()[i], Score: s})
		}
		if _, err := y.svc.Development.GiveFeedback(y.as(ctx, f.person), appraisal.Feedback{Activity: f.activity, Scores: scores}); err != nil {
			return err
		}
	}
	if _, err = y.svc.Development.GiveFeedback(y.as(ctx, manager), appraisal.Feedback{Activity: y.courses[1].ID}); !errors.Is(err, cpd.ErrForbidden) {
		return fmt.Errorf("line manager gives the teacher's feedback: want forbidden, got %v", err)
	}
	fmt.Fprintln(y.w, "3 pieces of feedback given; the line manager tries to give it for the teacher: refused, feedback is the participant's own")
	return nil
}

// words writes an enumerated value (signed_off, line_manager) as words
// for people (signed off, line manager).
func words(v any) string { return strings.ReplaceAll(fmt.Sprint(v), "_", " ") }

// ---- November: the 1-to-1 ---------------------------------------------------

func (y *year) oneToOne(ctx context.Context) error {
	y.on(date.New(2026, 11, 25), "the line manager prepares the next 1-to-1")
	it, err := y.svc.Appraisals.OneToOneAgenda(y.as(ctx, manager), teacher, y.day)
	if err != nil {
		return err
	}
	if _, err := it.WriteTo(y.w); err != nil {
		return err
	}
	m, err := y.svc.Appraisals.RecordOneToOne(y.as(ctx, manager), appraisal.Meeting{Person: teacher, Items: []string{"Timetable"},
		Notes: "Book the safeguarding refresher before it expires.", Actions: []string{"Teacher: book safeguarding"}})
	if err != nil {
		return err
	}
	if m.Learning == nil {
		return errors.New("1-to-1 recorded without its professional-learning item")
	}
	fmt.Fprintln(y.w, "meeting recorded, with this professional-learning item kept in its record")
	return nil
}

// ---- February: the interim review --------------------------------------------

func (y *year) interimReview(ctx context.Context) error {
	y.on(date.New(2027, 2, 10), "interim review")
	r, err := y.svc.Appraisals.RecordReview(y.as(ctx, manager), appraisal.Review{Person: teacher, Kind: appraisal.Interim, Held: y.day,
		Targets: []string{y.qip.ID, y.own.ID}, Summary: "On track; resit attendance is the risk."})
	if err != nil {
		return err
	}
	for _, who := range []string{teacher, manager} {
		if _, err := y.svc.Appraisals.SignReview(y.as(ctx, who), r.ID); err != nil {
			return err
		}
	}
	c, err := y.svc.Appraisals.Cycle(y.as(ctx, teacher), teacher, "2026/27")
	if err != nil {
		return err
	}
	for _, r := range c.Reviews {
		fmt.Fprintf(y.w, "%s %s review, %s: %d targets reviewed, %d needs\n", r.Held, r.Kind, words(r.Stage()), len(r.Targets), len(r.Plan))
	}
	return nil
}

// ---- March: evaluation ------------------------------------------------------

func (y *year) evaluate(ctx context.Context) error {
	y.on(date.New(2027, 3, 30), "the line manager evaluates the targets")
	for _, e := range []struct {
		t       appraisal.Target
		outcome appraisal.Outcome
		note    string
	}{
		{y.qip, appraisal.OutcomePartlyAchieved, "Pass rate rose from 28% to 36%."},
		{y.own, appraisal.OutcomeAchieved, "Observed in two lessons."},
	} {
		t, err := y.svc.Appraisals.EvaluateTarget(y.as(ctx, manager), e.t.ID, e.outcome, e.note)
		if err != nil {
			return err
		}
		fmt.Fprintf(y.w, "%s: %s\n", t.Title, words(t.Status))
	}

	y.on(date.New(2027, 3, 31), "effectiveness of the linked development")
	ratings := []struct {
		who, target, activity string
		e                     appraisal.Effectiveness
		comment               string
	}{
		{teacher, y.qip.ID, y.courses[0].ID, appraisal.Effective, "New resit strategies used every week."},
		{manager, y.qip.ID, y.courses[0].ID, appraisal.SlightlyEffective, "Helped, but attendance held results back."},
		{teacher, y.own.ID, y.courses[1].ID, appraisal.HighlyEffective, "Pupils now explain their reasoning."},
		{manager, y.own.ID, y.courses[1].ID, appraisal.HighlyEffective, "Seen in both observations."},
		{teacher, y.own.ID, y.devDaySession.ID, appraisal.Effective, "Grouping ideas I still use."},
		{manager, y.own.ID, y.devDaySession.ID, appraisal.Effective, "Visible in planning."},
	}
	tw := tabwriter.NewWriter(y.w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TARGET\tACTIVITY\tRATER\tEFFECTIVENESS\tCOMMENT")
	for _, r := range ratings {
		t, err := y.svc.Appraisals.RateEffectiveness(y.as(ctx, r.who), r.target, r.activity, r.e, r.comment)
		if err != nil {
			return err
		}
		last := t.Ratings[len(t.Ratings)-1]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", short(t.Title), short(y.titles[r.activity]), words(last.Rater), words(last.Effectiveness), last.Comment)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if _, err := y.svc.Appraisals.RateEffectiveness(y.as(ctx, teacher), y.qip.ID, y.courses[1].ID, appraisal.Effective, "Also useful"); !errors.Is(err, appraisal.ErrNotLinked) {
		return fmt.Errorf("rate an unlinked activity: want not linked, got %v", err)
	}
	fmt.Fprintf(y.w, "the teacher tries to rate %s against the resit target: refused, it is not linked to that target\n", y.courses[1].Title)
	return nil
}

func (y *year) planReview(ctx context.Context) error {
	y.on(date.New(2027, 3, 31), "monthly improvement-plan review, maths")
	pr, err := y.svc.Appraisals.ImprovementPlanReview(y.as(ctx, head), y.day, "maths")
	if err != nil {
		return err
	}
	for _, row := range pr.Rows {
		c := row.Counts
		fmt.Fprintf(y.w, "%s [%s, %s]: %d done, %d planned, %d proposed\n", row.Target.Title, words(row.Target.Source), words(row.Target.Status),
			c.Done, c.Planned, c.Proposed)
		for _, n := range row.Needs {
			fmt.Fprintf(y.w, "  - %s: %s (%s)\n", n.Person, n.Title, n.Progress)
		}
	}
	return nil
}

// ---- April: the director's report ---------------------------------------------

func (y *year) feedbackReport(ctx context.Context) error {
	y.on(date.New(2027, 4, 5), "the head of education's feedback report")
	r, err := y.svc.Development.FeedbackReport(y.as(ctx, head), &appraisal.ReportOptions{From: date.New(2026, 8, 1)})
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(y.w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "BY\tGROUP\tANSWERED\tREACTIONS\tLEARNING\tSUPPORT\tUSE\tOUTCOMES\tALL")
	row := func(by string, g appraisal.Group) {
		key := g.Key
		if key == "" {
			key = "(not recorded)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d/%d", by, words(key), g.Responses, g.Activities)
		for _, l := range g.Levels {
			fmt.Fprintf(tw, "\t%s", mean(l.Average))
		}
		fmt.Fprintf(tw, "\t%s\n", mean(g.Average))
	}
	row("overall", r.Overall)
	for _, by := range []struct {
		name   string
		groups []appraisal.Group
	}{{"provider", r.ByProvider}, {"kind", r.ByKind}, {"aspect", r.ByAspect}} {
		for _, g := range by.groups {
			row(by.name, g)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(y.w, "feedback outstanding: %d\n", len(r.Outstanding))
	for _, o := range r.Outstanding {
		fmt.Fprintf(y.w, "  - %s: %s (completed %s, waiting %d days)\n", o.Person, o.Title, o.Completed, o.Days)
	}
	return nil
}

// mean writes an average to two places, or "-" when nothing was scored.
func mean(a appraisal.Average) string {
	if a.Count == 0 {
		return "-"
	}
	return a.Mean.StringFixed(2)
}

// short cuts a title to 24 characters for a table.
func short(s string) string {
	if r := []rune(s); len(r) > 24 {
		return string(r[:23]) + "…"
	}
	return s
}
