// Package budget is cpdkit's money: exact amounts in a currency, and the
// prioritised allocation of a CPD budget among requests.
//
// # Money
//
// A Money is a shopspring/decimal amount and an ISO 4217 Currency; no
// float64 is used anywhere. Every Money is a whole number of the
// currency's minor units (pence for GBP). Parse reads "GBP 12.50" or
// "12.50 GBP"; String writes "GBP 12.50". Add, Sub and Cmp refuse to mix
// currencies (ErrCurrencyMismatch) and never convert. Allocate and
// AllocateRatios split an amount in minor units so the parts always sum
// exactly: £100 three ways is £33.34, £33.33 and £33.33. JSON is
// {"amount":"12.50","currency":"GBP"}, with the amount always a string;
// database/sql stores the text "GBP 12.50".
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
// Errors match ErrInvalid, ErrUnknownCurrency, ErrCurrencyMismatch or
// ErrSearchLimit with errors.Is; the *ValidationError, *CurrencyError,
// *CurrencyMismatchError and *SearchLimitError types carry the details.
//
// The package imports no other cpdkit package, keeps no global state, and
// everything in it is safe for concurrent use.
package budget
