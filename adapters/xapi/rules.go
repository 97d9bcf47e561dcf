package xapi

import (
	"github.com/cpdkit/cpdkit/internal/score"
	"github.com/cpdkit/cpdkit/internal/uuid"

	"fmt"
)

// verdict is what the rules decided for one record.
type verdict struct {
	status Status // why it gives no credit; zero when it gives credit
	credit bool
	hours  int64 // a credit's hours, in thousandths
	reason string
}

// judgement is one application of the rules to an import's records.
type judgement struct {
	im       *Importer
	verdicts []verdict
	voidedBy map[uuid.UUID]int32 // voided id -> record index of the first voiding statement
	reasons  map[string]string
	// scratch for judging groups
	completed, passed, lms, counted []int32
}

// Result applies the rules to every statement read so far and returns the
// credit they give and why the others give none. It may be called again
// after more pages are added. It returns the error that ended the import,
// if one did.
func (im *Importer) Result() (Result, error) {
	if im.err != nil {
		return Result{}, im.err
	}
	res := Result{Statements: im.read, More: im.more}
	res.Rejected = append(res.Rejected, im.rejected...)
	j := &judgement{im: im, verdicts: make([]verdict, im.records.n), reasons: make(map[string]string)}
	j.voidedBy = j.voids(&res)
	var candidates []int32
	for i := range int32(im.records.n) {
		if !j.screen(i) {
			candidates = append(candidates, i)
		}
	}
	offsets, members := j.group(candidates)
	for g := range len(offsets) - 1 {
		j.judge(members[offsets[g]:offsets[g+1]])
	}
	j.collect(&res)
	return res, nil
}

// collect turns the verdicts into credits and outcomes, in input order.
func (j *judgement) collect(res *Result) {
	credits := 0
	for i := range j.verdicts {
		if j.verdicts[i].credit {
			credits++
		}
	}
	res.Credits = make([]Credit, 0, credits)
	res.Outcomes = make([]Outcome, 0, len(j.verdicts)-credits)
	for i := range j.verdicts {
		v, r := &j.verdicts[i], j.im.records.at(int32(i))
		if v.credit {
			res.Credits = append(res.Credits, j.im.credit(r, v.hours))
			continue
		}
		o := Outcome{Page: int(r.page), Index: int(r.index), Statement: r.id, Verb: r.verb, Activity: r.iri(), Status: v.status, Reason: v.reason}
		if r.person != nil && r.person.ok {
			o.Person = r.person.id
		}
		res.Outcomes = append(res.Outcomes, o)
	}
}

// set records a verdict of no credit.
func (j *judgement) set(i int32, s Status, reason string) {
	j.verdicts[i] = verdict{status: s, reason: reason}
}

// voids finds the statements the voiding statements void, each mapped to
// the first statement voiding it, and lists their ids in res.Voided. A
// voiding statement cannot itself be voided.
func (j *judgement) voids(res *Result) map[uuid.UUID]int32 {
	voidedBy := make(map[uuid.UUID]int32)
	for i := range int32(j.im.records.n) {
		r := j.im.records.at(i)
		if r.verb != VerbVoided || r.dupOf >= 0 || j.voidsVoiding(r) {
			continue
		}
		if _, done := voidedBy[r.extra.voids]; !done {
			voidedBy[r.extra.voids] = i
			res.Voided = append(res.Voided, r.extra.target)
		}
	}
	return voidedBy
}

// voidsVoiding reports whether a voiding statement targets another
// voiding statement in the import, which has no effect.
func (j *judgement) voidsVoiding(r *record) bool {
	k, ok := j.im.first.get(r.extra.voids, j.im.idOf)
	return ok && j.im.records.at(k).verb == VerbVoided
}

