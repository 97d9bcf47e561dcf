package compliance

import "github.com/rickb777/date/v2"

// decideHours settles a MinimumHours requirement for the academic year
// containing on: Compliant once the hours are done, Pending while they are
// not, and Missing on the year's last day if they are still not, so that a
// year-end report (evaluated on that day) shows each shortfall. out receives the hours
// done and required, in thousandths of an hour.
func (e *Evaluator) decideHours(r *rule, p *Person, done int64, year AcademicYear, on date.Date, c *cell, out []int64) {
	required := r.hours.required(p, year)
	out[0], out[1] = done, required
	switch {
	case required == 0:
		c.status, c.why = NotApplicable, whyHoursNone
	case done >= required:
		c.status, c.why, c.validUntil = Compliant, whyHoursMet, cday(year.End-1)
	case on == year.End-1:
		c.status, c.why = Missing, whyHoursYearEnded
	default:
		c.status, c.why = Pending, whyHoursShort
	}
}

// required works out a person's minimum for the year, in thousandths of an
// hour, rounded half up to a tenth of an hour:
//
//	minimum × FTE            (when pro-rated by FTE; not below the part-time floor)
//	        × days in post ÷ days in the year   (when pro-rated by service)
//
// Days in post run from the later of the year's start and the person's
// start to the earlier of the year's end and the day after they leave,
// less the days of each recorded absence at least the threshold long.
func (h *hoursRule) required(p *Person, year AcademicYear) int64 {
	num, den := h.minimum, int64(1)
	if fte, _ := hoursUnits(p.FTE); h.fte && fte > 0 && fte < hoursScale {
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
