package cpd

import (
	"errors"
	"fmt"
	"slices"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/compliance"
)

// Status is a person's maintained compliance status: rewritten in the same
// transaction as every change to their records, so that organisation-wide
// views read one small record per person instead of re-evaluating every
// activity. It stays true until NextChange, the first day on which the
// passage of time alone could change an item (a renewal window opening,
// evidence expiring, a deadline passing); a view on or after that day
// re-evaluates the person instead.
type Status struct {
	Person      string    `json:"person"`
	Name        string    `json:"name"`
	Team        string    `json:"team,omitzero"`
	JobRole     string    `json:"job_role,omitzero"`
	LineManager string    `json:"line_manager,omitzero"`
	Leaving     date.Date `json:"leaving,omitzero"`
	// On is the day it was evaluated; NextChange the first day it may be
	// stale (zero: never, by time alone).
	On         date.Date `json:"on"`
	NextChange date.Date `json:"next_change,omitzero"`
	// Policy fingerprints the policy it was evaluated against.
	Policy string       `json:"policy"`
	Items  []StatusItem `json:"items"`
}

// StatusItem is one requirement's status for a person. Why it stands so
// (compliance.Item.Reason) is not in it: Compliance.Compliance and the
// alerts work it out when asked, and the organisation's report reads it
// from the reasons kept with the status (KindStatusReasons,
// Compliance.ExplainMany).
type StatusItem struct {
	Requirement string            `json:"requirement"`
	Status      compliance.Status `json:"status"`
	ValidUntil  date.Date         `json:"valid_until,omitzero"`
	DueBy       date.Date         `json:"due_by,omitzero"`
}

// evaluate works out a person's compliance on a day from their records.
func (s *kernel) evaluate(c *work, p *Person, on date.Date) (compliance.Result, error) {
	return s.evaluateFrom(c, nil, p, on)
}

// evaluateFrom is evaluate, reading the person's records from pre when it
// is not nil (see prefetch) rather than from tx.
func (s *kernel) evaluateFrom(c *work, pre *prefetched, p *Person, on date.Date) (compliance.Result, error) {
	evs, err := s.evidenceOf(c, pre, p)
	if err != nil {
		return compliance.Result{}, err
	}
	return s.eval.Evaluate(p.subject(), evs, on)
}

// evidenceOf is the evidence a person's records give: their own
// (qualifications, memberships, pen portrait), their done activities and
// their CPD log submissions, read from pre when it is not nil (see
// prefetch) rather than from tx.
func (s *kernel) evidenceOf(c *work, pre *prefetched, p *Person) ([]compliance.Evidence, error) {
	evs := p.evidence()
	add := func(r Record) error {
		var a doneActivity
		if err := decodeDone(r, &a); err != nil {
			return err // a *DecodeError: ErrUnreadable, naming the record
		}
		evs = a.evidence(evs)
		return nil
	}
	var logs []compliance.Evidence
	var err error
	if pre != nil {
		// The stored records and those added in memory, in ID order, as
		// one read of them all once stored would give them.
		rs, added := pre.activities[p.ID], pre.added[p.ID]
		for len(rs) > 0 || len(added) > 0 {
			if len(rs) > 0 && (len(added) == 0 || rs[0].ID < added[0].ID) {
				if err := add(rs[0]); err != nil {
					return nil, err
				}
				rs = rs[1:]
				continue
			}
			evs = added[0].evidence(evs)
			added = added[1:]
		}
		logs, err = s.logEvidenceOf(pre.logs[p.ID])
	} else {
		q := Query{Owner: p.ID, States: doneStates(), Limit: MaxLimit}
		if err := each(c.ctx, c.tx, KindActivity, q, add); err != nil {
			return nil, err
		}
		logs, err = s.logEvidence(c, p.ID)
	}
	if err != nil {
		return nil, err
	}
	evs = append(evs, logs...)
	cadence, err := s.cadenceEvidence(c, pre, p.ID)
	if err != nil {
		return nil, err
	}
	return append(evs, cadence...), nil
}

