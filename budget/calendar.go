package budget

import (
	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
)

// addClamped returns d moved by p, clamping to the end of the month rather
// than rolling over (31 January + P1M is the last day of February), as
// every date rule in cpdkit does. Years and months go first, then weeks
// and days; p's time part is ignored (Policy.Validate rejects one). date.New
// normalises a month past December into the next year.
func addClamped(d date.Date, p period.Period) date.Date {
	months := p.Years()*12 + p.Months()
	if months != 0 {
		y, m, day := d.Date()
		first := date.New(y, m, 1).AddDate(0, months, 0)
		last := date.New(first.Year(), first.Month()+1, 1) - 1
		d = date.New(first.Year(), first.Month(), min(day, last.Day()))
	}
	return d + date.Date(p.Weeks()*7+p.Days())
}
