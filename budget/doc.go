// Package budget is cpdkit's money: exact amounts in a currency, a CPD
// budget per academic year with its ledger, the approval chains a policy
// sets for spending it, expense claims, and the prioritised allocation of
// the budget among requests.
//
// # Money
//
// A Money is a shopspring/decimal amount and an ISO 4217 Currency; no
// float64 is used anywhere. Every Money is a whole number of the
// currency's minor units (pence for GBP), and its magnitude is below
// MaxAmount (a million million units), so that every Money is written in
// a few characters that read back exactly: amounts beyond it are refused
// by New, FromMinor, Parse, JSON and Scan with ErrInvalid, and Add and Sub
// refuse to make one. Parse reads "GBP 12.50" or
// "12.50 GBP"; String writes "GBP 12.50". Add, Sub and Cmp refuse to mix
// currencies (ErrCurrencyMismatch) and never convert. Allocate and
// AllocateRatios split an amount in minor units so the parts always sum
// exactly: £100 three ways is £33.34, £33.33 and £33.33. JSON is
// {"amount":"12.50","currency":"GBP"}, with the amount always a string;
// database/sql stores the text "GBP 12.50".
//
// # Budgets and the ledger
//
// A Budget belongs to one academic year and is split into Lines (an area,
// a subject, or the mandatory-training line), each with a holder and an
// Enforcement: Stop (the default), Warn, or AllowOverride. Its life is
// Proposed → Agreed, or Allocated directly, by the roles the Policy's
// Setting names; nobody agrees what they proposed.
//
// The ledger keeps an Account per line (allocated, committed, spent and
// available) and a Commitment per request, and records every change as an
// Entry that names its Cause: allocations, commitments when a cost is
// approved, releases when it is cancelled, declined or delegated, actuals
// when a claim is approved, and transfers between lines. Available money
// goes below zero only with an Override recorded on the entry. Ledger holds
// the books in memory; Reconcile proves any set of books balances.
//
// # Approval chains
//
// A Policy (JSON through ParsePolicy, or Go values checked by Validate)
// holds Rules: a Condition (cost thresholds, an overnight stay, travel
// above a threshold, activity kinds, necessary or aspirational, mandatory
// training) and the Roles that must all approve, in order if the rule says
// so, before the learning starts if it says so. Policy.Chain gives the
// Chain a Request needs; Chain.Approve records approvals and reports the
// Progress, naming who is still needed. Nobody approves their own request
// or one they made: a role the request's person or requester holds (the
// head of education's own course, or one the head asked for), or that
// nobody holds for them (no line manager), goes to the policy's Alternate
// for it (a trustee, say), so that someone independent approves. A rule to be approved before the learning starts needs a
// request that says when it starts. Roles are budget's own (Role), named
// like cpd's: the line manager and budget holder roles are met only by the
// request's line manager and the holder of the line charged. Fundability limits funding to learning
// relevant to the job role or required by the organisation; mandatory
// training is charged to the mandatory-training line (Budget.LineFor). A
// request may carry the cost of cover (Cover: days × day rate), counted
// like any other cost.
//
// # Expense claims
//
// Policy.NewClaim makes a Claim: itemised (fee, travel, subsistence,
// accommodation), only after completion, due within the policy's period
// (a later claim is accepted and flagged Late), approved by the policy's
// role, and also by its excess roles when it is above the commitment.
// Policy.Rejudge judges the excess again when the claim is approved,
// against what earlier claims left committed; whoever submitted a claim
// never approves it.
//
// # Prioritised allocation
//
// Allocate chooses which Candidate requests to fund from the money
// available: the set of greatest total priority value that fits, solved
// exactly as a 0/1 knapsack. Mandatory training is funded first. Each
// request gets a Decision saying whether it was funded and why not.
//
// # Errors
//
// Errors match ErrInvalid, ErrUnknownCurrency, ErrCurrencyMismatch,
// ErrSearchLimit, ErrForbidden, ErrInsufficientFunds, ErrTransition or
// ErrNotFundable with errors.Is; the *ValidationError (whose Field is a
// path such as "rules[1].approvers[0]"), *CurrencyError,
// *CurrencyMismatchError, *SearchLimitError, *ForbiddenError,
// *InsufficientFundsError, *TransitionError and *NotFundableError types
// carry the details. A method that fails changes nothing.
//
// The package imports no other cpdkit package and keeps no global state.
// Its values (Money, Policy, Chain, …) are safe for concurrent use once
// built; a Ledger guards itself; an Account, Commitment, Budget or Claim
// being changed belongs to one goroutine at a time.
package budget
