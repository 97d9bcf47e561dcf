package compliance

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
)

// policyEqual compares policies by meaning: decimals by value and periods
// by their ISO 8601 text.
var policyEqual = []cmp.Option{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b period.Period) bool { return a.String() == b.String() }),
}

var fuzzSeeds = []string{
	`{"id":"p","academic_year_start":"09-01","requirements":[]}`,
	`{"id":"p","name":"P","academic_year_start":"08-01","notes":["n"],"requirements":[
	  {"id":"safeguarding","kind":"renewable_training","validity":"P1Y","renewal_window":"P1M","grace_period":"P14D",
	   "induction_deadline":"P30D","topics":["safeguarding","dsl"],"basis":"previous_expiry","minimum_active":"P11M",
	   "applies_to":{"roles":["staff"],"employment":["employed","associate"]},"except":{"job_roles":["volunteer"]}},
	  {"id":"fire","kind":"renewable_training","validity":"P1Y","basis":"fixed_date","due_by":"12-31"},
	  {"id":"qts","kind":"qualification","applies_to":{"job_roles":["teacher"]},"note":"role requirement"},
	  {"id":"nasbtt","kind":"membership","renewal_window":"P1M"},
	  {"id":"induction","kind":"one_off_training","induction_deadline":"P2W"},
	  {"id":"hours","kind":"minimum_hours","hours":{"minimum":"30","aspects":["keeping_up_to_date"],
	   "activity_kinds":["external_course"],"relevant_only":true,"pro_rata_fte":true,"pro_rata_service":true,"absence_threshold":"P3M","part_time_floor":6}},
	  {"id":"cpd-log","kind":"submission","every":"P2M"}]}`,
	`{"id":"p","academic_year_start":"09-01","requirements":[{"id":"a","kind":"renewable_training","validity":"P2X"}]}`,
	`{"id":"p","academic_year_start":"02-30"}`,
	`{"id":"p","academic_year_start":"09-01","requirements":[{"id":"a","kind":"minimum_hours","hours":{"minimum":"1e3"}}]}`,
	`{"id":"p","academic_year_start":"09-01","requirements":[{"id":"college","kind":"membership","by_job_role":true},
	  {"id":"qts","kind":"qualification","by_job_role":true}],
	  "job_roles":[{"id":"teacher","requires":[{"requirement":"qts"},{"requirement":"college","levels":["member","fellow"]}]},{"id":"tutor"}]}`,
	`[]`, `{`, `null`, `{"id":"p","unknown":1}`,
}

func FuzzParsePolicy(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePolicy(data)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error does not match ErrInvalid: %v", err)
			}
			return
		}
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("accepted policy does not marshal: %v", err)
		}
		again, err := ParsePolicy(out)
		if err != nil {
			t.Fatalf("re-serialised policy does not parse: %v\n%s", err, out)
		}
		if diff := cmp.Diff(p, again, policyEqual...); diff != "" {
			t.Fatalf("round trip changed the policy (-first +second):\n%s", diff)
		}
		out2, err := json.Marshal(again)
		if err != nil || !bytes.Equal(out, out2) {
			t.Fatalf("second serialisation differs:\n%s\n%s", out, out2)
		}
		if _, err := NewEvaluator(p); err != nil {
			t.Fatalf("parsed policy is not accepted by NewEvaluator: %v", err)
		}
	})
}
