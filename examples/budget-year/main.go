// Command budget-year runs one academic year of a CPD budget through
// cpdkit's Service on the embedded SQLite store (or a database -db names):
// the business manager proposes
// the 2026/27 budget and a trustee agrees it; staff ask for courses,
// cover, a work-shadowing placement and a conference; the approval chains
// approve most of them, refuse one for lack of funds, and leave one
// waiting for the managing director until it is too late; expense claims follow the courses
// (one above its commitment, one late); a tutor resigns, so one of their
// courses is cancelled and its money released and another is delegated
// with its money; the managing director records a decision on financial
// support; money moves between two lines; and the year ends with the
// budget report and a reconciliation of the books.
//
// The rules are LETTA's budget preset (presets.LoadBudget("letta")) with
// AVCT's managing-director rules for overnight stays and significant
// travel, and AVCT's leaver support, added: policies are data, so an
// organisation can combine them.
//
// Usage:
//
//	budget-year [-db DSN]
//
// It runs on a new SQLite file, removed when it ends, unless -db names a
// database ("sqlite:cpd.db", "postgres://…"), where each run is an
// organisation of its own. Every date is fixed (the year 2026/27), so the output is the same on
// every run.
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

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
	"github.com/cpdkit/cpdkit/presets"
)

const (
	orgID    = "letta-demo"
	budgetID = "2026-27"
)

// name is the program's name, the prefix of its errors.
const name = "budget-year"

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
		fmt.Fprintln(stdout, "Runs one academic year of a CPD budget through cpdkit: the budget agreed,\ncourses requested, approved, refused and cancelled, expense claims, a leaver,\nand the year-end report.\n\nflags:")
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

// year is the organisation through the year: the Service, the day the
// scenario has reached (the Service's clock), and the IDs of the
// activities it follows, by a short name.
type year struct {
	org  string
	svc  *cpd.Service
	dir  *memory.Directory
	day  date.Date
	acts map[string]string
	w    io.Writer
	ids  int
	// lastID is the last ID handed out.
	lastID string
}

