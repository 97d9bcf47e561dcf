package presets_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/presets"
)

// samePeriod compares periods by their ISO 8601 text (period.Period has
// unexported fields and no Equal method).
var samePeriod = cmp.Comparer(func(a, b period.Period) bool { return a.String() == b.String() })

func TestNames(t *testing.T) {
	if diff := cmp.Diff([]string{"avct", "letta"}, presets.Names()); diff != "" {
		t.Errorf("Names() mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadUnknown(t *testing.T) {
	for _, name := range []string{"", "nope", "../presets/avct", "avct.json"} {
		t.Run(name, func(t *testing.T) {
			_, err := presets.Load(name)
			if !errors.Is(err, presets.ErrUnknown) {
				t.Errorf("Load(%q) error = %v, want ErrUnknown", name, err)
			}
		})
	}
}

func TestPresetsParseAndRoundTrip(t *testing.T) {
	for _, name := range presets.Names() {
		t.Run(name, func(t *testing.T) {
			p, err := presets.Load(name)
			require.NoError(t, err)
			_, err = compliance.NewEvaluator(p)
			require.NoError(t, err)

			out, err := json.Marshal(p)
			require.NoError(t, err)
			again, err := compliance.ParsePolicy(out)
			require.NoError(t, err)
			if diff := cmp.Diff(p, again, samePeriod); diff != "" {
				t.Errorf("policy changed in a round trip (-loaded +reparsed):\n%s", diff)
			}

			// The file holds nothing the parser drops or rewrites: it is
			// the same JSON as the policy written back out.
			raw, err := presets.JSON(name)
			require.NoError(t, err)
			if diff := cmp.Diff(jsonValue(t, raw), jsonValue(t, out)); diff != "" {
				t.Errorf("preset file is not canonical (-file +marshalled):\n%s", diff)
			}
		})
	}
}

// TestPresetsDocumentAssumptions checks that every requirement says where
// its values come from, as the presets promise.
func TestPresetsDocumentAssumptions(t *testing.T) {
	for _, name := range presets.Names() {
		p, err := presets.Load(name)
		require.NoError(t, err)
		require.NotEmpty(t, p.Notes, "preset %s has no notes", name)
		for _, r := range p.Requirements {
			t.Run(name+"/"+r.ID, func(t *testing.T) {
				if r.Note == "" || r.Name == "" {
					t.Errorf("requirement %s needs a name and a note", r.ID)
				}
			})
		}
	}
}

func jsonValue(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(data, &v))
	return v
}

func d(s string) date.Date { return date.MustParseISO(s) }

func ev(topic, on string) compliance.Evidence {
	return compliance.Evidence{ID: topic + "@" + on, Topic: topic, Date: d(on)}
}

// hours is evidence of learning relevant to the job role, with hours.
func hours(topic, on, h string) compliance.Evidence {
	e := ev(topic, on)
	e.Hours, e.Relevant = decimal.RequireFromString(h), true
	return e
}

func TestPresetsEvaluate(t *testing.T) {
	type S = compliance.Status
	const (
		compliant = compliance.Compliant
		dueSoon   = compliance.DueSoon
		pending   = compliance.Pending
		planned   = compliance.Planned
		overdue   = compliance.Overdue
		missing   = compliance.Missing
		exempt    = compliance.Exempt
		na        = compliance.NotApplicable
	)
	on := d("2026-11-25")
	tests := []struct {
		name     string
		preset   string
		person   compliance.Person
		evidence []compliance.Evidence
		want     map[string]S
	}{
		{
			name:   "letta starter teacher inside the induction deadline is pending, QTS is not",
			preset: "letta",
			person: compliance.Person{ID: "starter", Start: d("2026-11-10"), Employment: compliance.Employed, JobRole: "teacher"},
			want: map[string]S{
				"safeguarding": pending, "health-and-safety": pending, "prevent": pending,
				"equality-and-diversity": pending, "qts": missing,
				"chartered-college-membership": na, "cpd-hours": pending,
			},
		},
		{
			name:   "letta starter past the one-month deadline is missing safeguarding",
			preset: "letta",
			person: compliance.Person{ID: "late", Start: d("2026-10-20"), Employment: compliance.Employed, JobRole: "business_support"},
			evidence: []compliance.Evidence{
				ev("health-and-safety", "2026-10-21"), ev("prevent", "2026-10-22"),
			},
			want: map[string]S{
				"safeguarding": missing, "health-and-safety": compliant, "prevent": compliant,
				"equality-and-diversity": pending, "qts": na, "chartered-college-membership": na,
			},
		},
		{
			name:   "letta teacher without QTS but with a dated plan is planned",
			preset: "letta",
			person: compliance.Person{
				ID: "unqualified", Start: d("2025-09-01"), Employment: compliance.Employed, JobRole: "teacher",
				Plans: []compliance.Plan{{Requirement: "qts", By: d("2027-07-31"), Description: "assessment-only route"}},
			},
			want: map[string]S{"qts": planned, "safeguarding": missing},
		},
		{
			name:   "letta teacher whose QTS plan has passed is overdue (the plan was missed)",
			preset: "letta",
			person: compliance.Person{
				ID: "lapsed-plan", Start: d("2024-09-01"), JobRole: "teacher",
				Plans: []compliance.Plan{{Requirement: "qts", By: d("2026-07-31"), Description: "assessment-only route"}},
			},
			want: map[string]S{"qts": overdue},
		},
		{
			name:   "letta tutor: QTLS counts as QTS, DSL counts as safeguarding, NASBTT membership is not asked of a tutor",
			preset: "letta",
			person: compliance.Person{ID: "tutor", Start: d("2019-09-01"), Employment: compliance.Associate, JobRole: "tutor"},
			evidence: []compliance.Evidence{
				ev("qtls", "2015-06-30"), ev("designated-safeguarding-lead", "2026-03-02"),
				ev("nasbtt-membership", "2025-09-01"), ev("prevent", "2024-12-10"),
			},
			want: map[string]S{
				"qts": compliant, "safeguarding": compliant,
				"chartered-college-membership": na, "prevent": dueSoon, "health-and-safety": missing,
			},
		},
		{
			name:   "letta safeguarding inside the renewal window is due soon; exemption is exempt",
			preset: "letta",
			person: compliance.Person{
				ID: "renewing", Start: d("2018-01-08"), JobRole: "teacher",
				Exemptions: []compliance.Exemption{{Requirement: "equality-and-diversity", Reason: "trained by the partner school this term", GrantedBy: "head_of_education"}},
			},
			evidence: []compliance.Evidence{ev("safeguarding", "2025-12-10"), ev("qts", "2010-07-01")},
			want: map[string]S{
				"safeguarding": dueSoon, "qts": compliant, "equality-and-diversity": exempt, "chartered-college-membership": na,
			},
		},
		{
			name:   "letta half-time teacher with 16 of 15 pro-rata hours is compliant",
			preset: "letta",
			person: compliance.Person{ID: "half-time", Start: d("2020-09-01"), JobRole: "teacher", FTE: decimal.RequireFromString("0.5")},
			evidence: []compliance.Evidence{
				hours("subject-knowledge", "2026-09-15", "10"), hours("ofsted-briefing", "2026-10-01", "6"),
				hours("old-course", "2026-08-31", "20"), // last academic year: not counted
			},
			want: map[string]S{"cpd-hours": compliant},
		},
		{
			name:     "letta 0.1 FTE tutor below the 6-hour part-time floor is pending",
			preset:   "letta",
			person:   compliance.Person{ID: "sessional", Start: d("2020-09-01"), JobRole: "tutor", FTE: decimal.RequireFromString("0.1")},
			evidence: []compliance.Evidence{hours("webinar", "2026-10-01", "5")},
			want:     map[string]S{"cpd-hours": pending},
		},
		{
			name:   "avct associate tutor: safeguarding overdue, CPD log due soon, TLA missing",
			preset: "avct",
			person: compliance.Person{ID: "associate-tutor", Start: d("2024-01-15"), Employment: compliance.Associate, JobRole: "tutor"},
			evidence: []compliance.Evidence{
				ev("safeguarding", "2025-06-01"), ev("cpd-log", "2026-10-01"), ev("pen-portrait", "2024-01-20"),
				ev("mis", "2024-02-01"), ev("data-protection", "2026-04-01"),
			},
			want: map[string]S{
				"safeguarding": overdue, "cpd-log": dueSoon, "teaching-learning-assessment": missing,
				"induction-pen-portrait": compliant, "mis": compliant, "gdpr": compliant,
			},
		},
		{
			name:   "avct business support: TLA not applicable, no CPD log is missing",
			preset: "avct",
			person: compliance.Person{ID: "office", Start: d("2023-05-01"), Employment: compliance.Employed, JobRole: "business_support", Roles: []string{"staff", "budget_holder"}},
			evidence: []compliance.Evidence{
				ev("iosh-working-safely", "2024-03-01"), ev("esfa-update", "2026-07-01"),
			},
			want: map[string]S{
				"teaching-learning-assessment": na, "cpd-log": missing, "health-and-safety": compliant,
				"regulatory-updates": compliant, "equality-and-diversity": missing,
			},
		},
		{
			name:   "avct starter assessor: first CPD log and pen portrait pending",
			preset: "avct",
			person: compliance.Person{ID: "new-assessor", Start: d("2026-11-02"), Employment: compliance.Employed, JobRole: "assessor"},
			want: map[string]S{
				"cpd-log": pending, "induction-pen-portrait": pending, "safeguarding": pending,
				"teaching-learning-assessment": pending, "mis": pending,
			},
		},
		{
			name:   "avct extension keeps expired GDPR pending",
			preset: "avct",
			person: compliance.Person{
				ID: "extended", Start: d("2022-08-01"), JobRole: "trainer",
				Extensions: []compliance.Extension{{Requirement: "gdpr", Until: d("2026-12-31"), Reason: "course booked", GrantedBy: "line_manager"}},
			},
			evidence: []compliance.Evidence{ev("gdpr", "2025-10-01"), ev("cpd-log", "2026-10-20")},
			want:     map[string]S{"gdpr": pending, "cpd-log": compliant},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := presets.Load(tt.preset)
			require.NoError(t, err)
			res, err := compliance.Evaluate(p, tt.person, tt.evidence, on)
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, statuses(t, res, tt.want)); diff != "" {
				t.Errorf("statuses mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// statuses returns the result's status for each requirement named in want.
func statuses(t *testing.T, res compliance.Result, want map[string]compliance.Status) map[string]compliance.Status {
	t.Helper()
	got := make(map[string]compliance.Status, len(want))
	for id := range want {
		it, ok := res.Item(id)
		require.True(t, ok, "requirement %s not in result", id)
		got[id] = it.Status
	}
	return got
}

func TestLettaHoursRequired(t *testing.T) {
	on := d("2026-11-25") // academic year 2026/27, from 1 September
	tests := []struct {
		name   string
		person compliance.Person
		want   string
	}{
		{"full time, whole year", compliance.Person{ID: "a", Start: d("2020-09-01")}, "30"},
		{"half time", compliance.Person{ID: "b", Start: d("2020-09-01"), FTE: decimal.RequireFromString("0.5")}, "15"},
		{"0.1 FTE is raised to the part-time floor", compliance.Person{ID: "c", Start: d("2020-09-01"), FTE: decimal.RequireFromString("0.1")}, "6"},
		{"starter pro rata by service", compliance.Person{ID: "d", Start: d("2026-11-10")}, "24.2"},
		{"absence of three months or more is left out", compliance.Person{ID: "e", Start: d("2020-09-01"),
			Absences: []compliance.Absence{{From: d("2026-09-01"), To: d("2026-12-31"), Reason: "maternity leave"}}}, "20"},
		{"shorter absence is not", compliance.Person{ID: "f", Start: d("2020-09-01"),
			Absences: []compliance.Absence{{From: d("2026-09-01"), To: d("2026-10-31"), Reason: "illness"}}}, "30"},
	}
	p, err := presets.Load("letta")
	require.NoError(t, err)
	e, err := compliance.NewEvaluator(p)
	require.NoError(t, err)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := e.Evaluate(tt.person, nil, on)
			require.NoError(t, err)
			it, _ := res.Item("cpd-hours")
			if want := decimal.RequireFromString(tt.want); !it.HoursRequired.Equal(want) {
				t.Errorf("hours required = %s, want %s", it.HoursRequired, want)
			}
		})
	}
}

// TestLettaMembershipsAreOptIn: LETTA L67–74, "LETTA has taken several
// steps … These include: … Membership to NASBTT; Membership to the
// Chartered College" are the organisation's own steps, and L89 asks staff
// to keep memberships only "as part of their job role … at the appropriate
// level". The preset asks no one for a membership; switching one on for a
// job role, as the requirement's note shows, asks that role for it at the
// levels named.
func TestLettaMembershipsAreOptIn(t *testing.T) {
	p, err := presets.Load("letta")
	require.NoError(t, err)
	on := d("2026-11-25")
	for _, job := range []string{"teacher", "tutor", "assessor", "administrator"} {
		res, err := compliance.Evaluate(p, compliance.Person{ID: job, Start: d("2015-09-01"), JobRole: job}, nil, on)
		require.NoError(t, err)
		for _, it := range res.Items {
			if it.Requirement.Kind == compliance.Membership {
				require.Equal(t, compliance.NotApplicable, it.Status, "%s asked of a %s", it.Requirement.ID, job)
			}
		}
	}

	r, ok := requirement(p, "chartered-college-membership")
	require.True(t, ok)
	require.True(t, r.ByJobRole)
	start := strings.Index(r.Note, `{"id": "teacher"`)
	require.GreaterOrEqual(t, start, 0, "the note shows how to switch it on")
	doc, err := presets.JSON("letta")
	require.NoError(t, err)
	snippet := r.Note[start:]
	snippet = snippet[:strings.Index(snippet, "]}]}")+4]
	var switched map[string]any
	require.NoError(t, json.Unmarshal(doc, &switched))
	var role any
	require.NoError(t, json.Unmarshal([]byte(snippet), &role))
	jobs := switched["job_roles"].([]any)
	for i, j := range jobs {
		if j.(map[string]any)["id"] == "teacher" {
			jobs[i] = role
		}
	}
	out, err := json.Marshal(switched)
	require.NoError(t, err)
	on2, err := compliance.ParsePolicy(out)
	require.NoError(t, err)
	college := func(level string) compliance.Status {
		evs := []compliance.Evidence{{ID: "card", Topic: "chartered-college-membership", Date: d("2015-09-01"), ValidUntil: d("2027-08-31"), Level: level}}
		res, err := compliance.Evaluate(on2, compliance.Person{ID: "t", Start: d("2015-09-01"), JobRole: "teacher"}, evs, on)
		require.NoError(t, err)
		it, _ := res.Item("chartered-college-membership")
		return it.Status
	}
	require.Equal(t, compliance.Missing, college("associate"))
	require.Equal(t, compliance.Compliant, college("fellow"))
}

func requirement(p compliance.Policy, id string) (compliance.Requirement, bool) {
	for _, r := range p.Requirements {
		if r.ID == id {
			return r, true
		}
	}
	return compliance.Requirement{}, false
}

// TestLettaHoursInScope: LETTA L53, "Only professional learning relevant
// to an individual's job role or specifically required by the
// organisation will be within the scope of this policy". A 20-hour
// personal-interest evening class does not count towards the hours
// minimum; relevant learning and required training do.
func TestLettaHoursInScope(t *testing.T) {
	p, err := presets.Load("letta")
	require.NoError(t, err)
	evening := ev("evening-class", "2026-10-01")
	evening.Hours = decimal.RequireFromString("20")
	safeguarding := ev("safeguarding", "2026-09-10")
	safeguarding.Hours = decimal.RequireFromString("3")
	evs := []compliance.Evidence{evening, safeguarding, hours("phonics", "2026-10-08", "6")}
	res, err := compliance.Evaluate(p, compliance.Person{ID: "t", Start: d("2015-09-01"), JobRole: "teacher"}, evs, d("2026-11-25"))
	require.NoError(t, err)
	it, _ := res.Item("cpd-hours")
	require.True(t, decimal.RequireFromString("9").Equal(it.HoursDone), "hours done %s, want 9", it.HoursDone)
}

// TestPresetsCadences: AVCT L50 monitors professional development through
// "interim Appraisal review, annual appraisal during annual
// Self-assessment, monthly review of quality improvement planning", and
// LETTA L37: "Staff professional learning needs are formally reviewed
// annually as part of the appraisal process". Each is a cadence
// requirement, evaluated like any other: per person for the appraisal and
// its reviews, per organisation (answered by the head of education) for
// the plan review.
func TestPresetsCadences(t *testing.T) {
	on := d("2026-11-25")
	tests := []struct {
		name     string
		preset   string
		person   compliance.Person
		evidence []compliance.Evidence
		want     map[string]compliance.Status
	}{
		{name: "avct teacher: appraisal due for renewal, no interim review, plan review not theirs", preset: "avct",
			person:   compliance.Person{ID: "t", Start: d("2020-09-01"), JobRole: "teacher", Roles: []string{"staff"}},
			evidence: []compliance.Evidence{ev("appraisal", "2025-12-10")},
			want:     map[string]compliance.Status{"appraisal": compliance.DueSoon, "interim-review": compliance.Missing, "qip-review": compliance.NotApplicable}},
		{name: "avct head of education: last month's plan review has lapsed", preset: "avct",
			person:   compliance.Person{ID: "h", Start: d("2020-09-01"), JobRole: "manager", Roles: []string{"staff", "head_of_education"}},
			evidence: []compliance.Evidence{ev("plan-review", "2026-10-20"), ev("appraisal", "2026-07-01"), ev("interim-review", "2026-02-01")},
			want:     map[string]compliance.Status{"qip-review": compliance.Overdue, "appraisal": compliance.Compliant, "interim-review": compliance.Compliant}},
		{name: "avct (L56, the pen portrait is \"updated as additional skills and training is accumulated\"): not updated for over a year", preset: "avct",
			person:   compliance.Person{ID: "t", Start: d("2020-09-01"), JobRole: "teacher"},
			evidence: []compliance.Evidence{ev("pen-portrait", "2020-09-10"), ev("pen-portrait-update", "2025-06-01")},
			want:     map[string]compliance.Status{"induction-pen-portrait": compliance.Compliant, "pen-portrait-review": compliance.Overdue}},
		{name: "letta: the annual appraisal is the annual review of needs", preset: "letta",
			person:   compliance.Person{ID: "t", Start: d("2020-09-01"), JobRole: "teacher"},
			evidence: []compliance.Evidence{ev("appraisal", "2026-07-01")},
			want:     map[string]compliance.Status{"learning-needs-review": compliance.Compliant}},
		{name: "letta: no appraisal in over a year", preset: "letta",
			person:   compliance.Person{ID: "t", Start: d("2020-09-01"), JobRole: "teacher"},
			evidence: []compliance.Evidence{ev("appraisal", "2025-10-01")},
			want:     map[string]compliance.Status{"learning-needs-review": compliance.Overdue}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := presets.Load(tt.preset)
			require.NoError(t, err)
			res, err := compliance.Evaluate(p, tt.person, tt.evidence, on)
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, statuses(t, res, tt.want)); diff != "" {
				t.Errorf("statuses mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLettaJobRoleQualifications: LETTA L29, "Staff must provide evidence
// of relevant qualifications and training upon commencing employment",
// L32, "Where it is identified that a qualification is a requirement of a
// particular job role, this will be specified in the relevant job
// description", and L33, "a plan will be put in place to secure
// achievement at the earliest opportunity". A qualification other than
// QTS, added to the preset and named by a job description, is required of
// that role from its first day (no induction grace), and a dated plan
// makes it planned, as QTS's does.
func TestLettaJobRoleQualifications(t *testing.T) {
	doc, err := presets.JSON("letta")
	require.NoError(t, err)
	var raw map[string]any
	require.NoError(t, json.Unmarshal(doc, &raw))
	raw["requirements"] = append(raw["requirements"].([]any), map[string]any{
		"id": "assessor-award", "name": "Assessor award", "kind": "qualification", "by_job_role": true,
		"topics": []any{"cava", "a1-assessor"}, "note": "The assessor job description requires it.",
	})
	raw["job_roles"] = append(raw["job_roles"].([]any), map[string]any{"id": "assessor", "requires": []any{map[string]any{"requirement": "assessor-award"}}})
	out, err := json.Marshal(raw)
	require.NoError(t, err)
	p, err := compliance.ParsePolicy(out)
	require.NoError(t, err)
	on := d("2026-11-25")
	status := func(person compliance.Person, evs ...compliance.Evidence) compliance.Status {
		t.Helper()
		res, err := compliance.Evaluate(p, person, evs, on)
		require.NoError(t, err)
		it, _ := res.Item("assessor-award")
		return it.Status
	}
	starter := compliance.Person{ID: "a", Start: on, JobRole: "assessor"}
	require.Equal(t, compliance.Missing, status(starter), "evidence is due on commencing employment")
	require.Equal(t, compliance.Compliant, status(starter, ev("a1-assessor", "2019-06-30")))
	planned := starter
	planned.Plans = []compliance.Plan{{Requirement: "assessor-award", By: d("2027-06-30"), Description: "CAVA by June"}}
	require.Equal(t, compliance.Planned, status(planned))
	require.Equal(t, compliance.NotApplicable, status(compliance.Person{ID: "t", Start: on, JobRole: "teacher"}))
}
