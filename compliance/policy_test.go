package compliance

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// validationPaths returns the Field of every *ValidationError in err, in
// order, looking through wrapping and errors.Join.
func validationPaths(err error) []string {
	switch w := err.(type) {
	case *ValidationError:
		return []string{w.Field}
	case interface{ Unwrap() []error }:
		var out []string
		for _, e := range w.Unwrap() {
			out = append(out, validationPaths(e)...)
		}
		return out
	case interface{ Unwrap() error }:
		return validationPaths(w.Unwrap())
	}
	return nil
}

func TestPolicyValidate(t *testing.T) {
	september := MonthDay{Month: time.September, Day: 1}
	policy := func(reqs ...Requirement) Policy {
		return Policy{ID: "test", AcademicYearStart: september, Requirements: reqs}
	}
	renewable := Requirement{ID: "sg", Kind: RenewableTraining, Validity: per("P1Y")}
	with := func(change func(*Requirement)) Requirement {
		r := renewable
		change(&r)
		return r
	}
	hours := func(h HoursRule) Requirement { return Requirement{ID: "hours", Kind: MinimumHours, Hours: &h} }

	tests := []struct {
		name   string
		policy Policy
		want   []string
	}{
		{name: "valid", want: nil, policy: policy(renewable,
			Requirement{ID: "qts", Kind: Qualification, AppliesTo: Scope{JobRoles: []string{"teacher"}}, Except: Scope{Employment: []Employment{Associate}}},
			Requirement{ID: "log", Kind: Submission, Every: per("P2M")},
			Requirement{ID: "xmas", Kind: RenewableTraining, Validity: per("P1Y"), Basis: FixedDate, DueBy: MonthDay{Month: time.December, Day: 31}},
			Requirement{ID: "prev", Kind: RenewableTraining, Validity: per("P3Y"), RenewalWindow: per("P3M"), GracePeriod: per("P1M"), Basis: FromPreviousExpiry, MinimumActive: per("P30M")},
			hours(HoursRule{Minimum: hrs("30"), ProRataFTE: true, ProRataService: true, PartTimeFloor: hrs("6"), AbsenceThreshold: per("P3M")}))},
		{name: "missing id", policy: Policy{AcademicYearStart: september}, want: []string{"id"}},
		{name: "missing academic year start", policy: Policy{ID: "test"}, want: []string{"academic_year_start"}},
		{name: "impossible academic year start", policy: Policy{ID: "test", AcademicYearStart: MonthDay{Month: time.February, Day: 30}}, want: []string{"academic_year_start"}},
		{name: "duplicate requirement id", policy: policy(renewable, renewable), want: []string{"requirements[1].id"}},
		{name: "requirement without id", policy: policy(with(func(r *Requirement) { r.ID = "" })), want: []string{"requirements[0].id"}},
		{name: "kind unset", policy: policy(with(func(r *Requirement) { r.Kind = 0 })), want: []string{"requirements[0].kind"}},
		{name: "renewable training without validity", policy: policy(with(func(r *Requirement) { r.Validity = per("P0D") })), want: []string{"requirements[0].validity"}},
		{name: "one-off training with validity", policy: policy(with(func(r *Requirement) { r.Kind = OneOffTraining })), want: []string{"requirements[0].validity"}},
		{name: "one-off training with grace period", policy: policy(Requirement{ID: "x", Kind: OneOffTraining, GracePeriod: per("P1M")}), want: []string{"requirements[0].grace_period"}},
		{name: "fixed date without due_by", policy: policy(with(func(r *Requirement) { r.Basis = FixedDate })), want: []string{"requirements[0].due_by"}},
		{name: "fixed date with part-year validity", policy: policy(with(func(r *Requirement) {
			r.Basis, r.DueBy, r.Validity = FixedDate, MonthDay{Month: time.December, Day: 31}, per("P18M")
		})), want: []string{"requirements[0].validity"}},
		{name: "due_by without fixed date", policy: policy(with(func(r *Requirement) { r.DueBy = MonthDay{Month: time.December, Day: 31} })), want: []string{"requirements[0].due_by"}},
		{name: "negative renewal window", policy: policy(with(func(r *Requirement) { r.RenewalWindow = per("-P1M") })), want: []string{"requirements[0].renewal_window"}},
		{name: "validity with hours", policy: policy(with(func(r *Requirement) { r.Validity = per("PT1H") })), want: []string{"requirements[0].validity"}},
		{name: "validity of more than 1000 years", policy: policy(with(func(r *Requirement) { r.Validity = per("P99999999999Y") })), want: []string{"requirements[0].validity"}},
		{name: "validity of 1000 years and a day", policy: policy(with(func(r *Requirement) { r.Validity = per("P1000Y1D") })), want: []string{"requirements[0].validity"}},
		{name: "validity of 1000 years", policy: policy(with(func(r *Requirement) { r.Validity = per("P1000Y") })), want: nil},
		{name: "renewal window of a million days", policy: policy(with(func(r *Requirement) { r.RenewalWindow = per("P1000000D") })), want: []string{"requirements[0].renewal_window"}},
		{name: "fractional induction deadline", policy: policy(with(func(r *Requirement) { r.InductionDeadline = per("P1.5M") })), want: []string{"requirements[0].induction_deadline"}},
		{name: "minimum active without previous expiry", policy: policy(with(func(r *Requirement) { r.MinimumActive = per("P6M") })), want: []string{"requirements[0].minimum_active"}},
		{name: "previous expiry without validity", policy: policy(Requirement{ID: "m", Kind: Membership, Basis: FromPreviousExpiry}), want: []string{"requirements[0].basis"}},
		{name: "submission without every", policy: policy(Requirement{ID: "log", Kind: Submission}), want: []string{"requirements[0].every"}},
		{name: "every on renewable training", policy: policy(with(func(r *Requirement) { r.Every = per("P2M") })), want: []string{"requirements[0].every"}},
		{name: "hours on renewable training", policy: policy(with(func(r *Requirement) { r.Hours = &HoursRule{Minimum: hrs("30")} })), want: []string{"requirements[0].hours"}},
		{name: "minimum hours without a rule", policy: policy(Requirement{ID: "hours", Kind: MinimumHours}), want: []string{"requirements[0].hours"}},
		{name: "minimum hours of zero", policy: policy(hours(HoursRule{Minimum: hrs("0")})), want: []string{"requirements[0].hours.minimum"}},
		{name: "part-time floor without pro rata FTE", policy: policy(hours(HoursRule{Minimum: hrs("30"), PartTimeFloor: hrs("6")})), want: []string{"requirements[0].hours.part_time_floor"}},
		{name: "part-time floor above the minimum", policy: policy(hours(HoursRule{Minimum: hrs("5"), ProRataFTE: true, PartTimeFloor: hrs("6")})), want: []string{"requirements[0].hours.part_time_floor"}},
		{name: "absence threshold without pro rata service", policy: policy(hours(HoursRule{Minimum: hrs("30"), AbsenceThreshold: per("P3M")})), want: []string{"requirements[0].hours.absence_threshold"}},
		{name: "empty aspect", policy: policy(hours(HoursRule{Minimum: hrs("30"), Aspects: []string{"induction", ""}})), want: []string{"requirements[0].hours.aspects[1]"}},
		{name: "empty activity kind", policy: policy(hours(HoursRule{Minimum: hrs("30"), ActivityKinds: []string{""}})), want: []string{"requirements[0].hours.activity_kinds[0]"}},
		{name: "topics on minimum hours", policy: policy(Requirement{ID: "hours", Kind: MinimumHours, Topics: []string{"cpd"}, Hours: &HoursRule{Minimum: hrs("30")}}), want: []string{"requirements[0].topics"}},
		{name: "empty topic", policy: policy(with(func(r *Requirement) { r.Topics = []string{"sg", ""} })), want: []string{"requirements[0].topics[1]"}},
		{name: "empty role in applies_to", policy: policy(with(func(r *Requirement) { r.AppliesTo = Scope{Roles: []string{""}} })), want: []string{"requirements[0].applies_to.roles[0]"}},
		{name: "unknown employment in except", policy: policy(with(func(r *Requirement) { r.Except = Scope{Employment: []Employment{7}} })), want: []string{"requirements[0].except.employment[0]"}},
		{name: "every problem is reported", policy: Policy{AcademicYearStart: september, Requirements: []Requirement{with(func(r *Requirement) { r.Validity = per("P0D") }), renewable}},
			want: []string{"id", "requirements[0].validity", "requirements[1].id"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.policy.Validate()
			if diff := cmp.Diff(tc.want, validationPaths(err)); diff != "" {
				t.Errorf("Validate() paths mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
		})
	}
}

func TestPolicyValidateMatchesErrInvalid(t *testing.T) {
	tests := []struct {
		name   string
		policy Policy
	}{
		{name: "one problem", policy: Policy{ID: "test"}},
		{name: "several problems", policy: Policy{Requirements: []Requirement{{ID: "sg"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.policy.Validate()
			require.ErrorIs(t, err, ErrInvalid)
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
		})
	}
}

// policyDoc builds a policy document from requirement objects.
func policyDoc(reqs ...string) string {
	return fmt.Sprintf(`{"id": "test", "academic_year_start": "09-01", "requirements": [%s]}`, strings.Join(reqs, ","))
}

const (
	okRenewable = `{"id": "sg", "kind": "renewable_training", "validity": "P1Y"}`
	okOneOff    = `{"id": "prevent", "kind": "one_off_training"}`
	okQTS       = `{"id": "qts", "kind": "qualification", "applies_to": {"job_roles": ["teacher"]}}`
)

func TestParsePolicyRejects(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string
	}{
		{name: "bad period in the fourth requirement", want: []string{"requirements[3].validity"},
			doc: policyDoc(okRenewable, okOneOff, okQTS, `{"id": "fire", "kind": "renewable_training", "validity": "P2X"}`)},
		{name: "unknown field in applies_to", want: []string{"requirements[1].applies_to.departments"},
			doc: policyDoc(okRenewable, `{"id": "qts", "kind": "qualification", "applies_to": {"departments": ["maths"]}}`)},
		{name: "unknown field in except", want: []string{"requirements[0].except.grade"},
			doc: policyDoc(`{"id": "sg", "kind": "renewable_training", "validity": "P1Y", "except": {"grade": "x"}}`)},
		{name: "unknown field in a requirement", want: []string{"requirements[0].valid_for"},
			doc: policyDoc(`{"id": "sg", "kind": "renewable_training", "valid_for": "P1Y"}`)},
		{name: "unknown field in hours", want: []string{"requirements[0].hours.maximum"},
			doc: policyDoc(`{"id": "h", "kind": "minimum_hours", "hours": {"minimum": 30, "maximum": 40}}`)},
		{name: "unknown top-level field", want: []string{"owner"},
			doc: `{"id": "test", "academic_year_start": "09-01", "owner": "me", "requirements": []}`},
		{name: "unknown kind", want: []string{"requirements[0].kind"},
			doc: policyDoc(`{"id": "sg", "kind": "renewable", "validity": "P1Y"}`)},
		{name: "unknown basis", want: []string{"requirements[0].basis"},
			doc: policyDoc(`{"id": "sg", "kind": "renewable_training", "validity": "P1Y", "basis": "expiry"}`)},
		{name: "unknown employment type", want: []string{"requirements[0].except.employment[1]"},
			doc: policyDoc(`{"id": "sg", "kind": "renewable_training", "validity": "P1Y", "except": {"employment": ["associate", "volunteer"]}}`)},
		{name: "impossible due_by", want: []string{"requirements[0].due_by"},
			doc: policyDoc(`{"id": "sg", "kind": "renewable_training", "validity": "P1Y", "basis": "fixed_date", "due_by": "13-01"}`)},
		{name: "academic year start not MM-DD", want: []string{"academic_year_start"},
			doc: `{"id": "test", "academic_year_start": "9-1", "requirements": []}`},
		{name: "period written as a number", want: []string{"requirements[0].validity"},
			doc: policyDoc(`{"id": "sg", "kind": "renewable_training", "validity": 365}`)},
		{name: "hours minimum not a number", want: []string{"requirements[0].hours.minimum"},
			doc: policyDoc(`{"id": "h", "kind": "minimum_hours", "hours": {"minimum": "thirty"}}`)},
		{name: "duplicate requirement id", want: []string{"requirements[1].id"},
			doc: policyDoc(okRenewable, okRenewable)},
		{name: "negative period", want: []string{"requirements[0].renewal_window"},
			doc: policyDoc(`{"id": "sg", "kind": "renewable_training", "validity": "P1Y", "renewal_window": "-P1M"}`)},
		{name: "period with hours", want: []string{"requirements[0].validity"},
			doc: policyDoc(`{"id": "sg", "kind": "renewable_training", "validity": "PT1H"}`)},
		{name: "renewable training without validity", want: []string{"requirements[0].validity"},
			doc: policyDoc(`{"id": "sg", "kind": "renewable_training"}`)},
		{name: "fixed date without due_by", want: []string{"requirements[0].due_by"},
			doc: policyDoc(`{"id": "sg", "kind": "renewable_training", "validity": "P1Y", "basis": "fixed_date"}`)},
		{name: "requirements not an array", want: []string{"requirements"},
			doc: `{"id": "test", "academic_year_start": "09-01", "requirements": {}}`},
		{name: "field name in another case", want: []string{"requirements[0].Validity"},
			doc: policyDoc(`{"id": "sg", "kind": "renewable_training", "Validity": "P1Y"}`)},
		{name: "top-level field name in another case", want: []string{"ID"},
			doc: `{"ID": "test", "academic_year_start": "09-01", "requirements": []}`},
		{name: "hours field name in another case", want: []string{"requirements[0].hours.Minimum"},
			doc: policyDoc(`{"id": "h", "kind": "minimum_hours", "hours": {"Minimum": "30"}}`)},
		{name: "field given twice", want: []string{"requirements[0].validity"},
			doc: policyDoc(`{"id": "sg", "kind": "renewable_training", "validity": "P1Y", "validity": "P2Y"}`)},
		{name: "scope field given twice", want: []string{"requirements[0].applies_to.roles"},
			doc: policyDoc(`{"id": "sg", "kind": "renewable_training", "validity": "P1Y", "applies_to": {"roles": ["a"], "roles": ["b"]}}`)},
		{name: "malformed JSON", want: []string{""}, doc: `{"id": "test",`},
		{name: "trailing data", want: []string{""}, doc: `{"id": "test", "academic_year_start": "09-01", "requirements": []} {}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParsePolicy([]byte(tc.doc))
			require.ErrorIs(t, err, ErrInvalid)
			if diff := cmp.Diff(tc.want, validationPaths(err)); diff != "" {
				t.Errorf("ParsePolicy paths mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
		})
	}
}

func TestParsePolicyReason(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want ValidationError
	}{
		{name: "P2X is not a period",
			doc:  policyDoc(okRenewable, okOneOff, okQTS, `{"id": "fire", "kind": "renewable_training", "validity": "P2X"}`),
			want: ValidationError{Field: "requirements[3].validity", Reason: `"P2X" is not an ISO 8601 period`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParsePolicy([]byte(tc.doc))
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			if diff := cmp.Diff(tc.want, *ve); diff != "" {
				t.Errorf("ValidationError mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParsePolicyAccepts(t *testing.T) {
	type reqView struct {
		ID, Kind, Validity, Basis, DueBy string
		Topics, JobRoles                 []string
		Except                           []Employment
		Minimum                          string
	}
	view := func(p Policy) []reqView {
		var out []reqView
		for _, r := range p.Requirements {
			v := reqView{ID: r.ID, Kind: r.Kind.String(), Validity: r.Validity.String(), Basis: r.Basis.String(), DueBy: r.DueBy.String(),
				Topics: r.Topics, JobRoles: r.AppliesTo.JobRoles, Except: r.Except.Employment}
			if r.Hours != nil {
				v.Minimum = r.Hours.Minimum.String()
			}
			out = append(out, v)
		}
		return out
	}
	tests := []struct {
		name string
		doc  string
		want []reqView
	}{
		{name: "every kind", doc: policyDoc(
			`{"id": "sg", "kind": "renewable_training", "validity": "P1Y", "topics": ["sg", "dsl"], "except": {"employment": ["associate"]}}`,
			`{"id": "qts", "kind": "qualification", "applies_to": {"job_roles": ["teacher"]}}`,
			`{"id": "xmas", "kind": "renewable_training", "validity": "P1Y", "basis": "fixed_date", "due_by": "12-31"}`,
			`{"id": "h", "kind": "minimum_hours", "hours": {"minimum": "7.5"}}`),
			want: []reqView{
				{ID: "sg", Kind: "renewable_training", Validity: "P1Y", Basis: "unset", DueBy: "00-00", Topics: []string{"sg", "dsl"}, Except: []Employment{Associate}},
				{ID: "qts", Kind: "qualification", Validity: "P0D", Basis: "unset", DueBy: "00-00", JobRoles: []string{"teacher"}},
				{ID: "xmas", Kind: "renewable_training", Validity: "P1Y", Basis: "fixed_date", DueBy: "12-31"},
				{ID: "h", Kind: "minimum_hours", Validity: "P0D", Basis: "unset", DueBy: "00-00", Minimum: "7.5"},
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParsePolicy([]byte(tc.doc))
			require.NoError(t, err)
			if diff := cmp.Diff(tc.want, view(p)); diff != "" {
				t.Errorf("parsed requirements mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
