// Package appraisal holds the rules of performance management that
// professional development answers to: the appraisal cycle, improvement
// targets and how effective the development done for them was, feedback on
// development activities, 1-to-1 supervision meetings, CPD log
// submissions, performance improvement plans, development days and sector
// updates cascaded to staff.
//
// It is pure: it imports no other cpdkit package and does no I/O. Package
// cpd stores these values, decides who may change them and turns them into
// CPD activities; appraisal says what a valid value is and what follows
// from a set of them. Every type is plain data and every function depends
// only on its arguments, so all of it is safe for concurrent use.
//
// # The cycle
//
// Each academic year a person has one annual appraisal (a [Review] of kind
// [Annual]) and any number of [Interim] reviews ([Cycle] keeps the count
// right). A review records the [Target]s set or carried forward, the
// professional development plan (its [Need]s, each linked to one of those
// targets or marked aspirational) and the signatures of the appraiser (the
// line manager) and the appraisee. Once both have signed it is signed off:
// package cpd then turns each need into a requested CPD activity linked to
// its target. Nobody signs for someone else ([ErrNotSignatory]).
//
// # Targets and effectiveness
//
// Improvement targets come from improvement planning (the self-assessment
// report and quality improvement plan, SAR/QIP, where each target belongs
// to an area), observations of teaching, learning and assessment (OTLA),
// appraisal, work scrutiny, quality assurance and performance improvement
// plans ([Source]). Each has an owner, a due date and a [TargetStatus].
// When a target is evaluated ([Target.Evaluate]: achieved, partly achieved
// or not achieved) the owner and their line manager each rate how
// effective every development activity linked to it was, with a comment
// ([Target.Rate]); rating an activity that is not linked to the target is
// [ErrNotLinked]. [ReviewPlan] builds the monthly improvement-plan review:
// per target, its development needs and their [Progress].
//
// # Feedback
//
// Feedback on a completed activity ([Feedback]) is scored against the five
// levels of professional-development evaluation used in education
// (Guskey): participants' reactions, participants' learning,
// organisational support and change, participants' use of new knowledge
// and skills, and learner outcomes ([Level]). Only the person who
// completed the activity may give it ([ErrNotParticipant]). [BuildReport]
// is the monitoring report for the head of education or director: average
// scores by provider, activity kind and aspect, as exact decimals, and the
// feedback still outstanding.
//
// # 1-to-1s, logs, plans, days and updates
//
// Professional learning is a standing item of every 1-to-1 supervision
// [Meeting]: [BuildAgenda] builds it from what it is given (activities
// since the last meeting, feedback outstanding, targets due, compliance
// items expiring, whether the CPD log is up to date). A [LogSubmission] is
// one submission of the CPD log on the policy's cadence. A performance
// improvement plan ([PIP]) must contain at least one professional-learning
// action ([ErrNoProfessionalLearning]). A [DevDay] is a development day
// planned for an academic year with its sessions and, later, who attended
// each. An [Update] is a regulator or sector update sent to the staff its
// [Audience] covers; each recipient's [Receipt] records their
// acknowledgement and [Readership] shows the sender who has not yet read it.
//
// # Conventions
//
// Days are date.Date, hours decimal.Decimal. Enumerations start at 1 (zero
// is unset), have String and are written in JSON as stable lowercase names.
// Activity kinds, aspects, compliance topics, roles and job roles are
// package cpd's and compliance's stable names, held here as strings so that
// appraisal stays independent; cpd checks them. Every rule broken is an
// error matching [ErrInvalid] (a [*ValidationError] naming the field), or
// one of the other ErrX values, testable with errors.Is.
package appraisal
