package xapi

import (
	"github.com/cpdkit/cpdkit/internal/score"
	"github.com/cpdkit/cpdkit/internal/uuid"

	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/internal/isoduration"
)

// Import reads one document of statements (an array, or a StatementResult
// whose more link is returned in Result.More) and returns the credit they
// give. It is NewImporter, Importer.Add and Importer.Result in one call.
//
// Errors: a *SyntaxError for malformed JSON; by default an *ImportError
// listing every bad statement (none are in Result.Rejected unless
// Options.SkipBad); a *compliance.ValidationError for an unusable Mapping
// (all three match ErrInvalid); ctx's error when it is done; or the
// reader's. With any error no credit is returned.
func Import(ctx context.Context, r io.Reader, m Mapping, opts *Options) (Result, error) {
	im, err := NewImporter(m, opts)
	if err != nil {
		return Result{}, err
	}
	if _, err := im.Add(ctx, r); err != nil {
		return Result{}, err
	}
	return im.Result()
}

// Importer reads statements from one or more documents (the pages of an
// LRS query, say) as one import, so that duplicates and voiding work
// across pages. Add each page, then call Result. An Importer is not safe
// for concurrent use.
type Importer struct {
	m    Mapping
	opts Options

	pages    int
	read     int // statements read, good and bad
	records  records
	first    idIndex // statement id -> index of its first record
	rejected []*StatementError
	more     string
	err      error // the error that ended the import, returned ever after

	people     map[string]*personHit // by identifier kind and value
	activities map[string]*activity  // by IRI
	verbs      map[string]string     // interned IRIs of verbs cpdkit ignores
	hours      map[int64]decimal.Decimal
	cal        calendar
	key        []byte // scratch for cache keys
}

// NewImporter returns an Importer using the mapping. The error matches
// ErrInvalid when the mapping lacks People or Activities, or is the time
// zone database's when Europe/London (the default zone) cannot be loaded.
func NewImporter(m Mapping, opts *Options) (*Importer, error) {
	switch {
	case m.People == nil:
		return nil, &compliance.ValidationError{Field: "mapping.People", Reason: "is required"}
	case m.Activities == nil:
		return nil, &compliance.ValidationError{Field: "mapping.Activities", Reason: "is required"}
	}
	o, err := withDefaults(opts)
	if err != nil {
		return nil, err
	}
	return &Importer{
		m: m, opts: o, cal: calendar{loc: o.Location},
		people: make(map[string]*personHit), activities: make(map[string]*activity),
		verbs: make(map[string]string), hours: make(map[int64]decimal.Decimal),
	}, nil
}

// Add reads one document (an array of statements or a StatementResult)
// and returns its more link. Its errors are those of Import. After an
// error the import is over: Add and Result return the same error.
func (im *Importer) Add(ctx context.Context, r io.Reader) (more string, err error) {
	if im.err != nil {
		return "", im.err
	}
	page := im.pages
	im.pages++
	rd := newReader(ctx, r, page, &im.opts)
	if n := sizeOf(r, im.opts.Size); im.first.n == 0 && n > 0 {
		// Size the id index for the statements the document likely holds.
		im.first = newIDIndex(int(min(n/512, 1<<22)))
	}
	more, err = rd.document(func(index int) error {
		im.take(&rd.p.r, page, index)
		return nil
	})
	switch {
	case err != nil:
		im.err = err
	case len(im.rejected) > 0 && !im.opts.SkipBad:
		im.err = &ImportError{Rejected: im.rejected}
	}
	if im.err != nil {
		return "", im.err
	}
	im.more = more
	return more, nil
}

// record is what an import keeps of one good statement.
type record struct {
	id       string
	uuid     uuid.UUID
	page     int32
	index    int32
	dupOf    int32 // the record index of the first with this id, or -1
	verb     Verb
	object   objectKind
	group    bool // the actor is a Group
	cmi5     bool
	calendar bool // the duration has years or months
	hasReg   bool
	success  flag      // result.success
	complete flag      // result.completion
	act      *activity // the object, when it is an activity
	person   *personHit
	at       instant
	day      date.Date
	hours    int64 // thousandths
	reg      uuid.UUID
	extra    *extra // rarely present parts
}

// extra holds the parts of a record most statements lack.
type extra struct {
	hasScore   bool
	hasMastery bool
	moveOn     MoveOn
	score      int64  // result.score.scaled, in billionths
	mastery    int64  // the masteryscore extension, in billionths
	target     string // the id a voiding statement voids, in lower case
	reason     string // why the LMS waived an AU
	verb       string // the IRI of a verb cpdkit ignores
	voids      uuid.UUID
}

