package cpd

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// KindTargetNeed indexes the activities that serve an improvement
// target, so that the improvement-plan review reads the activities of the
// targets it reviews rather than every activity of the organisation. Each
// record links one target to one activity: its ID is the target's ID, "/",
// and the activity's; its Owner is the activity's person. The Service
// writes the links of an activity in the same transaction as the activity
// (when it is created, amended, delegated or imported), and never deletes
// one: a link to an activity that no longer names the target (amended
// since) is stale, and the review, which reads each linked activity, leaves
// it out. So the links are always a superset of the truth for what the
// Service wrote; Appraisals.RebuildTargetNeeds adds the links of activities
// stored without them (by an earlier cpdkit, or past the Service).
const KindTargetNeed Kind = "target_need"

// targetNeed is a KindTargetNeed record's data.
type targetNeed struct {
	Target   string `json:"target"`
	Activity string `json:"activity"`
}

// maybeTargetID reports whether s could be a target's ID (not empty, at
// most MaxIDLen bytes, with no "/"): an activity naming anything else
// serves no stored target, and has nothing to link.
func maybeTargetID(s string) bool {
	return s != "" && len(s) <= MaxIDLen && !strings.Contains(s, "/")
}

// needID is the ID of the link between a target and an activity.
func needID(target, activity string) string { return target + "/" + activity }

// linkNeeds writes, in tx, the links of each activity to the targets it
// names that are not stored yet, audited as c. It reads the links it might write first
// (one call per MaxLimit with ReadManyTx), so that writing an activity
// whose targets are linked already writes nothing more.
func linkNeeds(ctx context.Context, tx Tx, acts []*Activity, c Change) (int, error) {
	var want []Record
	for _, a := range acts {
		for _, t := range a.Targets {
			if maybeTargetID(t) {
				want = append(want, Record{Kind: KindTargetNeed, ID: needID(t, a.ID), Owner: a.Person})
			}
		}
	}
	if len(want) == 0 {
		return 0, nil
	}
	slices.SortFunc(want, func(x, y Record) int { return strings.Compare(x.ID, y.ID) })
	want = slices.CompactFunc(want, func(x, y Record) bool { return x.ID == y.ID })
	n := 0
	for chunk := range slices.Chunk(want, MaxLimit) {
		ids := make([]string, len(chunk))
		for i, r := range chunk {
			ids[i] = r.ID
		}
		have, err := getMany(ctx, tx, KindTargetNeed, ids)
		if err != nil {
			return n, err
		}
		for _, r := range chunk {
			if _, ok := have[r.ID]; ok {
				continue
			}
			target, activity, _ := strings.Cut(r.ID, "/")
			if _, err := save(ctx, tx, r, targetNeed{Target: target, Activity: activity}, c); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// linkActivities is linkNeeds for activities the Service writes, in the
// same transaction, audited with the writer's actor and time.
func linkActivities(ctx context.Context, tx Tx, c Change, acts ...*Activity) error {
	if !slices.ContainsFunc(acts, func(a *Activity) bool { return len(a.Targets) > 0 }) {
		return nil
	}
	_, err := linkNeeds(ctx, tx, acts, Change{Actor: c.Actor, Action: "target_need.link", At: c.At})
	return err
}

// linkImported is linkActivities for the activities an import or a
// development day creates.
func linkImported(ctx context.Context, tx Tx, acts []indexed, c Change) error {
	ps := make([]*Activity, len(acts))
	for i := range acts {
		ps[i] = &acts[i].Activity
	}
	return linkActivities(ctx, tx, c, ps...)
}

// needsOf reads the activities linked to a target, in ID order, each as
// stored (decoded by the caller, which checks the activity still names
// the target).
func needsOf(ctx context.Context, tx Tx, target string) ([]Record, error) {
	var ids []string
	prefix := target + "/"
	err := each(ctx, tx, KindTargetNeed, Query{After: prefix, Limit: MaxLimit}, func(r Record) error {
		if !strings.HasPrefix(r.ID, prefix) {
			return errStop
		}
		ids = append(ids, strings.TrimPrefix(r.ID, prefix))
		return nil
	})
	if err != nil && err != errStop {
		return nil, err
	}
	var out []Record
	err = getEach(ctx, tx, KindActivity, ids, func(r Record) error {
		out = append(out, r)
		return nil
	})
	return out, err
}

// RebuildTargetNeeds adds the missing links between improvement targets
// and the activities serving them (see KindTargetNeed): those of
// activities stored by a cpdkit from before the links were kept, or
// written past the Service. It reads every activity once, one page per
// transaction, writes only the links missing, and returns how many it
// wrote; running it again writes none. Run it once after upgrading, before
// relying on ImprovementPlanReview. Administrators and the head of
// education may. An activity that does not decode is an error naming it
// (ErrUnreadable), after the pages before it are done.
func (s *Appraisals) RebuildTargetNeeds(ctx context.Context) (int, error) {
	return s.rebuildLinks(ctx, "rebuild target needs", Query{}, func(c *work, page []Record) (int, error) {
		var acts []*Activity
		for _, r := range page {
			var head struct {
				Person  string   `json:"person"`
				Targets []string `json:"targets"`
			}
			if err := decodeRecord(r, &head); err != nil {
				return 0, err
			}
			if len(head.Targets) > 0 {
				acts = append(acts, &Activity{ID: r.ID, Person: head.Person, Targets: head.Targets})
			}
		}
		return linkNeeds(c.ctx, c.tx, acts, c.act("target_need.rebuild"))
	})
}

// rebuildLinks is the skeleton of the use cases that add the links kept
// for reports (RebuildTargetNeeds, RebuildCompletions) to data stored
// without them: administrators and the head of education may; it lists
// the activities matching q a page at a time, each page in a transaction
// of its own in which link adds the page's missing links and says how many
// it wrote; and it returns the total. An error stops it after the pages
// before are done, with how many those wrote.
func (s *kernel) rebuildLinks(ctx context.Context, op string, q Query, link func(c *work, page []Record) (int, error)) (int, error) {
	c, err := s.begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	if !c.canAdminister() {
		return 0, deny(op)
	}
	n := 0
	q.Limit = DefaultLimit
	for {
		var next string
		err := s.update(c, func(tx Tx) error {
			page, err := tx.List(ctx, KindActivity, q)
			if err != nil {
				return err
			}
			next = page.Next
			k, err := link(c, page.Records)
			n += k
			return err
		})
		if err != nil {
			return n, fmt.Errorf("%s: %w", op, err)
		}
		if next == "" {
			return n, nil
		}
		q.After = next
	}
}
