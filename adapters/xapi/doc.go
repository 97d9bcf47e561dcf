// Package xapi imports xAPI (Experience API 1.0.3) statements from a
// learning management system or learning record store as compliance
// evidence: statements in, [compliance.Evidence] out. It imports no cpdkit
// package but compliance (and the internal readers of timestamps and email
// addresses it shares with package badges), so an LMS vendor can use it
// with compliance alone; package cpdimport (adapters/cpdimport) turns the
// same credits into cpd activities for cpd.Activities.ImportCompletions.
//
// # Input
//
// [Import] reads one JSON document: an array of statements, an LRS
// StatementResult object ({"statements": [...], "more": "..."}, xAPI 1.0.3
// Data §2.5), whose more link it returns in [Result.More] for the caller
// to fetch, or a single statement object (told from a StatementResult by
// its first member, which is one of a statement's). A UTF-8 byte-order
// mark is skipped. A document that is not JSON is named in the error (an
// HTML page, UTF-16 text, a line of plain text such as "Unauthorized"), so
// that a person can tell what they were given. To read several pages as
// one import (so that a statement voided on a later page, or a duplicate
// across pages, is handled), give each page to [Importer.Add] and call
// [Importer.Result] at the end.
//
// The document is streamed, one statement at a time, by a parser written
// for the statement's shape: it validates the whole JSON syntax as
// encoding/json would, decodes only the fields it needs and skips the rest,
// so that a million statements take seconds, not minutes. Strings reach
// the caller as valid UTF-8, each byte that is not replaced with U+FFFD as
// encoding/json does. A statement longer than Options.MaxStatementSize is
// a bad statement (see Bad input), skipped as it is read: only its strings
// and brackets are followed, to find its end.
//
// # Mapping
//
// The caller says who is who and what counts for what through a [Mapping]:
// People maps an actor (mbox, mbox_sha1sum, openid or account) to a person
// ID, and Activities maps an activity IRI to a [Course]: its title, the
// compliance topics it evidences, and for cmi5 its moveOn rule and mastery
// score. [Agents] and [Catalogue] are ready-made implementations. A
// statement whose actor or activity is not mapped gives no credit and is
// reported in [Result.Outcomes].
//
// # Rules
//
//   - The verbs completed and passed (http://adlnet.gov/expapi/verbs/...)
//     give credit; failed does not, and other verbs are ignored. A
//     completed statement whose result.completion is false, or a passed
//     one whose result.success is false, contradicts itself and gives no
//     credit (cmi5 §9.5.2 and §9.5.3 require them true; xAPI leaves them
//     to the statement, and a self-contradicting record is no evidence).
//   - result.duration (ISO 8601, PT1H30M) gives the hours, computed exactly
//     and rounded half up to a thousandth of an hour, the grain at which
//     compliance sums hours. Years and months have no fixed length, so
//     only the other parts of a duration that uses them count (P1YT2H is
//     2 hours), and the credit carries a note saying so.
//   - timestamp (or, without one, stored) gives the day, converted to a
//     calendar date in the organisation's time zone (Options.Location,
//     Europe/London by default), never by truncating UTC: 2026-06-30T23:30Z
//     is 1 July in London. A timestamp without a zone is read as local time
//     there. A leap second (23:59:60Z) is dated on the day it ends, and a
//     year before 1900 (.NET's empty 0001-01-01, say) is a bad statement.
//   - A passed statement whose result.score.scaled is below the mastery
//     score (the Course's, else for cmi5 the one on the registration's
//     launched statement, else the statement's own masteryscore context
//     extension) gives no credit. Scores are compared to nine decimal
//     places: exactly, for cmi5 mastery scores, which have at most four.
//     A score longer than 64 characters is a bad statement.
//   - Credit goes to individual agents: a statement whose actor is a Group
//     is reported as for an unknown person.
//   - cmi5 statements (the cmi5 category in context.contextActivities)
//     follow the AU's moveOn rule, judged per actor, activity and
//     registration: one credit per satisfied registration, dated by the
//     statement that satisfied it, with the longest duration among the
//     statements that count towards it. The rule is the Course's, else the
//     one the LMS put on the registration's launched statement (cmi5
//     §9.6.3.6; the mastery score likewise, §9.6.3.2), else a moveon
//     extension on any of its statements, else CompletedOrPassed; so
//     import a registration's launched statement with the rest of it, or
//     set Course.MoveOn. NotApplicable counts as CompletedOrPassed, since
//     a credit needs a statement to date it. A waived statement (cmi5
//     §9.3.7) satisfies its registration whatever the rule, and a
//     satisfied statement (§9.3.9), whose object is a block or course,
//     gives credit for that block or course when the mapping knows it;
//     both credits carry a Note saying it was the LMS's word. Launched,
//     waived and satisfied outside cmi5 are ignored. Plain xAPI
//     statements that share a registration are credited once in the same
//     way; without a registration each credits on its own.
//   - Statements are deduplicated by id (the first wins), and a statement
//     voided by a voiding statement (verb
//     http://adlnet.gov/expapi/verbs/voided, object a StatementRef) gives no
//     credit, wherever the voiding statement comes in the import.
//     [Result.Voided] lists every id voided, so that credit imported in an
//     earlier run can be withdrawn (cpdimport.FromXAPI and
//     cpd.Activities.WithdrawImported). Ids compare as UUIDs, whatever their
//     case, and every id the package returns is in lower case.
//
// # Bad input
//
// Malformed JSON is a *[SyntaxError] naming the byte offset. A statement
// that breaks the rules above (no id, an unparsable timestamp, a duration
// that is not ISO 8601, a score out of range, more bytes than
// Options.MaxStatementSize) is a *[StatementError]
// naming its page, index, field and reason. By default any bad statement
// fails the whole import with an *[ImportError] listing them all, and no
// credit is returned; Options.SkipBad returns the good statements' credit
// and lists the bad ones in [Result.Rejected]. Every one of these errors
// matches [ErrInvalid].
//
// Options.Progress reports progress as bytes read of the document's size,
// for a progress bar.
//
// # Specifications
//
// The package follows xAPI 1.0.3, Data part: statement id
// (§2.4.1, a UUID, §4.4), actor as an Agent with one inverse functional
// identifier (§2.4.2.1, §2.4.2.3; Groups give no credit, §2.4.2.2), verb
// id (§2.4.3), object id and objectType (§2.4.4; a StatementRef for
// voiding, §2.3.2), result score.scaled, success, completion and duration
// (§2.4.5, §2.4.5.1, §4.6), context registration, contextActivities
// category and extensions (§2.4.6, §2.4.6.1, §2.4.6.2), timestamp and,
// without one, stored (§2.4.7, §2.4.8, §4.5; any ISO 8601 date and time,
// not only RFC 3339's profile, years from 1900), and the StatementResult
// (§2.5). From cmi5 (quartz edition): the cmi5 category (§9.6.2.1), the
// verbs launched, completed, passed, failed, waived and satisfied (§9.3),
// result success and completion (§9.5.2, §9.5.3), the waived reason
// extension (§9.5.5.2), and the masteryScore and moveOn context extensions
// (§9.6.3.2, §9.6.3.6) with the moveOn values (§10.2.5, §13.1.4).
//
// It ignores, reading past them: the actor's name and a Group's members;
// verb display; the object's definition (name, description, type,
// interaction details) and SubStatements as objects; result score raw,
// min and max, response and other result extensions; context instructor,
// team, revision, platform, language, statement, and the parent, grouping
// and other context activities; authority, version and attachments; and
// signatures, which it does not check (§2.6). cmi5's session id, launch
// mode, launch URL and launch parameters, the abandoned and terminated
// verbs, block and course structure, and the LMS.LaunchData state document
// are not read either: an import sees statements only, so a launched
// statement missing from it leaves the moveOn to the Course (see Rules).
//
// Import and the ready-made mappings are safe for concurrent use; an
// Importer belongs to one goroutine at a time. The package has no global
// state.
package xapi
