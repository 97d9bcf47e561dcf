package compliance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/rickb777/period"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/internal/calendar"
	"github.com/cpdkit/cpdkit/internal/strictjson"
)

// The JSON form of a policy. Nested objects are decoded one level at a time
// so that every error, including an unknown field, carries its full path.
type (
	policyJSON struct {
		ID                string            `json:"id"`
		Name              string            `json:"name,omitempty"`
		AcademicYearStart string            `json:"academic_year_start"`
		Notes             []string          `json:"notes,omitempty"`
		Requirements      []json.RawMessage `json:"requirements"`
		JobRoles          []json.RawMessage `json:"job_roles,omitempty"`
	}
	jobRoleJSON struct {
		ID       string            `json:"id"`
		Requires []json.RawMessage `json:"requires,omitempty"`
	}
	roleRequirementJSON struct {
		Requirement string   `json:"requirement"`
		Levels      []string `json:"levels,omitempty"`
	}
	requirementJSON struct {
		ID                string          `json:"id"`
		Name              string          `json:"name,omitempty"`
		Kind              string          `json:"kind"`
		Topics            []string        `json:"topics,omitempty"`
		AppliesTo         json.RawMessage `json:"applies_to,omitempty"`
		ByJobRole         bool            `json:"by_job_role,omitempty"`
		Except            json.RawMessage `json:"except,omitempty"`
		Validity          string          `json:"validity,omitempty"`
		InductionDeadline string          `json:"induction_deadline,omitempty"`
		RenewalWindow     string          `json:"renewal_window,omitempty"`
		GracePeriod       string          `json:"grace_period,omitempty"`
		Basis             string          `json:"basis,omitempty"`
		MinimumActive     string          `json:"minimum_active,omitempty"`
		DueBy             string          `json:"due_by,omitempty"`
		Every             string          `json:"every,omitempty"`
		Hours             json.RawMessage `json:"hours,omitempty"`
		Note              string          `json:"note,omitempty"`
	}
	scopeJSON struct {
		Roles      []string `json:"roles,omitempty"`
		JobRoles   []string `json:"job_roles,omitempty"`
		Employment []string `json:"employment,omitempty"`
	}
	hoursJSON struct {
		Minimum          json.RawMessage `json:"minimum"`
		Aspects          []string        `json:"aspects,omitempty"`
		ActivityKinds    []string        `json:"activity_kinds,omitempty"`
		RelevantOnly     bool            `json:"relevant_only,omitempty"`
		ProRataFTE       bool            `json:"pro_rata_fte,omitempty"`
		ProRataService   bool            `json:"pro_rata_service,omitempty"`
		AbsenceThreshold string          `json:"absence_threshold,omitempty"`
		PartTimeFloor    json.RawMessage `json:"part_time_floor,omitempty"`
	}
)

// ParsePolicy reads a policy from JSON and validates it. Unknown fields are
// rejected. Every error matches [ErrInvalid] and is a *ValidationError (or
// several joined) naming the path and the problem, for example
// `requirements[3].validity: "P2X" is not an ISO 8601 period`.
func ParsePolicy(data []byte) (Policy, error) {
	var pj policyJSON
	if err := strictjson.Decode(data, "", &pj); err != nil {
		return Policy{}, err
	}
	var errs problems
	p := Policy{ID: pj.ID, Name: pj.Name, Notes: strictjson.NilIfEmpty(pj.Notes)}
	if pj.AcademicYearStart != "" {
		md, err := ParseMonthDay(pj.AcademicYearStart)
		if err != nil {
			errs.add("academic_year_start", err.Error())
		}
		p.AcademicYearStart = md
	}
	if len(pj.Requirements) > 0 {
		p.Requirements = make([]Requirement, len(pj.Requirements))
	}
	for i, raw := range pj.Requirements {
		path := fmt.Sprintf("requirements[%d]", i)
		if err := p.Requirements[i].fromJSON(raw, path, &errs); err != nil {
			errs = append(errs, err)
		}
	}
	for i, raw := range pj.JobRoles {
		jr, err := jobRoleFromJSON(raw, fmt.Sprintf("job_roles[%d]", i))
		if err != nil {
			errs = append(errs, err)
		}
		p.JobRoles = append(p.JobRoles, jr)
	}
	if len(errs) > 0 {
		return Policy{}, errs.err()
	}
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	return p, nil
}

