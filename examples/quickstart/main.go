// Command quickstart runs cpdkit's Service end to end on the embedded
// SQLite store (or a database -db names), for a small organisation under the LETTA reference policy: it adds
// staff as the administrator, records completed mandatory training and
// general CPD, takes one request through its life (requested → approved by
// the line manager → booked → completed), records a dated plan to achieve
// QTS, and records a resignation that cancels one open activity and
// delegates another to a colleague. It then prints the organisation's
// compliance table, the rate for each requirement, the line manager's team
// alerts, one tutor's alerts and the resignation's outcomes.
//
// Usage:
//
//	quickstart [-on YYYY-MM-DD] [-db DSN]
//
// It runs on a new SQLite file, removed when it ends, unless -db names a
// database ("sqlite:cpd.db", "postgres://…"), where each run is an
// organisation of its own. It uses the real clock unless -on fixes the day. Every date in its
// built-in data is relative to that day, so the output shows a mix of
// statuses whenever it runs.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
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

// The organisation, its time zone, and how far ahead alerts look.
const (
	orgID       = "letta-demo"
	zone        = "Europe/London"
	alertWindow = 60
)

// name is the program's name, the prefix of its errors.
const name = "quickstart"

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
		err = run(ctx, stdout, c.clock, c.dsn)
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
	clock func() time.Time // nil: the real clock
	dsn   string
}

// parse reads the command line. On -h it prints the usage to stdout and
// returns flag.ErrHelp; every other error is a usageError.
func parse(args []string, stdout io.Writer) (config, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // cli prints the one error; -h prints to stdout
	var c config
	on := fs.String("on", "", "act as if today were this day, `YYYY-MM-DD` (default: the real clock)")
	dsn := fs.String("db", "", dbUsage)
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(stdout, "usage: %s [flags]\n\n", name)
		fmt.Fprintln(stdout, "Runs cpdkit end to end for a small organisation under the LETTA policy: staff,\ntraining, a request through its life, a plan, a resignation, then the\ncompliance table and alerts.\n\nflags:")
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
	clock, err := clockOn(*on)
	if err != nil {
		return config{}, usageError{err}
	}
	c.clock = clock
	return c, nil
}

// clockOn returns a clock fixed at noon (London time) on the day written
// YYYY-MM-DD, or nil, meaning the real clock, when day is "".
func clockOn(day string) (func() time.Time, error) {
	if day == "" {
		return nil, nil
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, err
	}
	t, err := time.ParseInLocation(time.DateOnly, day, loc)
	if err != nil {
		return nil, fmt.Errorf("-on: %q is not a date written YYYY-MM-DD", day)
	}
	noon := t.Add(12 * time.Hour)
	return func() time.Time { return noon }, nil
}

// run builds the organisation on the database dsn names (a new SQLite file
// for ""), plays the scenario and prints the report to w. A nil clock is
// the real one.
func run(ctx context.Context, w io.Writer, clock func() time.Time, dsn string) (err error) {
	store, id, done, err := openStore(ctx, dsn, orgID)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, done()) }()
	o, err := newOrg(store, id, clock)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "cpdkit quickstart: %s, on %s\n\n", o.policy.Name, o.today)
	steps := []func(context.Context, io.Writer) error{
		o.addStaff, o.recordTraining, o.recordGeneralCPD, o.planPrevent, o.planQTS, o.resign,
		o.appraise, o.printCompliance, o.printAlerts,
	}
	for _, step := range steps {
		if err := step(ctx, w); err != nil {
			return err
		}
	}
	return nil
}

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

// ---- The organisation ----------------------------------------------------

// org is the demo organisation: its ID, a Service on the store, the
// directory that says who holds which role, and the day the scenario
// treats as today.
type org struct {
	org    string
	svc    *cpd.Service
	dir    *memory.Directory
	policy compliance.Policy
	today  date.Date
	year   compliance.AcademicYear
}

