package cpdkit_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The importers reach the Service through one bridge, adapters/cpdimport,
// so that what they share (the ExternalRef prefixes, the defaults, the
// withdrawals of retracted records, refusals named by source) lives once.
// Outside tests, no other adapter may use cpd.Activities.ImportCompletions
// or WithdrawImported itself: a call, or a method value, on anything but
// a package name (csvio.ImportCompletions is csvio's own) fails this test.
func TestImportersShareOneBridge(t *testing.T) {
	files := 0
	err := filepath.WalkDir("adapters", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" || p == filepath.Join("adapters", "cpdimport") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		files++
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		pkgs := importNames(t, f)
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "ImportCompletions" && sel.Sel.Name != "WithdrawImported" {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); ok && pkgs[id.Name] {
				return true
			}
			t.Errorf("%s: uses the Service's %s: go through adapters/cpdimport", fset.Position(sel.Pos()), sel.Sel.Name)
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatal("no Go files under adapters")
	}
}

// majorVersion is a module path's major version suffix, as in date/v2.
var majorVersion = regexp.MustCompile(`^v[0-9]+$`)

// importNames returns the names a file's imports are known by: the
// alias, or the path's last element (before a major version suffix).
func importNames(t *testing.T, f *ast.File) map[string]bool {
	t.Helper()
	out := make(map[string]bool)
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			t.Fatal(err)
		}
		name := path.Base(p)
		if majorVersion.MatchString(name) {
			name = path.Base(path.Dir(p))
		}
		if imp.Name != nil {
			name = imp.Name.Name
		}
		out[name] = true
	}
	return out
}
