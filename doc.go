// Package cpdkit runs an education or training provider's Continuing
// Professional Development (CPD) the way its written policy says: who must
// do which training, by when, how often, which qualifications and
// memberships each job role needs, how many hours a year, and how often the
// CPD log is submitted. It is a Go library for UK further-education,
// apprenticeship and initial-teacher-training providers, and for the
// people who build their systems.
//
// This package holds no code; it is the overview. Read it first.
//
// # Who it is for
//
//   - HR and staff-management systems that embed cpdkit: they keep their own
//     people, identity and storage, and ask cpdkit where each person
//     stands and what to do next.
//   - Learning-management-system vendors that import only the compliance
//     rules: package compliance imports no other public cpdkit package
//     (only the shared mechanism under internal/), so it can be taken
//     alone and fed from the LMS's own records.
//   - Anyone trying it out: the standalone programs in examples/ run with
//     nothing but Go installed.
//
// # Packages
//
// The domain, pure: none imports another cpdkit package or does I/O.
//
//   - compliance: the rules. A compliance.Policy (loaded from JSON with
//     compliance.ParsePolicy or built in Go) lists requirements: renewable
//     training (safeguarding every year), one-off training, qualifications
//     a job role needs (QTS, with dated plans for those without),
//     professional memberships, a minimum of CPD hours per academic year
//     (pro rata by FTE and time in post) and submissions on a cadence (the
//     CPD log every two months). An Evaluator says where a person stands
//     against each requirement on a given day, with a status (compliant,
//     due soon, pending, planned, overdue, missing, exempt, not applicable)
//     and a plain-English reason; a Matrix does the same for a whole staff
//     list, with rates and expiry reminders.
//
//   - budget: money as a decimal and an ISO 4217 currency, budgets per
//     academic year split into lines, the ledger (commitments, releases,
//     actuals, transfers), approval chains as policy data, cover, expense
//     claims and the exact prioritised allocation of a budget.
//
//   - appraisal: appraisal cycles and reviews with sign-off, improvement
//     targets and how effective each linked activity was, feedback on the
//     five levels of evaluation and its monitoring report, the 1-to-1's
//     professional-learning item, CPD log submissions, performance
//     improvement plans, development days and sector updates.
//
// The Service and its ports:
//
//   - cpd: people, CPD activities and their life, budgets and appraisal,
//     through the Service, which applies the use cases over a Store and a
//     Directory port: every call authorised from the actor in the context,
//     every change audited in the same transaction, each person's
//     compliance status kept up to date on write so that organisation
//     views read one record per person; reminders by rules of policy data,
//     each recorded and sent once through the embedder's Notifier.
//
//   - adapters/memory (in memory), adapters/sqlstore (SQLite, the embedded
//     default, and PostgreSQL, with migrations and the domain's rules in
//     the schema) and adapters/storetest, the conformance suite every Store
//     passes; adapters/directorytest is the one every Directory passes.
//
// Data in and out:
//
//   - adapters/xapi: xAPI 1.0.3 statements in, compliance evidence out,
//     through the caller's mapping of actors to people and activities to
//     topics (cmi5 move-on rules, durations as exact hours, timestamps
//     dated in the organisation's time zone, duplicates and voided
//     statements dropped); it imports only compliance (and its JSON
//     scanner and value readers under internal/). adapters/badges
//     does the same for Open Badges 2.0 and 3.0.
//
//   - adapters/cpdimport: the one bridge from the importers (xapi, badges
//     and csvio's completions) into the Service: their records as
//     activities for Activities.ImportCompletions, and voided statements and
//     revoked badges withdrawn through Activities.WithdrawImported.
//
//   - adapters/csvio: a staff roster and completion records in, all or
//     nothing with every error by line and column; a person's CPD record,
//     the budget report and the single-central-register compliance matrix
//     out.
//
//   - adapters/report: the organisation's report as one self-contained
//     HTML file, gathered from the Service.
//
// The examples are standalone programs, each with a README: quickstart
// (the tour), compliance-check, lms-import, budget-year, appraisal-cycle,
// report and hr-embed (an HTTP server embedding the Service). They take
// their policies from package presets, the two reference policies and
// their budget rules as JSON, with every assumption they make written in
// their notes; any program may load them.
//
// Domain packages never import an adapter; nothing imports examples.
//
// # Key decisions
//
//   - Dates are date.Date values (github.com/rickb777/date/v2) (days, no time
//     of day); lengths of time are ISO 8601 periods such as P1Y or P30D.
//     Adding a period clamps to the end of the month (31 January + P1M is
//     28 or 29 February; see compliance.AddClamped). Evidence completed
//     on day D with validity V counts from D up to, not including, D+V.
//   - Hours and money are decimals, never floats; money carries an ISO 4217
//     currency and two currencies are never added.
//   - The academic year's first day is configured per organisation
//     (1 August and 1 September are both common in England).
//   - Policies are data: JSON with unknown, wrong-case and repeated keys
//     rejected, or Go values. Every error names the field at fault and
//     matches an ErrX value.
//   - Tenancy: every stored row belongs to one organisation, and no query
//     crosses organisations, so a large provider can distribute the same
//     schema by organisation.
//   - No package-level mutable state; values built once (an Evaluator) are
//     safe for concurrent use.
//
// # Usage
//
// Evaluate one person against a policy on a given day:
//
//	policy, err := compliance.ParsePolicy(policyJSON) // or presets.Load("letta")
//	if err != nil {
//		return err // matches compliance.ErrInvalid, naming the field
//	}
//	e, err := compliance.NewEvaluator(policy) // build once, share freely
//	if err != nil {
//		return err
//	}
//	person := compliance.Person{ID: "t-17", Start: date.New(2024, time.September, 2), JobRole: "teacher"}
//	evidence := []compliance.Evidence{{ID: "c-1", Topic: "safeguarding", Date: date.New(2026, time.January, 12)}}
//	res, err := e.Evaluate(person, evidence, date.Today())
//	if err != nil {
//		return err
//	}
//	for _, it := range res.Items {
//		fmt.Println(it.Requirement.ID, it.Status, it.Reason())
//	}
//
// The package's example (Embed) wires the whole Service as an HR system
// would: a store, a Directory, cpd.New, a completion recorded by an
// administrator, and the person's compliance read back. README.md shows
// the same code.
package cpdkit
