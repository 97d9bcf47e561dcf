package cpdkit_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// module is this repository's module path.
const module = "github.com/cpdkit/cpdkit"

// Every example is a template: copied out of the repository it builds with
// only the module as a dependency. Go refuses an import of another
// module's internal package, so no example, nor its tests, may import one
// of ours.
func TestExamplesImportNoInternalPackage(t *testing.T) {
	eachImport(t, "examples", nil, nil, func(file, imp string) {
		if isInternal(imp) {
			t.Errorf("%s imports %s: an example copied out of the repository could not build", file, imp)
		}
	})
}

// eachImport calls fn with every import of every Go file under root (the
// file's path and the imported path), skipping testdata, hidden
// directories and the directories skip names, and the files keep refuses
// when keep is not nil. It fails the test if a file does not parse or no
// file was read.
func eachImport(t *testing.T, root string, skip func(dir string) bool, keep func(file string) bool, fn func(file, imp string)) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") || (skip != nil && skip(path))) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || (keep != nil && !keep(path)) {
			return nil
		}
		files++
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				return err
			}
			fn(path, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatalf("no Go files under %s", root)
	}
}

// isInternal reports whether path is, or is under, an internal directory
// of this module.
func isInternal(path string) bool {
	if path != module && !strings.HasPrefix(path, module+"/") {
		return false
	}
	for _, elem := range strings.Split(path, "/") {
		if elem == "internal" {
			return true
		}
	}
	return false
}

func TestIsInternal(t *testing.T) {
	for path, want := range map[string]bool{
		module + "/internal/errs":                 true,
		module + "/examples/internal/exampledb":   true,
		module + "/examples/internal":             true,
		module + "/demo":                          false,
		module + "/adapters/sqlstore":             false,
		module + "/internalish":                   false,
		"golang.org/x/net/internal/socks":         false,
		"github.com/cpdkit/cpdkitx/internal/errs": false,
	} {
		if got := isInternal(path); got != want {
			t.Errorf("isInternal(%q) = %v, want %v", path, got, want)
		}
	}
}

// Nothing imports examples: the examples are programs at the top of the
// house, and what they share with other code (the reference policies) is a
// library package of its own, presets. A package outside examples/, or
// its tests, importing a path under examples/ fails this test.
func TestNothingImportsExamples(t *testing.T) {
	skip := func(dir string) bool { return dir == "examples" }
	eachImport(t, ".", skip, nil, func(file, imp string) {
		if isExample(imp) {
			t.Errorf("%s imports %s: nothing outside examples/ may import an example", file, imp)
		}
	})
}

// isExample reports whether path is, or is under, this module's examples
// directory.
func isExample(path string) bool {
	return path == module+"/examples" || strings.HasPrefix(path, module+"/examples/")
}

func TestIsExample(t *testing.T) {
	for path, want := range map[string]bool{
		module + "/examples":                    true,
		module + "/examples/presets":            true,
		module + "/examples/internal/exampledb": true,
		module + "/presets":                     false,
		module + "/examplesx":                   false,
		module + "/adapters/examples":           false,
		"github.com/other/cpdkit/examples/x":    false,
	} {
		if got := isExample(path); got != want {
			t.Errorf("isExample(%q) = %v, want %v", path, got, want)
		}
	}
}

// The leaves, compliance, budget and appraisal, import no other cpdkit
// package but internal/ ones, and internal/ packages import only each
// other, so that an LMS vendor can take compliance alone (DESIGN.md's
// layering; `go list -deps ./compliance` shows the same).
func TestLeavesImportOnlyInternal(t *testing.T) {
	notTest := func(file string) bool { return !strings.HasSuffix(file, "_test.go") }
	for _, dir := range []string{"compliance", "budget", "appraisal", "internal"} {
		eachImport(t, dir, nil, notTest, func(file, imp string) {
			if (imp == module || strings.HasPrefix(imp, module+"/")) && !strings.HasPrefix(imp, module+"/internal/") {
				t.Errorf("%s imports %s: %s may import no cpdkit package but internal/ ones", file, imp, dir)
			}
		})
	}
}