// screen settles a statement that cannot give credit whatever else is in
// the import; false means it is a candidate, to be judged with its group.
func (j *judgement) screen(i int32) bool {
	r := j.im.records.at(i)
	var s Status
	var reason string
	switch {
	case r.dupOf >= 0:
		s, reason = Duplicate, "has the same id as "+j.im.where(r.dupOf)+", which counts instead"
	case r.verb == VerbVoided && j.voidsVoiding(r):
		s, reason = Voiding, "voids "+r.extra.target+", itself a voiding statement, which cannot be voided: no effect"
	case r.verb == VerbVoided:
		s, reason = Voiding, "voids "+r.extra.target
	case hasKey(j.voidedBy, r.uuid):
		s, reason = Voided, "voided by "+j.im.where(j.voidedBy[r.uuid])
	case r.verb == VerbOther:
		s, reason = Ignored, j.reason("the verb ", r.extra.verb, " gives no credit (only completed and passed do)")
	case !r.bears():
		s, reason = Ignored, j.reason("the verb ", verbIRIs[r.verb], " gives no credit outside cmi5")
	case r.verb == VerbLaunched && (r.object != objectActivity || r.group || !r.person.ok || !r.act.ok):
		s, reason = Ignored, "launched gives no credit"
	case r.object != objectActivity:
		s, reason = Ignored, "the object is not an activity"
	case r.group:
		s, reason = UnknownPerson, "the actor is a Group; credit goes to individual agents"
	case !r.person.ok:
		s, reason = UnknownPerson, j.reason("no person is mapped to ", r.person.actor, "")
	case !r.act.ok:
		s, reason = UnknownActivity, "no course is mapped to the activity"
	default:
		return false
	}
	j.set(i, s, reason)
	return true
}

// reason returns before+what+after, made once for each what.
func (j *judgement) reason(before, what, after string) string {
	k := before + "\x00" + what
	if s, ok := j.reasons[k]; ok {
		return s
	}
	s := before + what + after
	j.reasons[k] = s
	return s
}

// hasKey reports whether m has the key k.
func hasKey[K comparable, V any](m map[K]V, k K) bool {
	_, ok := m[k]
	return ok
}

// where names a record's statement for a reason: "statement 3 (id)", with
// its page when it is not the first.
func (im *Importer) where(i int32) string {
	r := im.records.at(i)
	if r.page > 0 {
		return fmt.Sprintf("statement %d of page %d (%s)", r.index, r.page, r.id)
	}
	return fmt.Sprintf("statement %d (%s)", r.index, r.id)
}

// groupKey is what a registration's credit is judged by.
type groupKey struct {
	person, activity string
	reg              uuid.UUID
}

// group gathers the candidates that are judged together: cmi5 statements
// and statements with a registration, by person, activity and
// registration; any other statement on its own. Group g's members are
// members[offsets[g]:offsets[g+1]], in input order, and groups are in the
// order of their first members.
func (j *judgement) group(candidates []int32) (offsets, members []int32) {
	ids := make([]int32, len(candidates)) // each candidate's group
	sizes := []int32{}
	at := make(map[groupKey]int32)
	for n, i := range candidates {
		r := j.im.records.at(i)
		if !r.cmi5 && !r.hasReg {
			ids[n] = int32(len(sizes))
			sizes = append(sizes, 1)
			continue
		}
		k := groupKey{person: r.person.id, activity: r.act.iri, reg: r.reg}
		g, ok := at[k]
		if !ok {
			g = int32(len(sizes))
			at[k] = g
			sizes = append(sizes, 0)
		}
		ids[n] = g
		sizes[g]++
	}
	offsets = make([]int32, len(sizes)+1)
	for g, size := range sizes {
		offsets[g+1] = offsets[g] + size
	}
	members = make([]int32, len(candidates))
	next := sizes // reused as each group's next free slot
	for g := range next {
		next[g] = offsets[g]
	}
	for n, i := range candidates {
		members[next[ids[n]]] = i
		next[ids[n]]++
	}
	return offsets, members
}

