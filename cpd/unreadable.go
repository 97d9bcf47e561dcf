package cpd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// ErrUnreadable is matched by the error for a stored record that does not
// decode: written by an older cpdkit before its bounds, or changed in the
// database by hand. A *DecodeError names the record. Views that read many
// records (BudgetReport, Record, SubjectAccess) list such records in
// their Unreadable field and carry on; a use case that needs the record
// itself fails with this error, and no other does.
var ErrUnreadable = errors.New("unreadable record")

// DecodeError names a stored record that does not decode, and why. It
// matches ErrUnreadable; Unwrap returns the decoding error.
type DecodeError struct {
	Kind Kind
	ID   string
	Err  error
}

// Error names the record and the reason.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("stored %s %s does not decode: %v", e.Kind, e.ID, e.Err)
}

// Unwrap returns the decoding error.
func (e *DecodeError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrUnreadable) true.
func (e *DecodeError) Is(target error) bool { return target == ErrUnreadable }

// Unreadable is a stored record that a view skipped because it does not
// decode, and why, so that one bad record does not take the view down.
type Unreadable struct {
	Kind   Kind   `json:"kind"`
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// decodeRecord decodes a stored record's data into v, or returns a
// *DecodeError naming it.
func decodeRecord(r Record, v any) error {
	if err := json.Unmarshal(r.Data, v); err != nil {
		return &DecodeError{Kind: r.Kind, ID: r.ID, Err: err}
	}
	return nil
}

// skipUnreadable appends the record that err says is unreadable to list
// and returns nil, so that a view carries on; any other error it returns.
func skipUnreadable(list *[]Unreadable, err error) error {
	var de *DecodeError
	if !errors.As(err, &de) {
		return err
	}
	*list = append(*list, Unreadable{Kind: de.Kind, ID: de.ID, Reason: de.Err.Error()})
	return nil
}

// asJSON returns stored data to embed in JSON: as it is if it is JSON,
// and otherwise as a JSON string of it.
func asJSON(data []byte) json.RawMessage {
	if json.Valid(data) {
		return data
	}
	s, _ := json.Marshal(string(data)) // a string always encodes
	return s
}

// readableActivitiesOf returns a person's activities that decode, and
// the records of those that do not, each with why, for views that show
// what they can.
func readableActivitiesOf(ctx context.Context, tx Tx, person string) ([]Activity, []Record, []Unreadable, error) {
	var acts []Activity
	var raw []Record
	var bad []Unreadable
	err := each(ctx, tx, KindActivity, Query{Owner: person, Limit: MaxLimit}, func(r Record) error {
		a, err := decodeActivity(r)
		if err != nil {
			raw = append(raw, r)
			return skipUnreadable(&bad, err)
		}
		acts = append(acts, a)
		return nil
	})
	return acts, raw, bad, err
}
