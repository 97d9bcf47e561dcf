package report

import (
	"strings"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/compliance"
)

// statusLabel is the word a heat-map cell shows, so that it reads without
// colour; statusName says it in full, for the legend.
func statusLabel(s compliance.Status) (label, name string) {
	switch s {
	case compliance.Compliant:
		return "ok", "Compliant"
	case compliance.DueSoon:
		return "due", "Due soon: still valid, renew now"
	case compliance.Pending:
		return "wait", "Pending: not yet due (a starter, an extension, hours still accruing)"
	case compliance.Planned:
		return "plan", "Planned: a dated plan to achieve the qualification"
	case compliance.Overdue:
		return "OVER", "Overdue: expired"
	case compliance.Missing:
		return "MISS", "Missing: never done"
	case compliance.Exempt:
		return "ex", "Exempt, with a reason"
	case compliance.NotApplicable:
		return "·", "Does not apply"
	}
	return "?", "Unknown"
}

// statuses are every status, best first, as the legend lists them.
func statuses() []compliance.Status {
	return []compliance.Status{compliance.Compliant, compliance.DueSoon, compliance.Pending, compliance.Planned,
		compliance.Overdue, compliance.Missing, compliance.Exempt, compliance.NotApplicable}
}

// percent writes a rate such as 87.5%.
func percent(d decimal.Decimal) string { return d.StringFixed(1) + "%" }

// hoursText writes hours to one decimal place at most: 12.5 h.
func hoursText(d decimal.Decimal) string { return d.Round(1).String() }

// dayText writes a day as ISO 8601, or "" when unset.
func dayText(d date.Date) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

// moneyText writes an amount for people: £1,234.50 for pounds (and the
// euro's and dollar's signs), "JPY 1,234" for others; "" when unset.
func moneyText(m budget.Money) string {
	cur := m.Currency()
	if cur == "" {
		return ""
	}
	amount := m.Amount()
	sign := ""
	if amount.IsNegative() {
		sign, amount = "−", amount.Neg()
	}
	whole, frac, _ := strings.Cut(amount.StringFixed(int32(cur.Digits())), ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	switch cur {
	case budget.GBP:
		return sign + "£" + b.String()
	case "EUR":
		return sign + "€" + b.String()
	case "USD":
		return sign + "$" + b.String()
	}
	return sign + string(cur) + " " + b.String()
}

// scale is the length, out of width, that value takes when max takes the
// whole width: rounded to the nearest unit, and never outside 0..width.
// It works in decimal, so money and hours never pass through a float.
func scale(value, max decimal.Decimal, width int) int {
	if !max.IsPositive() || !value.IsPositive() {
		return 0
	}
	n := value.Mul(decimal.NewFromInt(int64(width))).Div(max).Round(0).IntPart()
	return int(min(int64(width), n))
}
