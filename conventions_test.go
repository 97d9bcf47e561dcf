package cpdkit_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Every godoc Example is a program a reader can paste: it builds what it
// uses in its own body, from the module's exported API. An Example that
// calls a helper declared in a test file (exampleService, exampleAs, …)
// shows the reader a name they cannot find in the documentation, so no
// Example's body may use an unexported identifier declared at the top
// level of its package's _test.go files, nor anything that an internal
// test file (export_test.go) adds to the package under test.
func TestExamplesUseNoTestHelpers(t *testing.T) {
	examples := 0
	err := filepath.WalkDir(".", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != "." && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
			return filepath.SkipDir
		}
		found, err := exampleTestHelperUses(token.NewFileSet(), p, path.Join(module, filepath.ToSlash(p)))
		if err != nil {
			return err
		}
		examples += found.examples
		for _, u := range found.uses {
			t.Errorf("%s: %s uses %s, declared in %s: an Example must build what it uses from the exported API", u.at, u.example, u.name, u.declared)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if examples == 0 {
		t.Fatal("no Example functions found")
	}
}

// The check itself: it finds a helper called, used as a type or a value,
// and a name added by an internal test file, and is not fooled by a local
// of the same name, a struct field or a method of an exported type.
func TestExampleTestHelperUses(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"pkg.go": `package pkg

type Thing struct{ Helper int }

func (Thing) helperMethod() {}
`,
		"export_test.go": `package pkg

var Exported = 1

func internalHelper() int { return 2 }
`,
		"example_test.go": `package pkg_test

import (
	"fmt"

	p "example.com/pkg"
)

const exampleOrg = "org"

type exampleClock struct{}

func exampleService() int { return 1 }

func ExampleBad() {
	fmt.Println(exampleService(), exampleOrg, p.Exported)
	var c exampleClock
	_ = c
}

func ExampleGood() {
	exampleService := func() int { return 3 }
	var exampleOrg = "x"
	t := p.Thing{Helper: 1}
	s := struct{ exampleClock int }{exampleClock: 2}
	fmt.Println(exampleService(), exampleOrg, t.Helper, s.exampleClock)
}

func ExampleParam() {
	f := func(exampleClock int) int { return exampleClock }
	fmt.Println(f(1))
}
`,
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	found, err := exampleTestHelperUses(token.NewFileSet(), dir, "example.com/pkg")
	if err != nil {
		t.Fatal(err)
	}
	if found.examples != 3 {
		t.Errorf("found %d examples, want 3", found.examples)
	}
	var got []string
	for _, u := range found.uses {
		got = append(got, u.example+" "+u.name)
	}
	want := []string{"ExampleBad exampleService", "ExampleBad exampleOrg", "ExampleBad p.Exported", "ExampleBad exampleClock"}
	if !slices.Equal(got, want) {
		t.Errorf("uses = %q, want %q", got, want)
	}
}

// helperUse is one use of a test helper in an Example.
type helperUse struct {
	at, example, name, declared string
}

// helperUses is what exampleTestHelperUses found in one directory.
type helperUses struct {
	examples int
	uses     []helperUse
}

// exampleTestHelperUses parses the _test.go files of the package in dir,
// whose import path is importPath, and reports each Example function and
// every use in its body of an unexported name declared at the top level of
// a test file of the same package, or of a name that an internal test file
// declares, reached through the package's import.
func exampleTestHelperUses(fset *token.FileSet, dir, importPath string) (helperUses, error) {
	var found helperUses
	entries, err := os.ReadDir(dir)
	if err != nil {
		return found, err
	}
	var files []*ast.File
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, 0)
		if err != nil {
			return found, err
		}
		files = append(files, f)
	}
	// declared[package name][identifier] is where a test file declares it.
	declared := map[string]map[string]string{}
	for _, f := range files {
		pkg := f.Name.Name
		if declared[pkg] == nil {
			declared[pkg] = map[string]string{}
		}
		for name, pos := range topLevelNames(f) {
			declared[pkg][name] = fset.Position(pos).String()
		}
	}
	for _, f := range files {
		pkg := f.Name.Name
		helpers := map[string]string{}
		for name, at := range declared[pkg] {
			if name != "_" && !ast.IsExported(name) {
				helpers[name] = at
			}
		}
		// The package under test, as this external test file imports it.
		var imported string
		if under, ok := strings.CutSuffix(pkg, "_test"); ok {
			for _, imp := range f.Imports {
				if p, err := strconv.Unquote(imp.Path.Value); err == nil && p == importPath {
					imported = path.Base(p)
					if imp.Name != nil {
						imported = imp.Name.Name
					}
				}
			}
			if imported != "" && declared[under] == nil {
				imported = ""
			}
			pkg = under
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Example") || fn.Body == nil {
				continue
			}
			found.examples++
			found.uses = append(found.uses, helperUsesIn(fset, fn, helpers, imported, declared[pkg])...)
		}
	}
	return found, nil
}