// newOrg builds the Service for the LETTA preset on store, as the
// organisation id, with its Directory in memory. Activity IDs are
// numbered (act-0001, …) so that the output is easy to follow.
func newOrg(store *sqlstore.Store, id string, clock func() time.Time) (*org, error) {
	policy, err := presets.Load("letta")
	if err != nil {
		return nil, err
	}
	// LETTA asks no one for a professional membership until a job
	// description names it (policy L89, "as part of their job role"):
	// this organisation's teachers keep Chartered College membership.
	policy.JobRoles = requireOf(policy.JobRoles, "teacher", compliance.RoleRequirement{Requirement: "chartered-college-membership"})
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, err
	}
	var ids atomic.Int64
	dir := memory.NewDirectory()
	svc, err := cpd.New(store, dir, policy, &cpd.Options{
		Now:      clock, // nil: the real clock
		Location: loc,
		NewID:    func() string { return fmt.Sprintf("act-%04d", ids.Add(1)) },
	})
	if err != nil {
		return nil, err
	}
	now := time.Now
	if clock != nil {
		now = clock
	}
	today := date.NewAt(now().In(loc))
	return &org{org: id, svc: svc, dir: dir, policy: policy, today: today,
		year: compliance.AcademicYearOf(policy.AcademicYearStart, today)}, nil
}

// requireOf returns the job descriptions with one more requirement for
// the job role, adding the role if it has none yet.
func requireOf(jobs []compliance.JobRole, role string, rr compliance.RoleRequirement) []compliance.JobRole {
	jobs = slices.Clone(jobs)
	for i := range jobs {
		if jobs[i].ID == role {
			jobs[i].Requires = append(slices.Clone(jobs[i].Requires), rr)
			return jobs
		}
	}
	return append(jobs, compliance.JobRole{ID: role, Requires: []compliance.RoleRequirement{rr}})
}

// as returns a context acting as the person.
func (o *org) as(ctx context.Context, person string) context.Context {
	return cpd.WithActor(ctx, cpd.Actor{Org: o.org, Person: person})
}

// ago is the day the given number of days before today.
func (o *org) ago(days int) date.Date { return o.today - date.Date(days) }

// inYear is ago(days), but not before the academic year started, so that
// hours dated with it always count towards this year's minimum.
func (o *org) inYear(days int) date.Date { return max(o.ago(days), o.year.Start) }

// The people, by ID. IDs name roles; names are made up.
const (
	head      = "head"
	admin     = "admin"
	lead      = "lead-1"
	teacher   = "teacher-1"
	tutor     = "tutor-1"
	leaver    = "tutor-2"
	starter   = "assessor-1"
	pastStaff = "assessor-2"
)

// staff returns the organisation's people. Qualifications and memberships
// are part of the HR record; training is recorded as activities later.
func (o *org) staff() []cpd.Person {
	fte := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	person := func(id, name, job, manager string, startedAgo int, roles ...cpd.Role) cpd.Person {
		return cpd.Person{ID: id, Name: name, JobRole: job, LineManager: manager, Start: o.ago(startedAgo),
			Employment: compliance.Employed, FTE: fte("1"), Roles: append([]cpd.Role{cpd.RoleStaff}, roles...)}
	}
	qts := func(topic string, awardedAgo int) []cpd.Qualification {
		return []cpd.Qualification{{Topic: topic, Name: strings.ToUpper(topic), Awarded: o.ago(awardedAgo), Evidence: topic + "-certificate.pdf"}}
	}
	// member joined joinedAgo days ago; the card of the current period,
	// renewed renewedAgo days ago, runs for validFor days.
	member := func(topic, body string, joinedAgo, renewedAgo, validFor int) []cpd.Membership {
		return []cpd.Membership{{Topic: topic, Body: body, Since: o.ago(joinedAgo), Renewed: o.ago(renewedAgo),
			ValidUntil: o.ago(renewedAgo - validFor), Evidence: topic + ".pdf"}}
	}
	people := []cpd.Person{
		person(head, "Morgan", "head_of_education", "", 6*365, cpd.RoleHeadOfEducation, cpd.RoleBudgetHolder),
		person(admin, "Priya", "administrator", head, 4*365, cpd.RoleAdministrator),
		person(lead, "Dev", "tutor", head, 5*365, cpd.RoleLineManager),
		person(teacher, "Ellis", "teacher", lead, 3*365),
		person(tutor, "Sam", "tutor", lead, 4*365),
		person(leaver, "Jo", "tutor", lead, 540),
		person(starter, "Noor", "assessor", lead, 10),
		person(pastStaff, "Alex", "assessor", lead, 2*365),
	}
	people[2].Qualifications = qts("qts", 12*365)
	people[3].Qualifications = qts("qts", 8*365)
	people[3].Memberships = member("chartered-college-membership", "Chartered College of Teaching", 7*365, 320, 364)
	people[4].Employment, people[4].FTE = compliance.Associate, fte("0.6")
	people[5].Qualifications = qts("qtls", 5*365)
	// assessor-2 left three weeks ago (but within this academic year).
	people[7].Leaving = max(o.ago(21), o.year.Start)
	return people
}