// judge applies the credit rules to one group: at most one credit, and a
// reason for every other statement.
func (j *judgement) judge(g []int32) {
	t := j.terms(g)
	completed, passed, lms := j.completed[:0], j.passed[:0], j.lms[:0]
	for _, i := range g {
		r := j.im.records.at(i)
		if why := contradicts(r); why != "" {
			j.set(i, NoCredit, why)
			continue
		}
		switch r.verb {
		case VerbLaunched:
			j.set(i, Ignored, "launched gives no credit; it says the AU's moveOn and mastery score for its registration")
		case VerbFailed:
			j.set(i, NoCredit, "failed gives no credit")
		case VerbCompleted:
			completed = append(completed, i)
		case VerbPassed:
			if why := belowMastery(r, t); why != "" {
				j.set(i, NoCredit, why)
			} else {
				passed = append(passed, i)
			}
		case VerbWaived, VerbSatisfied:
			lms = append(lms, i)
		}
	}
	j.completed, j.passed, j.lms = completed, passed, lms
	counted, sat := j.satisfy(t.moveOn, completed, passed, len(lms) > 0)
	if len(lms) > 0 {
		if w := j.earliest(lms); sat < 0 || j.im.records.at(w).at.before(j.im.records.at(sat).at) {
			sat = w
		}
		counted = merge(make([]int32, 0, len(counted)+len(lms)), counted, lms)
	}
	if sat < 0 {
		return
	}
	hours := int64(0)
	for _, i := range counted {
		hours = max(hours, j.im.records.at(i).hours)
	}
	j.verdicts[sat] = verdict{credit: true, hours: hours}
	for _, i := range counted {
		if i != sat {
			j.set(i, NoCredit, "the registration is credited once, by "+j.im.where(sat))
		}
	}
}

// satisfy applies the moveOn rule to a group's completed and passed
// statements. It returns those that count towards the registration and
// the one that satisfied it, or -1 when none did. Those that cannot count
// are given no credit, and so are those that count when the rule is not
// met, unless the LMS waived or satisfied the registration (waived), in
// which case they count towards it.
func (j *judgement) satisfy(rule MoveOn, completed, passed []int32, waived bool) (counted []int32, sat int32) {
	counted = j.counted[:0]
	switch rule {
	case MoveOnCompleted:
		counted = append(counted, completed...)
		j.refuse(passed, "the AU's moveOn is Completed, which passed does not satisfy")
	case MoveOnPassed:
		counted = append(counted, passed...)
		j.refuse(completed, "the AU's moveOn is Passed, which completed does not satisfy")
	default:
		counted = merge(counted, completed, passed)
	}
	j.counted = counted
	switch {
	case rule == MoveOnCompletedAndPassed && len(completed) > 0 && len(passed) > 0:
		return counted, j.later(j.earliest(completed), j.earliest(passed))
	case rule == MoveOnCompletedAndPassed && !waived:
		missing := "passed"
		if len(completed) == 0 {
			missing = "completed"
		}
		j.refuse(counted, "the AU's moveOn is CompletedAndPassed and its registration has no "+missing+" statement")
		return nil, -1
	case rule == MoveOnCompletedAndPassed || len(counted) == 0:
		return counted, -1
	}
	return counted, j.earliest(counted)
}

// contradicts returns why a statement's result contradicts its verb, so
// that it gives no credit, or "". xAPI 1.0.3 (Data §2.4.5) leaves result.success
// and result.completion to the statement; cmi5 (§9.5.2, §9.5.3) requires
// success true on passed and waived, and completion true on completed and
// waived. A statement that says it completed but was not complete, or
// passed but was not successful, is not evidence of either: cpdkit gives
// it no credit rather than guess which half is true.
func contradicts(r *record) string {
	switch {
	case r.complete == flagFalse && (r.verb == VerbCompleted || r.verb == VerbWaived):
		return "result.completion is false, which contradicts " + r.verb.String() + ": no credit"
	case r.success == flagFalse && (r.verb == VerbPassed || r.verb == VerbWaived):
		return "result.success is false, which contradicts " + r.verb.String() + ": no credit"
	}
	return ""
}

// refuse gives each statement no credit, for the reason.
func (j *judgement) refuse(list []int32, reason string) {
	for _, i := range list {
		j.set(i, NoCredit, reason)
	}
}

// merge appends the union of two ascending lists to dst, ascending.
func merge(dst, a, b []int32) []int32 {
	for len(a) > 0 && len(b) > 0 {
		if a[0] < b[0] {
			dst, a = append(dst, a[0]), a[1:]
		} else {
			dst, b = append(dst, b[0]), b[1:]
		}
	}
	return append(append(dst, a...), b...)
}

