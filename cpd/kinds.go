package cpd

import (
	"context"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/budget"
)

// recordKind is how values of one type are stored: as records of one Kind,
// whose ID, owner and state are read from the value here and nowhere else,
// encoded within the bounds that make them read back (see encodeRecord).
// The use cases read and write records through these, so that a kind's
// owner (which lists a person's records) and state (which the state index
// and the SQL views read) cannot differ between two places that write it.
type recordKind[T any] struct {
	kind  Kind
	id    func(*T) string
	owner func(*T) string // nil: the records have no owner
	state func(*T) string // nil: the records have no state
}

// record is v as a record at version (the version read; 0 to create).
func (k recordKind[T]) record(v *T, version int64) (Record, error) {
	data, err := encodeRecord(k.kind, v)
	if err != nil {
		return Record{}, err
	}
	return k.encoded(v, version, data), nil
}

// encoded is record for data that encodeRecord (or, for an import that
// checked each value as it prepared it, encodeChecked) made of v.
func (k recordKind[T]) encoded(v *T, version int64, data []byte) Record {
	r := Record{Kind: k.kind, ID: k.id(v), Version: version, Data: data}
	if k.owner != nil {
		r.Owner = k.owner(v)
	}
	if k.state != nil {
		r.State = k.state(v)
	}
	return r
}

// get reads and decodes the record with the ID, and returns its version.
func (k recordKind[T]) get(ctx context.Context, tx Tx, id string) (T, int64, error) {
	var v T
	version, err := load(ctx, tx, k.kind, id, &v)
	return v, version, err
}

// put writes v over the version read (0 to create) and returns the
// version stored.
func (k recordKind[T]) put(ctx context.Context, tx Tx, v *T, version int64, ch Change) (int64, error) {
	r, err := k.record(v, version)
	if err != nil {
		return 0, err
	}
	stored, err := tx.Put(ctx, r, ch)
	if err != nil {
		return 0, err
	}
	return stored.Version, nil
}

// putNew creates many records at once (see putMany).
func (k recordKind[T]) putNew(ctx context.Context, tx Tx, vs []T, ch Change) error {
	rs := make([]Record, len(vs))
	for i := range vs {
		var err error
		if rs[i], err = k.record(&vs[i], 0); err != nil {
			return err
		}
	}
	return putMany(ctx, tx, rs, ch)
}

// The kinds of record cpd writes from a value of its own or of a domain
// package. (Statuses, accounts, ledger entries and the links kept for
// reports are written from values made for the purpose; see recordOf,
// account.post and linkNeeds.)
var (
	personRecords = recordKind[Person]{kind: KindPerson,
		id: func(p *Person) string { return p.ID }, owner: func(p *Person) string { return p.ID }}
	activityRecords = recordKind[Activity]{kind: KindActivity,
		id: func(a *Activity) string { return a.ID }, owner: func(a *Activity) string { return a.Person },
		state: func(a *Activity) string { return a.State.String() }}
	budgetRecords = recordKind[budget.Budget]{kind: KindBudget,
		id: func(b *budget.Budget) string { return b.ID }, state: func(b *budget.Budget) string { return b.State.String() }}
	claimRecords = recordKind[budget.Claim]{kind: KindClaim,
		id: func(c *budget.Claim) string { return c.ID }, owner: func(c *budget.Claim) string { return c.Person },
		state: func(c *budget.Claim) string { return c.State.String() }}
	supportRecords = recordKind[SupportDecision]{kind: KindSupport,
		id: func(d *SupportDecision) string { return d.ID }, owner: func(d *SupportDecision) string { return d.Person },
		state: func(d *SupportDecision) string { return supportState(d.Granted) }}
	targetRecords = recordKind[appraisal.Target]{kind: KindTarget,
		id: func(t *appraisal.Target) string { return t.ID }, owner: func(t *appraisal.Target) string { return t.Owner },
		state: func(t *appraisal.Target) string { return t.Status.String() }}
	reviewRecords = recordKind[appraisal.Review]{kind: KindReview,
		id: func(r *appraisal.Review) string { return r.ID }, owner: func(r *appraisal.Review) string { return r.Person },
		state: func(r *appraisal.Review) string { return r.Stage() }}
	planReviewRecords = recordKind[PlanReviewRecord]{kind: KindPlanReview,
		id: func(r *PlanReviewRecord) string { return r.ID }, state: func(r *PlanReviewRecord) string { return r.Area }}
	devDayRecords = recordKind[appraisal.DevDay]{kind: KindDevDay,
		id: func(d *appraisal.DevDay) string { return d.ID }, state: func(d *appraisal.DevDay) string { return d.Year }}
	feedbackRecords = recordKind[appraisal.Feedback]{kind: KindFeedback,
		id: func(f *appraisal.Feedback) string { return f.Activity }, owner: func(f *appraisal.Feedback) string { return f.By }}
	logRecords = recordKind[appraisal.LogSubmission]{kind: KindLogSubmission,
		id: func(l *appraisal.LogSubmission) string { return l.ID }, owner: func(l *appraisal.LogSubmission) string { return l.Person }}
	meetingRecords = recordKind[appraisal.Meeting]{kind: KindMeeting,
		id: func(m *appraisal.Meeting) string { return m.ID }, owner: func(m *appraisal.Meeting) string { return m.Person }}
	pipRecords = recordKind[appraisal.PIP]{kind: KindPIP,
		id: func(p *appraisal.PIP) string { return p.ID }, owner: func(p *appraisal.PIP) string { return p.Person }}
	updateRecords = recordKind[appraisal.Update]{kind: KindUpdate,
		id: func(u *appraisal.Update) string { return u.ID }}
	receiptRecords = recordKind[appraisal.Receipt]{kind: KindReceipt,
		id: func(r *appraisal.Receipt) string { return receiptID(r.Update, r.Person) }, owner: func(r *appraisal.Receipt) string { return r.Person },
		state: func(r *appraisal.Receipt) string {
			if r.Read != 0 {
				return receiptRead
			}
			return receiptUnread
		}}
	completionRecords = recordKind[completionLink]{kind: KindCompletion,
		id: func(l *completionLink) string { return completionID(l.Completed, l.Activities[0]) }}
	reminderRecords = recordKind[Reminder]{kind: KindReminder,
		id: func(r *Reminder) string { return r.ID }, owner: func(r *Reminder) string { return r.Person },
		state: func(r *Reminder) string { return r.Rule }}
)
