// Command report writes cpdkit's HTML report for a generated organisation:
// 500 made-up staff in teams (starters, leavers, part-timers and
// associates among them) under a reference policy, with their training
// and CPD over the last few years and this academic year's budget, from
// a fixed seed, so the same flags always give the same report.
//
// Usage:
//
//	report -out report.html [-people 500] [-seed 1] [-policy letta|avct|FILE.json] [-on YYYY-MM-DD] [-db DSN]
//
// It loads the organisation into a cpd.Service on the embedded SQLite
// store (or the -db the flag names), runs the budget's year (courses
// requested, approved, completed and claimed on their days), gathers the
// report as the head of education and writes it to -out: one HTML file
// with everything inline, to open in any browser or print. A progress bar
// shows each stage when standard output is a terminal.
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
	"sync/atomic"
	"time"
	_ "time/tzdata" // Europe/London, even where the system has no zone database

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/adapters/report"
	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/cpd"
	"github.com/cpdkit/cpdkit/demo"
	"github.com/cpdkit/cpdkit/presets"
)

// zone is the organisation's time zone.
const zone = "Europe/London"

// name is the program's name, the prefix of its errors.
const name = "report"

func main() {
	os.Exit(cli(context.Background(), os.Args[1:], os.Stdout, os.Stderr, isTerminal(os.Stdout)))
}

// cli runs the program on the command line args and returns its exit
// status: 0, 1 when it fails, or 2 when the command line is wrong. -h
// prints the usage to stdout; an error is printed to stderr on one line
// after the program's name.
func cli(ctx context.Context, args []string, stdout, stderr io.Writer, terminal bool) int {
	err := run(ctx, args, stdout, stderr, terminal)
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

// config is the command line.
type config struct {
	out, policy, dsn string
	people           int
	seed             uint64
	on               date.Date
}

// parse reads the command line. On -h it prints the usage to stdout and
// returns flag.ErrHelp; every other error is a usageError.
func parse(args []string, stdout io.Writer) (config, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // cli prints the one error; -h prints to stdout
	var c config
	fs.StringVar(&c.out, "out", "", "the HTML `FILE` to write (required)")
	fs.IntVar(&c.people, "people", 500, "how many staff (`N`) to generate")
	fs.Uint64Var(&c.seed, "seed", 1, "the `SEED` the organisation is generated from")
	fs.StringVar(&c.policy, "policy", "letta", "which policy, `"+strings.Join(presets.Names(), "|")+"|FILE.json`: a preset's name or a policy file's path")
	onText := fs.String("on", "", "the day to report on, `YYYY-MM-DD` (default today)")
	dsn := fs.String("db", "", dbUsage)
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(stdout, "usage: %s [flags]\n\n", name)
		fmt.Fprintln(stdout, "Writes cpdkit's HTML report for a generated organisation (made-up staff, their\ntraining and CPD, and this year's budget) to the file -out names.\n\nflags:")
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return config{}, err
	} else if err != nil {
		return config{}, usageError{err}
	}
	c.dsn = *dsn
	switch {
	case fs.NArg() > 0:
		return config{}, usagef("unexpected arguments %q", fs.Args())
	case c.out == "":
		return config{}, usagef("-out is required: the HTML file to write")
	case c.people < demo.MinPeople:
		return config{}, usagef("-people: at least %d", demo.MinPeople)
	}
	c.on = date.Today()
	if *onText != "" {
		// time.Parse is strict: a month 99 or a 30 February is an error,
		// not a date rolled on into another month.
		t, err := time.Parse(time.DateOnly, *onText)
		if err != nil {
			return config{}, usagef("-on: %q is not a date written YYYY-MM-DD", *onText)
		}
		c.on = date.New(t.Year(), t.Month(), t.Day())
	}
	return c, nil
}

