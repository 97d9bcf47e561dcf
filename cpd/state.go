package cpd

import "github.com/cpdkit/cpdkit/internal/enum"

// State is where an activity is in its life:
//
//	requested → approved → booked → completed → evaluated
//
// or, before completion, declined, cancelled or delegated to a colleague.
// A completed record may also be entered directly (self-recorded) or
// imported; an imported record whose source retracts it (a voided xAPI
// statement) is withdrawn, and no longer counts. The zero value is unset.
type State uint8

// The activity states.
const (
	Requested State = iota + 1
	Approved
	Booked
	Completed
	Evaluated
	Declined
	Cancelled
	Delegated
	// Withdrawn: an imported record its source retracted; kept, but it
	// counts for nothing (see Activities.WithdrawImported).
	Withdrawn
)

var stateNames = enum.New(enumError, "requested", "approved", "booked", "completed", "evaluated", "declined", "cancelled", "delegated", "withdrawn")

// String returns the stable lowercase name used in JSON and storage.
func (s State) String() string { return stateNames.String(uint8(s)) }

// MarshalText writes the stable name.
func (s State) MarshalText() ([]byte, error) { return stateNames.Text(uint8(s), "state") }

// UnmarshalText reads the stable name.
func (s *State) UnmarshalText(b []byte) error { return stateNames.Parse((*uint8)(s), b, "state") }

// Open reports whether the activity is still to happen (requested,
// approved or booked): the ones a resignation cancels or delegates.
func (s State) Open() bool { return s == Requested || s == Approved || s == Booked }

// Done reports whether the activity happened (completed or evaluated).
func (s State) Done() bool { return s == Completed || s == Evaluated }
