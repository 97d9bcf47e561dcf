// Command hr-embed is a small HTTP server that embeds cpdkit's Service the
// way an HR system would: on the embedded SQLite store, in the HR
// system's own database, with identity coming from the HR system. Who is
// calling comes from a credential (see authenticate): by default the
// X-Staff-ID header that a trusted proxy in front of the server sets
// (trusted-proxy mode); with -jwt-key-file, a JSON Web Token that the HR
// system's sign-in signed, which names the member of staff and their
// organisation. The Service learns their roles and line manager through
// the Directory port, which here reads the HR system's staff table. It
// serves:
//
//	GET /compliance/{person}  a person's compliance today, as JSON
//	GET /report               the organisation's HTML report
//	GET /people/{id}/calendar.ics
//	                          a person's booked courses, expiries and due
//	                          dates, as an iCalendar feed (RFC 5545)
//	GET /audit                the audit trail, filtered by the query
//	                          (person, kind, id, actor, action, from, to)
//	                          as JSON Lines or, with format=csv, CSV
//
// A request without a valid credential, or for staff the HR table does not
// hold as active in the organisation, is 401; one with two credentials is
// 400; one the Service refuses is 403; an unknown person is 404 for those
// who may read everyone (and 403 for the rest, who may not learn whether
// someone exists). A path it does not serve is 404, and a method it does
// not serve a path with 405; every error is answered in JSON.
//
// Usage:
//
//	hr-embed [-addr 127.0.0.1:8080] [-db sqlite:hr-embed.db] [-people 40]
//	         [-jwt-key-file FILE [-jwt-issuer hr-embed-signin] [-jwt-audience cpdkit]]
//
// -h prints the usage and exits 0; a usage error exits 2 with one line
// saying what is wrong, an error while running exits 1. On first start
// it seeds a generated organisation, and on every start prints requests
// to try as staff the database holds. It warns when it
// listens beyond the loopback interface in trusted-proxy mode. Its
// http.Server bounds how long a client may take to send a request and to
// read the answer, and how large its headers and body may be. It stops
// gracefully on an interrupt or SIGTERM, letting requests in flight
// finish.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
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
	"github.com/cpdkit/cpdkit/demo"
	"github.com/cpdkit/cpdkit/presets"
)

// The organisation the server serves.
const (
	orgID   = "hr-embed"
	orgName = "Demo College"
	zone    = "Europe/London"
)

// The WWW-Authenticate challenges of a 401, by mode.
const (
	proxyChallenge  = `StaffID realm="cpdkit"`
	bearerChallenge = `Bearer realm="cpdkit"`
)

// maxBodyBytes bounds a request's body. The endpoints read none; an
// application that takes JSON would size it to its largest document.
const maxBodyBytes = 64 << 10

func main() { os.Exit(cli(os.Args[1:], os.Stdout, os.Stderr)) }

// cli runs the command until an interrupt or SIGTERM and returns its
// exit status: 0 when it stopped cleanly or printed its usage for -h
// (to stdout), 2 for a usage error, 1 for an error while running. An
// error is one line on stderr.
func cli(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, args, stdout, stderr)
	var usage *usageError
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "hr-embed: %v (hr-embed -h shows the usage)\n", err)
		return 2
	}
	fmt.Fprintln(stderr, "hr-embed:", err)
	return 1
}

// usageError is a command line the command cannot run with.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// config is the command line.
type config struct {
	addr, dsn string
	people    int
	// jwtKeyFile holds the HMAC key that signs the HR sign-in's tokens;
	// "" is trusted-proxy mode.
	jwtKeyFile, jwtIssuer, jwtAudience string
}

// parse reads the command line. -h prints the usage to stdout and
// returns flag.ErrHelp; a command line the command cannot run with is a
// *usageError, and prints nothing (cli prints it, once).
func parse(args []string, stdout io.Writer) (config, error) {
	fs := flag.NewFlagSet("hr-embed", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var c config
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&c.dsn, "db", "", `SQLite database, "sqlite:FILE" (default: a new file in a temporary directory, removed at exit)`)
	fs.IntVar(&c.people, "people", 40, "how many staff to seed a new database with")
	fs.StringVar(&c.jwtKeyFile, "jwt-key-file", "", "file holding the HS256 key (at least 32 bytes) of the JWTs the HR sign-in issues; unset: trust the X-Staff-ID header a proxy sets")
	fs.StringVar(&c.jwtIssuer, "jwt-issuer", "hr-embed-signin", `the issuer ("iss") a JWT must name`)
	fs.StringVar(&c.jwtAudience, "jwt-audience", "cpdkit", `the audience ("aud") a JWT must name`)
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(stdout)
		fmt.Fprintln(stdout, "Usage: hr-embed [flags]")
		fs.PrintDefaults()
		return config{}, err
	case err != nil:
		return config{}, &usageError{err}
	case fs.NArg() > 0:
		return config{}, &usageError{fmt.Errorf("unexpected arguments %q", fs.Args())}
	case c.dsn != "" && !strings.HasPrefix(c.dsn, "sqlite:"):
		return config{}, &usageError{fmt.Errorf(`-db: %s is not "sqlite:FILE": the HR table and cpdkit share one SQLite database`, sqlstore.RedactDSN(c.dsn))}
	case c.people < demo.MinPeople:
		return config{}, &usageError{fmt.Errorf("-people: at least %d", demo.MinPeople)}
	}
	return c, nil
}