// doneStates are the states of activities that count as evidence.
func doneStates() []string { return []string{Completed.String(), Evaluated.String()} }

// prefetched holds what evaluate reads for many people, read in a few
// calls: their done activities and their CPD log submissions, by person.
type prefetched struct {
	activities map[string][]Record
	// added are done activities not read from the Store, by person, each
	// person's in ID order: those an import writes, which it holds
	// already (see doneOf).
	added map[string][]doneActivity
	logs  map[string][]Record
	// reviews are signed-off appraisal reviews, by person, and
	// planReviews the organisation's plan reviews as evidence, when the
	// policy has requirements they meet.
	reviews     map[string][]Record
	planReviews []compliance.Evidence
}

// refreshChunk is how many people evaluateMany reads for at once (see
// listOwners): enough to save most round trips, few enough that their
// records fit easily in memory.
const refreshChunk = 500

// prefetch reads what evaluate needs for the people with the given IDs,
// many people a call (see listOwners).
func (s *kernel) prefetch(c *work, ids []string) (*prefetched, error) {
	acts, err := listOwners(c.ctx, c.tx, KindActivity, ids, doneStates())
	if err != nil {
		return nil, err
	}
	return s.prefetchWith(c, ids, acts)
}

// prefetchWith is prefetch given the people's done activities, read
// already.
func (s *kernel) prefetchWith(c *work, ids []string, acts []Record) (*prefetched, error) {
	pre := &prefetched{activities: make(map[string][]Record), logs: make(map[string][]Record)}
	for _, r := range acts {
		pre.activities[r.Owner] = append(pre.activities[r.Owner], r)
	}
	if err := s.prefetchOthers(c, ids, pre); err != nil {
		return nil, err
	}
	return pre, nil
}

// prefetchOthers reads into pre what evaluate needs for the people with
// the given IDs besides their activities: their CPD log submissions and
// the review records of the policy's cadence.
func (s *kernel) prefetchOthers(c *work, ids []string, pre *prefetched) error {
	if pre.logs == nil {
		pre.logs = make(map[string][]Record)
	}
	if len(s.logTopics) > 0 {
		subs, err := listOwners(c.ctx, c.tx, KindLogSubmission, ids, nil)
		if err != nil {
			return err
		}
		for _, r := range subs {
			pre.logs[r.Owner] = append(pre.logs[r.Owner], r)
		}
	}
	return s.prefetchCadence(c, ids, pre)
}

// doneActivity is the part of a completed Activity that compliance reads:
// decoding only these fields (not the title, reflection or history) keeps
// re-evaluating a person cheap.
type doneActivity struct {
	ID         string          `json:"id"`
	Topics     []string        `json:"topics"`
	Hours      decimal.Decimal `json:"hours"`
	Completed  date.Date       `json:"completed"`
	ValidUntil date.Date       `json:"valid_until"`
	Aspect     string          `json:"aspect"`
	Kind       string          `json:"kind"`
	Necessity  Necessity       `json:"necessity"`
	Source     Source          `json:"source"`
	Funding    *doneFunding    `json:"funding"`
}

// doneFunding is the part of a done activity's funding that compliance
// reads.
type doneFunding struct {
	RelevantToRole bool `json:"relevant_to_role"`
}

// doneOf is the part of a done activity that compliance reads, taken
// from the activity itself rather than decoded from its stored form: the
// same, for an activity that Validate passes (whose kind and aspect have
// names), as decoding what encodeRecord writes for it
// (TestDoneOfIsTheStoredForm).
func doneOf(a *Activity) doneActivity {
	// The stored form's hours: the decimal its text reads as, which holds
	// no more digits than it shows (one worked out in memory may: 4.5 as
	// 4500000000000000000e-18, which compliance refuses to sum).
	hours, err := decimal.NewFromString(a.Hours.String())
	if err != nil { // String's text always reads back
		hours = a.Hours
	}
	d := doneActivity{
		ID: a.ID, Topics: a.Topics, Hours: hours, Completed: a.Completed, ValidUntil: a.ValidUntil,
		Aspect: a.Aspect.String(), Kind: a.Kind.String(), Necessity: a.Necessity, Source: a.Source,
	}
	if a.Funding != nil {
		d.Funding = &doneFunding{a.Funding.RelevantToRole}
	}
	return d
}

