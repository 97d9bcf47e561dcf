package cpdkit_test

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log"
	"os"
	"strings"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/adapters/sqlstore"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// An HR system embeds the Service: a store, a directory of who is who, a
// policy, then calls as an actor. README.md's "Embed it" shows this body,
// and TestReadmeEmbedSnippet keeps the two the same.
func Example_embed() {
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, "sqlite::memory:", nil) // or "sqlite:cpd.db", or a postgres:// URL
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	// Your HR system plugs in its own cpd.Directory; this one is in memory.
	// A Directory fills each Identity's Org from its own records.
	dir := memory.NewDirectory()
	dir.Set("acme-college", cpd.Identity{Person: "admin", Roles: []cpd.Role{cpd.RoleStaff, cpd.RoleAdministrator}})
	dir.Set("acme-college", cpd.Identity{Person: "t-17", Roles: []cpd.Role{cpd.RoleStaff}})

	policy, err := compliance.ParsePolicy([]byte(`{"id": "ours", "academic_year_start": "09-01",
		"requirements": [{"id": "safeguarding", "kind": "renewable_training", "validity": "P1Y"}]}`))
	if err != nil {
		log.Fatal(err)
	}
	svc, err := cpd.New(store, dir, policy, nil)
	if err != nil {
		log.Fatal(err)
	}

	admin := cpd.WithActor(ctx, cpd.Actor{Org: "acme-college", Person: "admin"})
	_, err = svc.Staff.AddPerson(admin, cpd.Person{ID: "t-17", Name: "A. Teacher", Start: date.New(2024, 9, 2),
		Employment: compliance.Employed, FTE: decimal.NewFromInt(1)})
	if err != nil {
		log.Fatal(err)
	}
	_, err = svc.Activities.RecordCompleted(admin, cpd.Activity{Person: "t-17", Title: "Safeguarding refresher",
		Kind: cpd.ExternalCourse, Aspect: cpd.KeepingUpToDate, Necessity: cpd.Necessary, Source: cpd.Appraisal,
		Topics: []string{"safeguarding"}, Hours: decimal.NewFromInt(3),
		Completed: date.Today().AddDate(0, 0, -7), Evidence: "certificate.pdf"})
	if err != nil {
		log.Fatal(err)
	}

	res, err := svc.Compliance.Compliance(admin, "t-17")
	if err != nil {
		log.Fatal(err)
	}
	for _, it := range res.Items {
		fmt.Println(it.Requirement.ID, it.Status)
	}
	// Output:
	// safeguarding compliant
}

// TestReadmeEmbedSnippet checks that the Go block in README.md's "Embed it"
// section is Example_embed's body (up to its Output comment), so that the
// README shows code that compiles and runs.
func TestReadmeEmbedSnippet(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	got, err := readmeGoBlock(string(readme), "## Embed it")
	if err != nil {
		t.Fatal(err)
	}
	want, err := exampleBody("readme_test.go", "Example_embed")
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("README.md's \"Embed it\" Go block is not Example_embed's body; make them the same.\nREADME:\n%s\nExample_embed:\n%s", got, want)
	}
}

// readmeGoBlock returns the first ```go block after the heading line, without
// its fences.
func readmeGoBlock(readme, heading string) (string, error) {
	_, section, ok := strings.Cut(readme, "\n"+heading+"\n")
	if !ok {
		return "", fmt.Errorf("README.md has no %q heading", heading)
	}
	if next := strings.Index(section, "\n## "); next >= 0 {
		section = section[:next]
	}
	_, block, ok := strings.Cut(section, "\n```go\n")
	if !ok {
		return "", fmt.Errorf("README.md's %q section has no ```go block", heading)
	}
	block, _, ok = strings.Cut(block, "\n```\n")
	if !ok {
		return "", fmt.Errorf("README.md's %q section has an unclosed ```go block", heading)
	}
	return block, nil
}

// exampleBody returns the statements of the named function in the file, up
// to its "// Output:" comment, with one level of indentation removed.
func exampleBody(file, name string) (string, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.ParseComments)
	if err != nil {
		return "", err
	}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Name.Name != name || fn.Body == nil {
			continue
		}
		body := string(src[fset.Position(fn.Body.Lbrace).Offset+1 : fset.Position(fn.Body.Rbrace).Offset])
		body, _, _ = strings.Cut(body, "\t// Output:")
		lines := strings.Split(strings.Trim(body, "\n"), "\n")
		for i, l := range lines {
			lines[i] = strings.TrimPrefix(l, "\t")
		}
		return strings.Join(lines, "\n"), nil
	}
	return "", fmt.Errorf("%s has no func %s", file, name)
}
