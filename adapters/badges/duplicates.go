package badges

import "fmt"

// settle applies the rules that look across badges to the outcomes in
// res, which are in input order, keeping that order:
//
//   - a revocation revokes every badge with its id, wherever it comes in
//     the import, before or after the assertion it revokes;
//   - otherwise the first badge with an id (awarded or refused) counts,
//     and later ones are refused as duplicates, so that a badge exported
//     twice gives its hours once.
//
// Bad badges (Result.Rejected) take no part: a badge that cannot be read
// claims no id.
func settle(res *Result) {
	revocations := make(map[string]*Refusal)
	for i := range res.Refused {
		r := &res.Refused[i]
		if _, ok := revocations[r.ID]; r.ID != "" && r.Status == Revoked && !ok {
			revocations[r.ID] = r
		}
	}
	first := make(map[string]int)
	awards, refused := res.Awards[:0:0], make([]Refusal, 0, len(res.Refused))
	ai, ri := 0, 0
	for ai < len(res.Awards) || ri < len(res.Refused) {
		if ri == len(res.Refused) || ai < len(res.Awards) && res.Awards[ai].Index < res.Refused[ri].Index {
			a := &res.Awards[ai]
			ai++
			if r := dropped(a.Index, a.ID, revocations, first); r != nil {
				r.Person, r.Badge = a.Person, a.Badge
				refused = append(refused, *r)
				continue
			}
			awards = append(awards, *a)
			continue
		}
		r := res.Refused[ri]
		ri++
		if r.Status != Revoked {
			if d := dropped(r.Index, r.ID, revocations, first); d != nil {
				r.Status, r.Reason = d.Status, d.Reason
			}
		}
		refused = append(refused, r)
	}
	res.Awards, res.Refused = awards, refused
}

// dropped says why the badge at index with id gives no credit because of
// another badge with the same id (one that revokes it, or an earlier one
// that counts instead), or returns nil and notes the id as seen.
func dropped(index int, id string, revocations map[string]*Refusal, first map[string]int) *Refusal {
	if id == "" {
		return nil
	}
	if rev, ok := revocations[id]; ok {
		return &Refusal{Index: index, ID: id, Status: Revoked,
			Reason: fmt.Sprintf("has the same id as badge %d, %s", rev.Index, rev.Reason)}
	}
	if at, ok := first[id]; ok {
		return &Refusal{Index: index, ID: id, Status: Duplicate,
			Reason: fmt.Sprintf("has the same id as badge %d, which counts instead", at)}
	}
	first[id] = index
	return nil
}