// inScope reports whether the activity is learning in the policy's scope:
// relevant to the job role or required by the organisation.
func (a *doneActivity) inScope() bool {
	return a.Source == Required || relevantToRole(a.Necessity, a.Funding != nil && a.Funding.RelevantToRole)
}

// evidence appends the activity's evidence to evs, by the one rule for
// completions (compliance.Completion.AppendEvidence).
func (a *doneActivity) evidence(evs []compliance.Evidence) []compliance.Evidence {
	c := compliance.Completion{ID: a.ID, Date: a.Completed, ValidUntil: a.ValidUntil, Hours: a.Hours, Topics: a.Topics,
		Aspect: a.Aspect, Kind: a.Kind, Relevant: a.inScope()}
	return c.AppendEvidence(evs)
}

// statusOf builds the Status record for a result.
func (s *kernel) statusOf(p *Person, res compliance.Result) Status {
	st := Status{
		Person: p.ID, Name: p.Name, Team: p.Team, JobRole: p.JobRole, LineManager: p.LineManager,
		Leaving: p.Leaving, On: res.On, Policy: s.policy, Items: make([]StatusItem, len(res.Items)),
	}
	for i, it := range res.Items {
		st.Items[i] = StatusItem{
			Requirement: it.Requirement.ID, Status: it.Status, ValidUntil: it.ValidUntil, DueBy: it.DueBy,
		}
	}
	st.NextChange = s.nextChange(p, res)
	return st
}

// nextChange is the first day after res.On on which time alone could
// change the result. It errs early, never late: an early day only costs a
// re-evaluation.
func (s *kernel) nextChange(p *Person, res compliance.Result) date.Date {
	var next date.Date
	consider := func(d date.Date) {
		if d > res.On && (next == 0 || d < next) {
			next = d
		}
	}
	for _, it := range res.Items {
		if it.ValidUntil != 0 {
			consider(it.ValidUntil + 1)
			consider(compliance.AddClamped(it.ValidUntil+1, it.Requirement.RenewalWindow.Negate()))
		}
		if it.DueBy != 0 {
			consider(it.DueBy)
			consider(it.DueBy + 1)
		}
	}
	for _, ev := range res.Ignored {
		consider(ev.Date)
	}
	consider(p.Start)
	if p.Leaving != 0 {
		consider(p.Leaving + 1)
	}
	year := compliance.AcademicYearOf(s.yearStart, res.On)
	consider(year.End - 1)
	consider(year.End)
	return next
}

// storedStatus returns the status a record holds, if it still holds on
// day on. A status is derived from the person's records, so one that no
// longer decodes (written by an older cpdkit, say) counts as stale, to be
// evaluated again, rather than as an error.
func (s *kernel) storedStatus(r Record, on date.Date) (Status, bool) {
	sr, err := decodeStatusRecord(r)
	if err != nil || !sr.fresh(on, s.policy) {
		return Status{}, false
	}
	st, err := sr.status(s.reqs)
	return st, err == nil
}

// refreshStatus re-evaluates a person on the day of the change (the
// call's today) and writes their status.
func (s *kernel) refreshStatus(c *work, p *Person) error {
	res, err := s.evaluate(c, p, s.dayOf(c.ch.At))
	if err != nil {
		return fmt.Errorf("evaluate %s: %w", p.ID, err)
	}
	version := int64(0)
	switch old, err := c.tx.Get(c.ctx, KindStatus, p.ID); {
	case err == nil:
		version = old.Version
	case !errors.Is(err, ErrNotFound):
		return err
	}
	return s.writeStatus(c, p, res, version)
}

