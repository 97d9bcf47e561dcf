package cpd

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/compliance"
)

// Service applies cpd's use cases: it authorises the actor in the
// context, enforces the rules and writes through the Store, one transaction
// per call. It is safe for concurrent use.
//
// Unless its documentation says otherwise, every method that takes a
// context returns, wrapped with what it was doing: ErrNoActor when the
// context carries no actor; ErrForbidden when the actor (or an actor the
// Directory does not know) may not do it, the same error whether or not
// the target exists; ErrNotFound when the target does not exist, only to
// the roles that read everyone (a list of a person's records, such as
// Activities or Claims, of a person who does not exist is ErrNotFound, not
// an empty list); ErrInvalid, with a *ValidationError naming the field,
// for bad input; ErrTransition, with a *TransitionError, for a step the
// activity's state does not allow; ErrConflict when a record
// changed since it was read (a retry may succeed); ErrDirectory, with a
// *DirectoryError, when the Directory cannot say who the actor is; or the
// Store's own error. A Directory that cannot answer for anyone else (whose
// line manager decides what the actor may do, say) is taken not to know
// them: the actor is refused as anyone would be, told nothing of the
// failure. A method that fails writes nothing.
//
// The use cases are grouped by what they are about, each group a facet of
// the Service over the same store, directory and policy (as a client for a
// large web API groups its calls): the staff records in Staff; the CPD
// activity life cycle in Activities; the compliance status, alerts and
// reminders in Compliance; the money in Budgets; the appraisal cycle in
// Appraisals; and development days, feedback and sector updates in
// Development. The audit trail and the evaluator, which serve every group,
// are the Service's own.
type Service struct {
	*kernel

	// Staff keeps the people: their records, leaving, exemptions,
	// extensions, planned qualifications and subject access.
	Staff *Staff
	// Activities runs the CPD activity life cycle, from request or
	// import to completion and evaluation.
	Activities *Activities
	// Compliance reads the compliance status of a person or the
	// organisation, keeps it fresh, and raises alerts and reminders.
	Compliance *Compliance
	// Budgets holds the money: budgets, transfers, claims, the forecast
	// and support decisions. Its calls need Options.Budget.
	Budgets *Budgets
	// Appraisals runs performance management: reviews, targets,
	// one-to-ones, improvement plans and CPD log submissions.
	Appraisals *Appraisals
	// Development plans development days, gathers feedback on activities
	// and sends sector updates.
	Development *Development
}

// kernel is what every facet of a Service shares: the store, the
// directory, the compiled policies, the clock and the helpers that
// authorise, validate and write. Facets embed it; svc points back to the
// Service so that a use case in one facet can call one in another.
type kernel struct {
	svc *Service

	store     Store
	dir       Directory
	eval      *compliance.Evaluator
	reqs      []compliance.Requirement // the policy's, in order (read only)
	yearStart compliance.MonthDay      // the policy's AcademicYearStart
	policy    string                   // fingerprint of the policy, stored with each status
	topics    map[string]bool          // the evidence topics some requirement of the policy matches
	clock     func() time.Time         // Options.Now; read once per call (see work)
	loc       *time.Location
	newID     func() string
	money     *budget.Policy // nil: no budget use cases

	reminders []ReminderRule // Options.Reminders (read only)

	policyNotes policyNotes // organisations known to hold the policy's record (see notePolicy)
	viewRows    sync.Map    // organisation → rows of its last organisation view, to size the next

	// logTopics are the evidence topics a CPD log submission meets: those
	// of the policy's submission requirements.
	logTopics []string
}

// Options tune a Service. A nil *Options means the defaults.
type Options struct {
	// Now is the clock; default time.Now. Tests set it.
	Now func() time.Time
	// Location is the organisation's time zone, which turns instants into
	// calendar days; default Europe/London.
	Location *time.Location
	// NewID makes record IDs; default 128 random bits in hex.
	NewID func() string
	// Budget is the budget policy (who sets budgets, approval chains,
	// claims); nil means the budget use cases are not available.
	Budget *budget.Policy
	// Reminders are the rules of who is reminded of what, and when (see
	// ReminderRule and Compliance.Reminders); none means no reminders. A rule
	// that does not validate is ErrInvalid, naming it as reminders[i].
	Reminders []ReminderRule
}