func jobRoleFromJSON(raw json.RawMessage, path string) (JobRole, error) {
	var jj jobRoleJSON
	if err := strictjson.Decode(raw, path, &jj); err != nil {
		return JobRole{}, err
	}
	jr := JobRole{ID: jj.ID}
	for k, rraw := range jj.Requires {
		var rj roleRequirementJSON
		if err := strictjson.Decode(rraw, fmt.Sprintf("%s.requires[%d]", path, k), &rj); err != nil {
			return JobRole{}, err
		}
		jr.Requires = append(jr.Requires, RoleRequirement{Requirement: rj.Requirement, Levels: strictjson.NilIfEmpty(rj.Levels)})
	}
	return jr, nil
}

func (r *Requirement) fromJSON(raw json.RawMessage, path string, errs *problems) error {
	var rj requirementJSON
	if err := strictjson.Decode(raw, path, &rj); err != nil {
		return err
	}
	r.ID, r.Name, r.Topics, r.Note, r.ByJobRole = rj.ID, rj.Name, strictjson.NilIfEmpty(rj.Topics), rj.Note, rj.ByJobRole
	if err := r.Kind.UnmarshalText([]byte(rj.Kind)); err != nil && rj.Kind != "" {
		errs.add(path+".kind", err.Error())
	}
	if rj.Basis != "" {
		if err := r.Basis.UnmarshalText([]byte(rj.Basis)); err != nil {
			errs.add(path+".basis", err.Error())
		}
	}
	for _, f := range []struct {
		name string
		text string
		dst  *period.Period
	}{
		{"validity", rj.Validity, &r.Validity}, {"induction_deadline", rj.InductionDeadline, &r.InductionDeadline},
		{"renewal_window", rj.RenewalWindow, &r.RenewalWindow}, {"grace_period", rj.GracePeriod, &r.GracePeriod},
		{"minimum_active", rj.MinimumActive, &r.MinimumActive}, {"every", rj.Every, &r.Every},
	} {
		*f.dst = parsePeriod(f.text, path+"."+f.name, errs)
	}
	if rj.DueBy != "" {
		md, err := ParseMonthDay(rj.DueBy)
		if err != nil {
			errs.add(path+".due_by", err.Error())
		}
		r.DueBy = md
	}
	var err error
	if r.AppliesTo, err = scopeFromJSON(rj.AppliesTo, path+".applies_to", errs); err != nil {
		return err
	}
	if r.Except, err = scopeFromJSON(rj.Except, path+".except", errs); err != nil {
		return err
	}
	if strictjson.Present(rj.Hours) {
		r.Hours = new(HoursRule)
		return r.Hours.fromJSON(rj.Hours, path+".hours", errs)
	}
	return nil
}

func scopeFromJSON(raw json.RawMessage, path string, errs *problems) (Scope, error) {
	if !strictjson.Present(raw) {
		return Scope{}, nil
	}
	var sj scopeJSON
	if err := strictjson.Decode(raw, path, &sj); err != nil {
		return Scope{}, err
	}
	s := Scope{Roles: strictjson.NilIfEmpty(sj.Roles), JobRoles: strictjson.NilIfEmpty(sj.JobRoles)}
	for i, e := range sj.Employment {
		var emp Employment
		if err := emp.UnmarshalText([]byte(e)); err != nil {
			errs.add(fmt.Sprintf("%s.employment[%d]", path, i), err.Error())
		}
		s.Employment = append(s.Employment, emp)
	}
	return s, nil
}

func (h *HoursRule) fromJSON(raw json.RawMessage, path string, errs *problems) error {
	var hj hoursJSON
	if err := strictjson.Decode(raw, path, &hj); err != nil {
		return err
	}
	h.Aspects, h.ActivityKinds = strictjson.NilIfEmpty(hj.Aspects), strictjson.NilIfEmpty(hj.ActivityKinds)
	h.ProRataFTE, h.ProRataService, h.RelevantOnly = hj.ProRataFTE, hj.ProRataService, hj.RelevantOnly
	h.AbsenceThreshold = parsePeriod(hj.AbsenceThreshold, path+".absence_threshold", errs)
	h.Minimum = parseDecimal(hj.Minimum, path+".minimum", errs)
	h.PartTimeFloor = parseDecimal(hj.PartTimeFloor, path+".part_time_floor", errs)
	return nil
}

// parsePeriod reads a period with calendar.ParsePeriod, adding its problem
// at path to errs.
func parsePeriod(s, path string, errs *problems) period.Period {
	p, reason := calendar.ParsePeriod(s)
	if reason != "" {
		errs.add(path, reason)
	}
	return p
}