// addStaff puts everyone in the directory (the embedding system's
// accounts) and adds their HR records, acting as the administrator.
func (o *org) addStaff(ctx context.Context, w io.Writer) error {
	people := o.staff()
	for _, p := range people {
		o.dir.Set(o.org, cpd.Identity{Person: p.ID, Roles: p.Roles, LineManager: p.LineManager})
	}
	tw := newTable(w)
	fmt.Fprintln(tw, "Staff (added by the administrator)\n  ID\tNAME\tJOB ROLE\tLINE MANAGER\tROLES")
	for _, p := range people {
		if _, err := o.svc.Staff.AddPerson(o.as(ctx, admin), p); err != nil {
			return err
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", p.ID, p.Name, p.JobRole, orDash(p.LineManager), roleList(p.Roles))
	}
	fmt.Fprintln(tw)
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, p := range people {
		switch {
		case p.Leaving != 0 && p.Leaving < o.today:
			fmt.Fprintf(w, "Leaver: %s (%s) left on %s; their records are kept, but no requirement applies to them now (n/a below).\n\n", p.ID, p.Name, p.Leaving)
		case p.Leaving != 0:
			fmt.Fprintf(w, "Leaver: %s (%s) leaves on %s; until then the requirements apply as to anyone.\n\n", p.ID, p.Name, p.Leaving)
		}
	}
	return nil
}

func roleList(roles []cpd.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = r.String()
	}
	return strings.Join(names, ", ")
}

// ---- Completed CPD -------------------------------------------------------

// training is one mandatory course someone completed some days ago.
type training struct {
	person, topic string
	ago           int
}

// mandatory is the statutory training on record. Validity: safeguarding
// one year, Prevent two, health and safety and equality three (the preset's
// assumptions).
var mandatory = []training{
	{head, "safeguarding", 200}, {head, "health-and-safety", 400}, {head, "prevent", 300}, {head, "equality-and-diversity", 500},
	{admin, "safeguarding", 100}, {admin, "health-and-safety", 1000}, {admin, "prevent", 710}, {admin, "equality-and-diversity", 200},
	{lead, "designated-safeguarding-lead", 30}, {lead, "health-and-safety", 600}, {lead, "prevent", 400}, {lead, "equality-and-diversity", 800},
	{teacher, "safeguarding", 150}, {teacher, "health-and-safety", 300}, {teacher, "prevent", 720}, {teacher, "equality-and-diversity", 400},
	{tutor, "safeguarding", 90}, {tutor, "health-and-safety", 200}, {tutor, "prevent", 100}, {tutor, "equality-and-diversity", 3*365 + 40},
	{leaver, "safeguarding", 250}, {leaver, "health-and-safety", 500}, {leaver, "prevent", 300}, {leaver, "equality-and-diversity", 510},
	{starter, "safeguarding", 5},
	{pastStaff, "safeguarding", 300}, {pastStaff, "health-and-safety", 300}, {pastStaff, "prevent", 300}, {pastStaff, "equality-and-diversity", 300},
}

// recordTraining enters the mandatory training as completed, with a
// certificate, acting as the administrator (who keeps statutory training
// records for everyone).
func (o *org) recordTraining(ctx context.Context, w io.Writer) error {
	for _, t := range mandatory {
		a := cpd.Activity{
			Person: t.person, Title: "Mandatory training: " + t.topic, Kind: cpd.InternalCourse, Aspect: cpd.KeepingUpToDate,
			Necessity: cpd.Necessary, Source: cpd.QualityAssurance, Topics: []string{t.topic}, Hours: decimal.NewFromInt(2),
			Completed: o.ago(t.ago), Evidence: fmt.Sprintf("%s-%s.pdf", t.topic, t.person),
		}
		if _, err := o.svc.Activities.RecordCompleted(o.as(ctx, admin), a); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "Recorded %d completed mandatory courses (safeguarding, Prevent, health and safety, equality), as the administrator.\n", len(mandatory))
	return nil
}

