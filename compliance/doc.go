// Package compliance decides where each member of staff stands against an
// organisation's mandatory training and professional standards: the rules
// of a CPD policy, pure and standalone.
//
// It imports no other cpdkit package, so an LMS vendor can take it alone:
// course completions in, a status per requirement out.
//
// # The model
//
// A [Policy] is a list of [Requirement]s, each of one [Kind]: renewable
// training (valid for a period, such as safeguarding for P1Y), one-off
// training, a qualification a job role requires (QTS), a professional
// membership that must be current (from its last renewal to its card's
// own expiry), a minimum of CPD hours per academic year (optionally
// counting only learning in the policy's scope: relevant to the job role or
// required by the organisation),
// or a submission on a cadence (the CPD log every P2M). A requirement says
// who it applies to (by organisational role, job role and employment type,
// with exclusions, or, for a qualification or membership marked
// [Requirement.ByJobRole], by the job descriptions of [Policy.JobRoles],
// which may name the levels that meet it), which evidence topics satisfy
// it (equivalences), how
// long a starter has to meet it (the induction deadline), when it becomes
// due soon (the renewal window), an optional grace period, and how renewals
// are dated ([Basis]).
//
// A [Person] carries the facts the rules need (start and leaving dates,
// roles, FTE, absences) and the decisions a manager made for them:
// [Extension]s, [Exemption]s and dated [Plan]s for missing qualifications.
// [Evidence] is any record that may meet a requirement, matched by topic.
// A [Completion] (an activity, a course completion, a badge) that covers
// several topics becomes evidence by one rule, whatever its source: one
// record per topic, its hours on the first only so that they count once.
//
// [NewEvaluator] validates and compiles a policy once; [Evaluator.Evaluate]
// gives one person's [Result], an [Item] per requirement with a [Status],
// the dates it is valid until or due by, the evidence that decided it, the
// hours done and required where relevant, and a plain-English
// [Item.Reason]. [Evaluator.Matrix] evaluates a whole organisation into a
// person × requirement matrix with compliance rates and the items expiring
// soon.
//
// # Dates
//
// Days are [date.Date] and lengths of time [period.Period]. Adding a period
// clamps to the end of the month ([AddClamped]): 31 January + P1M is the
// last day of February. Evidence completed on day D with validity V counts
// on the days D ≤ d < D+V, so its ValidUntil, the last day it counts, is
// D+V−1; a renewal window W makes it due soon from D+V−W. Every date in a
// result is inclusive: ValidUntil is the last valid day and DueBy the last
// day to act.
//
// # Policies as data
//
// [ParsePolicy] reads a policy from JSON, rejecting unknown, wrong-case and
// repeated keys; every error names its path, such as
// requirements[3].validity. Package presets
// (github.com/cpdkit/cpdkit/presets) holds the two reference policies.
//
// An Evaluator is immutable and safe for concurrent use; the package has no
// global state.
package compliance
