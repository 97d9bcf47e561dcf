package cpd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Export is everything cpd holds on one person, for a subject-access request.
type Export struct {
	Person     Person     `json:"person"`
	Activities []Activity `json:"activities"`
	Status     *Status    `json:"status,omitzero"`
	// Records are the person's other records (the reasons kept with their
	// status, appraisal reviews, targets, feedback, 1-to-1s, CPD log
	// submissions, reminders sent about them, …), by kind and ID.
	Records []ExportedRecord `json:"records"`
	History []ExportedEvent  `json:"events"`
	// Unreadable are the person's stored records that do not decode (see
	// ErrUnreadable); their data is in Records, as stored.
	Unreadable []Unreadable `json:"unreadable,omitzero"`
}

// ExportedRecord is one of a person's records in a subject-access export,
// with its data as stored.
type ExportedRecord struct {
	Kind Kind            `json:"kind"`
	ID   string          `json:"id"`
	Data json.RawMessage `json:"data"`
}

// ExportedEvent is an audit event in a subject-access export, with the
// record's data before and after as JSON.
type ExportedEvent struct {
	Seq    int64           `json:"seq"`
	At     time.Time       `json:"at"`
	Actor  string          `json:"actor"`
	Action string          `json:"action"`
	Kind   Kind            `json:"kind"`
	ID     string          `json:"id"`
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
}

// SubjectAccess returns everything held on one person as JSON: their
// record, every activity, their status, every other record they own (see
// Export) and every audit event about them. An activity that does not
// decode is exported as stored, among the records, and listed in
// Unreadable.
// The person themself, administrators and the head of education may ask.
func (s *Staff) SubjectAccess(ctx context.Context, person string) ([]byte, error) {
	c, err := s.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("subject access: %w", err)
	}
	op := "subject access for " + person
	if person != c.Person && !c.id.Has(RoleAdministrator, RoleHeadOfEducation) {
		return nil, deny(op)
	}
	var x Export
	err = s.view(c, func(tx Tx) error {
		if x.Person, err = getPerson(ctx, tx, person); err != nil {
			return err
		}
		var raw []Record
		if x.Activities, raw, x.Unreadable, err = readableActivitiesOf(ctx, tx, person); err != nil {
			return err
		}
		switch r, err := tx.Get(ctx, KindStatus, person); {
		case err == nil:
			st, err := s.statusOn(c, r, c.today)
			if err != nil {
				return err
			}
			x.Status = &st
		case !errors.Is(err, ErrNotFound):
			return err
		}
		if x.Records, err = ownedRecords(ctx, tx, person); err != nil {
			return err
		}
		for _, r := range raw {
			x.Records = append(x.Records, ExportedRecord{Kind: r.Kind, ID: r.ID, Data: asJSON(r.Data)})
		}
		evs, err := eventsOf(ctx, tx, person)
		for _, e := range evs {
			x.History = append(x.History, ExportedEvent{Seq: e.Seq, At: e.At, Actor: e.Actor, Action: e.Action,
				Kind: e.Kind, ID: e.ID, Before: e.Before, After: e.After})
		}
		return err
	})
	if err != nil {
		return nil, hide(op, c, err)
	}
	return json.MarshalIndent(x, "", "  ")
}

// ownedRecords returns the person's records of every kind but person,
// activity and status, which an Export shows on their own: the reasons
// kept with their status, and their appraisal, budget and reminder
// records.
func ownedRecords(ctx context.Context, tx Tx, person string) ([]ExportedRecord, error) {
	out := []ExportedRecord{}
	for _, kind := range slices.Concat([]Kind{KindStatusReasons}, AppraisalKinds(), BudgetKinds(), ReminderKinds()) {
		err := each(ctx, tx, kind, Query{Owner: person, Limit: MaxLimit}, func(r Record) error {
			out = append(out, ExportedRecord{Kind: r.Kind, ID: r.ID, Data: r.Data})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func eventsOf(ctx context.Context, tx Tx, person string) ([]Event, error) {
	var out []Event
	q := EventQuery{Owner: person, Limit: MaxLimit}
	for {
		evs, err := tx.Events(ctx, q)
		if err != nil {
			return nil, err
		}
		out = append(out, evs...)
		if len(evs) < PageLimit(q.Limit) {
			return out, nil
		}
		q.After = evs[len(evs)-1].Seq
	}
}
