// Package cpdimport is the one bridge from the importers into
// cpd.Service: what an LMS (xAPI), an awarding body (Open Badges) or an HR
// export (CSV) says was completed becomes completed activities for
// cpd.Activities.ImportCompletions, and what the source has since retracted
// becomes withdrawals for cpd.Activities.WithdrawImported.
//
// The importers themselves stand alone: package xapi and package badges
// import no cpdkit package but compliance, so an LMS vendor can use them
// with compliance alone, and package csvio reads its files without a
// Service. This package turns what they read into a [Batch] — the
// activities to import, each with a Source a person can find it by
// ("statement <id>", "badge #3 (<id>)", "line 14"), and the withdrawals to
// apply — and [Apply] records a Batch in the Service:
//
//   - [FromXAPI] makes a Batch from an xAPI import (xapi.Result): one
//     activity per credit, and one withdrawal per statement it voids;
//   - [FromBadges] makes one from an Open Badges import (badges.Result):
//     one activity per award, and one withdrawal per badge refused as
//     revoked, so that a badge revoked after its award was imported stops
//     counting, as a voided statement does;
//   - package csvio builds its own (ReadCompletions' rows, each named by
//     its line) and applies it here, mapping the refusals back to lines
//     and columns.
//
// Each activity carries the person, a title, the compliance topics, the
// hours, the completion day, any expiry (a badge's), and as its evidence
// the statement's or badge's id. Its ExternalRef is that id with the
// source's prefix, "xapi:" ([XAPIRef]) or "badge:" ([BadgeRef]), so that
// an import run again records nothing twice, and so that a later void or
// revocation can name it. What an LMS or badge does not say (the kind of
// activity, its aspect, whether it was necessary, where the need came
// from) comes from the course's or achievement's Kind and Aspect when they
// are cpd names ("webinar", "keeping_up_to_date"), and from [Options]
// otherwise.
//
// # Where each rule lives
//
// Each rule the importers share is written once:
//
//   - Dedupe. Within one document, by the source's own id: [xapi] drops
//     a statement id seen before (the first wins), [badges] a badge id
//     seen before, since a standalone user of either needs it. Within one
//     Batch and against what is already stored, by ExternalRef:
//     [cpd.Activities.ImportCompletions] lists the repeat in
//     ImportResult.Duplicates and records it once (csvio reports them by
//     line). This package and csvio drop no activity themselves.
//   - Voids and revocations. Package xapi reads voiding statements
//     (Result.Voided) and package badges revocations (a refusal with
//     status badges.Revoked), each dropping the credit within its own
//     document; FromXAPI and FromBadges, here, turn them into withdrawals
//     of the activities earlier imports made; cpd.Activities.WithdrawImported
//     withdraws them, audited, with the people's statuses refreshed.
//   - Dates. Timestamps are read by package internal/isotime, shared by
//     xapi and badges, and dated in the organisation's time zone by
//     each importer's Options.Location; csvio reads calendar days as the
//     file writes them. This package copies the day it is given.
//   - The evidence rule (one evidence record per topic, the hours on the
//     first only): compliance.Completion.AppendEvidence, used by xapi's
//     and badges' Evidence and ByPerson and by cpd's statuses.
//
// Which sections of the specifications the importers follow, and which
// fields they ignore, is in their package documentation: [xapi] (xAPI
// 1.0.3 Data, and cmi5 for its move-on rules, launched, waived and
// satisfied statements) and [badges] (Open Badges 2.0 and 3.0, with
// Verifiable Credentials 1.1 and 2.0 dates); csvio's file format (RFC
// 4180, headers, dates and encodings) is in its own.
//
// The functions other than Apply are pure; all are safe for concurrent
// use.
package cpdimport
