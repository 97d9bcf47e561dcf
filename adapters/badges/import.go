package badges

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/internal/isotime"
)

// Options tune an import. A nil *Options means the defaults.
type Options struct {
	// Location is the organisation's time zone, which turns timestamps
	// into calendar days; default Europe/London.
	Location *time.Location
	// SkipBad imports the good badges and lists the bad ones in
	// Result.Rejected, instead of failing the whole import.
	SkipBad bool
	// Status checks 3.0 credentials' credentialStatus; without it they
	// are imported unchecked (Award.StatusUnchecked).
	Status StatusChecker
	// RequireStatusCheck refuses, instead of importing unchecked, a 3.0
	// credential with a credentialStatus when Status is nil.
	RequireStatusCheck bool
	// MaxSize bounds the document's size in bytes; default 64 MiB.
	MaxSize int64
}

// defaultMaxSize bounds a document when Options.MaxSize is unset.
const defaultMaxSize = 64 << 20

// Result is what an import found.
type Result struct {
	// Awards are the badges imported, in input order.
	Awards []Award
	// Refused are the good badges that give no credit (revoked, a
	// duplicate, or not mapped to a person or an achievement), in input
	// order.
	Refused []Refusal
	// Rejected are the bad badges, with Options.SkipBad.
	Rejected []*BadgeError
}

// Award is one badge imported: a person holds an accreditation from a day,
// perhaps until a day.
type Award struct {
	// ID is the assertion's or credential's id: the evidence's reference.
	ID string
	// Index is the badge's position in the document, from 0.
	Index   int
	Version Version
	// Person is the person the recipient mapped to.
	Person string
	// Badge is the BadgeClass (2.0) or Achievement (3.0) id; Name the
	// badge's own name, when the document gives it; Issuer the issuer's
	// name, or its id.
	Badge  string
	Name   string
	Issuer string
	// Achievement is what the mapping said of the badge, shared by every
	// award of it: do not modify it.
	Achievement *Achievement
	// Issued is the day it was issued (awarded) in the organisation's zone.
	Issued date.Date
	// ValidUntil is the last day it is valid; zero when it does not expire.
	ValidUntil date.Date
	// StatusUnchecked says the credential has a credentialStatus that was
	// not checked (no Options.Status); Status lists its entries, for the
	// caller to check.
	StatusUnchecked bool
	Status          []CredentialStatus
}

// Title returns the achievement's title, or the badge's own name.
func (a *Award) Title() string {
	if a.Achievement != nil && a.Achievement.Title != "" {
		return a.Achievement.Title
	}
	return a.Name
}

// Completion returns the award as a compliance completion: its ID, the
// day issued, ValidUntil, and its achievement's topics, hours, kind and
// aspect.
func (a *Award) Completion() compliance.Completion {
	c := compliance.Completion{ID: a.ID, Date: a.Issued, ValidUntil: a.ValidUntil}
	if a.Achievement != nil {
		c.Hours, c.Kind, c.Aspect, c.Topics = a.Achievement.Hours, a.Achievement.Kind, a.Achievement.Aspect, a.Achievement.Topics
	}
	return c
}

// Evidence returns the award as compliance evidence, by the one rule for
// completions ([compliance.Completion.AppendEvidence]): one record per
// topic of its achievement, each with the award's ValidUntil, with the
// hours on the first only; or one record without a topic (counting only
// for hours) when the achievement has none. Each record's ID is the
// award's.
func (a *Award) Evidence() []compliance.Evidence {
	return a.Completion().AppendEvidence(nil)
}

// ByPerson returns every award's evidence, by person ID, in input order.
func (r *Result) ByPerson() map[string][]compliance.Evidence {
	out := make(map[string][]compliance.Evidence)
	for i := range r.Awards {
		a := &r.Awards[i]
		out[a.Person] = a.Completion().AppendEvidence(out[a.Person])
	}
	return out
}

// Refusal is one good badge that gives no credit, and why.
type Refusal struct {
	Index int
	ID    string
	// Person and Badge are set when they are known.
	Person string
	Badge  string
	Status Status
	Reason string
}