// general is CPD with hours that people record for themselves, this
// academic year.
var general = []struct {
	person, title string
	kind          cpd.ActivityKind
	hours         string
	ago           int
}{
	{head, "Leading professional learning (conference)", cpd.Conference, "12", 20},
	{admin, "MIS reporting for apprenticeships", cpd.ExternalCourse, "30", 40},
	{lead, "Mentoring ITT trainees", cpd.Mentoring, "20", 30},
	{lead, "Assessment standardisation", cpd.Standardisation, "11.5", 12},
	{teacher, "Subject knowledge: early reading", cpd.ExternalCourse, "24", 25},
	{teacher, "Observation of teaching (OTLA) follow-up", cpd.Observation, "6", 8},
	{tutor, "Adaptive teaching webinar series", cpd.Webinar, "8", 15},
	{leaver, "NASBTT regional briefing", cpd.MembershipEvent, "10", 35},
}

// recordGeneralCPD enters general CPD, each person recording their own.
func (o *org) recordGeneralCPD(ctx context.Context, w io.Writer) error {
	for _, g := range general {
		a := cpd.Activity{
			Person: g.person, Title: g.title, Kind: g.kind, Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary,
			Source: cpd.SelfIdentified, Hours: decimal.RequireFromString(g.hours), Completed: o.inYear(g.ago),
			Evidence: "cpd-log-entry", Reflection: "Notes in my CPD log.",
		}
		if _, err := o.svc.Activities.RecordCompleted(o.as(ctx, g.person), a); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "Recorded %d general CPD activities with hours, each by the person themself.\n\n", len(general))
	return nil
}

// ---- Planned CPD ---------------------------------------------------------

