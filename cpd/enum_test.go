package cpd_test

import (
	"encoding"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// enum is what every cpd enumeration offers.
type enum interface {
	fmt.Stringer
	encoding.TextMarshaler
}

// TestEnumNames pins the stable lowercase name of every value of every
// enumeration, as stored and serialised: changing one would orphan stored
// data. Each name reads back to its value.
func TestEnumNames(t *testing.T) {
	tests := []struct {
		value enum
		name  string
		parse func(string) (enum, error)
	}{}
	add := func(parse func(string) (enum, error), pairs ...any) {
		for i := 0; i < len(pairs); i += 2 {
			tests = append(tests, struct {
				value enum
				name  string
				parse func(string) (enum, error)
			}{pairs[i].(enum), pairs[i+1].(string), parse})
		}
	}
	add(parser[cpd.Role],
		cpd.RoleStaff, "staff", cpd.RoleLineManager, "line_manager", cpd.RoleAdministrator, "administrator",
		cpd.RoleBudgetHolder, "budget_holder", cpd.RoleHeadOfEducation, "head_of_education",
		cpd.RoleManagingDirector, "managing_director", cpd.RoleBusinessManager, "business_manager",
		cpd.RoleTrustee, "trustee", cpd.RoleIQA, "iqa", cpd.RoleAuditor, "auditor")
	add(parser[cpd.State],
		cpd.Requested, "requested", cpd.Approved, "approved", cpd.Booked, "booked", cpd.Completed, "completed",
		cpd.Evaluated, "evaluated", cpd.Declined, "declined", cpd.Cancelled, "cancelled", cpd.Delegated, "delegated",
		cpd.Withdrawn, "withdrawn")
	add(parser[cpd.ActivityKind],
		cpd.ExternalCourse, "external_course", cpd.InternalCourse, "internal_course",
		cpd.CurriculumDevelopment, "curriculum_development", cpd.NewResponsibility, "new_responsibility",
		cpd.Mentoring, "mentoring", cpd.Coaching, "coaching", cpd.Observation, "observation",
		cpd.Standardisation, "standardisation", cpd.QualityReview, "quality_review", cpd.Webinar, "webinar",
		cpd.Briefing, "briefing", cpd.Conference, "conference", cpd.MembershipEvent, "membership_event",
		cpd.WorkShadowing, "work_shadowing", cpd.Secondment, "secondment",
		cpd.AccreditedQualification, "accredited_qualification", cpd.DevelopmentDay, "development_day",
		cpd.SectorUpdate, "sector_update")
	add(parser[cpd.Aspect],
		cpd.Induction, "induction", cpd.TrainingForJob, "training_for_job", cpd.KeepingUpToDate, "keeping_up_to_date",
		cpd.CareerProgression, "career_progression")
	add(parser[cpd.Necessity], cpd.Necessary, "necessary", cpd.Aspirational, "aspirational")
	add(parser[cpd.Source],
		cpd.ImprovementPlanning, "improvement_planning", cpd.OTLA, "otla", cpd.Appraisal, "appraisal",
		cpd.WorkScrutiny, "work_scrutiny", cpd.QualityAssurance, "quality_assurance",
		cpd.PerformanceImprovementPlan, "performance_improvement_plan", cpd.SelfIdentified, "self_identified",
		cpd.Required, "required")
	add(parser[cpd.LeaverAction], cpd.CancelActivity, "cancel", cpd.DelegateActivity, "delegate")
	add(parser[cpd.AlertKind], cpd.Expiring, "expiring", cpd.Overdue, "overdue", cpd.Missing, "missing", cpd.LogDue, "log_due")

	for _, tc := range tests {
		t.Run(fmt.Sprintf("%T/%s", tc.value, tc.name), func(t *testing.T) {
			require.Equal(t, tc.name, tc.value.String())
			text, err := tc.value.MarshalText()
			require.NoError(t, err)
			require.Equal(t, tc.name, string(text))
			back, err := tc.parse(tc.name)
			require.NoError(t, err)
			require.Equal(t, tc.value, back)
		})
	}
}

// parser reads an enumeration's name with its UnmarshalText, through JSON
// as stored data is read.
func parser[E enum, P interface {
	*E
	encoding.TextUnmarshaler
}](name string) (enum, error) {
	var v E
	err := json.Unmarshal([]byte(`"`+name+`"`), P(&v))
	return v, err
}

// TestEnumRejects checks the zero value has no stored name and an unknown
// name is ErrInvalid.
func TestEnumRejects(t *testing.T) {
	tests := []struct {
		name  string
		value encoding.TextMarshaler
	}{
		{"role", cpd.Role(0)},
		{"state", cpd.State(0)},
		{"kind", cpd.ActivityKind(0)},
		{"aspect", cpd.Aspect(0)},
		{"necessity", cpd.Necessity(0)},
		{"source", cpd.Source(0)},
		{"leaver action", cpd.LeaverAction(0)},
		{"alert kind", cpd.AlertKind(0)},
		{"out of range", cpd.State(99)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.value.MarshalText()
			require.Error(t, err)
		})
	}
	var s cpd.State
	require.ErrorIs(t, json.Unmarshal([]byte(`"finished"`), &s), cpd.ErrInvalid)
	require.ErrorIs(t, json.Unmarshal([]byte(`"Requested"`), &s), cpd.ErrInvalid, "names are case-sensitive")
	var a cpd.Activity
	require.ErrorIs(t, json.Unmarshal([]byte(`{"kind": "lecture"}`), &a), cpd.ErrInvalid)
}
