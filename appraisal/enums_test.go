package appraisal_test

import (
	"encoding"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
)

// enum is what every enumeration offers.
type enum interface {
	fmt.Stringer
	encoding.TextMarshaler
}

func TestEnums(t *testing.T) {
	tests := []struct {
		name  string
		all   []enum
		want  []string
		zero  enum
		bad   enum
		fresh func() encoding.TextUnmarshaler
	}{
		{"review kind", []enum{appraisal.Annual, appraisal.Interim}, []string{"annual", "interim"},
			appraisal.ReviewKind(0), appraisal.ReviewKind(3), func() encoding.TextUnmarshaler { return new(appraisal.ReviewKind) }},
		{"source", []enum{appraisal.ImprovementPlanning, appraisal.OTLA, appraisal.FromAppraisal, appraisal.WorkScrutiny, appraisal.QualityAssurance, appraisal.PerformanceImprovementPlan},
			[]string{"improvement_planning", "otla", "appraisal", "work_scrutiny", "quality_assurance", "performance_improvement_plan"},
			appraisal.Source(0), appraisal.Source(7), func() encoding.TextUnmarshaler { return new(appraisal.Source) }},
		{"target status", []enum{appraisal.Open, appraisal.Achieved, appraisal.PartlyAchieved, appraisal.NotAchieved, appraisal.Withdrawn},
			[]string{"open", "achieved", "partly_achieved", "not_achieved", "withdrawn"},
			appraisal.TargetStatus(0), appraisal.TargetStatus(6), func() encoding.TextUnmarshaler { return new(appraisal.TargetStatus) }},
		{"outcome", []enum{appraisal.OutcomeAchieved, appraisal.OutcomePartlyAchieved, appraisal.OutcomeNotAchieved},
			[]string{"achieved", "partly_achieved", "not_achieved"},
			appraisal.Outcome(0), appraisal.Outcome(4), func() encoding.TextUnmarshaler { return new(appraisal.Outcome) }},
		{"effectiveness", []enum{appraisal.NotEffective, appraisal.SlightlyEffective, appraisal.Effective, appraisal.HighlyEffective},
			[]string{"not_effective", "slightly_effective", "effective", "highly_effective"},
			appraisal.Effectiveness(0), appraisal.Effectiveness(5), func() encoding.TextUnmarshaler { return new(appraisal.Effectiveness) }},
		{"rater", []enum{appraisal.ByPerson, appraisal.ByLineManager}, []string{"person", "line_manager"},
			appraisal.Rater(0), appraisal.Rater(3), func() encoding.TextUnmarshaler { return new(appraisal.Rater) }},
		{"level", []enum{appraisal.Reactions, appraisal.Learning, appraisal.OrganisationalSupport, appraisal.UseOfLearning, appraisal.LearnerOutcomes},
			[]string{"reactions", "learning", "organisational_support", "use_of_learning", "learner_outcomes"},
			appraisal.Level(0), appraisal.Level(6), func() encoding.TextUnmarshaler { return new(appraisal.Level) }},
		{"progress", []enum{appraisal.Proposed, appraisal.Planned, appraisal.Done, appraisal.Dropped},
			[]string{"proposed", "planned", "done", "dropped"},
			appraisal.Progress(0), appraisal.Progress(5), func() encoding.TextUnmarshaler { return new(appraisal.Progress) }},
		{"action kind", []enum{appraisal.ProfessionalLearning, appraisal.Support, appraisal.Task},
			[]string{"professional_learning", "support", "task"},
			appraisal.ActionKind(0), appraisal.ActionKind(4), func() encoding.TextUnmarshaler { return new(appraisal.ActionKind) }},
		{"update kind", []enum{appraisal.FundingBody, appraisal.Inspectorate, appraisal.AwardingBody, appraisal.Government, appraisal.MembershipBody},
			[]string{"funding_body", "inspectorate", "awarding_body", "government", "membership_body"},
			appraisal.UpdateKind(0), appraisal.UpdateKind(6), func() encoding.TextUnmarshaler { return new(appraisal.UpdateKind) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, names(t, tc.all, tc.fresh))
			require.Equal(t, "unset", tc.zero.String())
			require.Contains(t, tc.bad.String(), "invalid(")
			_, err := tc.zero.MarshalText()
			require.ErrorIs(t, err, appraisal.ErrInvalid)
			_, err = tc.bad.MarshalText()
			require.ErrorIs(t, err, appraisal.ErrInvalid)
			require.ErrorIs(t, tc.fresh().UnmarshalText([]byte("nonsense")), appraisal.ErrInvalid)
			require.ErrorIs(t, tc.fresh().UnmarshalText([]byte("")), appraisal.ErrInvalid)
		})
	}
}

// names returns each value's String, checking that MarshalText writes the
// same and that UnmarshalText reads it back.
func names(t *testing.T, all []enum, fresh func() encoding.TextUnmarshaler) []string {
	t.Helper()
	var out []string
	for i, v := range all {
		b, err := v.MarshalText()
		require.NoError(t, err)
		require.Equal(t, v.String(), string(b))
		back := fresh()
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, v.String(), back.(fmt.Stringer).String(), "value %d reads back", i)
		out = append(out, v.String())
	}
	return out
}

func TestOutcomeStatus(t *testing.T) {
	require.Equal(t, appraisal.Achieved, appraisal.OutcomeAchieved.Status())
	require.Equal(t, appraisal.PartlyAchieved, appraisal.OutcomePartlyAchieved.Status())
	require.Equal(t, appraisal.NotAchieved, appraisal.OutcomeNotAchieved.Status())
	require.Equal(t, appraisal.TargetStatus(0), appraisal.Outcome(0).Status())
	require.True(t, appraisal.PartlyAchieved.Evaluated())
	require.False(t, appraisal.Withdrawn.Evaluated())
	require.Len(t, appraisal.Levels(), 5)
}
