package compliance

import "github.com/rickb777/date/v2"

// RegisterDate is the one date a compliance register (a single central
// register, a report's cell) shows beside an item's status, given the
// item's Status, ValidUntil and DueBy (an [Item]'s, or a stored status's):
// the last day the evidence counts while the status is Compliant or
// DueSoon (zero for evidence that never expires); the day by which to act
// while it is Pending, Planned, Overdue or Missing (for Overdue and
// Missing, the day that passed); and zero, no date, for Exempt and
// NotApplicable. Every importer, export and report uses it, so they all
// show the same day.
func RegisterDate(s Status, validUntil, dueBy date.Date) date.Date {
	switch {
	case s == Exempt || s == NotApplicable:
		return 0
	case s.OK():
		return validUntil
	}
	return dueBy
}
