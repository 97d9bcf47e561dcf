package cpd

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/rickb777/date/v2"
)

// KindCompletion indexes the done activities by the day they were
// completed, so that the feedback report for a window reads the activities
// completed in it rather than every activity of the organisation. Each
// record links one day to the activities completed on it that one write
// made done (an import's activities of a day share records, up to
// maxLinked each): its ID is the day as YYYY-MM-DD (see dayKey), "/", and
// the first of its activities' IDs; it has no Owner. The Service writes
// an activity's link in the same transaction as the activity whenever it
// writes it done (completed or evaluated: when it is recorded, completed,
// amended or imported) and finds no link of that ID, and never deletes
// one: a link to an activity no longer done, or done on another day since
// (amended), is stale, and the report, which reads each linked activity,
// leaves it out. So the links are always a superset of the truth for what
// the Service wrote; Development.RebuildCompletions adds the links of
// activities stored without them (by an earlier cpdkit, or past the
// Service).
//
// Sharing records keeps an import's cost: a link per activity would
// double the records (and audit events) an import of completions writes.
const KindCompletion Kind = "completion"

// maxLinked is the most activities one KindCompletion record links.
const maxLinked = 500

// completionLink is a KindCompletion record's data: the activities done on
// a day (at least one; the first names the record).
type completionLink struct {
	Completed  date.Date `json:"completed"`
	Activities []string  `json:"activities"`
}

// dayKey is a day as the IDs of KindCompletion records begin with it:
// YYYY-MM-DD, which sorts as the days do, since stored days fall in the
// years 1 to 9999 (see checkBounds).
func dayKey(d date.Date) string {
	y, m, day := d.Date()
	return fmt.Sprintf("%04d-%02d-%02d", y, m, day)
}

// completionID is the ID of the link of the activities done on a day whose
// first is activity.
func completionID(on date.Date, activity string) string { return dayKey(on) + "/" + activity }

// doneOnADay reports whether an activity is done on a day, and so needs a link.
func doneOnADay(a *Activity) bool { return a.State.Done() && a.Completed != 0 }

// linkCompletions writes, in tx, the links of the done activities among
// acts, audited as c, and returns how many records it wrote: a record for
// each day's activities (maxLinked a record), unless a record of that ID
// is stored already (as it is when an activity linked before is written
// again). It reads the records it might write first, MaxLimit a call, and
// writes the missing ones with the Tx's PutMany when it has one.
func linkCompletions(ctx context.Context, tx Tx, acts []*Activity, c Change) (int, error) {
	done := make([]*Activity, 0, len(acts))
	for _, a := range acts {
		if doneOnADay(a) {
			done = append(done, a)
		}
	}
	if len(done) == 0 {
		return 0, nil
	}
	slices.SortFunc(done, func(x, y *Activity) int {
		if x.Completed != y.Completed {
			return int(x.Completed - y.Completed)
		}
		return strings.Compare(x.ID, y.ID)
	})
	var want []Record
	for i := 0; i < len(done); {
		l := completionLink{Completed: done[i].Completed}
		for ; i < len(done) && done[i].Completed == l.Completed && len(l.Activities) < maxLinked; i++ {
			if n := len(l.Activities); n == 0 || l.Activities[n-1] != done[i].ID {
				l.Activities = append(l.Activities, done[i].ID)
			}
		}
		r, err := completionRecords.record(&l, 0)
		if err != nil {
			return 0, err
		}
		want = append(want, r)
	}
	n := 0
	for chunk := range slices.Chunk(want, MaxLimit) {
		ids := make([]string, len(chunk))
		for i, r := range chunk {
			ids[i] = r.ID
		}
		have, err := getMany(ctx, tx, KindCompletion, ids)
		if err != nil {
			return n, err
		}
		missing := slices.DeleteFunc(slices.Clone(chunk), func(r Record) bool { _, ok := have[r.ID]; return ok })
		if len(missing) == 0 {
			continue
		}
		if err := putMany(ctx, tx, missing, c); err != nil {
			return n, err
		}
		n += len(missing)
	}
	return n, nil
}

