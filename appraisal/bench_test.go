package appraisal_test

import (
	"fmt"
	"testing"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/appraisal"
)

// benchActivities makes n completed activities across 50 people, four
// providers, three kinds and two aspects, each serving one of 100 targets,
// with feedback on three in five.
func benchActivities(n int) ([]appraisal.Activity, []appraisal.Feedback, []appraisal.Target) {
	acts := make([]appraisal.Activity, n)
	var fb []appraisal.Feedback
	for i := range acts {
		id := fmt.Sprintf("a%06d", i)
		acts[i] = done(id, day(2026, 9, 1)+appraisalDay(i%200), fmt.Sprintf("t%03d", i%100))
		acts[i].Person = fmt.Sprintf("p%02d", i%50)
		acts[i].Provider = fmt.Sprintf("Provider %d", i%4)
		acts[i].Kind = []string{"external_course", "webinar", "coaching"}[i%3]
		acts[i].Aspect = []string{"training_for_job", "keeping_up_to_date"}[i%2]
		if i%5 < 3 {
			f := feedback(id, 5, 4, 3, appraisal.Score(1+i%5))
			f.By = acts[i].Person
			fb = append(fb, f)
		}
	}
	targets := make([]appraisal.Target, 100)
	for i := range targets {
		targets[i] = target(fmt.Sprintf("t%03d", i))
		targets[i].Area = []string{"maths", "english"}[i%2]
	}
	return acts, fb, targets
}

func appraisalDay(i int) date.Date { return date.Date(i) }

func BenchmarkBuildReport(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		acts, fb, _ := benchActivities(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				appraisal.BuildReport(day(2027, 4, 1), acts, fb, nil)
			}
		})
	}
}

func BenchmarkReviewPlan(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		acts, _, targets := benchActivities(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				appraisal.ReviewPlan(day(2026, 11, 15), "", targets, acts)
			}
		})
	}
}

func BenchmarkBuildAgenda(b *testing.B) {
	acts, fb, targets := benchActivities(2_500) // 50 activities for each person
	in := appraisal.AgendaInput{Person: "p07", On: day(2027, 3, 1), LastMeeting: day(2027, 2, 1), Activities: acts, Targets: targets}
	for _, f := range fb {
		in.WithFeedback = append(in.WithFeedback, f.Activity)
	}
	b.ReportAllocs()
	for b.Loop() {
		appraisal.BuildAgenda(in)
	}
}