// refreshStatuses refreshes many people's statuses, as refreshStatus
// does each. It reads their records and stored statuses many people at a
// time (see evaluateMany and getMany), and writes them many at a time (see
// writeStatuses), so that on a Store with the optional capabilities a
// refresh of many people costs a few statements rather than reads of
// three kinds and a write per person.
func (s *kernel) refreshStatuses(c *work, people []*Person) error {
	results, err := s.evaluateMany(c, people, s.dayOf(c.ch.At))
	if err != nil {
		return err
	}
	ids := make([]string, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	stored, err := getMany(c.ctx, c.tx, KindStatus, ids)
	if err != nil {
		return err
	}
	return s.writeStatuses(c, people, results, stored)
}

// evaluateMany evaluates people on a day, as evaluate does each, reading
// their records refreshChunk people at a time (see prefetch).
func (s *kernel) evaluateMany(c *work, people []*Person, on date.Date) ([]compliance.Result, error) {
	out := make([]compliance.Result, 0, len(people))
	for chunk := range slices.Chunk(people, refreshChunk) {
		ids := make([]string, len(chunk))
		for i, p := range chunk {
			ids[i] = p.ID
		}
		pre, err := s.prefetch(c, ids)
		if err != nil {
			return nil, err
		}
		for _, p := range chunk {
			res, err := s.evaluateFrom(c, pre, p, on)
			if err != nil {
				return nil, fmt.Errorf("evaluate %s: %w", p.ID, err)
			}
			out = append(out, res)
		}
	}
	return out, nil
}

// writeStatus writes a person's status from their evaluation, over the
// stored status at version (0 if there is none), and its reasons.
func (s *kernel) writeStatus(c *work, p *Person, res compliance.Result, version int64) error {
	if err := s.notePolicy(c); err != nil {
		return err
	}
	var reasonsVersion int64
	switch old, err := c.tx.Get(c.ctx, KindStatusReasons, p.ID); {
	case err == nil:
		reasonsVersion = old.Version
	case !errors.Is(err, ErrNotFound):
		return err
	}
	status, reasons, err := s.statusRecords(p, res, version, reasonsVersion)
	if err != nil {
		return err
	}
	refresh := Change{Actor: c.ch.Actor, Action: "status.refresh", At: c.ch.At}
	if _, err := c.tx.Put(c.ctx, status, refresh); err != nil {
		return err
	}
	_, err = c.tx.Put(c.ctx, reasons, refresh)
	return err
}

// statusRecords are the records of a person's status and its reasons
// from their evaluation, over the stored ones at the given versions (0
// for none).
func (s *kernel) statusRecords(p *Person, res compliance.Result, version, reasonsVersion int64) (status, reasons Record, err error) {
	st := s.statusOf(p, res)
	data, err := encodeRecord(KindStatus, recordOf(&st))
	if err != nil {
		return Record{}, Record{}, err
	}
	why, err := reasonsOf(data, res)
	if err != nil {
		return Record{}, Record{}, err
	}
	return Record{Kind: KindStatus, ID: p.ID, Version: version, Owner: p.ID, Data: data},
		Record{Kind: KindStatusReasons, ID: p.ID, Version: reasonsVersion, Owner: p.ID, Data: why}, nil
}

// statusOn returns a person's status on a day: the stored one while it is
// fresh, otherwise re-evaluated from their records (without writing, so
// that it works inside a View).
func (s *kernel) statusOn(c *work, r Record, on date.Date) (Status, error) {
	if st, ok := s.storedStatus(r, on); ok {
		return st, nil
	}
	p, err := getPerson(c.ctx, c.tx, r.ID)
	if err != nil {
		return Status{}, err
	}
	res, err := s.evaluate(c, &p, on)
	if err != nil {
		return Status{}, fmt.Errorf("evaluate %s: %w", p.ID, err)
	}
	return s.statusOf(&p, res), nil
}