// objectKind is what a statement's object is.
type objectKind uint8

const (
	objectActivity objectKind = iota + 1
	objectStatementRef
	objectOther // an Agent, Group or SubStatement
)

// personHit is the mapping's answer for one actor identifier.
type personHit struct {
	id    string
	ok    bool
	actor string // the identifier, for reasons
}

// activity is one activity IRI, with the mapping's answer once asked.
type activity struct {
	iri     string
	asked   bool
	course  Course
	ok      bool
	mastery int64 // the course's mastery score in billionths, when it has one
}

// iri returns the record's activity IRI, or "".
func (rec *record) iri() string {
	if rec.act == nil {
		return ""
	}
	return rec.act.iri
}

// take converts one statement read into a record, or a rejection.
func (im *Importer) take(r *raw, page, index int) {
	im.read++
	rec := record{page: int32(page), index: int32(index), dupOf: -1}
	if path, reason := im.convert(r, &rec); reason != "" {
		e := &StatementError{Page: page, Index: index, Path: path, Reason: reason}
		if len(r.id) > 0 && len(r.id) <= 100 {
			e.ID = utf8String(r.id)
		}
		im.rejected = append(im.rejected, e)
		return
	}
	if first, dup := im.first.get(rec.uuid, im.idOf); dup {
		rec.dupOf = first
	} else {
		im.first.put(rec.uuid, int32(im.records.n))
	}
	im.records.add(rec)
}

// idOf returns the id of record i, for the id index.
func (im *Importer) idOf(i int32) *uuid.UUID { return &im.records.at(i).uuid }

// blockBits sizes the blocks records are kept in: 4096 a block, so that a
// growing import never copies what it has.
const blockBits = 12

// records is an append-only list of records in fixed blocks.
type records struct {
	blocks [][]record
	n      int
}

// add appends a record.
func (rs *records) add(r record) {
	if rs.n&(1<<blockBits-1) == 0 {
		rs.blocks = append(rs.blocks, make([]record, 0, 1<<blockBits))
	}
	b := &rs.blocks[len(rs.blocks)-1]
	*b = append(*b, r)
	rs.n++
}

// at returns record i.
func (rs *records) at(i int32) *record { return &rs.blocks[i>>blockBits][i&(1<<blockBits-1)] }

// bears reports whether a record bears on credit, so that the statement
// needs a date, a person and a course: completed, passed and failed
// always, and in cmi5 also launched, waived and satisfied.
func (rec *record) bears() bool {
	switch rec.verb {
	case VerbCompleted, VerbPassed, VerbFailed:
		return true
	case VerbLaunched, VerbWaived, VerbSatisfied:
		return rec.cmi5
	}
	return false
}

// convert checks a statement and fills rec from it; reason is "" when it
// is good, or says what is wrong with the field at path.
func (im *Importer) convert(r *raw, rec *record) (path, reason string) {
	if r.badReason != "" {
		return r.badPath, r.badReason
	}
	if path, reason = im.identify(r, rec); reason != "" {
		return path, reason
	}
	if path, reason = actorProblem(&r.actor); reason != "" {
		return path, reason
	}
	if path, reason = im.verbAndObject(r, rec); reason != "" {
		return path, reason
	}
	if path, reason = im.when(r, rec); reason != "" {
		return path, reason
	}
	if path, reason = im.measures(r, rec); reason != "" {
		return path, reason
	}
	if rec.bears() && rec.object == objectActivity {
		im.lookUp(r, rec)
	}
	return "", ""
}

// identify reads the statement's id.
func (im *Importer) identify(r *raw, rec *record) (path, reason string) {
	if r.id == nil {
		return "id", "is required"
	}
	u, ok := uuid.Parse(r.id)
	if !ok {
		return "id", quote(r.id) + " is not a UUID"
	}
	rec.uuid, rec.id = u, u.String()
	return "", ""
}