// planPrevent takes the teacher's Prevent refresher through its life: the
// teacher requests it, their line manager approves it, the teacher books
// and completes it (a short e-learning module, done today).
func (o *org) planPrevent(ctx context.Context, w io.Writer) error {
	tw := newTable(w)
	fmt.Fprintf(tw, "Planned CPD: %s asks for a Prevent refresher\n", teacher)
	a, err := o.svc.Activities.Request(o.as(ctx, teacher), cpd.Activity{
		Person: teacher, Title: "Prevent duty refresher", Kind: cpd.Webinar, Aspect: cpd.KeepingUpToDate,
		Necessity: cpd.Necessary, Source: cpd.Appraisal, Topics: []string{"prevent"}, Hours: decimal.RequireFromString("1.5"),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(tw, "  %s\t%s\tby %s\n", a.State, a.ID, a.RequestedBy)
	if a, err = o.svc.Activities.Approve(o.as(ctx, lead), a.ID); err != nil {
		return err
	}
	fmt.Fprintf(tw, "  %s\t%s\tby %s (line manager)\n", a.State, a.ID, a.ApprovedBy)
	if a, err = o.svc.Activities.Book(o.as(ctx, teacher), a.ID, cpd.Booking{Start: o.today, Provider: "Home Office Prevent e-learning"}); err != nil {
		return err
	}
	fmt.Fprintf(tw, "  %s\t%s\tfor %s with %s\n", a.State, a.ID, a.Start, a.Provider)
	if a, err = o.svc.Activities.Complete(o.as(ctx, teacher), a.ID, cpd.Completion{On: o.today, Evidence: "prevent-refresher-certificate.pdf"}); err != nil {
		return err
	}
	fmt.Fprintf(tw, "  %s\t%s\ton %s, %s hours, evidence %s\n\n", a.State, a.ID, a.Completed, a.Hours, a.Evidence)
	return tw.Flush()
}

// planQTS records, as the line manager, a dated plan for the tutor who
// does not hold QTS.
func (o *org) planQTS(ctx context.Context, w io.Writer) error {
	plan := compliance.Plan{Requirement: "qts", By: o.today + 240, Description: "assessment-only route"}
	if _, err := o.svc.Compliance.PlanQualification(o.as(ctx, lead), tutor, plan); err != nil {
		return err
	}
	fmt.Fprintf(w, "QTS plan: %s records that %s will achieve QTS by %s (%s).\n\n", lead, tutor, plan.By, plan.Description)
	return nil
}

// appraise holds the annual appraisal of everyone in post with a line
// manager, started at least two months ago, 40 days ago: the manager sets
// a target, records the review and both sign it off. A signed-off annual
// appraisal is the policy's annual review of professional learning needs
// (the learning-needs-review requirement).
func (o *org) appraise(ctx context.Context, w io.Writer) error {
	var done []string
	for _, p := range o.staff() {
		held := o.ago(40)
		if p.LineManager == "" || p.Start > o.ago(60) || (p.Leaving != 0 && p.Leaving < o.today) {
			continue
		}
		tg, err := o.svc.Appraisals.SetTarget(o.as(ctx, p.LineManager), appraisal.Target{Title: "Learner progress in " + p.JobRole + " sessions",
			Source: appraisal.FromAppraisal, Owner: p.ID, Set: held, Due: held + 300})
		if err != nil {
			return err
		}
		r, err := o.svc.Appraisals.RecordReview(o.as(ctx, p.LineManager), appraisal.Review{Person: p.ID, Kind: appraisal.Annual, Held: held, Targets: []string{tg.ID}})
		if err != nil {
			return err
		}
		for _, by := range []string{p.LineManager, p.ID} {
			if _, err := o.svc.Appraisals.SignReview(o.as(ctx, by), r.ID); err != nil {
				return err
			}
		}
		done = append(done, p.ID)
	}
	fmt.Fprintf(w, "Appraisals: held on %s and signed off for %s.\n\n", o.ago(40), strings.Join(done, ", "))
	return nil
}

// resign gives the leaving tutor two open activities (a conference still
// only requested, and an approved, booked course), then records their
// resignation as the administrator: the conference is cancelled and the
// course delegated to a colleague.
func (o *org) resign(ctx context.Context, w io.Writer) error {
	_, err := o.svc.Activities.Request(o.as(ctx, leaver), cpd.Activity{
		Person: leaver, Title: "NASBTT annual conference", Kind: cpd.Conference, Aspect: cpd.CareerProgression,
		Necessity: cpd.Aspirational, Source: cpd.SelfIdentified, Hours: decimal.NewFromInt(12), Start: o.today + 60,
	})
	if err != nil {
		return err
	}
	course, err := o.svc.Activities.Request(o.as(ctx, leaver), cpd.Activity{
		Person: leaver, Title: "Phonics for ITT tutors", Kind: cpd.ExternalCourse, Aspect: cpd.TrainingForJob,
		Necessity: cpd.Necessary, Source: cpd.ImprovementPlanning, Hours: decimal.NewFromInt(6),
	})
	if err != nil {
		return err
	}
	if _, err := o.svc.Activities.Approve(o.as(ctx, lead), course.ID); err != nil {
		return err
	}
	if _, err := o.svc.Activities.Book(o.as(ctx, leaver), course.ID, cpd.Booking{Start: o.today + 14, Provider: "Regional English hub"}); err != nil {
		return err
	}
	r := cpd.Resignation{
		ResignedOn: o.today, Leaving: o.today + 30, Default: cpd.Decision{Action: cpd.CancelActivity},
		Decisions: map[string]cpd.Decision{course.ID: {Action: cpd.DelegateActivity, To: tutor}},
	}
	outcomes, err := o.svc.Staff.Resign(o.as(ctx, admin), leaver, r)
	if err != nil {
		return err
	}
	return o.printOutcomes(ctx, w, r, outcomes)
}

// printOutcomes prints what the resignation did to each open activity.
func (o *org) printOutcomes(ctx context.Context, w io.Writer, r cpd.Resignation, outcomes []cpd.Outcome) error {
	tw := newTable(w)
	fmt.Fprintf(tw, "Resignation: %s gave notice on %s; last day %s\n", leaver, r.ResignedOn, r.Leaving)
	for _, oc := range outcomes {
		switch oc.Action {
		case cpd.DelegateActivity:
			a, err := o.svc.Activities.Activity(o.as(ctx, admin), oc.NewActivity)
			if err != nil {
				return err
			}
			fmt.Fprintf(tw, "  delegated\t%s\t%s\tto %s as %s (%s for %s)\n", oc.Activity, oc.Title, oc.DelegatedTo, oc.NewActivity, a.State, a.Start)
		default:
			fmt.Fprintf(tw, "  cancelled\t%s\t%s\t\n", oc.Activity, oc.Title)
		}
	}
	fmt.Fprintln(tw)
	return tw.Flush()
}

// ---- The report ----------------------------------------------------------

// printCompliance prints the organisation view, read by the head of
// education: one row per person, one column per requirement, leavers
// marked, then each requirement's rate.
func (o *org) printCompliance(ctx context.Context, w io.Writer) error {
	v, err := o.svc.Compliance.OrgCompliance(o.as(ctx, head))
	if err != nil {
		return err
	}
	tw := newTable(w)
	fmt.Fprintf(tw, "Compliance on %s\n", v.On)
	for j, id := range v.Requirements {
		fmt.Fprintf(tw, "  %s\t%s\n", column(j), id)
	}
	fmt.Fprint(tw, "\n  PERSON\tJOB ROLE")
	for j := range v.Requirements {
		fmt.Fprintf(tw, "\t%s", column(j))
	}
	fmt.Fprintln(tw, "\tNOTE")
	for _, row := range v.Rows {
		fmt.Fprintf(tw, "  %s\t%s", row.Person, orDash(row.JobRole))
		for _, it := range row.Items {
			fmt.Fprintf(tw, "\t%s", statusText(it.Status))
		}
		fmt.Fprintf(tw, "\t%s\n", leaverNote(row))
	}
	fmt.Fprintf(tw, "  Key: %s\n", legend(v.Rows))
	fmt.Fprintln(tw, "\nCompliance by requirement (compliant or due soon, of those it applies to)")
	for j, id := range v.Requirements {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", column(j), id, fraction(v.Columns[j]), rate(v.Columns[j]))
	}
	fmt.Fprintf(tw, "  \tall\t%s\t%s\n\n", fraction(v.Overall), rate(v.Overall))
	return tw.Flush()
}

// column is requirement j's short header: R1, R2, ….
func column(j int) string { return fmt.Sprintf("R%d", j+1) }

func statusText(s compliance.Status) string {
	if s == compliance.NotApplicable {
		return "n/a"
	}
	return s.String()
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

// legend says what each status in the rows means, in the order of the
// statuses (best first), on one line.
func legend(rows []cpd.OrgRow) string {
	seen := map[compliance.Status]bool{}
	for _, row := range rows {
		for _, it := range row.Items {
			seen[it.Status] = true
		}
	}
	var parts []string
	for s := compliance.Compliant; s <= compliance.NotApplicable; s++ {
		if seen[s] {
			parts = append(parts, statusText(s)+": "+meanings[s])
		}
	}
	return strings.Join(parts, "; ")
}

// leaverNote marks someone who has left or is leaving.
func leaverNote(row cpd.OrgRow) string {
	switch {
	case row.Leaver:
		return "left " + row.Leaving.String()
	case row.Leaving != 0:
		return "leaving " + row.Leaving.String()
	}
	return ""
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func fraction(t compliance.Tally) string { return fmt.Sprintf("%d/%d", t.Compliant(), t.Applicable()) }

func rate(t compliance.Tally) string {
	if t.Applicable() == 0 {
		return "-"
	}
	return t.Rate().StringFixed(1) + "%"
}

// printAlerts prints the line manager's team alerts (as the line manager)
// and one tutor's own alerts (as the tutor).
func (o *org) printAlerts(ctx context.Context, w io.Writer) error {
	team, err := o.svc.Compliance.TeamAlerts(o.as(ctx, lead), lead, alertWindow)
	if err != nil {
		return err
	}
	own, err := o.svc.Compliance.Alerts(o.as(ctx, tutor), tutor, alertWindow)
	if err != nil {
		return err
	}
	tw := newTable(w)
	fmt.Fprintf(tw, "Alerts for %s's team (next %d days)\n", lead, alertWindow)
	writeAlerts(tw, team)
	fmt.Fprintf(tw, "\nAlerts for %s (next %d days)\n", tutor, alertWindow)
	writeAlerts(tw, own)
	return tw.Flush()
}

func writeAlerts(w io.Writer, alerts []cpd.Alert) {
	for _, a := range alerts {
		fmt.Fprintf(w, "  %s\t%s\t%s\t%s\t%s\n", a.Person, a.Requirement, a.Kind, a.Date, a.Reason)
	}
	if len(alerts) == 0 {
		fmt.Fprintln(w, "  none")
	}
}

// table aligns tab-separated cells in columns, like tabwriter, and trims
// the padding from the end of each line.
type table struct {
	*tabwriter.Writer
	buf bytes.Buffer
	out io.Writer
}

func newTable(w io.Writer) *table {
	t := &table{out: w}
	t.Writer = tabwriter.NewWriter(&t.buf, 0, 0, 2, ' ', 0)
	return t
}

// Flush writes the aligned lines.
func (t *table) Flush() error {
	if err := t.Writer.Flush(); err != nil {
		return err
	}
	for line := range strings.Lines(t.buf.String()) {
		if _, err := io.WriteString(t.out, strings.TrimRight(line, " \n")+"\n"); err != nil {
			return err
		}
	}
	t.buf.Reset()
	return nil
}