// run generates the organisation, loads it, gathers the report and
// writes it, then prints what it wrote. It draws progress bars on stdout
// when terminal is set.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, terminal bool) (err error) {
	c, err := parse(args, stdout)
	if err != nil {
		return err
	}
	policy, err := presets.Open(c.policy)
	switch {
	case errors.Is(err, presets.ErrUnknown):
		return usagef("-policy: %v", err)
	case err != nil:
		return fmt.Errorf("-policy: %w", err)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return err
	}
	org := demo.Generate(demo.Options{People: c.people, Seed: c.seed, On: c.on, Policy: policy, Budget: true})
	store, orgID, done, err := openStore(ctx, c.dsn, "report")
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, done()) }()
	dir := memory.NewDirectory()
	for _, id := range org.Identities {
		dir.Set(orgID, id)
	}
	day := c.on
	money := demo.BudgetPolicy()
	var ids atomic.Int64
	svc, err := cpd.New(store, dir, policy, &cpd.Options{
		Now:      func() time.Time { return time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, loc) },
		Location: loc, Budget: &money,
		// Numbered IDs, which the report's reasons quote, so that the
		// same flags write the same file.
		NewID: func() string { return fmt.Sprintf("r%06d", ids.Add(1)) },
	})
	if err != nil {
		return err
	}
	stage := func(label string, work func(progress func(done, total int)) error) error {
		if !terminal {
			return work(nil)
		}
		return withBar(stdout, label, work)
	}
	if err := stage("staff and records", func(p func(int, int)) error { return org.Load(ctx, svc, orgID, p) }); err != nil {
		return err
	}
	if err := stage("budget year      ", func(p func(int, int)) error {
		return org.LoadBudget(ctx, svc, orgID, func(d date.Date) { day = d }, p)
	}); err != nil {
		return err
	}
	var data report.Data
	err = stage("report           ", func(p func(int, int)) error {
		var err error
		data, err = report.Gather(cpd.WithActor(ctx, cpd.Actor{Org: orgID, Person: org.Head}), svc, &report.GatherOptions{
			Title: "CPD report", Organisation: "Demo College (generated, " + policy.Name + ")", Budget: org.Budget.ID, Progress: p})
		return err
	})
	if err != nil {
		return err
	}
	if err := write(ctx, c.out, data); err != nil {
		return err
	}
	return summarise(stdout, c.out, &data)
}

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

// isTerminal reports whether f is a terminal (a character device).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// withBar runs work, drawing the progress it reports on w as a bar,
// "label [#####.....]  45% (450/1000)", redrawn when the whole percentage
// changes, and ends the bar's line after the work.
func withBar(w io.Writer, label string, work func(progress func(done, total int)) error) error {
	const width = 30
	last := -1
	err := work(func(done, total int) {
		if total <= 0 {
			return
		}
		pct := min(100, max(0, done*100/total))
		if pct != last {
			last = pct
			n := pct * width / 100
			fmt.Fprintf(w, "\r%s [%s%s] %3d%% (%d/%d)", label, strings.Repeat("#", n), strings.Repeat(".", width-n), pct, done, total)
		}
	})
	if last >= 0 {
		fmt.Fprintln(w)
	}
	return err
}

// write writes the report to a file, removing it if writing fails.
func write(ctx context.Context, path string, d report.Data) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := errors.Join(report.Render(ctx, f, d), f.Close()); err != nil {
		return errors.Join(err, os.Remove(path))
	}
	return nil
}

// summarise prints the report's headline figures.
func summarise(w io.Writer, path string, d *report.Data) error {
	leavers := 0
	for _, p := range d.People {
		if p.Leaver {
			leavers++
		}
	}
	o := &d.Overall
	_, err := fmt.Fprintf(w, "wrote %s for %s\n"+
		"people: %d in post, %d leavers, %d teams\n"+
		"compliance: %s%% (%d of %d items)\n"+
		"hours minimum met: %d of %d\n"+
		"expiring in %d days: %d\n"+
		"budget: %s spent, %s committed of %s\n",
		path, d.On, o.People, leavers, len(d.Teams), o.Tally.Rate(), o.Tally.Compliant(), o.Tally.Applicable(),
		o.MeetingMinimum, o.WithMinimum, d.HorizonDays, len(d.Expiring),
		d.Budget.Total.Spent, d.Budget.Total.Committed, d.Budget.Total.Allocated)
	return err
}