// Import reads a badge, or a JSON array of badges (Open Badges 2.0
// assertions and 3.0 credentials, mixed as they come), and returns the
// awards they give.
//
// Errors: a *SyntaxError for malformed JSON or a document that is not a
// badge or an array; by default an *ImportError listing every bad badge;
// a *compliance.ValidationError for an unusable Mapping (all match
// ErrInvalid); ctx's error; the reader's; or the StatusChecker's. With
// any error nothing is returned.
func Import(ctx context.Context, r io.Reader, m Mapping, opts *Options) (Result, error) {
	im, err := newImporter(m, opts)
	if err != nil {
		return Result{}, err
	}
	elems, err := im.read(r)
	if err != nil {
		return Result{}, err
	}
	var res Result
	for i, raw := range elems {
		if err := ctx.Err(); err != nil {
			return Result{}, err
		}
		if err := im.badge(ctx, i, raw, &res); err != nil {
			return Result{}, err
		}
	}
	if len(res.Rejected) > 0 && !im.opts.SkipBad {
		return Result{}, &ImportError{Rejected: res.Rejected}
	}
	settle(&res)
	return res, nil
}

// importer is one import's settings.
type importer struct {
	m    Mapping
	opts Options
}

// newImporter checks the mapping and fills in the default options.
func newImporter(m Mapping, opts *Options) (*importer, error) {
	switch {
	case m.People == nil:
		return nil, &compliance.ValidationError{Field: "mapping.People", Reason: "is required"}
	case m.Achievements == nil:
		return nil, &compliance.ValidationError{Field: "mapping.Achievements", Reason: "is required"}
	}
	im := &importer{m: m}
	if opts != nil {
		im.opts = *opts
	}
	if im.opts.Location == nil {
		loc, err := time.LoadLocation("Europe/London")
		if err != nil {
			return nil, err
		}
		im.opts.Location = loc
	}
	if im.opts.MaxSize <= 0 {
		im.opts.MaxSize = defaultMaxSize
	}
	return im, nil
}

// read reads the document and returns its badges, raw.
func (im *importer) read(r io.Reader) ([]json.RawMessage, error) {
	data, err := io.ReadAll(io.LimitReader(r, im.opts.MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read badges: %w", err)
	}
	if int64(len(data)) > im.opts.MaxSize {
		return nil, &SyntaxError{Offset: im.opts.MaxSize, Reason: fmt.Sprintf("the document is longer than %d bytes (Options.MaxSize)", im.opts.MaxSize)}
	}
	var probe any
	if err := json.Unmarshal(data, &probe); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, &SyntaxError{Offset: se.Offset, Reason: se.Error()}
		}
		return nil, &SyntaxError{Reason: err.Error()}
	}
	trimmed := bytes.TrimSpace(data)
	switch trimmed[0] {
	case '[':
		var elems []json.RawMessage
		err := json.Unmarshal(trimmed, &elems)
		return elems, err
	case '{':
		return []json.RawMessage{trimmed}, nil
	}
	return nil, &SyntaxError{Offset: int64(bytes.IndexByte(data, trimmed[0])), Reason: "the document is not a badge or an array of badges"}
}

// badge reads one badge into res: an award, a refusal or a rejection. Its
// error is the StatusChecker's.
func (im *importer) badge(ctx context.Context, index int, raw json.RawMessage, res *Result) error {
	var rd reader
	var b rawBadge
	if !present(raw) || bytes.TrimSpace(raw)[0] != '{' {
		rd.bad("", "want a badge object")
	} else if path, found := invalidUTF8(raw); found {
		rd.bad(path, "is not valid UTF-8")
	} else {
		rd.decode("", raw, &b)
	}
	var a Award
	var refusal *Refusal
	if rd.ok() {
		a, refusal = im.parse(&rd, &b)
	}
	switch {
	case !rd.ok():
		res.Rejected = append(res.Rejected, &BadgeError{Index: index, ID: b.ID, Path: rd.path, Reason: rd.reason})
		return nil
	case refusal != nil:
		refusal.Index, refusal.ID = index, b.ID
		res.Refused = append(res.Refused, *refusal)
		return nil
	}
	a.Index = index
	refusal, err := im.checkStatus(ctx, &a)
	switch {
	case err != nil:
		return err
	case refusal != nil:
		refusal.Index = index
		res.Refused = append(res.Refused, *refusal)
	default:
		res.Awards = append(res.Awards, a)
	}
	return nil
}

