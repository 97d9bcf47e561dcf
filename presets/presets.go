// Package presets ships the two reference CPD policies, AVCT's Professional
// Development Policy and LETTA's Professional Learning Policy: their
// compliance rules (training, qualifications, CPD hours, submissions and
// the appraisal cadences) as JSON in the form [compliance.ParsePolicy]
// reads, and their money rules (who sets the budget, what is fundable,
// approval chains, expense claims) in the form [budget.ParsePolicy] reads.
//
// [Load] and [LoadBudget] parse a preset by name, ready for a Service;
// [JSON] and [BudgetJSON] give its text, for an organisation that starts
// from a preset and edits it into its own policy; [Open] serves a command
// line's -policy flag. The package imports only compliance and budget, so
// any program, test or adapter may use it.
//
// Each preset's notes end with a table, one row per policy sentence it
// encodes: the line of the written policy and its words (quoted, short),
// how the preset encodes it, and, for every number the policy does not give
// (validity periods, induction deadlines, reminder windows, the hours
// minimum, the academic year's start; in the budget presets, the travel
// threshold and the claim deadline), the word **assumption** and the
// reason. Those values follow common UK practice; they are for an
// organisation to configure, not the policy's words. The tests check every
// quote against the policy's text (testdata) and every number against the
// table.
//
// Some rules are opt-in: LETTA asks for a professional membership only
// where a job description names it, so the LETTA preset names none (see
// the chartered-college-membership requirement's note for how to switch
// one on).
//
// The package holds no mutable state; every function is safe for
// concurrent use.
package presets

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/cpdkit/cpdkit/compliance"
)

// ErrUnknown is matched (with errors.Is) by the error for a preset name
// that does not exist.
var ErrUnknown = errors.New("unknown preset")

//go:embed *.json
var files embed.FS

// Names returns the names of the presets, sorted: "avct" and "letta".
func Names() []string {
	matches, err := fs.Glob(files, "*.json")
	if err != nil {
		panic(err) // the pattern is constant and valid
	}
	names := make([]string, len(matches))
	for i, m := range matches {
		names[i] = strings.TrimSuffix(m, ".json")
	}
	return names
}

// JSON returns a fresh copy of the named preset's JSON, for a caller that
// wants to show, store or edit it before parsing. The error matches
// [ErrUnknown] when there is no such preset.
func JSON(name string) ([]byte, error) {
	if name == "" || strings.ContainsAny(name, "/.\\") {
		return nil, fmt.Errorf("preset %q: %w (want one of %s)", name, ErrUnknown, strings.Join(Names(), ", "))
	}
	data, err := files.ReadFile(name + ".json")
	if err != nil {
		return nil, fmt.Errorf("preset %q: %w (want one of %s)", name, ErrUnknown, strings.Join(Names(), ", "))
	}
	return data, nil
}

// Load parses the named preset with [compliance.ParsePolicy]. The error
// matches [ErrUnknown] when there is no such preset; a preset that failed
// to parse would match [compliance.ErrInvalid], which the tests rule out.
func Load(name string) (compliance.Policy, error) {
	data, err := JSON(name)
	if err != nil {
		return compliance.Policy{}, err
	}
	p, err := compliance.ParsePolicy(data)
	if err != nil {
		return compliance.Policy{}, fmt.Errorf("preset %q: %w", name, err)
	}
	return p, nil
}

// Open returns the policy a command line's -policy flag names: a preset
// by name ("avct" or "letta"), or else a policy file, in the JSON form
// [compliance.ParsePolicy] reads, by its path: any value ending in .json,
// or naming a file that exists. A preset's name wins over a file of the
// same name in the current directory; write ./letta for the file.
//
// The error matches [ErrUnknown] for a value that is neither; one opening
// the file names it (and matches [os.ErrNotExist] when it is missing);
// one parsing it names the file and each problem with its path, and
// matches [compliance.ErrInvalid].
func Open(value string) (compliance.Policy, error) {
	if slices.Contains(Names(), value) {
		return Load(value)
	}
	if fi, err := os.Stat(value); !strings.HasSuffix(value, ".json") && (err != nil || fi.IsDir()) {
		return compliance.Policy{}, fmt.Errorf("preset %q: %w (want one of %s, or a policy FILE.json)", value, ErrUnknown, strings.Join(Names(), ", "))
	}
	data, err := os.ReadFile(value)
	if err != nil {
		return compliance.Policy{}, err // names the file already
	}
	p, err := compliance.ParsePolicy(data)
	if err != nil {
		return compliance.Policy{}, fmt.Errorf("%s: %w", value, err)
	}
	return p, nil
}
