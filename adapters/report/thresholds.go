package report

import (
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// Thresholds are where the report's bars turn from red to amber to green
// (the RAG rating): an organisation sets its own, and DefaultThresholds
// are used otherwise. Every threshold is a percentage, from 0 to 100.
type Thresholds struct {
	// Green and Amber rate compliance (a team's or a requirement's share
	// of items compliant): a rate at or above Green is green, one at or
	// above Amber but below Green amber, and one below Amber red. Amber
	// may not exceed Green.
	Green, Amber decimal.Decimal
	// HoursAmber rates CPD hours against the minimum: hours that meet the
	// minimum are green; hours short of it are amber when they are on
	// track pro rata for the academic year so far (Data.Year), or at
	// least HoursAmber percent of the minimum, and red otherwise.
	HoursAmber decimal.Decimal
}

// DefaultThresholds are the thresholds a report uses unless told
// otherwise: compliance is green at 95% or more, amber from 85% and red
// below; hours are amber from 75% of the minimum (or on track pro rata).
func DefaultThresholds() Thresholds {
	return Thresholds{Green: decimal.NewFromInt(95), Amber: decimal.NewFromInt(85), HoursAmber: decimal.NewFromInt(75)}
}

// Validate reports whether every threshold is a percentage from 0 to 100
// and Amber is no higher than Green. Its error is a *cpd.ValidationError
// naming the threshold, and matches cpd.ErrInvalid.
func (t Thresholds) Validate() error {
	hundred := decimal.NewFromInt(100)
	for _, f := range []struct {
		name string
		v    decimal.Decimal
	}{{"Thresholds.Green", t.Green}, {"Thresholds.Amber", t.Amber}, {"Thresholds.HoursAmber", t.HoursAmber}} {
		if f.v.IsNegative() || f.v.GreaterThan(hundred) {
			return &cpd.ValidationError{Field: f.name, Reason: "is " + f.v.String() + "%, not a percentage from 0 to 100"}
		}
	}
	if t.Amber.GreaterThan(t.Green) {
		return &cpd.ValidationError{Field: "Thresholds.Amber",
			Reason: "is " + t.Amber.String() + "%, above Thresholds.Green (" + t.Green.String() + "%): amber must start no higher than green"}
	}
	return nil
}

// rating is a RAG rating; none is nothing to rate (no one in scope, no
// minimum).
type rating int

const (
	none rating = iota
	red
	amber
	green
)

// word is the rating's name, which every rated bar says, so that it reads
// without colour.
func (r rating) word() string {
	switch r {
	case red:
		return "Red"
	case amber:
		return "Amber"
	case green:
		return "Green"
	}
	return ""
}

// class is the rating's CSS class.
func (r rating) class() string {
	if r == none {
		return "bar-rest"
	}
	return "rag-" + [...]string{red: "red", amber: "amber", green: "green"}[r]
}

// hoursWord says in words where hours stand against the minimum.
func (r rating) hoursWord() string {
	switch r {
	case red:
		return "behind"
	case amber:
		return "on track"
	case green:
		return "met"
	}
	return ""
}

// rateRating rates a tally's compliance rate; none when nothing applies.
func (t *Thresholds) rateRating(tally compliance.Tally) rating {
	if tally.Applicable() == 0 {
		return none
	}
	r := tally.Rate()
	switch {
	case r.GreaterThanOrEqual(t.Green):
		return green
	case r.GreaterThanOrEqual(t.Amber):
		return amber
	}
	return red
}

// hoursRating rates hours done against a minimum on day on of year (zero
// when the year is unknown); none when there is no minimum.
func (t *Thresholds) hoursRating(done, required decimal.Decimal, year compliance.AcademicYear, on date.Date) rating {
	switch {
	case !required.IsPositive():
		return none
	case done.GreaterThanOrEqual(required):
		return green
	case done.Mul(decimal.NewFromInt(100)).GreaterThanOrEqual(required.Mul(t.HoursAmber)):
		return amber
	}
	if elapsed, days := yearGone(year, on); days > 0 && done.Mul(decimal.NewFromInt(int64(days))).GreaterThanOrEqual(required.Mul(decimal.NewFromInt(int64(elapsed)))) {
		return amber // on track: done / required ≥ elapsed / days
	}
	return red
}

// yearGone is how many days of year have gone by at the end of day on,
// and how many it has; 0, 0 when the year is unknown or on is not in it.
func yearGone(year compliance.AcademicYear, on date.Date) (elapsed, days int) {
	if year.End <= year.Start || !year.Contains(on) {
		return 0, 0
	}
	return int(on-year.Start) + 1, year.Days()
}

// thresholds are the data's thresholds, or the defaults.
func (d *Data) thresholds() Thresholds {
	if d.Thresholds != nil {
		return *d.Thresholds
	}
	return DefaultThresholds()
}
