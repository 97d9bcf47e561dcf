// Command lms-import is an LMS vendor's whole story in one program: it
// reads the xAPI statements an LMS or LRS exported, maps its learners to
// staff and its courses to compliance topics, and prints where each member
// of staff stands against one of cpdkit's policy presets or a policy file.
//
// Usage:
//
//	lms-import [-xapi statements.json] [-mapping mapping.json] [-policy letta|avct|FILE.json] [-on YYYY-MM-DD] [-skip-bad]
//
// Without -xapi and -mapping it uses the sample export and mapping bundled
// from testdata. The statements file is a JSON array of xAPI statements, one
// statement, or an LRS StatementResult; the mapping file is described in
// README.md. On a terminal it shows a progress bar while it reads the
// statements.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/adapters/xapi"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/presets"
)

// The bundled sample: an LMS export and the mapping for it.
var (
	//go:embed testdata/statements.json
	sampleStatements []byte
	//go:embed testdata/mapping.json
	sampleMapping []byte
)

// name is the program's name, the prefix of its errors.
const name = "lms-import"

func main() {
	os.Exit(cli(os.Args[1:], os.Stdout, os.Stderr, isTerminal(os.Stdout), date.Today()))
}

// cli runs the program on the command line args and returns its exit
// status: 0, 1 when it fails, or 2 when the command line is wrong. -h
// prints the usage to stdout; an error is printed to stderr on one line
// after the program's name.
func cli(args []string, stdout, stderr io.Writer, terminal bool, today date.Date) int {
	err := run(args, stdout, stderr, terminal, today)
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

// isTerminal reports whether f is a terminal (a character device), with
// no dependency beyond os.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// run parses the command line, imports the statements, evaluates the staff
// on the chosen day (today unless -on is given) and prints the report to
// stdout, drawing a progress bar there first when it is a terminal.
func run(args []string, stdout, stderr io.Writer, terminal bool, today date.Date) error {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // cli prints the one error; -h prints to stdout
	xapiFile := fs.String("xapi", "", "the `FILE` of xAPI statements: a JSON array, an LRS StatementResult or one statement (default: the bundled sample)")
	mappingFile := fs.String("mapping", "", "the mapping `FILE`: who is who and what each course counts for (default: the bundled sample's)")
	policyName := fs.String("policy", "letta", "which policy, `"+strings.Join(presets.Names(), "|")+"|FILE.json`: a preset's name or a policy file's path")
	onText := fs.String("on", "", "evaluate on this day, `YYYY-MM-DD` (default today)")
	skipBad := fs.Bool("skip-bad", false, "import the good statements and list the bad, instead of stopping at the first bad file")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(stdout, "usage: %s [flags]\n\n", name)
		fmt.Fprintln(stdout, "Imports the xAPI statements an LMS exported (or a bundled sample), maps learners\nto staff and courses to topics, and prints where each person stands against a\nCPD policy.\n\nflags:")
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return err
	} else if err != nil {
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	on := today
	if *onText != "" {
		t, err := time.Parse(time.DateOnly, *onText)
		if err != nil {
			return usagef("-on: %q is not a date written YYYY-MM-DD", *onText)
		}
		on = date.NewAt(t)
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
	mappingData, mappingName, err := readOr(*mappingFile, sampleMapping)
	if err != nil {
		return err
	}
	staff, m, err := parseMapping(mappingData)
	if err != nil {
		return fmt.Errorf("%s: %w", mappingName, err)
	}
	res, source, err := importStatements(*xapiFile, m, *skipBad, stdout, terminal)
	if err != nil {
		return err
	}
	matrix, err := e.Matrix(res.Subjects(staff), on)
	if err != nil {
		return fmt.Errorf("evaluate staff: %w", err)
	}
	return report(stdout, source, res, policy, matrix)
}

// readOr reads the named file, or returns the bundled data when there is
// no name, with a name for messages.
func readOr(path string, bundled []byte) ([]byte, string, error) {
	if path == "" {
		return bundled, "the bundled sample", nil
	}
	data, err := os.ReadFile(path)
	return data, path, err
}

// importStatements imports the statements file (or the bundled sample),
// drawing a progress bar on stdout when it is a terminal. An error in the
// statements is prefixed with the file's name; one opening the file names
// it already.
func importStatements(path string, m xapi.Mapping, skipBad bool, stdout io.Writer, terminal bool) (xapi.Result, string, error) {
	var r io.Reader = bytes.NewReader(sampleStatements)
	source := "the bundled sample"
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return xapi.Result{}, path, err
		}
		defer f.Close()
		r, source = f, path
	}
	opts := &xapi.Options{SkipBad: skipBad}
	var bar *progressBar
	if terminal {
		bar = &progressBar{w: stdout, label: "Reading " + source, width: 30, last: -1}
		opts.Progress = bar.update
	}
	res, err := xapi.Import(context.Background(), r, m, opts)
	if bar != nil {
		bar.done()
	}
	if err != nil {
		return res, source, fmt.Errorf("%s: %w", source, err)
	}
	return res, source, nil
}
