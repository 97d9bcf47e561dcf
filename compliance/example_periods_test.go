package compliance_test

import "github.com/rickb777/period"

var (
	period1M = period.MustParse("P1M")
	period1Y = period.MustParse("P1Y")
)
