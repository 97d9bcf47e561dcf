package compliance

// Policy rules: a minimum of hours per academic year: which records count,
// what a person must do (pro-rated by FTE and by service) and the decision.

import (
	"fmt"
	"math"
	"slices"

	"github.com/rickb777/date/v2"
)

// decideHours settles a MinimumHours requirement for the academic year
// containing on: Compliant once the hours are done, Pending while they are
// not, and Missing on the year's last day if they are still not (unless
// an extension runs past it), so that a year-end report (evaluated on that
// day) shows each shortfall. fte is the
// person's FTE in thousandths (0 for full time); out receives the hours done
// and required, in thousandths of an hour.
func (r *rule) decideHours(p *Person, fte, done int64, year AcademicYear, on date.Date, out []int64) cell {
	required := r.hours.required(p, fte, year)
	out[0], out[1] = done, required
	switch {
	case required == 0:
		return cell{evidence: -1, why: whyHoursNone}
	case done >= required:
		return cell{validUntil: cday(year.End - 1), evidence: -1, why: whyHoursMet}
	case on == year.End-1 && len(p.Extensions) > 0 && extensionRuns(p, r.id, on):
		return cell{evidence: -1, why: whyHoursExtended}
	case on == year.End-1:
		return cell{evidence: -1, why: whyHoursYearEnded}
	}
	return cell{evidence: -1, why: whyHoursShort}
}

// required works out a person's minimum for the year, in thousandths of an
// hour, rounded half up to a tenth of an hour:
//
//	minimum × FTE            (when pro-rated by FTE; not below the part-time floor)
//	        × days in post ÷ days in the year   (when pro-rated by service)
//
// Days in post run from the later of the year's start and the person's
// start to the earlier of the year's end and the day after they leave,
// less the days of each recorded absence at least the threshold long. fte
// is the person's FTE in thousandths.
func (h *hoursRule) required(p *Person, fte int64, year AcademicYear) int64 {
	num, den := h.minimum, int64(1)
	if h.fte && fte > 0 && fte < hoursScale {
		num, den = h.minimum*fte, hoursScale
		if h.floor > 0 && num < h.floor*hoursScale {
			num = h.floor * hoursScale
		}
	}
	if h.service {
		num *= int64(h.daysInPost(p, year))
		den *= int64(year.Days())
	}
	// Round half up to 100 thousandths (a tenth of an hour).
	const tenth = hoursScale / 10
	return (2*num + den*tenth) / (2 * den * tenth) * tenth
}

func (h *hoursRule) daysInPost(p *Person, year AcademicYear) int {
	from, to := max(year.Start, p.Start), year.End
	if p.Leaving != 0 {
		to = min(to, p.Leaving+1)
	}
	if to <= from {
		return 0
	}
	days := int(to - from)
	for _, a := range p.Absences {
		if a.To+1 < h.absenceThreshold.add(a.From) {
			continue // shorter than the threshold
		}
		if lo, hi := max(a.From, from), min(a.To+1, to); hi > lo {
			days -= int(hi - lo)
		}
	}
	return max(days, 0)
}

// addHours counts record k's hours for every hours rule that takes it;
// required reports whether its topic meets one of the policy's
// requirements.
func (e *Evaluator) addHours(k int, ev *Evidence, s *scratch, required bool) error {
	units, ok := s.hoursUnits.units(ev.Hours)
	if !ok {
		return &ValidationError{Field: fmt.Sprintf("evidence[%d].hours", k), Reason: validateEvidence(ev)}
	}
	for j, i := range e.hoursRule {
		h := e.rules[i].hours
		if len(h.aspects) > 0 && !slices.Contains(h.aspects, ev.Aspect) {
			continue
		}
		if len(h.kinds) > 0 && !slices.Contains(h.kinds, ev.Kind) {
			continue
		}
		if h.relevantOnly && !ev.Relevant && !required {
			continue
		}
		s.hours[j] = addSaturated(s.hours[j], units)
	}
	return nil
}

// addSaturated adds two non-negative numbers of thousandths of an hour,
// stopping at the largest int64 rather than wrapping round to a negative
// sum: thousands of records of a billion hours each are absurd, but must
// not make a person fall short.
func addSaturated(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}