// New builds a Service over a store and a directory for a compliance
// policy. It returns an error matching ErrInvalid if the policy is invalid
// or the store or directory is nil, and a *ValidationError naming the
// field if the compliance policy (a scope's roles, an hours rule's aspects
// or activity kinds) or the budget policy (a rule's kinds) names a role,
// aspect or activity kind that is not one of cpd's.
func New(store Store, dir Directory, policy compliance.Policy, opts *Options) (*Service, error) {
	switch {
	case store == nil:
		return nil, fmt.Errorf("cpd.New: %w", invalid("store", "is required"))
	case dir == nil:
		return nil, fmt.Errorf("cpd.New: %w", invalid("directory", "is required"))
	}
	eval, err := compliance.NewEvaluator(policy)
	if err != nil {
		return nil, fmt.Errorf("cpd.New: %w: %w", ErrInvalid, err)
	}
	if err := checkPolicyNames(&policy); err != nil {
		return nil, fmt.Errorf("cpd.New: %w", err)
	}
	canonical, err := json.Marshal(policy)
	if err != nil {
		return nil, fmt.Errorf("cpd.New: %w", err)
	}
	sum := sha256.Sum256(canonical)
	s := &kernel{store: store, dir: dir, eval: eval, reqs: eval.Policy().Requirements, yearStart: eval.Policy().AcademicYearStart, policy: hex.EncodeToString(sum[:8]),
		topics: topicsOf(policy), clock: time.Now, newID: randomID, logTopics: submissionTopics(policy)}
	if opts != nil {
		if opts.Now != nil {
			s.clock = opts.Now
		}
		if opts.Location != nil {
			s.loc = opts.Location
		}
		if opts.NewID != nil {
			s.newID = opts.NewID
		}
		if err := s.setBudgetPolicy(opts.Budget); err != nil {
			return nil, fmt.Errorf("cpd.New: %w", err)
		}
		if err := checkReminderRules(opts.Reminders, s.reqs); err != nil {
			return nil, fmt.Errorf("cpd.New: %w", err)
		}
		s.reminders = slices.Clone(opts.Reminders)
	}
	if s.loc == nil {
		if s.loc, err = time.LoadLocation("Europe/London"); err != nil {
			return nil, fmt.Errorf("cpd.New: load Europe/London (set Options.Location): %w", err)
		}
	}
	svc := &Service{kernel: s, Staff: &Staff{s}, Activities: &Activities{s}, Compliance: &Compliance{s},
		Budgets: &Budgets{s}, Appraisals: &Appraisals{s}, Development: &Development{s}}
	s.svc = svc
	return svc, nil
}

// topicsOf returns the evidence topics that meet some requirement of the
// policy: each requirement's topics, or its ID when it lists none (hours
// rules match no topic).
func topicsOf(policy compliance.Policy) map[string]bool {
	topics := make(map[string]bool)
	for _, r := range policy.Requirements {
		switch {
		case r.Kind == compliance.MinimumHours:
		case len(r.Topics) == 0:
			topics[r.ID] = true
		default:
			for _, t := range r.Topics {
				topics[t] = true
			}
		}
	}
	return topics
}

func randomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

// Evaluator returns the compliance evaluator for the Service's policy.
func (s *Service) Evaluator() *compliance.Evaluator { return s.eval }

// load reads and decodes one record.
func load[T any](ctx context.Context, tx Tx, kind Kind, id string, v *T) (int64, error) {
	r, err := tx.Get(ctx, kind, id)
	if err != nil {
		return 0, err
	}
	if err := decodeRecord(r, v); err != nil {
		return 0, err
	}
	return r.Version, nil
}

// save encodes and writes one record at the version it was read.
func save(ctx context.Context, tx Tx, r Record, v any, c Change) (int64, error) {
	data, err := encodeRecord(r.Kind, v)
	if err != nil {
		return 0, err
	}
	r.Data = data
	stored, err := tx.Put(ctx, r, c)
	if err != nil {
		return 0, err
	}
	return stored.Version, nil
}

func getPerson(ctx context.Context, tx Tx, id string) (Person, error) {
	p, v, err := personRecords.get(ctx, tx, id)
	p.Version = v
	return p, err
}

// personOf decodes a person's record.
func personOf(r Record) (*Person, error) {
	var p Person
	if err := decodeRecord(r, &p); err != nil {
		return nil, err
	}
	p.Version = r.Version
	return &p, nil
}

func putPerson(ctx context.Context, tx Tx, p *Person, c Change) error {
	v, err := personRecords.put(ctx, tx, p, p.Version, c)
	p.Version = v
	return err
}

func getActivity(ctx context.Context, tx Tx, id string) (Activity, error) {
	a, v, err := activityRecords.get(ctx, tx, id)
	a.Version = v
	return a, err
}

func putActivity(ctx context.Context, tx Tx, a *Activity, c Change) error {
	v, err := activityRecords.put(ctx, tx, a, a.Version, c)
	a.Version = v
	if err != nil {
		return err
	}
	if err := linkActivities(ctx, tx, c, a); err != nil { // the improvement-plan review's index
		return err
	}
	return linkDone(ctx, tx, c, a) // the feedback report's index
}

// each calls fn for every record of a kind matching q, page by page.
func each(ctx context.Context, tx Tx, kind Kind, q Query, fn func(Record) error) error {
	for {
		page, err := tx.List(ctx, kind, q)
		if err != nil {
			return err
		}
		for _, r := range page.Records {
			if err := fn(r); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		q.After = page.Next
	}
}

// activitiesOf returns every activity of one person.
func activitiesOf(ctx context.Context, tx Tx, person string, states ...State) ([]Activity, error) {
	q := Query{Owner: person, Limit: MaxLimit}
	for _, st := range states {
		q.States = append(q.States, st.String())
	}
	var out []Activity
	err := each(ctx, tx, KindActivity, q, func(r Record) error {
		a, err := decodeActivity(r)
		if err != nil {
			return err
		}
		out = append(out, a)
		return nil
	})
	return out, err
}
