package compliance

// Engine internals: cells, one evaluated requirement for one person, with
// the reason that decides its status, and their 2-byte packed form in a
// Matrix.

import "github.com/rickb777/date/v2"

// why records which reason text applies to a cell. Every reason belongs to
// exactly one status ([why.status]), so a cell stores only its reason.
type why uint8

const (
	whyNone why = iota
	// The four stages of the life of evidence that expires, in order, so
	// that a stage (0 to 3) is a reason by addition: whyValid + stage.
	whyValid
	whyWindow
	whyGrace
	whyExpired
	whyNeverExpires
	whyExpiredExtended
	whyExpiredExtensionLapsed
	whyExpiredStarter
	whyExpiredPlanned
	whyStarter
	whyFirstDue
	whyMissing
	whyMissingExtended
	whyMissingExtensionLapsed
	whyPlanned
	whyPlanPassed
	whyExempt
	whyOutOfScope
	whyNotInJobRole
	whyExcluded
	whyNotStarted
	whyHoursMet
	whyHoursShort
	whyHoursNone
	whyHoursYearEnded
	whyHoursExtended
	whyLeft
	whyCount // the number of reasons, for tallies
)

// futureBit marks a cell for which evidence dated after the evaluation day
// was ignored.
const futureBit why = 0x80

// reason is w without futureBit.
func (w why) reason() why { return w &^ futureBit }

// status returns the status of a cell with reason w.
func (w why) status() Status {
	switch w.reason() {
	case whyValid, whyNeverExpires, whyHoursMet:
		return Compliant
	case whyWindow, whyGrace:
		return DueSoon
	case whyExpiredExtended, whyExpiredStarter, whyStarter, whyFirstDue, whyMissingExtended, whyHoursShort, whyHoursExtended:
		return Pending
	case whyPlanned, whyExpiredPlanned:
		return Planned
	case whyExpired, whyExpiredExtensionLapsed, whyPlanPassed, whyMissingExtensionLapsed:
		// An item once planned (a dated plan, an extension) whose day
		// passed is overdue, as one that expired is: it was due and missed.
		return Overdue
	case whyMissing, whyHoursYearEnded:
		return Missing
	case whyExempt:
		return Exempt
	case whyOutOfScope, whyNotInJobRole, whyExcluded, whyNotStarted, whyHoursNone, whyLeft:
		return NotApplicable
	}
	return 0
}

// cday is a date.Date in 32 bits, which covers every year up to 5 million.
type cday int32

// cell is one evaluated requirement for one person: the reason (and so the
// status), the deciding evidence and the last day it counts. The day to act
// by is not stored: item works it out from the reason.
type cell struct {
	validUntil cday  // last day the deciding evidence counts; 0 if none or never expires
	evidence   int32 // index into the person's evidence; -1 for none
	why        why   // with futureBit set when evidence dated after the day was ignored
}

// packed is a matrix cell in 2 bytes: its reason in the low reasonBits
// bits and, above them, its last valid day as an until code. A matrix
// needs no more (the reasons for its tallies and statuses, the days for its
// reminders; a row is evaluated again for its items), and an organisation
// has many cells: the fewer bytes they take, the less memory there is to
// fault in, clear and collect.
type packed uint16

const reasonBits = 5

// Every reason fits in reasonBits (this constant overflows if not).
const _ = uint(1<<reasonBits - whyCount)

// untilFar is the largest until code: a last valid day at least
// untilFar−1 (2,046) days after the day evaluated.
const untilFar = 1<<(16-reasonBits) - 1

func pack(w why, validUntil cday, on date.Date) packed {
	return packed(w.reason()) | packed(untilCode(validUntil, on))<<reasonBits
}

func (c packed) reason() why { return why(c & (1<<reasonBits - 1)) }

func (c packed) until() int { return int(c >> reasonBits) }

// untilCode is a cell's last valid day as kept in a packed cell: 0 when
// there is none or it is before on (nothing to remind anyone of), else the
// days from on to it plus one, at most untilFar.
func untilCode(v cday, on date.Date) int64 {
	d := min(max(int64(v)-int64(on)+1, 0), untilFar)
	if v == 0 {
		d = 0
	}
	return d
}

// extensionShown reports whether an item with reason w names the person's
// extension for the requirement, if they have one: it does whenever the
// extension could have shaped the result, but not when the item waits on
// something else (a starter's deadline, hours still accruing).
func (w why) extensionShown() bool {
	switch w.reason() {
	case whyStarter, whyFirstDue, whyExpiredStarter, whyHoursShort:
		return false
	}
	return true
}