// linkDone is linkCompletions for activities the Service writes, in the
// same transaction, audited with the writer's actor and time.
func linkDone(ctx context.Context, tx Tx, c Change, acts ...*Activity) error {
	if !slices.ContainsFunc(acts, doneOnADay) {
		return nil
	}
	_, err := linkCompletions(ctx, tx, acts, Change{Actor: c.Actor, Action: "completion.link", At: c.At})
	return err
}

// completedIn reads, through the links, the activities done on a day from
// from to through (a zero from or through leaves that end open), each
// once, in the order of their links. A stale link is left out.
func completedIn(ctx context.Context, tx Tx, from, through date.Date) ([]Activity, error) {
	q := Query{Limit: MaxLimit}
	if from != 0 {
		q.After = dayKey(from) + "/" // before the first link of the day
	}
	last := ""
	if through != 0 {
		last = dayKey(through)
	}
	var ids []string
	err := each(ctx, tx, KindCompletion, q, func(r Record) error {
		if day, _, _ := strings.Cut(r.ID, "/"); last != "" && day > last {
			return errStop
		}
		var l completionLink
		if err := decodeRecord(r, &l); err != nil {
			return err
		}
		ids = append(ids, l.Activities...)
		return nil
	})
	if err != nil && err != errStop {
		return nil, err
	}
	slices.Sort(ids)
	ids = slices.Compact(ids) // an activity may have several links (amended, or written again)
	var out []Activity
	err = getEach(ctx, tx, KindActivity, ids, func(r Record) error {
		a, err := decodeActivity(r)
		if err != nil {
			return err
		}
		if a.State.Done() && (from == 0 || a.Completed >= from) && (through == 0 || a.Completed <= through) {
			out = append(out, a)
		}
		return nil
	})
	return out, err
}

// linkedOn returns the IDs of the activities that the links of the days
// the activities were completed on name.
func linkedOn(ctx context.Context, tx Tx, acts []*Activity) (map[string]bool, error) {
	days := make([]string, 0, len(acts))
	for _, a := range acts {
		if doneOnADay(a) {
			days = append(days, dayKey(a.Completed))
		}
	}
	slices.Sort(days)
	linked := map[string]bool{}
	for _, day := range slices.Compact(days) {
		prefix := day + "/"
		err := each(ctx, tx, KindCompletion, Query{After: prefix, Limit: MaxLimit}, func(r Record) error {
			if !strings.HasPrefix(r.ID, prefix) {
				return errStop
			}
			var l completionLink
			if err := decodeRecord(r, &l); err != nil {
				return err
			}
			for _, id := range l.Activities {
				linked[id] = true
			}
			return nil
		})
		if err != nil && err != errStop {
			return nil, err
		}
	}
	return linked, nil
}

// RebuildCompletions adds the missing links between the days activities
// were completed on and the activities (see KindCompletion): those of
// activities stored by a cpdkit from before the links were kept, or
// written past the Service. It reads every done activity once, one page
// per transaction, and the links of the days of each page, writes only
// the links missing, and returns how many it
// wrote; running it again writes none. Run it once after upgrading, before
// relying on a FeedbackReport for a window. Administrators and the head of
// education may. An activity that does not decode is an error naming it
// (ErrUnreadable), after the pages before it are done.
func (s *Development) RebuildCompletions(ctx context.Context) (int, error) {
	return s.rebuildLinks(ctx, "rebuild completions", Query{States: doneStates()}, func(c *work, page []Record) (int, error) {
		acts := make([]*Activity, 0, len(page))
		for _, r := range page {
			var head struct {
				Person    string    `json:"person"`
				Completed date.Date `json:"completed"`
			}
			if err := decodeRecord(r, &head); err != nil {
				return 0, err
			}
			// Listed by a done state: which one does not change the link.
			acts = append(acts, &Activity{ID: r.ID, Person: head.Person, State: Completed, Completed: head.Completed})
		}
		linked, err := linkedOn(c.ctx, c.tx, acts)
		if err != nil {
			return 0, err
		}
		acts = slices.DeleteFunc(acts, func(a *Activity) bool { return linked[a.ID] })
		return linkCompletions(c.ctx, c.tx, acts, c.act("completion.rebuild"))
	})
}