// terms are the rules a registration is judged by.
type terms struct {
	moveOn     MoveOn
	mastery    int64 // in billionths, when hasMastery
	hasMastery bool
}

// terms returns the rules a group is judged by. For cmi5, the moveOn is
// the course's, else that of the registration's launched statement (where
// cmi5 §9.6.3.6 puts it), else the first moveon context extension on any
// of its statements, else CompletedOrPassed; NotApplicable counts as
// CompletedOrPassed. Plain xAPI is CompletedOrPassed. The mastery score
// is the course's, else the launched statement's (cmi5 §9.6.3.2); without
// either, each passed statement's own masteryscore extension.
func (j *judgement) terms(g []int32) terms {
	cmi5 := false
	var launched, other MoveOn
	var t terms
	for _, i := range g {
		r := j.im.records.at(i)
		cmi5 = cmi5 || r.cmi5
		if r.extra == nil {
			continue
		}
		if r.verb == VerbLaunched {
			launched = or(launched, r.extra.moveOn)
			if r.extra.hasMastery && !t.hasMastery {
				t.mastery, t.hasMastery = r.extra.mastery, true
			}
		}
		other = or(other, r.extra.moveOn)
	}
	course := j.im.records.at(g[0]).act
	if course.course.MasteryScore.Valid {
		t.mastery, t.hasMastery = course.mastery, true
	}
	t.moveOn = MoveOnCompletedOrPassed
	if cmi5 {
		t.moveOn = or(or(or(course.course.MoveOn, launched), other), MoveOnCompletedOrPassed)
	}
	if t.moveOn == MoveOnNotApplicable {
		t.moveOn = MoveOnCompletedOrPassed
	}
	return t
}

// or returns v, or def when v is zero.
func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// earliest returns the statement with the earliest timestamp, the first
// in input order on a tie.
func (j *judgement) earliest(list []int32) int32 {
	best := list[0]
	for _, i := range list[1:] {
		if j.im.records.at(i).at.before(j.im.records.at(best).at) {
			best = i
		}
	}
	return best
}

// later returns the later of two statements, the second in input order on
// a tie.
func (j *judgement) later(a, b int32) int32 {
	if a > b {
		a, b = b, a
	}
	if j.im.records.at(b).at.before(j.im.records.at(a).at) {
		return a
	}
	return b
}

// belowMastery returns why a passed statement gives no credit for its
// score, or "" when it gives credit: a scaled score below the mastery
// score of the registration's terms, or without one the statement's own.
func belowMastery(r *record, t terms) string {
	if r.extra == nil || !r.extra.hasScore {
		return ""
	}
	m, has := t.mastery, t.hasMastery
	if !has {
		m, has = r.extra.mastery, r.extra.hasMastery
	}
	if !has || r.extra.score >= m {
		return ""
	}
	return fmt.Sprintf("the scaled score %s is below the mastery score %s", score.Decimal(r.extra.score), score.Decimal(m))
}

// credit makes the credit a record gives, with the hours of its group.
func (im *Importer) credit(r *record, hours int64) Credit {
	c := Credit{
		Statement: r.id, Page: int(r.page), Index: int(r.index), Person: r.person.id, Activity: r.act.iri,
		Course: &r.act.course, Verb: r.verb, Date: r.day, Hours: im.hoursOf(hours),
	}
	switch {
	case r.verb == VerbWaived && r.extra != nil && r.extra.reason != "":
		c.Note = "the LMS waived the AU (reason: " + r.extra.reason + "), which cmi5 counts as meeting its moveOn"
	case r.verb == VerbWaived:
		c.Note = "the LMS waived the AU, which cmi5 counts as meeting its moveOn"
	case r.verb == VerbSatisfied:
		c.Note = "the LMS says the learner met the moveOn criteria of the block or course"
	case r.calendar:
		c.Note = "the duration is in years or months, which have no fixed length in hours: only its other parts count"
	}
	return c
}