// parse reads a badge of either version; a refusal says why a good one
// gives no credit.
func (im *importer) parse(rd *reader, b *rawBadge) (Award, *Refusal) {
	types := rd.types("type", b.Type)
	var a Award
	var ids []Recipient
	switch {
	case has(types, "Assertion") || !present(b.Type) && b.Revoked:
		a.Version = Version2
		if b.Revoked {
			return a, &Refusal{Status: Revoked, Reason: revokedReason(b.RevocationReason)}
		}
		ids = im.parse2(rd, b, &a)
	case has(types, "OpenBadgeCredential", "AchievementCredential"):
		a.Version = Version3
		ids = im.parse3(rd, b, &a)
	default:
		rd.bad("type", "want Assertion (Open Badges 2.0) or OpenBadgeCredential (3.0)")
	}
	if b.ID == "" {
		rd.bad("id", "is required")
	}
	if !rd.ok() {
		return a, nil
	}
	a.ID = b.ID
	return a, im.mapAward(&a, ids)
}

// revokedReason explains a revocation, with the issuer's reason if given.
func revokedReason(why string) string {
	if why == "" {
		return "revoked by its issuer"
	}
	return "revoked by its issuer: " + why
}

// parse2 reads an Open Badges 2.0 assertion and returns its recipient.
func (im *importer) parse2(rd *reader, b *rawBadge, a *Award) []Recipient {
	var rcp rawRecipient
	switch {
	case !present(b.Recipient):
		rd.bad("recipient", "is required")
	case rd.decode("recipient", b.Recipient, &rcp) && rcp.Type == "":
		rd.bad("recipient.type", "is required")
	case rcp.Identity == "":
		rd.bad("recipient.identity", "is required")
	}
	badge, ok := rd.link("badge", b.Badge)
	switch {
	case !ok && rd.ok():
		rd.bad("badge", "is required")
	case ok && badge.ID == "":
		rd.bad("badge.id", "is required")
	}
	a.Badge, a.Name = badge.ID, badge.Name
	if issuer, ok := rd.link("badge.issuer", badge.Issuer); ok {
		a.Issuer = cmpOr(issuer.Name, issuer.ID)
	}
	im.dates(rd, a, "issuedOn", b.IssuedOn, "expires", b.Expires)
	return []Recipient{{Type: rcp.Type, Identity: rcp.Identity, Hashed: rcp.Hashed, Salt: rcp.Salt}}
}

// parse3 reads an Open Badges 3.0 credential and returns the ways its
// subject is identified.
func (im *importer) parse3(rd *reader, b *rawBadge, a *Award) []Recipient {
	var subjects []rawSubject
	rd.many("credentialSubject", b.CredentialSubject, &subjects, "an object or an array of objects")
	switch {
	case !rd.ok():
		return nil
	case len(subjects) == 0:
		rd.bad("credentialSubject", "is required")
		return nil
	case len(subjects) > 1:
		rd.bad("credentialSubject", "has several subjects; a badge has one recipient")
		return nil
	}
	s := subjects[0]
	var idents []rawIdentity
	rd.many("credentialSubject.identifier", s.Identifier, &idents, "an array of IdentityObjects")
	var ids []Recipient
	for _, id := range idents {
		ids = append(ids, Recipient{Type: id.IdentityType, Identity: id.IdentityHash, Hashed: id.Hashed, Salt: id.Salt})
	}
	if s.ID != "" {
		ids = append(ids, Recipient{Type: "id", Identity: s.ID})
	}
	if len(ids) == 0 && rd.ok() {
		rd.bad("credentialSubject", "has neither an id nor an identifier")
	}
	achievement, ok := rd.link("credentialSubject.achievement", s.Achievement)
	switch {
	case !ok && rd.ok():
		rd.bad("credentialSubject.achievement", "is required")
	case ok && achievement.ID == "":
		rd.bad("credentialSubject.achievement.id", "is required")
	}
	a.Badge, a.Name = achievement.ID, cmpOr(achievement.Name, b.Name)
	if issuer, ok := rd.link("issuer", b.Issuer); ok {
		a.Issuer = cmpOr(issuer.Name, issuer.ID)
	}
	from, fromPath := b.ValidFrom, "validFrom"
	switch {
	case from == "" && b.IssuanceDate == "":
		rd.bad("validFrom", "is required (or issuanceDate, as 3.0 drafts named it)")
		return ids
	case from == "":
		from, fromPath = b.IssuanceDate, "issuanceDate"
	}
	until, untilPath := b.ValidUntil, "validUntil"
	if until == "" {
		until, untilPath = b.ExpirationDate, "expirationDate"
	}
	im.dates(rd, a, fromPath, from, untilPath, until)
	var entries []rawStatus
	rd.many("credentialStatus", b.CredentialStatus, &entries, "an object or an array of objects")
	for _, e := range entries {
		a.Status = append(a.Status, CredentialStatus{ID: e.ID, Type: e.Type, Purpose: e.StatusPurpose,
			ListIndex: string(e.StatusListIndex), ListCredential: e.StatusListCredential})
	}
	return ids
}