// parseDecimal reads a number written as a JSON string ("7.5") or number.
func parseDecimal(raw json.RawMessage, path string, errs *problems) decimal.Decimal {
	if !strictjson.Present(raw) {
		return decimal.Decimal{}
	}
	text := string(bytes.TrimSpace(raw))
	if strings.HasPrefix(text, `"`) {
		if err := json.Unmarshal(raw, &text); err != nil {
			errs.add(path, "is not a string or number")
			return decimal.Decimal{}
		}
	}
	d, err := decimal.NewFromString(text)
	if err != nil || strings.ContainsAny(text, "eE") {
		errs.add(path, fmt.Sprintf("%s is not a decimal number", text))
		return decimal.Decimal{}
	}
	return d
}

// MarshalJSON writes the policy in the form [ParsePolicy] reads.
func (p Policy) MarshalJSON() ([]byte, error) {
	pj := policyJSON{ID: p.ID, Name: p.Name, Notes: p.Notes, Requirements: make([]json.RawMessage, len(p.Requirements))}
	if !p.AcademicYearStart.IsZero() {
		pj.AcademicYearStart = p.AcademicYearStart.String()
	}
	for i := range p.Requirements {
		raw, err := p.Requirements[i].toJSON()
		if err != nil {
			return nil, fmt.Errorf("requirements[%d]: %w", i, err)
		}
		pj.Requirements[i] = raw
	}
	for _, jr := range p.JobRoles {
		jj := jobRoleJSON{ID: jr.ID}
		for _, rr := range jr.Requires {
			raw, err := json.Marshal(roleRequirementJSON(rr))
			if err != nil {
				return nil, err
			}
			jj.Requires = append(jj.Requires, raw)
		}
		raw, err := json.Marshal(jj)
		if err != nil {
			return nil, err
		}
		pj.JobRoles = append(pj.JobRoles, raw)
	}
	return json.Marshal(pj)
}

// UnmarshalJSON reads a policy with [ParsePolicy], so it is validated.
func (p *Policy) UnmarshalJSON(data []byte) error {
	parsed, err := ParsePolicy(data)
	if err != nil {
		return err
	}
	*p = parsed
	return nil
}

func (r *Requirement) toJSON() (json.RawMessage, error) {
	rj := requirementJSON{
		ID: r.ID, Name: r.Name, Topics: r.Topics, Note: r.Note, ByJobRole: r.ByJobRole,
		Validity: periodText(r.Validity), InductionDeadline: periodText(r.InductionDeadline),
		RenewalWindow: periodText(r.RenewalWindow), GracePeriod: periodText(r.GracePeriod),
		MinimumActive: periodText(r.MinimumActive), Every: periodText(r.Every),
	}
	if r.Kind != 0 {
		rj.Kind = r.Kind.String()
	}
	if r.Basis != 0 {
		rj.Basis = r.Basis.String()
	}
	if !r.DueBy.IsZero() {
		rj.DueBy = r.DueBy.String()
	}
	var err error
	if rj.AppliesTo, err = r.AppliesTo.toJSON(); err != nil {
		return nil, err
	}
	if rj.Except, err = r.Except.toJSON(); err != nil {
		return nil, err
	}
	if h := r.Hours; h != nil {
		hj := hoursJSON{
			Minimum: json.RawMessage(fmt.Sprintf("%q", h.Minimum.String())), Aspects: h.Aspects,
			ActivityKinds: h.ActivityKinds, ProRataFTE: h.ProRataFTE, ProRataService: h.ProRataService, RelevantOnly: h.RelevantOnly,
			AbsenceThreshold: periodText(h.AbsenceThreshold),
		}
		if !h.PartTimeFloor.IsZero() {
			hj.PartTimeFloor = json.RawMessage(fmt.Sprintf("%q", h.PartTimeFloor.String()))
		}
		if rj.Hours, err = json.Marshal(hj); err != nil {
			return nil, err
		}
	}
	return json.Marshal(rj)
}

func (s Scope) toJSON() (json.RawMessage, error) {
	if s.IsZero() {
		return nil, nil
	}
	sj := scopeJSON{Roles: s.Roles, JobRoles: s.JobRoles}
	for _, e := range s.Employment {
		sj.Employment = append(sj.Employment, e.String())
	}
	return json.Marshal(sj)
}

func periodText(p period.Period) string {
	if p.IsZero() {
		return ""
	}
	return p.String()
}