// run plays the year on the database dsn names (a new SQLite file for
// "") and writes what happens to w.
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
	steps := []func(context.Context) error{
		y.staff, y.setBudget, y.requests, y.approvals, y.completionsAndClaims, y.tooLate, y.lateClaim, y.tutorThree,
		y.leaver, y.transfer, y.report,
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

// policy is LETTA's budget preset with AVCT's managing-director rules.
func policy() (*budget.Policy, error) {
	letta, err := presets.LoadBudget("letta")
	if err != nil {
		return nil, err
	}
	avct, err := presets.LoadBudget("avct")
	if err != nil {
		return nil, err
	}
	for _, r := range avct.Rules {
		if r.ID == "overnight" || r.ID == "significant-travel" {
			letta.Rules = append(letta.Rules, r)
		}
	}
	letta.ID, letta.SupportBy = "letta-with-avct-md", avct.SupportBy
	if err := letta.Validate(); err != nil {
		return nil, err
	}
	return &letta, nil
}

// newYear builds the Service on store, as organisation org: LETTA's
// training policy, the budget policy, and a Directory in memory that the
// staff step fills with who holds which role. The Service's clock is the
// day the scenario has reached.
func newYear(store *sqlstore.Store, org string, w io.Writer) (*year, error) {
	money, err := policy()
	if err != nil {
		return nil, err
	}
	training, err := presets.Load("letta")
	if err != nil {
		return nil, err
	}
	y := &year{org: org, dir: memory.NewDirectory(), acts: map[string]string{}, w: w, day: date.New(2026, 7, 1)}
	y.svc, err = cpd.New(store, y.dir, training, &cpd.Options{
		Now:      func() time.Time { return y.day.MidnightUTC().Add(12 * time.Hour) },
		Location: time.UTC,
		NewID:    func() string { y.ids++; y.lastID = fmt.Sprintf("r%02d", y.ids); return y.lastID },
		Budget:   money,
	})
	return y, err
}

// as is a context acting as person.
func (y *year) as(person string) context.Context {
	return cpd.WithActor(context.Background(), cpd.Actor{Org: y.org, Person: person})
}

func (y *year) on(yyyy int, m time.Month, d int) {
	y.day = date.New(yyyy, m, d)
	fmt.Fprintf(y.w, "\n%s\n", y.day)
}

func (y *year) say(format string, args ...any) { fmt.Fprintf(y.w, "  "+format+"\n", args...) }

func gbp(s string) budget.Money { return budget.MustParse("GBP " + s) }

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

// ---- The people and the budget -------------------------------------------

// staff adds the organisation's people: who holds which role, and who
// manages whom.
func (y *year) staff(ctx context.Context) error {
	people := []struct {
		id, job, manager string
		roles            []cpd.Role
	}{
		{"head", "director", "", []cpd.Role{cpd.RoleHeadOfEducation}},
		{"administrator", "administrator", "head", []cpd.Role{cpd.RoleAdministrator, cpd.RoleBudgetHolder}},
		{"business-manager", "business manager", "head", []cpd.Role{cpd.RoleBusinessManager}},
		{"trustee", "trustee", "", []cpd.Role{cpd.RoleTrustee}},
		{"managing-director", "managing director", "", []cpd.Role{cpd.RoleManagingDirector}},
		{"english-lead", "teacher", "head", []cpd.Role{cpd.RoleLineManager, cpd.RoleBudgetHolder}},
		{"maths-lead", "teacher", "head", []cpd.Role{cpd.RoleLineManager, cpd.RoleBudgetHolder}},
		{"teacher-1", "teacher", "english-lead", nil},
		{"teacher-2", "teacher", "english-lead", nil},
		{"tutor-1", "tutor", "english-lead", nil},
		{"tutor-2", "tutor", "maths-lead", nil},
		{"tutor-3", "tutor", "english-lead", nil},
	}
	for _, p := range people {
		roles := append([]cpd.Role{cpd.RoleStaff}, p.roles...)
		y.dir.Set(y.org, cpd.Identity{Person: p.id, Roles: roles, LineManager: p.manager})
	}
	for _, p := range people {
		_, err := y.svc.Staff.AddPerson(y.as("head"), cpd.Person{
			ID: p.id, Name: p.id, JobRole: p.job, LineManager: p.manager, Roles: append([]cpd.Role{cpd.RoleStaff}, p.roles...),
			Employment: compliance.Employed, Start: date.New(2021, 9, 1), FTE: decimal.NewFromInt(1),
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// setBudget: the business manager proposes the year's budget in July and a
// trustee agrees it, which opens the books.
func (y *year) setBudget(ctx context.Context) error {
	fmt.Fprintln(y.w, "cpdkit budget year: LETTA's budget rules with AVCT's managing-director rules")
	y.on(2026, 7, 1)
	b := budget.Budget{ID: budgetID, Year: "2026/27", Currency: budget.GBP, Lines: []budget.Line{
		{ID: "english", Name: "English", Kind: budget.SubjectLine, Holder: "english-lead", Amount: gbp("2000")},
		{ID: "maths", Name: "Maths", Kind: budget.SubjectLine, Holder: "maths-lead", Amount: gbp("1200"), Enforcement: budget.Warn},
		{ID: "mandatory", Name: "Mandatory training", Kind: budget.MandatoryLine, Holder: "administrator", Amount: gbp("800")},
	}}
	if _, err := y.svc.Budgets.ProposeBudget(y.as("business-manager"), b); err != nil {
		return err
	}
	y.say("budget %s proposed by business-manager: %s over %d lines", budgetID, b.Total(), len(b.Lines))
	if _, err := y.svc.Budgets.AgreeBudget(y.as("business-manager"), budgetID); !errors.Is(err, cpd.ErrForbidden) {
		return fmt.Errorf("agree own proposal: want forbidden, got %v", err)
	}
	y.say("business-manager tries to agree their own proposal: refused, a budget is agreed by someone other than its proposer")
	y.on(2026, 7, 14)
	agreed, err := y.svc.Budgets.AgreeBudget(y.as("trustee"), budgetID)
	if err != nil {
		return err
	}
	y.say("budget %s %s by %s on %s", budgetID, agreed.State, agreed.AgreedBy, agreed.AgreedOn)
	return nil
}

// ---- Requests and approvals ----------------------------------------------

// activity is a request for money.
func activity(person, title string, kind cpd.ActivityKind, aspect cpd.Aspect, start date.Date, line string, costs ...budget.Cost) cpd.Activity {
	return cpd.Activity{
		Person: person, Title: title, Kind: kind, Aspect: aspect, Necessity: cpd.Necessary, Source: cpd.Appraisal,
		Hours: decimal.NewFromInt(6), Start: start,
		Funding: &cpd.Funding{Budget: budgetID, Line: line, Costs: budget.Costs{Items: costs}},
	}
}

func cost(kind budget.CostKind, amount string) budget.Cost {
	return budget.Cost{Kind: kind, Amount: gbp(amount)}
}

// requests: staff ask for money in September.
func (y *year) requests(ctx context.Context) error {
	y.on(2026, 9, 7)
	phonics := activity("teacher-1", "Phonics for ITT", cpd.ExternalCourse, cpd.TrainingForJob, date.New(2026, 10, 8), "english",
		cost(budget.Fee, "350"))
	phonics.Funding.Costs.Cover = &budget.Cover{Days: decimal.NewFromInt(1), DayRate: gbp("160")}
	safeguarding := activity("tutor-1", "Safeguarding refresher", cpd.InternalCourse, cpd.KeepingUpToDate, date.New(2026, 9, 30), "",
		cost(budget.Fee, "45"))
	safeguarding.Source, safeguarding.Topics = cpd.Required, []string{"safeguarding"}
	shadowing := activity("tutor-2", "Work-shadowing at an engineering employer", cpd.WorkShadowing, cpd.KeepingUpToDate,
		date.New(2026, 10, 20), "maths", cost(budget.Travel, "60"))
	conference := activity("teacher-2", "NASBTT annual conference", cpd.Conference, cpd.CareerProgression, date.New(2026, 11, 19), "english",
		cost(budget.Fee, "295"), cost(budget.Accommodation, "110"), cost(budget.Travel, "140"))
	conference.Funding.Overnight = true
	masters := activity("tutor-1", "Masters module: leading learning", cpd.AccreditedQualification, cpd.CareerProgression,
		date.New(2027, 1, 15), "english", cost(budget.Fee, "1500"))
	for _, r := range []struct {
		name string
		a    cpd.Activity
	}{{"phonics", phonics}, {"safeguarding", safeguarding}, {"shadowing", shadowing}, {"conference", conference}, {"masters", masters}} {
		got, err := y.svc.Activities.Request(y.as(r.a.Person), r.a)
		if err != nil {
			return fmt.Errorf("request %s: %w", r.name, err)
		}
		y.acts[r.name] = got.ID
		y.say("%s %s asks for %s from %s: needs %s", got.ID, got.Person, r.a.Funding.Costs.Total(budget.GBP), got.Funding.Line, words(got.Funding.Chain))
	}
	leadership := activity("tutor-2", "Leadership for aspiring heads", cpd.ExternalCourse, cpd.CareerProgression, date.New(2027, 3, 1), "maths",
		cost(budget.Fee, "650"))
	leadership.Necessity = cpd.Aspirational
	y.lastID = ""
	if _, err := y.svc.Activities.Request(y.as("tutor-2"), leadership); !errors.Is(err, budget.ErrNotFundable) {
		return fmt.Errorf("request leadership: want not fundable, got %v", err)
	}
	// The Service may have numbered the request before refusing it; say
	// so, so that the numbers that follow do not seem to skip one.
	number := ""
	if y.lastID != "" {
		number = y.lastID + " "
	}
	y.say("%stutor-2 asks for %s for aspirational leadership outside the role: refused, aspirational learning is not funded",
		number, leadership.Funding.Costs.Total(budget.GBP))
	return nil
}

// approve gives the approvals in turn and says where each leaves the
// request.
func (y *year) approve(name string, by ...string) error {
	for _, p := range by {
		a, err := y.svc.Activities.Approve(y.as(p), y.acts[name])
		if err != nil {
			return err
		}
		if a.State == cpd.Approved {
			y.say("%s %s approved by %s: %s committed", a.ID, name, p, a.Funding.Commitment.Outstanding)
		} else {
			y.say("%s %s approved by %s: waiting for %s", a.ID, name, p, roleNames(a.Funding.Waiting))
		}
	}
	return nil
}

func roleNames(rs []budget.Role) string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = words(r)
	}
	return strings.Join(names, ", ")
}

// words writes an enumerated value (head_of_education) as words for
// people (head of education).
func words(v any) string { return strings.ReplaceAll(fmt.Sprint(v), "_", " ") }

// approvals: the chains run in September; the masters module is refused
// for funds and the conference waits for the managing director.
func (y *year) approvals(ctx context.Context) error {
	y.on(2026, 9, 10)
	for _, a := range []struct {
		name string
		by   []string
	}{
		{"phonics", []string{"english-lead", "head"}},
		{"safeguarding", []string{"administrator", "head"}},
		{"shadowing", []string{"maths-lead", "head"}},
		{"conference", []string{"english-lead", "head"}},
		{"masters", []string{"english-lead"}},
	} {
		if err := y.approve(a.name, a.by...); err != nil {
			return err
		}
	}
	_, err := y.svc.Activities.Approve(y.as("head"), y.acts["masters"])
	var short *budget.InsufficientFundsError
	if !errors.As(err, &short) {
		return fmt.Errorf("masters: want insufficient funds, got %v", err)
	}
	y.say("%s masters approved by head: refused for funds: %s needed, %s available on %s", y.acts["masters"], short.Needed, short.Available, short.Line)
	if _, err := y.svc.Activities.Decline(y.as("head"), y.acts["masters"], "no funds this year; ask again for 2027/28"); err != nil {
		return err
	}
	y.say("%s masters declined by head", y.acts["masters"])
	return nil
}

// ---- Completions and claims -----------------------------------------------

func (y *year) complete(name, person string, on date.Date) error {
	a, err := y.svc.Activities.Complete(y.as(person), y.acts[name], cpd.Completion{On: on, Evidence: "certificate-" + y.acts[name] + ".pdf"})
	if err != nil {
		return err
	}
	y.say("%s %s completed by %s", a.ID, name, person)
	return nil
}

func (y *year) claim(name, person string, items ...budget.Cost) (budget.Claim, error) {
	cl, err := y.svc.Budgets.SubmitClaim(y.as(person), y.acts[name], items, true)
	if err != nil {
		return cl, err
	}
	late := ""
	if cl.Late {
		late = ", late"
	}
	y.say("%s claim for %s: %s (due by %s%s)", cl.ID, name, cl.Total(), cl.DueBy, late)
	return cl, nil
}

func (y *year) approveClaim(id string, by ...string) error {
	for _, p := range by {
		cl, err := y.svc.Budgets.ApproveClaim(y.as(p), id)
		if err != nil {
			return err
		}
		y.say("%s claim approved by %s: %s", id, p, words(cl.Chain.Progress(cl.Approvals)))
	}
	return nil
}

// completionsAndClaims: courses happen and expense claims follow.
func (y *year) completionsAndClaims(ctx context.Context) error {
	y.on(2026, 9, 30)
	if err := y.complete("safeguarding", "tutor-1", y.day); err != nil {
		return err
	}
	y.on(2026, 10, 8)
	if err := y.complete("phonics", "teacher-1", y.day); err != nil {
		return err
	}
	y.on(2026, 10, 12)
	cl, err := y.claim("phonics", "teacher-1", cost(budget.Fee, "350"), cost(budget.Travel, "24.60"))
	if err != nil {
		return err
	}
	if err := y.approveClaim(cl.ID, "english-lead", "head"); err != nil {
		return err
	}
	y.on(2026, 10, 20)
	if err := y.complete("shadowing", "tutor-2", y.day); err != nil {
		return err
	}
	y.on(2026, 10, 23)
	if cl, err = y.claim("shadowing", "tutor-2", cost(budget.Travel, "58.40")); err != nil {
		return err
	}
	return y.approveClaim(cl.ID, "maths-lead")
}

// lateClaim: the safeguarding course's claim comes after its deadline.
func (y *year) lateClaim(ctx context.Context) error {
	y.on(2026, 11, 20)
	cl, err := y.claim("safeguarding", "tutor-1", cost(budget.Fee, "45"))
	if err != nil {
		return err
	}
	return y.approveClaim(cl.ID, "administrator")
}

// tooLate: on the conference's first day the managing director has still
// not agreed its overnight stay and travel, and it is now too late to.
func (y *year) tooLate(ctx context.Context) error {
	y.on(2026, 11, 19)
	_, err := y.svc.Activities.Approve(y.as("managing-director"), y.acts["conference"])
	if !errors.Is(err, cpd.ErrInvalid) {
		return fmt.Errorf("conference: want too late, got %v", err)
	}
	y.say("%s conference: managing-director tries to approve it on its first day: refused, too late (the overnight stay and travel needed agreeing before the course); it stays waiting", y.acts["conference"])
	return nil
}

// tutorThree: a tutor's requests in November, one completed and claimed.
func (y *year) tutorThree(ctx context.Context) error {
	y.on(2026, 11, 23)
	for _, r := range []struct {
		name string
		a    cpd.Activity
		by   []string
	}{
		{"standardisation", activity("tutor-3", "Assessment standardisation", cpd.Standardisation, cpd.TrainingForJob,
			date.New(2027, 2, 10), "english", cost(budget.Fee, "200")), []string{"english-lead", "head"}},
		{"functional-skills", activity("tutor-3", "Functional skills maths update", cpd.ExternalCourse, cpd.KeepingUpToDate,
			date.New(2027, 3, 3), "maths", cost(budget.Fee, "120")), []string{"maths-lead", "head"}},
		{"online", activity("tutor-3", "Teaching adults online", cpd.Webinar, cpd.TrainingForJob,
			date.New(2026, 12, 1), "english", cost(budget.Fee, "90")), []string{"english-lead", "head"}},
	} {
		got, err := y.svc.Activities.Request(y.as("tutor-3"), r.a)
		if err != nil {
			return err
		}
		y.acts[r.name] = got.ID
		y.say("%s %s asks for %s from %s: needs %s", got.ID, got.Person, r.a.Funding.Costs.Total(budget.GBP), got.Funding.Line, words(got.Funding.Chain))
		if err := y.approve(r.name, r.by...); err != nil {
			return err
		}
	}
	y.on(2026, 12, 1)
	if err := y.complete("online", "tutor-3", y.day); err != nil {
		return err
	}
	y.on(2026, 12, 4)
	cl, err := y.claim("online", "tutor-3", cost(budget.Fee, "90"))
	y.acts["online-claim"] = cl.ID
	return err
}

// ---- A leaver --------------------------------------------------------------

// leaver: tutor-3 resigns in January. The standardisation course is
// delegated to tutor-1 with its money, the functional-skills course is
// cancelled and its money released, the claim for the completed course is
// still paid, and the managing director records a decision on support.
func (y *year) leaver(ctx context.Context) error {
	y.on(2027, 1, 8)
	out, err := y.svc.Staff.Resign(y.as("english-lead"), "tutor-3", cpd.Resignation{
		ResignedOn: y.day, Leaving: date.New(2027, 2, 28), Reason: "tutor-3 leaves on 2027-02-28",
		Decisions: map[string]cpd.Decision{y.acts["standardisation"]: {Action: cpd.DelegateActivity, To: "tutor-1"}},
	})
	if err != nil {
		return err
	}
	for _, o := range out {
		if o.Action == cpd.DelegateActivity {
			n, err := y.svc.Activities.Activity(y.as("head"), o.NewActivity)
			if err != nil {
				return err
			}
			y.say("%s %s delegated to %s as %s with %s committed", o.Activity, o.Title, o.DelegatedTo, o.NewActivity, n.Funding.Commitment.Outstanding)
			continue
		}
		y.say("%s %s cancelled: its money released", o.Activity, o.Title)
	}
	y.on(2027, 1, 12)
	if err := y.approveClaim(y.acts["online-claim"], "english-lead"); err != nil {
		return err
	}
	y.say("(tutor-3 has resigned; the claim for the completed course is still paid)")
	d, err := y.svc.Budgets.DecideSupport(y.as("managing-director"), cpd.SupportDecision{
		Person: "tutor-3", Activities: []string{y.acts["online"]}, Granted: true,
		Reason: "completed before notice and shared with the team; no repayment",
	})
	if err != nil {
		return err
	}
	y.say("%s financial support for tutor-3 granted by %s: %s", d.ID, d.DecidedBy, d.Reason)
	return nil
}

// transfer: the maths line's holder gives money to English in February.
func (y *year) transfer(ctx context.Context) error {
	y.on(2027, 2, 1)
	if err := y.svc.Budgets.TransferBudget(y.as("maths-lead"), budgetID, "maths", "english", gbp("200"), "phonics demand"); err != nil {
		return err
	}
	y.say("GBP 200.00 moved from maths to english by maths-lead: phonics demand")
	return nil
}

// ---- The year-end report ---------------------------------------------------

func (y *year) report(ctx context.Context) error {
	y.day = date.New(2027, 7, 31) // the report's heading gives the day
	rep, err := y.svc.Budgets.BudgetReport(y.as("trustee"), budgetID)
	if err != nil {
		return err
	}
	cur := rep.Budget.Currency
	fmt.Fprintf(y.w, "\nYear-end report for budget %s (%s), on %s, in %s\n", rep.Budget.ID, rep.Budget.Year, rep.On, cur)
	tw := tabwriter.NewWriter(y.w, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "LINE\tHOLDER\tALLOCATED\tCOMMITTED\tSPENT\tAVAILABLE\t")
	for _, l := range append(rep.Lines, rep.Total) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", l.Line, l.Holder, amount(l.Allocated), amount(l.Committed), amount(l.Spent), amount(l.Available))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, g := range []struct {
		title string
		rows  []cpd.Spend
	}{{"Spend by aspect", rep.ByAspect}, {"Spend by kind", rep.ByKind}, {"Spend by person", rep.ByPerson}} {
		fmt.Fprintf(y.w, "\n%s, in %s\n", g.title, cur)
		tw := tabwriter.NewWriter(y.w, 2, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "KEY\tACTIVITIES\tCOMMITTED\tSPENT\t")
		for _, s := range g.rows {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t\n", words(s.Key), s.Activities, amount(s.Committed), amount(s.Spent))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintln(y.w, "\nApprovals waiting")
	for _, wt := range rep.Waiting {
		fmt.Fprintf(y.w, "  %s: %s\n", words(wt.Role), strings.Join(wt.Activities, ", "))
	}
	fmt.Fprintf(y.w, "\nLate claims: %s\n", strings.Join(rep.LateClaims, ", "))
	if err := y.svc.Budgets.CheckBooks(y.as("trustee"), budgetID); err != nil {
		return err
	}
	fmt.Fprintln(y.w, "Books: balanced to the penny")
	return nil
}

// amount writes money without its currency, for the tables.
func amount(m budget.Money) string { return m.Amount().StringFixed(2) }