// dates reads the issue and expiry timestamps into days.
func (im *importer) dates(rd *reader, a *Award, fromPath, from, untilPath, until string) {
	if from == "" {
		rd.bad(fromPath, "is required")
		return
	}
	issued, err := im.instant(from)
	if err != nil {
		rd.bad(fromPath, stampReason(from, err))
		return
	}
	a.Issued = date.NewAt(issued.In(im.opts.Location))
	if until == "" {
		return
	}
	expires, err := im.instant(until)
	switch {
	case err != nil:
		rd.bad(untilPath, stampReason(until, err))
	case !expires.After(issued):
		rd.bad(untilPath, fmt.Sprintf("%s is not after %s %s", until, fromPath, from))
	default:
		// The day of the last moment it is valid.
		a.ValidUntil = date.NewAt(expires.Add(-time.Nanosecond).In(im.opts.Location))
	}
}

// instant reads an ISO 8601 date and time (Open Badges 2.0 DateTime, or
// a Verifiable Credentials dateTimeStamp) with the one reader cpdkit has,
// package isotime: seconds optional, any zone offset form, lower-case t
// and z. One without a zone, which the specifications do not allow but
// exports hold, is a wall time in the organisation's zone.
func (im *importer) instant(s string) (time.Time, error) {
	st, err := isotime.Parse(s)
	if err != nil {
		return time.Time{}, err
	}
	return st.Time(im.opts.Location), nil
}

// stampReason says why a timestamp was refused.
func stampReason(s string, err error) string {
	if errors.Is(err, isotime.ErrSyntax) {
		return fmt.Sprintf("%q is %v", s, err)
	}
	return fmt.Sprintf("%q %v", s, err)
}

// mapAward asks the mapping who the recipient is and what the badge
// counts for; a refusal says which it did not know.
func (im *importer) mapAward(a *Award, ids []Recipient) *Refusal {
	for _, id := range ids {
		if p, ok := im.m.People.Person(id); ok {
			a.Person = p
			break
		}
	}
	if a.Person == "" {
		return &Refusal{Badge: a.Badge, Status: UnknownPerson, Reason: "no person is mapped to the recipient " + describe(ids)}
	}
	ach, ok := im.m.Achievements.Achievement(a.Badge)
	if !ok {
		return &Refusal{Person: a.Person, Badge: a.Badge, Status: UnknownAchievement, Reason: "no achievement is mapped to the badge " + a.Badge}
	}
	a.Achievement = &ach
	return nil
}

// describe names a recipient's identities for a reason, hiding hashes'
// length.
func describe(ids []Recipient) string {
	var parts []string
	for _, id := range ids {
		v := id.Identity
		if id.Hashed {
			v = "(hashed)"
		}
		parts = append(parts, id.Type+" "+v)
	}
	return strings.Join(parts, ", ")
}

// checkStatus checks a 3.0 credential's credentialStatus, if it has one.
func (im *importer) checkStatus(ctx context.Context, a *Award) (*Refusal, error) {
	if len(a.Status) == 0 {
		return nil, nil
	}
	if im.opts.Status == nil {
		if im.opts.RequireStatusCheck {
			return &Refusal{ID: a.ID, Person: a.Person, Badge: a.Badge, Status: Unchecked,
				Reason: "its credentialStatus could not be checked (no Options.Status)"}, nil
		}
		a.StatusUnchecked = true
		return nil, nil
	}
	for _, st := range a.Status {
		revoked, err := im.opts.Status.Revoked(ctx, a.ID, st)
		if err != nil {
			return nil, fmt.Errorf("check the status of badge %d (%s): %w", a.Index, a.ID, err)
		}
		if revoked {
			return &Refusal{ID: a.ID, Person: a.Person, Badge: a.Badge, Status: Revoked,
				Reason: "revoked, says its credentialStatus " + cmpOr(st.ID, st.Type)}, nil
		}
	}
	return nil, nil
}

// cmpOr returns the first non-empty string.
func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
