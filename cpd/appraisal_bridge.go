package cpd

import (
	"errors"
	"fmt"
	"slices"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/compliance"
)

// The kinds of record that performance management adds (see package
// appraisal). Each is stored as JSON through the same Store port; the
// record's Owner is the person it is about ("" for organisation-wide
// records) and its State a filterable stage.
const (
	// KindReview is an appraisal review (annual or interim); State is its
	// sign-off stage ("draft" … "signed_off").
	KindReview Kind = "review"
	// KindTarget is an improvement target, owned by the person responsible;
	// State is its status.
	KindTarget Kind = "target"
	// KindFeedback is feedback on an activity; its ID is the activity's.
	KindFeedback Kind = "feedback"
	// KindMeeting is a 1-to-1 supervision meeting.
	KindMeeting Kind = "meeting"
	// KindLogSubmission is one submission of a person's CPD log.
	KindLogSubmission Kind = "log_submission"
	// KindPIP is a performance improvement plan.
	KindPIP Kind = "pip"
	// KindDevDay is a development day; State is its academic year.
	KindDevDay Kind = "dev_day"
	// KindUpdate is a sector update sent to staff.
	KindUpdate Kind = "sector_update"
	// KindReceipt is one recipient's copy of a sector update; its ID is the
	// update's ID, "/", and the person's; State is "unread" or "read".
	KindReceipt Kind = "update_receipt"
)

// AppraisalKinds returns the record kinds that performance management
// stores, for tools (such as atomicity tests) that compare a store's
// contents.
func AppraisalKinds() []Kind {
	return []Kind{KindReview, KindTarget, KindFeedback, KindMeeting, KindLogSubmission, KindPIP, KindDevDay, KindUpdate, KindReceipt, KindPlanReview}
}

// view is the activity as package appraisal sees it.
func (a *Activity) view() appraisal.Activity {
	return appraisal.Activity{
		ID: a.ID, Person: a.Person, Title: a.Title, Kind: a.Kind.String(), Aspect: a.Aspect.String(),
		Provider: a.Provider, Targets: slices.Clone(a.Targets), Progress: progressOf(a.State),
		Completed: a.Completed, Hours: a.Hours,
	}
}

// progressOf maps an activity's state to how far a need has got.
func progressOf(st State) appraisal.Progress {
	switch {
	case st.Done():
		return appraisal.Done
	case st.Open():
		return appraisal.Planned
	}
	return appraisal.Dropped
}

func views(acts []Activity) []appraisal.Activity {
	out := make([]appraisal.Activity, len(acts))
	for i := range acts {
		out[i] = acts[i].view()
	}
	return out
}

// checkNeedNames checks that a need names an activity kind and aspect cpd
// knows.
func checkNeedNames(field string, n appraisal.Need) error {
	var k ActivityKind
	if k.UnmarshalText([]byte(n.Kind)) != nil {
		return invalid(field+".kind", "%q is not an activity kind", n.Kind)
	}
	var a Aspect
	if a.UnmarshalText([]byte(n.Aspect)) != nil {
		return invalid(field+".aspect", "%q is not an aspect", n.Aspect)
	}
	return nil
}

// request turns a development need into a requested activity for person,
// from a source. It is requested in the person's name, so that their line
// manager may approve it (nobody approves their own request).
func (s *kernel) request(person string, n appraisal.Need, src Source) (Activity, error) {
	a := Activity{
		ID: s.newID(), Person: person, Title: n.Title, Source: src, Hours: n.Hours, Necessity: Necessary,
		State: Requested, RequestedBy: person,
	}
	if n.Aspirational {
		a.Necessity = Aspirational
	}
	if n.Target != "" {
		a.Targets = []string{n.Target}
	}
	if err := a.Kind.UnmarshalText([]byte(n.Kind)); err != nil {
		return Activity{}, err
	}
	if err := a.Aspect.UnmarshalText([]byte(n.Aspect)); err != nil {
		return Activity{}, err
	}
	return a, a.Validate()
}

// fromAppraisal classifies an error from package appraisal as one of
// cpd's: a rule broken is ErrInvalid, something already recorded
// ErrConflict, and acting for someone else ErrForbidden (saying nothing
// more). The appraisal error stays wrapped for errors.Is and errors.As.
func fromAppraisal(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, appraisal.ErrNotSignatory), errors.Is(err, appraisal.ErrNotParticipant), errors.Is(err, appraisal.ErrNotRecipient):
		return deny(op)
	case errors.Is(err, appraisal.ErrDuplicate):
		return fmt.Errorf("%w: %w", ErrConflict, err)
	case errors.Is(err, appraisal.ErrInvalid), errors.Is(err, appraisal.ErrSignedOff):
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return err
}

// yearOf is the label of the academic year containing a day, by the
// policy's start of year.
func (s *kernel) yearOf(d date.Date) string {
	return compliance.AcademicYearOf(s.yearStart, d).String()
}

// monitorsFeedback reports whether the caller may read the feedback
// report: the head of education (or director of school improvement), the
// IQA, the managing director and auditors.
func (c caller) monitorsFeedback() bool {
	return c.id.Has(RoleHeadOfEducation, RoleIQA, RoleManagingDirector, RoleAuditor)
}

// submissionTopics are the evidence topics of a policy's submission
// requirements, but for the cadences cpd's review records meet
// (isCadenceTopic): a CPD log submission evidences each.
func submissionTopics(p compliance.Policy) []string {
	var out []string
	for _, r := range p.Requirements {
		if !isLogRequirement(&r) {
			continue
		}
		if len(r.Topics) > 0 {
			out = append(out, r.Topics[0])
		} else {
			out = append(out, r.ID)
		}
	}
	return out
}