// actorProblem checks the actor: an Agent with exactly one identifier, or
// a Group.
func actorProblem(a *rawActor) (path, reason string) {
	if !a.present {
		return "actor", "is required"
	}
	switch string(a.objectType) {
	case "Group":
		return "", ""
	case "", "Agent":
	default:
		return "actor.objectType", quote(a.objectType) + " is not Agent or Group"
	}
	n := 0
	for _, has := range []bool{a.mbox != nil, a.sha1 != nil, a.openID != nil, a.hasAccount} {
		if has {
			n++
		}
	}
	switch {
	case n == 0:
		return "actor", "has no identifier (mbox, mbox_sha1sum, openid or account)"
	case n > 1:
		return "actor", "has more than one identifier (mbox, mbox_sha1sum, openid, account)"
	case a.mbox != nil && (len(a.mbox) <= len("mailto:") || string(a.mbox[:7]) != "mailto:"):
		return "actor.mbox", quote(a.mbox) + " is not a mailto IRI"
	case a.sha1 != nil && !isHex(a.sha1, 40):
		return "actor.mbox_sha1sum", quote(a.sha1) + " is not a hex SHA-1 sum"
	case a.openID != nil && len(a.openID) == 0:
		return "actor.openid", "is empty"
	case a.hasAccount && (len(a.home) == 0 || len(a.name) == 0):
		return "actor.account", "needs a homePage and a name"
	}
	return "", ""
}

// verbAndObject reads the verb and what the statement is about.
func (im *Importer) verbAndObject(r *raw, rec *record) (path, reason string) {
	switch {
	case !r.hasVerb:
		return "verb", "is required"
	case len(r.verb) == 0:
		return "verb.id", "is required"
	case !r.hasObject:
		return "object", "is required"
	}
	rec.verb = verbOf(r.verb)
	if rec.verb == VerbOther {
		rec.more().verb = im.intern(r.verb)
	}
	rec.group = string(r.actor.objectType) == "Group"
	rec.cmi5 = r.cmi5
	switch string(r.objectType) {
	case "", "Activity":
		rec.object = objectActivity
	case "StatementRef":
		rec.object = objectStatementRef
	case "Agent", "Group", "SubStatement":
		rec.object = objectOther
	default:
		return "object.objectType", quote(r.objectType) + " is not Activity, Agent, Group, StatementRef or SubStatement"
	}
	if rec.object != objectOther && len(r.objectID) == 0 {
		return "object.id", "is required"
	}
	if rec.object == objectActivity {
		rec.act = im.activity(r.objectID)
	}
	if rec.verb != VerbVoided {
		return "", ""
	}
	if rec.object != objectStatementRef {
		return "object.objectType", "must be StatementRef in a voiding statement"
	}
	u, ok := uuid.Parse(r.objectID)
	if !ok {
		return "object.id", quote(r.objectID) + " is not a UUID"
	}
	rec.more().voids, rec.more().target = u, u.String()
	return "", ""
}

// when reads the timestamp (or stored) into the moment and the day.
func (im *Importer) when(r *raw, rec *record) (path, reason string) {
	ts, path := r.timestamp, "timestamp"
	if ts == nil {
		ts, path = r.stored, "stored"
	}
	if ts == nil {
		if rec.bears() {
			return "timestamp", "is required to date the credit"
		}
		return "", ""
	}
	at, day, err := im.cal.parse(ts)
	if err != nil {
		return path, quote(ts) + " " + err.Error()
	}
	rec.at, rec.day = at, day
	return "", ""
}

// measures reads the duration, score, registration and cmi5 details.
func (im *Importer) measures(r *raw, rec *record) (path, reason string) {
	if r.duration != nil {
		units, calendar, ok := isoduration.Parse(r.duration)
		if !ok {
			return "result.duration", quote(r.duration) + " is not an ISO 8601 duration"
		}
		rec.hours, rec.calendar = units, calendar
	}
	if len(r.scaled) > score.MaxLen {
		return "result.score.scaled", quote(r.scaled) + fmt.Sprintf(" is longer than a score can usefully be (%d characters)", score.MaxLen)
	}
	if len(r.mastery) > score.MaxLen {
		return "context.extensions[" + MasteryScoreIRI + "]", quote(r.mastery) + fmt.Sprintf(" is longer than a score can usefully be (%d characters)", score.MaxLen)
	}
	if r.scaled != nil {
		units, ok := score.Parse(r.scaled, -1)
		if !ok {
			return "result.score.scaled", quote(r.scaled) + " is not between -1 and 1"
		}
		rec.more().score, rec.extra.hasScore = units, true
	}
	if r.registration != nil {
		u, ok := uuid.Parse(r.registration)
		if !ok {
			return "context.registration", quote(r.registration) + " is not a UUID"
		}
		rec.reg, rec.hasReg = u, true
	}
	if r.mastery != nil {
		units, ok := score.Parse(r.mastery, 0)
		if !ok {
			return "context.extensions[" + MasteryScoreIRI + "]", quote(r.mastery) + " is not between 0 and 1"
		}
		rec.more().mastery, rec.extra.hasMastery = units, true
	}
	if r.moveOn != nil {
		m, ok := parseMoveOn(r.moveOn)
		if !ok {
			return "context.extensions[" + MoveOnIRI + "]", quote(r.moveOn) + " is not a cmi5 moveOn value (Completed, Passed, CompletedAndPassed, CompletedOrPassed or NotApplicable)"
		}
		rec.more().moveOn = m
	}
	rec.success, rec.complete = r.success, r.completion
	if r.reason != nil {
		rec.more().reason = utf8String(r.reason)
	}
	return "", ""
}

