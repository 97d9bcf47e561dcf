// Command hr-embed is a small HTTP server that embeds cpdkit's Service the
// way an HR system would: on the embedded SQLite store, in the HR
// system's own database, with identity coming from the HR system. The
// acting member of staff is named by the X-Staff-ID request header, and
// the Service learns their roles and line manager through the Directory
// port, which here reads the HR system's staff table. It serves:
//
//	GET /compliance/{person}  a person's compliance today, as JSON
//	GET /report               the organisation's HTML report
//
// A request without the header, or for staff the HR table does not hold
// as active, is 401; one the Service refuses is 403; an unknown person is
// 404 for those who may read everyone (and 403 for the rest, who may not
// learn whether someone exists).
//
// Usage:
//
//	hr-embed [-addr 127.0.0.1:8080] [-db sqlite:hr-embed.db] [-people 40]
//
// On first start it seeds a generated organisation. It stops gracefully on
// an interrupt or SIGTERM, letting requests in flight finish.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // Europe/London, even where the system has no zone database

	"github.com/rickb777/date/v2"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/cpd"
	"github.com/cpdkit/cpdkit/examples/presets"
	"github.com/cpdkit/cpdkit/internal/demoorg"
)

// The organisation the server serves.
const (
	orgID   = "hr-embed"
	orgName = "Demo College"
	zone    = "Europe/London"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "hr-embed:", err)
		os.Exit(1)
	}
}

// config is the command line.
type config struct {
	addr, dsn string
	people    int
}

func parse(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("hr-embed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&c.dsn, "db", "", `SQLite database, "sqlite:FILE" (default: a new file in a temporary directory, removed at exit)`)
	fs.IntVar(&c.people, "people", 40, "how many staff to seed a new database with")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	switch {
	case fs.NArg() > 0:
		return config{}, fmt.Errorf("unexpected arguments %q", fs.Args())
	case c.dsn != "" && !strings.HasPrefix(c.dsn, "sqlite:"):
		return config{}, fmt.Errorf(`-db: %q is not "sqlite:FILE": the HR table and cpdkit share one SQLite database`, c.dsn)
	case c.people < demoorg.MinPeople:
		return config{}, fmt.Errorf("-people: at least %d", demoorg.MinPeople)
	}
	return c, nil
}

// run opens (and on first start seeds) the database, then serves on
// c.addr until ctx is done.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	c, err := parse(args, stderr)
	if err != nil {
		return err
	}
	if c.dsn == "" {
		dir, err := os.MkdirTemp("", "hr-embed-")
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, os.RemoveAll(dir)) }()
		c.dsn = "sqlite:" + filepath.Join(dir, "hr-embed.db")
	}
	a, err := open(ctx, c.dsn, nil)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, a.close()) }()
	if err := a.seed(ctx, c.people, date.TodayIn(a.loc)); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "hr-embed: %s on http://%s (database %s)\n", orgName, ln.Addr(), strings.TrimPrefix(c.dsn, "sqlite:"))
	fmt.Fprintf(stdout, "try: curl -H '%s: %s' http://%s/report > report.html\n", staffHeader, a.head, ln.Addr())
	fmt.Fprintf(stdout, "     curl -H '%s: %s' http://%s/compliance/%s\n", staffHeader, a.teacher, ln.Addr(), a.teacher)
	return serve(ctx, ln, a.server.routes(), 10*time.Second)
}

// serve serves h on ln until ctx is done, then shuts down gracefully:
// it stops accepting, and waits up to grace for requests in flight.
func serve(ctx context.Context, ln net.Listener, h http.Handler, grace time.Duration) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: time.Minute}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// app is the opened database, the Service on it and the server.
type app struct {
	db      *sql.DB
	store   *sqlstore.Store
	dir     *directory
	svc     *cpd.Service
	server  *server
	loc     *time.Location
	head    string // a head of education and a teacher, for the usage hint
	teacher string
}

// open opens the SQLite database dsn names (creating its tables), with
// the settings sqlstore.New asks for, and builds the Service on it. now
// is the clock (nil: the real one).
func open(ctx context.Context, dsn string, now func() time.Time) (*app, error) {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, err
	}
	path := strings.TrimPrefix(dsn, "sqlite:")
	db, err := sql.Open("sqlite", path+"?_txlock=immediate&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)")
	if err != nil {
		return nil, err
	}
	a := &app{db: db, loc: loc, dir: &directory{db: db, org: orgID}}
	if err := a.build(ctx, now); err != nil {
		return nil, errors.Join(err, a.close())
	}
	return a, nil
}

func (a *app) build(ctx context.Context, now func() time.Time) error {
	if _, err := a.db.ExecContext(ctx, staffTable); err != nil {
		return fmt.Errorf("create the staff table: %w", err)
	}
	store, err := sqlstore.New(ctx, a.db, sqlstore.SQLite, nil)
	if err != nil {
		return err
	}
	a.store = store
	policy, err := presets.Load("letta")
	if err != nil {
		return err
	}
	a.svc, err = cpd.New(store, a.dir, policy, &cpd.Options{Now: now, Location: a.loc})
	if err != nil {
		return err
	}
	a.server = &server{svc: a.svc, dir: a.dir, org: orgID, name: orgName, log: log.New(os.Stderr, "hr-embed: ", log.LstdFlags)}
	return nil
}

// close closes the store and the database.
func (a *app) close() error {
	var err error
	if a.store != nil {
		err = a.store.Close()
	}
	return errors.Join(err, a.db.Close())
}

// seed fills a new database with a generated organisation of n people,
// as of today: the HR system's staff table first (so that the Directory
// knows the administrator who imports), then cpdkit's records. A database
// that has staff already is left as it is.
func (a *app) seed(ctx context.Context, n int, today date.Date) error {
	policy := a.svc.Evaluator().Policy()
	org := demoorg.Generate(demoorg.Options{People: n, Seed: 1, On: today, Policy: policy})
	a.head = org.Head
	for _, p := range org.People {
		if p.JobRole == "teacher" && p.LineManager != org.Head && p.Leaving == 0 {
			a.teacher = p.ID
			break
		}
	}
	switch count, err := a.dir.staffCount(ctx); {
	case err != nil:
		return err
	case count > 0:
		return nil
	}
	if err := a.dir.addStaff(ctx, org.People); err != nil {
		return err
	}
	if err := org.Load(ctx, a.svc, orgID, nil); err != nil {
		return errors.Join(fmt.Errorf("seed: %w", err), a.dir.removeStaff(ctx))
	}
	return nil
}
