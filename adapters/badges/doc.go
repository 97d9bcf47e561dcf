// Package badges imports Open Badges as accreditation evidence: Open
// Badges 2.0 assertions and Open Badges 3.0 credentials (W3C Verifiable
// Credentials of type OpenBadgeCredential, or its alias
// AchievementCredential) in, [compliance.Evidence] out, so that an
// accredited course's badge counts toward a requirement. Like package
// xapi it imports no cpdkit package but compliance (and the internal
// mailbox and isotime, shared with xapi), so an LMS can take it without
// package cpd; package cpdimport (adapters/cpdimport) turns awards into
// cpd activities, and revocations into withdrawals of the activities
// earlier imports made.
//
// # What is read
//
// [Import] reads a JSON array of badges, or a single one; 2.0 and 3.0 may
// be mixed. For each it reads:
//
//   - the recipient: a 2.0 recipient IdentityObject (type, identity,
//     hashed, salt), or a 3.0 credentialSubject's identifier list
//     (identityType, identityHash, hashed, salt) and id. [Recipients]
//     matches plain and hashed (sha256$ or md5$, salted) email addresses,
//     hashed in any form an issuer may have used (as written, domain or
//     whole address lower-cased), and other identifiers to people;
//   - the badge: the 2.0 badge (an IRI or an embedded BadgeClass) or the
//     3.0 credentialSubject.achievement, by its id, which the caller's
//     [Achievements] maps to compliance topics;
//   - the day it was issued: issuedOn (2.0), or validFrom (3.0, VC 2.0) or
//     issuanceDate (VC 1.1, which 3.0 drafts used), as a calendar day in
//     the organisation's time zone (Europe/London by default). Timestamps
//     are ISO 8601 as Open Badges 2.0 "Primitive datatypes" (DateTime)
//     describes them, read by package internal/isotime, as xAPI's are:
//     seconds optional (2016-12-31T23:59Z), a fraction, a zone Z or
//     ±hh:mm, ±hhmm or ±hh, t and z in either case; one without a zone is
//     read as a wall time in the organisation's zone. Dates without a time,
//     Unix times (which 2.0 no longer allows) and years before 1900 are
//     refused;
//   - its expiry: expires (2.0), or validUntil or expirationDate (3.0).
//     The award's ValidUntil is the day of its last valid moment in the
//     organisation's zone, so a badge that expires at midnight UTC at the
//     start of 1 July is valid until 30 June in winter and 1 July in
//     summer (when midnight UTC is 1 a.m. in London). Expired badges are
//     still imported: compliance says they have expired.
//
// # Specifications, and what is ignored
//
// Open Badges 2.0 (IMS Final Release, 12 April 2018) is read from its
// "Open Badges Vocabulary": the Assertion (id, type, recipient, badge,
// issuedOn, expires, revoked, revocationReason), the IdentityObject
// (type, identity, hashed, salt), the BadgeClass (id, name, issuer) and
// the issuer Profile (id, name); and from its "Primitive datatypes":
// DateTime and IdentityHash (md5 or sha256, hex in either case).
//
// Open Badges 3.0 is read as its data model describes an
// OpenBadgeCredential (or AchievementCredential): id, type, name, issuer
// (a Profile's id and name), validFrom and validUntil (Verifiable
// Credentials 2.0) or issuanceDate and expirationDate (1.1), the
// credentialSubject as an AchievementSubject (id, identifier as
// IdentityObjects with identityType, identityHash, hashed and salt,
// achievement as an Achievement's id and name), and credentialStatus.
//
// Everything else is ignored (only checked to be UTF-8, see Bad input):
// @context
// (the JSON-LD is read as plain JSON, by the compact names above, never
// expanded), verification and proof (neither hosted nor signed
// verification is done, see below), image, evidence, narrative,
// endorsement, alignment, criteria, description, tags, results,
// credentialSchema, termsOfUse, refreshService, extensions, the
// deprecated 2.0 uid, and any unknown member. Only the JSON form is read:
// a VC-JWT or a baked image must be decoded by the caller first.
//
// # Revocation
//
// A 2.0 assertion with revoked set to true (even one stripped down to its
// id and revoked, as issuers publish them) is refused and reported. A 3.0
// credential's credentialStatus (a revocation or status list entry) can
// only be checked online, which this package never does by itself: with
// Options.Status set, it asks that [StatusChecker] and refuses a revoked
// credential; without one, it imports the credential and marks the award
// StatusUnchecked, listing it so that the caller can check it, unless
// Options.RequireStatusCheck refuses it instead. Proofs and signatures are
// not verified either: import badges from a source you trust (your
// awarding body's export) or verify them first.
//
// # Duplicates
//
// A badge's id names it: the first good badge with an id counts, and a
// later one with the same id (the same badge exported twice) is refused
// as a Duplicate, so that its hours count once. A revocation revokes
// every badge with its id, before or after it in the import.
//
// # Bad input
//
// Malformed JSON is a *[SyntaxError]. A badge missing a required field, or
// with one of the wrong type or form, is a *[BadgeError] naming its index,
// field and reason. So is a badge with bytes that are not UTF-8 in any
// member, read or not (JSON text is UTF-8, RFC 8259 section 8.1): it is
// refused, never read with U+FFFD in their place. By default any bad badge fails the import with an
// *[ImportError] and nothing is returned; Options.SkipBad imports the
// good ones and lists the bad in [Result.Rejected]. All match
// [ErrInvalid].
//
// Import and the ready-made mappings are safe for concurrent use; the
// package has no global state.
package badges
