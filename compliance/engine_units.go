package compliance

// Engine internals: decimals converted to thousandths once per distinct
// value, for the hours rules' sums and a person's FTE.

import (
	"github.com/shopspring/decimal"
)

// unitsCache remembers the thousandths of an hour of recently converted
// decimals, because converting one costs far more than comparing two, and
// records often share their hours values. A decimal never changes its
// coefficient once made, so two decimals equal as Go values (the same
// coefficient, held at the same address, and the same exponent) are the
// same number, and a hit is always right; other equal numbers just miss.
type unitsCache [8]struct {
	d     decimal.Decimal
	units int64
	ok    bool // units is set; also whether d converted
	valid bool
}

// units is hoursUnits(d), through the cache.
func (c *unitsCache) units(d decimal.Decimal) (int64, bool) {
	e := &c[uint32(d.Exponent())%uint32(len(c))]
	if !e.valid || e.d != d {
		e.d, e.valid = d, true
		e.units, e.ok = hoursUnits(d)
	}
	return e.units, e.ok
}
