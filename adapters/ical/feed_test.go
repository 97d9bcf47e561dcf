package ical_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/ical"
	"github.com/cpdkit/cpdkit/cpd"
)

func TestFeed(t *testing.T) {
	f := newFixture(t)
	cal, err := ical.Feed(f.teacher, f.svc, "t1", &ical.Options{Now: clock})
	require.NoError(t, err)
	want := &ical.Calendar{Name: "CPD: t1", Stamp: clock(), Events: []ical.Event{
		{UID: "college/t1/cpd-log/due@cpdkit", Start: date.New(2020, 10, 31), Summary: "CPD log: overdue",
			Description: "No evidence held."},
		{UID: "college/t1/activity/" + f.coaching + "@cpdkit", Start: date.New(2026, 12, 1), End: date.New(2026, 12, 2),
			Summary: "Coaching, part 1", Description: "Booked coaching, 12 hours. Provider: Learning Ltd."},
		{UID: "college/t1/safeguarding/expires@cpdkit", Start: date.New(2027, 1, 11), Summary: "Safeguarding: last valid day",
			Description: "Completed 2026-01-12 (" + f.safeguarding + "); valid until 2027-01-11."},
	}}
	require.Empty(t, cmp.Diff(want, cal))
}

// TestFeedHorizon checks Days bounds what is yet to come: an expiry
// beyond it is left out, a booking never.
func TestFeedHorizon(t *testing.T) {
	f := newFixture(t)
	cal, err := ical.Feed(f.teacher, f.svc, "t1", &ical.Options{Now: clock, Days: 30})
	require.NoError(t, err)
	var uids []string
	for _, e := range cal.Events {
		uids = append(uids, e.UID)
	}
	require.Equal(t, []string{"college/t1/cpd-log/due@cpdkit", "college/t1/activity/" + f.coaching + "@cpdkit"}, uids)
}

// TestFeedUIDsStable checks that moving a course and renewing training
// move their events: the same UIDs, new days, no event added.
func TestFeedUIDsStable(t *testing.T) {
	f := newFixture(t)
	before, err := ical.Feed(f.teacher, f.svc, "t1", &ical.Options{Now: clock})
	require.NoError(t, err)
	reschedule(t, f, f.coaching, date.New(2027, 2, 3), date.New(2027, 2, 3))
	_, err = f.svc.Activities.Amend(f.manager, f.safeguarding, cpd.Activity{Title: "Safeguarding refresher", Topics: []string{"safeguarding"},
		Completed: date.New(2026, 3, 2), Evidence: "lms:1"}, "the certificate gives 2 March")
	require.NoError(t, err)
	after, err := ical.Feed(f.teacher, f.svc, "t1", &ical.Options{Now: clock})
	require.NoError(t, err)
	days := func(c *ical.Calendar) map[string][2]date.Date {
		m := map[string][2]date.Date{}
		for _, e := range c.Events {
			m[e.UID] = [2]date.Date{e.Start, e.End}
		}
		return m
	}
	was, now := days(before), days(after)
	require.Len(t, now, len(was))
	course := "college/t1/activity/" + f.coaching + "@cpdkit"
	require.Equal(t, [2]date.Date{date.New(2026, 12, 1), date.New(2026, 12, 2)}, was[course])
	require.Equal(t, [2]date.Date{date.New(2027, 2, 3), 0}, now[course])
	expiry := "college/t1/safeguarding/expires@cpdkit"
	require.Equal(t, date.New(2027, 1, 11), was[expiry][0])
	require.Equal(t, date.New(2027, 3, 1), now[expiry][0])
}

// reschedule moves a booked activity, as the HR system's booking
// screen would in the store (the Service has no step for it).
func reschedule(t *testing.T, f *fixture, id string, start, end date.Date) {
	t.Helper()
	err := f.store.Update(context.Background(), "college", func(tx cpd.Tx) error {
		r, err := tx.Get(context.Background(), cpd.KindActivity, id)
		if err != nil {
			return err
		}
		var a cpd.Activity
		if err := json.Unmarshal(r.Data, &a); err != nil {
			return err
		}
		a.Start, a.End = start, end
		if r.Data, err = json.Marshal(a); err != nil {
			return err
		}
		_, err = tx.Put(context.Background(), r, cpd.Change{Actor: "hr", Action: "activity.reschedule", At: clock()})
		return err
	})
	require.NoError(t, err)
}

func TestFeedErrors(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name   string
		ctx    context.Context
		person string
		days   int
		want   error
	}{
		{"a colleague may not read it", f.stranger, "t1", 0, cpd.ErrForbidden},
		{"no actor", context.Background(), "t1", 0, cpd.ErrNoActor},
		{"nobody of that ID", f.head, "nobody", 0, cpd.ErrNotFound},
		{"a negative horizon", f.teacher, "t1", -1, cpd.ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ical.Feed(tc.ctx, f.svc, tc.person, &ical.Options{Days: tc.days})
			require.ErrorIs(t, err, tc.want)
		})
	}
}

// TestFeedLineManager checks those who may read a person may read their
// calendar: their line manager, with the teacher's dates.
func TestFeedLineManager(t *testing.T) {
	f := newFixture(t)
	cal, err := ical.Feed(f.manager, f.svc, "t1", nil)
	require.NoError(t, err)
	require.Len(t, cal.Events, 3)
	require.WithinDuration(t, time.Now(), cal.Stamp, time.Minute, "nil options stamp with the real clock")
}