// run opens (and on first start seeds) the database, then serves on
// c.addr until ctx is done.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	c, err := parse(args, stdout)
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
	var signer *bearer
	if c.jwtKeyFile != "" {
		if signer, err = a.useBearer(c); err != nil {
			return err
		}
	}
	if err := a.seed(ctx, c.people, date.TodayIn(a.loc)); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	if signer == nil && !loopback(ln.Addr()) {
		fmt.Fprintf(stderr, "hr-embed: warning: listening on %s, beyond the loopback interface, without authentication: "+
			"anyone who reaches it can act as any member of staff by sending %s. Put it behind a proxy that sets that header, "+
			"or use -jwt-key-file.\n", ln.Addr(), staffHeader)
	}
	fmt.Fprintf(stdout, "hr-embed: %s on http://%s (database %s)\n", orgName, ln.Addr(), strings.TrimPrefix(c.dsn, "sqlite:"))
	if err := a.hint(ctx, stdout, signer, "http://"+ln.Addr().String()); err != nil {
		return err
	}
	return serve(ctx, ln, a.server.routes(), defaultLimits())
}

// useBearer switches the server to bearer tokens, with the key in the
// file c names.
func (a *app) useBearer(c config) (*bearer, error) {
	key, err := os.ReadFile(c.jwtKeyFile)
	if err != nil {
		return nil, fmt.Errorf("-jwt-key-file: %w", err)
	}
	b, err := newBearer(bytes.TrimSpace(key), c.jwtIssuer, c.jwtAudience, a.now)
	if err != nil {
		return nil, fmt.Errorf("-jwt-key-file: %w", err)
	}
	a.server.auth, a.server.challenge = b.authenticate, bearerChallenge
	return b, nil
}

// hint prints requests to try the server with, as members of staff the
// database holds (not whom a new seed would have generated: a database
// seeded before may hold other people): its head of education for the
// report, and a member of staff for their own compliance and calendar.
// A database without such staff gets no request for them.
func (a *app) hint(ctx context.Context, w io.Writer, signer *bearer, url string) error {
	head, staff, err := a.dir.tryWith(ctx)
	if err != nil {
		return fmt.Errorf("find staff to try the server with: %w", err)
	}
	var lines []string
	if head != "" {
		cred, err := curlCredential(signer, head)
		if err != nil {
			return err
		}
		lines = append(lines, fmt.Sprintf("curl %s %s/report > report.html", cred, url))
	}
	if staff != "" {
		cred, err := curlCredential(signer, staff)
		if err != nil {
			return err
		}
		lines = append(lines, fmt.Sprintf("curl %s %s/compliance/%s", cred, url, staff),
			fmt.Sprintf("curl %s %s/people/%s/calendar.ics", cred, url, staff))
	}
	for i, l := range lines {
		prefix := "     "
		if i == 0 {
			prefix = "try: "
		}
		fmt.Fprintln(w, prefix+l)
	}
	return nil
}

// curlCredential returns curl's argument that sends a member of staff's
// credential: the proxy's header, or with a bearer a token signed for an
// hour, as the HR sign-in would issue it.
func curlCredential(signer *bearer, staff string) (string, error) {
	if signer == nil {
		return fmt.Sprintf("-H '%s: %s'", staffHeader, staff), nil
	}
	token, err := signer.issue(orgID, staff, time.Hour)
	if err != nil {
		return "", err
	}
	return "-H 'Authorization: Bearer " + token + "'", nil
}

// app is the opened database, the Service on it and the server.
type app struct {
	db     *sql.DB
	store  *sqlstore.Store
	dir    *directory
	svc    *cpd.Service
	server *server
	loc    *time.Location
	now    func() time.Time // the clock; nil: the real one
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
	a := &app{db: db, loc: loc, now: now, dir: &directory{db: db, org: orgID}}
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
	a.server = &server{svc: a.svc, dir: a.dir, org: orgID, name: orgName, log: log.New(os.Stderr, "hr-embed: ", log.LstdFlags),
		auth: trustedProxy(orgID), challenge: proxyChallenge, maxBody: maxBodyBytes, now: now, loc: a.loc}
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
	switch count, err := a.dir.staffCount(ctx); {
	case err != nil:
		return err
	case count > 0:
		return nil
	}
	org := demo.Generate(demo.Options{People: n, Seed: 1, On: today, Policy: policy})
	if err := a.dir.addStaff(ctx, org.People); err != nil {
		return err
	}
	if err := org.Load(ctx, a.svc, orgID, nil); err != nil {
		return errors.Join(fmt.Errorf("seed: %w", err), a.dir.removeStaff(ctx))
	}
	return nil
}
