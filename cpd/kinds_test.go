package cpd_test

import (
	"go/ast"
	goparser "go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRecordKindsHaveOneHome checks that the kinds of record cpd writes
// from a value (kinds.go's recordKind descriptors) are built in one place:
// no Record literal outside kinds.go names one of those kinds, so that a
// kind's ID, owner and state cannot be written two ways.
func TestRecordKindsHaveOneHome(t *testing.T) {
	fset := token.NewFileSet()
	kinds, err := goparser.ParseFile(fset, "kinds.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	described := map[string]bool{}
	ast.Inspect(kinds, func(n ast.Node) bool {
		if kv, ok := n.(*ast.KeyValueExpr); ok {
			if key, ok := kv.Key.(*ast.Ident); ok && key.Name == "kind" {
				if v, ok := kv.Value.(*ast.Ident); ok {
					described[v.Name] = true
				}
			}
		}
		return true
	})
	if len(described) < 10 {
		t.Fatalf("found %d described kinds in kinds.go; the test no longer reads it right", len(described))
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if name == "kinds.go" || strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := goparser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			if typ, ok := lit.Type.(*ast.Ident); !ok || typ.Name != "Record" {
				return true
			}
			for _, e := range lit.Elts {
				kv, ok := e.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				key, kok := kv.Key.(*ast.Ident)
				val, vok := kv.Value.(*ast.Ident)
				if kok && vok && key.Name == "Kind" && described[val.Name] {
					t.Errorf("%s: a %s Record is built here; write it through its recordKind in kinds.go", fset.Position(lit.Pos()), val.Name)
				}
			}
			return true
		})
	}
}