// more returns the record's extra parts, making them on first use.
func (rec *record) more() *extra {
	if rec.extra == nil {
		rec.extra = &extra{}
	}
	return rec.extra
}

// lookUp asks the mapping (through the caches) who the actor is and what
// the activity is.
func (im *Importer) lookUp(r *raw, rec *record) {
	if !rec.group {
		rec.person = im.person(&r.actor)
	}
	if a := rec.act; !a.asked {
		a.course, a.ok = im.m.Activities.Course(a.iri)
		a.asked = true
		if a.course.MasteryScore.Valid {
			a.mastery = score.CeilUnits(a.course.MasteryScore.Decimal)
		}
	}
}

// activity returns the entry for an activity IRI, making it on first use.
func (im *Importer) activity(iri []byte) *activity {
	if a, ok := im.activities[string(iri)]; ok {
		return a
	}
	a := &activity{iri: utf8String(iri)}
	im.activities[string(iri)] = a
	return a
}

// person returns the mapping's answer for an agent, through the cache.
func (im *Importer) person(a *rawActor) *personHit {
	k := im.key[:0]
	switch {
	case a.mbox != nil:
		k = append(append(k, 'm'), a.mbox...)
	case a.sha1 != nil:
		k = append(append(k, 's'), a.sha1...)
	case a.openID != nil:
		k = append(append(k, 'o'), a.openID...)
	default:
		k = append(append(append(append(k, 'a'), a.home...), 0), a.name...)
	}
	im.key = k
	if hit, ok := im.people[string(k)]; ok {
		return hit
	}
	act := Actor{Mbox: utf8String(a.mbox), MboxSHA1Sum: utf8String(a.sha1), OpenID: utf8String(a.openID),
		Account: Account{HomePage: utf8String(a.home), Name: utf8String(a.name)}}
	id, ok := im.m.People.Person(act)
	hit := &personHit{id: id, ok: ok, actor: describe(act)}
	im.people[string(k)] = hit
	return hit
}

// describe names an actor by its identifier, for reasons.
func describe(a Actor) string {
	switch {
	case a.Mbox != "":
		return "mbox " + a.Mbox
	case a.MboxSHA1Sum != "":
		return "mbox_sha1sum " + a.MboxSHA1Sum
	case a.OpenID != "":
		return "openid " + a.OpenID
	}
	return "account " + a.Account.Name + " on " + a.Account.HomePage
}

// intern returns a shared string for a verb IRI, of which an import has
// few.
func (im *Importer) intern(b []byte) string {
	if s, ok := im.verbs[string(b)]; ok {
		return s
	}
	s := utf8String(b)
	im.verbs[string(b)] = s
	return s
}

// hoursOf returns thousandths of an hour as a decimal, shared between
// credits with the same hours.
func (im *Importer) hoursOf(units int64) decimal.Decimal {
	if d, ok := im.hours[units]; ok {
		return d
	}
	d := decimal.New(units, -3)
	if units%isoduration.HoursScale == 0 {
		d = decimal.NewFromInt(units / isoduration.HoursScale)
	}
	im.hours[units] = d
	return d
}

// isHex reports whether b is n hex digits.
func isHex(b []byte, n int) bool {
	if len(b) != n {
		return false
	}
	for _, c := range b {
		if _, ok := unhex(c); !ok {
			return false
		}
	}
	return true
}

// quote quotes a value for a message, shortening a long one.
func quote(b []byte) string {
	const most = 80
	if len(b) > most {
		return strconv.Quote(string(b[:most])) + "…"
	}
	return strconv.Quote(string(b))
}

// unhex returns the value of a hex digit.
func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
