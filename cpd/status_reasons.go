package cpd

// A person's reasons: why each item of their status stands, kept with the
// status, so that the organisation's report (ExplainMany, report.Gather)
// reads two records per person, however long their history, instead of
// evaluating every activity they ever did.

import (
	"context"
	"encoding/hex"
	"hash/fnv"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/compliance"
)

// reasonsRecord is how a person's reasons are stored.
type reasonsRecord struct {
	// Status is the digest (statusDigest) of the stored status the
	// reasons explain; "" explains none (see reasonsOf).
	Status string `json:"status"`
	// Reasons are, for each item of that status, in order, its reason.
	Reasons []string `json:"reasons,omitzero"`
	// Minimum says that a minimum of hours counts for the person, with
	// their hours done and required against it.
	Minimum       bool            `json:"minimum,omitzero"`
	HoursDone     decimal.Decimal `json:"hours_done,omitzero"`
	HoursRequired decimal.Decimal `json:"hours_required,omitzero"`
}

// statusDigest names a stored status by its stored form.
func statusDigest(data []byte) string {
	h := fnv.New64a()
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// reasonsFor decodes the stored reasons and reports whether they were
// written with the stored status (and so explain it).
func reasonsFor(reasons, status Record) (reasonsRecord, bool) {
	var rr reasonsRecord
	if reasons.Data == nil || decodeRecord(reasons, &rr) != nil || rr.Status == "" || rr.Status != statusDigest(status.Data) {
		return reasonsRecord{}, false
	}
	return rr, true
}

// explains reports whether the stored reasons were written with the
// stored status.
func explains(reasons, status Record) bool {
	_, ok := reasonsFor(reasons, status)
	return ok
}

// reasonsOf is the reasons record for the status stored as data, from the
// evaluation res that the status was written from. A record that would
// not be within the bounds of a record (a reason quoting an extension's
// and a plan's long texts, say) explains no status: the report then
// evaluates that person, as it would without it.
func reasonsOf(data []byte, res compliance.Result) ([]byte, error) {
	rr := reasonsRecord{Status: statusDigest(data), Reasons: make([]string, len(res.Items))}
	for i, it := range res.Items {
		rr.Reasons[i] = it.Reason()
	}
	if it, ok := minimumItem(&res); ok {
		rr.Minimum, rr.HoursDone, rr.HoursRequired = true, it.HoursDone, it.HoursRequired
	}
	if checkBounds(&rr) != nil {
		rr = reasonsRecord{}
	}
	return encodeChecked(KindStatusReasons, &rr)
}

// minimumItem returns the first item of res for a minimum of hours whose
// status counts, which gives the person's hours: the one report.Gather
// shows.
func minimumItem(res *compliance.Result) (compliance.Item, bool) {
	i := slices.IndexFunc(res.Items, func(it compliance.Item) bool {
		return it.Requirement.Kind == compliance.MinimumHours && it.Status.Counts()
	})
	if i < 0 {
		return compliance.Item{}, false
	}
	return res.Items[i], true
}

// ExplainedItem is one item of a person's status with why it stands.
type ExplainedItem struct {
	StatusItem
	// Reason is compliance.Item.Reason of the item.
	Reason string
}

// Explained is one person's compliance today as an organisation's report
// shows it: each item with its reason, and their hours.
type Explained struct {
	Person string
	// Items are the person's items, one per requirement of the policy, in
	// its order.
	Items []ExplainedItem
	// Minimum says that a minimum of hours counts for them (an item for
	// a minimum of hours whose status counts), HoursDone and
	// HoursRequired their hours against the first such.
	Minimum                  bool
	HoursDone, HoursRequired decimal.Decimal
	// Hours (only when no minimum counts) are the hours of their done
	// activities by academic year, and Unreadable their activities that
	// do not decode, as their CPD record gives them.
	Hours      []YearHours
	Unreadable []Unreadable
}

// ManyExplained is what ExplainMany gives.
type ManyExplained struct {
	// People are the people explained, in ID order, each once.
	People []Explained
	// Unreadable are the records that a person's evaluation needed but
	// that do not decode: that person is left out of People (see
	// ComplianceOfMany).
	Unreadable []Unreadable
}

// ExplainMany is ComplianceOfMany as an organisation's report needs it:
// each person's items with their reasons, and their hours. A person whose
// stored status is fresh and whose reasons (KindStatusReasons) were
// written with it is read from those two records, so that the report's
// cost follows its people, not their history. Everyone else (a stale
// status, a status written without its reasons, and anyone for whom no
// minimum of hours counts, whose CPD record's hours and unreadable
// activities the report shows) is evaluated, as ComplianceOfMany does;
// the result is the same either way. Who may, and what a refusal or an
// unknown person gives, are as for ComplianceOfMany.
func (s *Compliance) ExplainMany(ctx context.Context, people []string) (ManyExplained, error) {
	var out ManyExplained
	err := s.inChunks(ctx, "explain the compliance of many people", people, func(n int) {
		out = ManyExplained{People: make([]Explained, 0, n)}
	}, func(c *work, ids []string) error {
		return s.explainChunk(c, ids, &out)
	})
	if err != nil {
		return ManyExplained{}, err
	}
	return out, nil
}

// explainChunk explains the people with the given IDs (sorted, each once)
// into out: from their stored statuses and reasons where those serve,
// and by evaluating the rest.
func (s *Compliance) explainChunk(c *work, ids []string, out *ManyExplained) error {
	statuses, err := getMany(c.ctx, c.tx, KindStatus, ids)
	if err != nil {
		return err
	}
	reasons, err := getMany(c.ctx, c.tx, KindStatusReasons, ids)
	if err != nil {
		return err
	}
	explained := make(map[string]Explained, len(ids))
	var evaluate []string
	for _, id := range ids {
		if e, ok := s.storedExplained(c, statuses[id], reasons[id]); ok {
			explained[id] = e
			continue
		}
		evaluate = append(evaluate, id)
	}
	if len(evaluate) > 0 {
		var many ManyCompliance
		if err := s.complianceOfChunk(c, evaluate, &many); err != nil {
			return err
		}
		out.Unreadable = append(out.Unreadable, many.Unreadable...)
		for _, pc := range many.People {
			explained[pc.Person] = explainedOf(&pc)
		}
	}
	for _, id := range ids {
		if e, ok := explained[id]; ok {
			out.People = append(out.People, e)
		}
	}
	return nil
}

// storedExplained reads a person's explanation from their stored status
// and reasons, and reports whether they serve: the status is fresh today,
// the reasons were written with it, and a minimum of hours counts for
// the person.
func (s *Compliance) storedExplained(c *work, status, reasons Record) (Explained, bool) {
	if status.Data == nil {
		return Explained{}, false
	}
	st, ok := s.storedStatus(status, c.today)
	if !ok {
		return Explained{}, false
	}
	rr, ok := reasonsFor(reasons, status)
	if !ok || !rr.Minimum || len(rr.Reasons) != len(st.Items) {
		return Explained{}, false
	}
	e := Explained{Person: st.Person, Items: make([]ExplainedItem, len(st.Items)),
		Minimum: true, HoursDone: rr.HoursDone, HoursRequired: rr.HoursRequired}
	for i, it := range st.Items {
		e.Items[i] = ExplainedItem{StatusItem: it, Reason: rr.Reasons[i]}
	}
	return e, true
}

// explainedOf is a person's explanation from their evaluation.
func explainedOf(pc *PersonCompliance) Explained {
	e := Explained{Person: pc.Person, Items: make([]ExplainedItem, len(pc.Result.Items)), Hours: pc.Hours, Unreadable: pc.Unreadable}
	for i, it := range pc.Result.Items {
		e.Items[i] = ExplainedItem{
			StatusItem: StatusItem{Requirement: it.Requirement.ID, Status: it.Status, ValidUntil: it.ValidUntil, DueBy: it.DueBy},
			Reason:     it.Reason(),
		}
	}
	if it, ok := minimumItem(&pc.Result); ok {
		e.Minimum, e.HoursDone, e.HoursRequired = true, it.HoursDone, it.HoursRequired
	}
	return e
}
