package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/adapters/xapi"
	"github.com/cpdkit/cpdkit/compliance"
)

// The mapping file's JSON form; README.md documents it.
type (
	mappingFile struct {
		People  []personJSON `json:"people"`
		Courses []courseJSON `json:"courses"`
	}
	personJSON struct {
		ID         string        `json:"id"`
		Emails     []string      `json:"emails"`
		Accounts   []accountJSON `json:"accounts"`
		OpenIDs    []string      `json:"openids"`
		JobRole    string        `json:"job_role"`
		Roles      []string      `json:"roles"`
		Employment string        `json:"employment"`
		Start      string        `json:"start"`
		Leaving    string        `json:"leaving"`
		FTE        string        `json:"fte"`
	}
	accountJSON struct {
		HomePage string `json:"home_page"`
		Name     string `json:"name"`
	}
	courseJSON struct {
		IRI          string   `json:"iri"`
		Title        string   `json:"title"`
		Topics       []string `json:"topics"`
		Kind         string   `json:"kind"`
		Aspect       string   `json:"aspect"`
		MoveOn       string   `json:"move_on"`
		MasteryScore string   `json:"mastery_score"`
	}
)

// parseMapping reads a mapping file strictly (unknown fields and trailing
// data are errors) into the staff, in file order, and the xAPI mapping.
// Every error names the field's path.
func parseMapping(data []byte) ([]compliance.Person, xapi.Mapping, error) {
	var f mappingFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, xapi.Mapping{}, fmt.Errorf("malformed mapping: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, xapi.Mapping{}, errors.New("malformed mapping: data after the JSON object")
	}
	agents := xapi.NewAgents()
	var errs []error
	fail := func(path, format string, a ...any) {
		errs = append(errs, &compliance.ValidationError{Field: path, Reason: fmt.Sprintf(format, a...)})
	}
	staff := make([]compliance.Person, 0, len(f.People))
	for i, pj := range f.People {
		path := fmt.Sprintf("people[%d]", i)
		p, err := person(path, pj)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for j, e := range pj.Emails {
			if err := agents.AddEmail(e, p.ID); err != nil {
				fail(fmt.Sprintf("%s.emails[%d]", path, j), "%v", err)
			}
		}
		for j, a := range pj.Accounts {
			if err := agents.AddAccount(a.HomePage, a.Name, p.ID); err != nil {
				fail(fmt.Sprintf("%s.accounts[%d]", path, j), "%v", err)
			}
		}
		for j, o := range pj.OpenIDs {
			if err := agents.AddOpenID(o, p.ID); err != nil {
				fail(fmt.Sprintf("%s.openids[%d]", path, j), "%v", err)
			}
		}
		staff = append(staff, p)
	}
	catalogue := xapi.Catalogue{}
	for i, cj := range f.Courses {
		path := fmt.Sprintf("courses[%d]", i)
		c, err := course(path, cj)
		switch {
		case err != nil:
			errs = append(errs, err)
		case cj.IRI == "":
			fail(path+".iri", "is required")
		case catalogueHas(catalogue, cj.IRI):
			fail(path+".iri", "%s is listed twice", cj.IRI)
		default:
			catalogue[cj.IRI] = c
		}
	}
	if len(staff) == 0 && len(errs) == 0 {
		fail("people", "is missing or empty")
	}
	return staff, xapi.Mapping{People: agents, Activities: catalogue}, errors.Join(errs...)
}

func catalogueHas(c xapi.Catalogue, iri string) bool { _, ok := c[iri]; return ok }

// person converts one person of the mapping file.
func person(path string, pj personJSON) (compliance.Person, error) {
	bad := func(field, format string, a ...any) error {
		return &compliance.ValidationError{Field: path + "." + field, Reason: fmt.Sprintf(format, a...)}
	}
	if pj.ID == "" {
		return compliance.Person{}, bad("id", "is required")
	}
	p := compliance.Person{ID: pj.ID, JobRole: pj.JobRole, Roles: pj.Roles}
	var err error
	if p.Start, err = day(pj.Start); err != nil || pj.Start == "" {
		return p, bad("start", "%q is not a date written YYYY-MM-DD (and it is required)", pj.Start)
	}
	if pj.Leaving != "" {
		if p.Leaving, err = day(pj.Leaving); err != nil {
			return p, bad("leaving", "%q is not a date written YYYY-MM-DD", pj.Leaving)
		}
	}
	if pj.Employment != "" {
		if err := p.Employment.UnmarshalText([]byte(pj.Employment)); err != nil {
			return p, bad("employment", "%q is not employed or associate", pj.Employment)
		}
	}
	if pj.FTE != "" {
		if p.FTE, err = decimal.NewFromString(pj.FTE); err != nil {
			return p, bad("fte", "%q is not a decimal number", pj.FTE)
		}
	}
	return p, nil
}

// course converts one course of the mapping file.
func course(path string, cj courseJSON) (xapi.Course, error) {
	c := xapi.Course{Title: cj.Title, Topics: cj.Topics, Kind: cj.Kind, Aspect: cj.Aspect}
	if cj.MoveOn != "" {
		if err := c.MoveOn.UnmarshalText([]byte(cj.MoveOn)); err != nil {
			return c, &compliance.ValidationError{Field: path + ".move_on", Reason: fmt.Sprintf("%q is not a cmi5 moveOn value", cj.MoveOn)}
		}
	}
	if cj.MasteryScore != "" {
		d, err := decimal.NewFromString(cj.MasteryScore)
		if err != nil || d.IsNegative() || d.GreaterThan(decimal.NewFromInt(1)) {
			return c, &compliance.ValidationError{Field: path + ".mastery_score", Reason: fmt.Sprintf("%q is not a decimal from 0 to 1", cj.MasteryScore)}
		}
		c.MasteryScore = decimal.NewNullDecimal(d)
	}
	return c, nil
}

// day reads a day written exactly YYYY-MM-DD.
func day(s string) (date.Date, error) {
	if s == "" {
		return 0, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, err
	}
	return date.NewAt(t), nil
}