// topLevelNames returns the names a file declares at the top level:
// functions (not methods), types, variables and constants.
func topLevelNames(f *ast.File) map[string]token.Pos {
	names := map[string]token.Pos{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				names[d.Name.Name] = d.Name.Pos()
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					names[s.Name.Name] = s.Name.Pos()
				case *ast.ValueSpec:
					for _, n := range s.Names {
						names[n.Name] = n.Pos()
					}
				}
			}
		}
	}
	return names
}

// helperUsesIn returns the first use in fn's body of each helper, and of
// each name internal declares selected from the package imported as
// imported, in the order they appear. A name that resolves to a
// declaration inside fn is the Example's own.
func helperUsesIn(fset *token.FileSet, fn *ast.FuncDecl, helpers map[string]string, imported string, internal map[string]string) []helperUse {
	var uses []helperUse
	seen := map[string]bool{}
	use := func(at token.Pos, name, declared string) {
		if !seen[name] {
			seen[name] = true
			uses = append(uses, helperUse{at: fset.Position(at).String(), example: fn.Name.Name, name: name, declared: declared})
		}
	}
	skip := map[*ast.Ident]bool{}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			skip[n.Sel] = true
			if x, ok := n.X.(*ast.Ident); ok && imported != "" && x.Name == imported && x.Obj == nil {
				if at, ok := internal[n.Sel.Name]; ok {
					use(n.Pos(), imported+"."+n.Sel.Name, at)
				}
			}
		case *ast.CompositeLit:
			switch n.Type.(type) {
			case *ast.MapType, *ast.ArrayType:
				break // its keys are values
			default:
				for _, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						if k, ok := kv.Key.(*ast.Ident); ok {
							skip[k] = true // a field name
						}
					}
				}
			}
		case *ast.Ident:
			at, ok := helpers[n.Name]
			if !ok || skip[n] {
				return true
			}
			if n.Obj != nil && n.Obj.Pos() >= fn.Pos() && n.Obj.Pos() < fn.End() {
				return true // declared in the Example
			}
			use(n.Pos(), n.Name, at)
		}
		return true
	})
	return uses
}

// Plain go test ./... shows a passing package as one "ok" line, so a test
// that skips says why only through a note its package's TestMain writes
// after the tests (internal/skipnote, or the same note in an example's
// tests, which may not import it). No test calls t.Skip, b.Skip or
// their variants but the notes' own skip method, which counts the skip
// first.
func TestSkipsAreNoted(t *testing.T) {
	err := filepath.WalkDir(".", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		for _, at := range unnotedSkips(fset, f) {
			t.Errorf("%s: skips without a note: call the package's skip note (internal/skipnote) so plain go test says why", at)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// unnotedSkips returns where f calls Skip, Skipf or SkipNow on a test's
// t, b, tb or f, other than in a function or method named skip or Skip.
func unnotedSkips(fset *token.FileSet, f *ast.File) []string {
	var at []string
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Body == nil || strings.EqualFold(fn.Name.Name, "skip") {
			continue
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			x, ok := sel.X.(*ast.Ident)
			if ok && slices.Contains([]string{"t", "b", "tb", "f"}, x.Name) && slices.Contains([]string{"Skip", "Skipf", "SkipNow"}, sel.Sel.Name) {
				at = append(at, fset.Position(call.Pos()).String())
			}
			return true
		})
	}
	return at
}

func TestUnnotedSkips(t *testing.T) {
	const src = `package p

func TestA(t *testing.T) { t.Skip("no server") }

func BenchmarkB(b *testing.B) { if x { b.Skipf("no %s", "server") } }

func TestC(t *testing.T) { skips.Skip(t, "no server") }

func (s *notes) skip(t *testing.T, reason string) { t.Skip(reason) }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p_test.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := unnotedSkips(fset, f)
	want := []string{"p_test.go:3:28", "p_test.go:5:40"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
