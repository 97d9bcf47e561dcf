package budget

import (
	"bytes"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/internal/bounds"
	"github.com/cpdkit/cpdkit/internal/strictjson"
)

// Money is an exact amount in one currency. The amount never has more
// digits after the decimal point than the currency's minor unit (pence for
// GBP), so every Money is a whole number of minor units, and its magnitude
// is always below MaxAmount, so that every Money is written (by String,
// JSON and Value) in a few characters that read back exactly.
//
// The zero value is unset: it has no currency, IsZero reports true, and it
// cannot be added to anything. Money is a value and is safe for concurrent
// use. Compare with Equal (go-cmp uses it), not ==.
type Money struct {
	amount   decimal.Decimal
	currency Currency
}

var (
	_ json.Marshaler   = Money{}
	_ json.Unmarshaler = (*Money)(nil)
	_ driver.Valuer    = Money{}
	_ sql.Scanner      = (*Money)(nil)
)

// maxAmountLen bounds the text of an amount that Parse accepts, so that
// pathological input cannot make parsing slow. Every Money's String fits
// well within it.
const maxAmountLen = 40

// MaxAmount is the bound on every Money's magnitude: an amount is always
// strictly between −MaxAmount and MaxAmount units of its currency. A
// million million is far beyond any CPD budget, even in the currencies
// with the smallest units, and keeps every amount's minor units within an
// int64 and its text within maxAmountLen. New, FromMinor, Parse, JSON and
// Scan refuse larger amounts, and Add and Sub refuse to make one.
const MaxAmount = 1_000_000_000_000

// maxWholeDigits is MaxAmount's number of zeros: an amount has at most
// this many digits before the point.
const maxWholeDigits = 12

// New returns amount in currency cur. It returns a *CurrencyError
// (ErrUnknownCurrency) for an unknown currency and a *ValidationError
// (ErrInvalid) if amount has more digits after the point than the
// currency's minor unit (GBP 12.505) or its magnitude is not below
// MaxAmount. It is fast for any decimal, however extreme its exponent.
func New(amount decimal.Decimal, cur Currency) (Money, error) {
	d, ok := digits(cur)
	if !ok {
		return Money{}, &CurrencyError{Code: string(cur)}
	}
	if err := boundAmount(amount, cur); err != nil {
		return Money{}, err
	}
	return Money{amount: amount.Truncate(d), currency: cur}, nil
}

// boundAmount returns a *ValidationError unless amount is within Money's
// bounds for cur, a known currency. It never expands amount.
func boundAmount(amount decimal.Decimal, cur Currency) error {
	if why := bounds.Decimal(amount, int32(cur.Digits()), maxWholeDigits); why != "" {
		return invalid("amount", "%s for %s: %s", shortDecimal(amount), cur, why)
	}
	return nil
}

// shortDecimal writes d for an error message: as a number when that is
// short, and as coefficient and exponent when writing it out would be
// long (or slow).
func shortDecimal(d decimal.Decimal) string {
	if e := d.Exponent(); e > -maxAmountLen && e < maxAmountLen && d.Coefficient().BitLen() < 4*maxAmountLen {
		return d.String()
	}
	return fmt.Sprintf("a number with exponent %d", d.Exponent())
}

// FromMinor returns units minor units (pence for GBP) of cur. It returns a
// *CurrencyError (ErrUnknownCurrency) for an unknown currency and a
// *ValidationError (ErrInvalid) if the amount is not below MaxAmount.
func FromMinor(units int64, cur Currency) (Money, error) {
	d, ok := digits(cur)
	if !ok {
		return Money{}, &CurrencyError{Code: string(cur)}
	}
	return New(decimal.New(units, -d), cur)
}

// Validate returns a *ValidationError (ErrInvalid) unless m is within
// Money's bounds: unset, or a known currency and an amount below
// MaxAmount in whole minor units. Every Money that New, FromMinor, Parse,
// Add and Sub return is; a running total kept by arithmetic on amounts
// (such as an Account's) may not be, and is refused when it is written.
func (m Money) Validate() error {
	if m.currency == "" {
		if !m.amount.IsZero() {
			return invalid("money", "an amount with no currency")
		}
		return nil
	}
	if err := m.currency.Validate(); err != nil {
		return err
	}
	return boundAmount(m.amount, m.currency)
}

// Parse reads "GBP 12.50" or "12.50 GBP": a currency code and an amount
// separated by white space, in either order. The amount is an optional
// minus sign, one or more digits, and optionally a point followed by at
// most as many digits as the currency's minor unit has ("GBP 12.5" is
// GBP 12.50; "GBP 12.505" and "JPY 1.0" are errors). Exponents, "NaN",
// "Inf", thousands separators, a leading "+" or a bare point are rejected.
// Errors are *ValidationError (ErrInvalid) or *CurrencyError
// (ErrUnknownCurrency).
func Parse(s string) (Money, error) {
	fields := strings.Fields(s)
	if len(fields) != 2 {
		return Money{}, invalid("money", "%q: want a currency code and an amount, such as \"GBP 12.50\"", s)
	}
	code, amount := fields[0], fields[1]
	switch a, b := isCode(fields[0]), isCode(fields[1]); {
	case a && b:
		return Money{}, invalid("money", "%q: two currency codes and no amount", s)
	case b:
		code, amount = fields[1], fields[0]
	case !a:
		return Money{}, invalid("money", "%q: no three-letter currency code such as GBP", s)
	}
	cur, err := ParseCurrency(code)
	if err != nil {
		return Money{}, err
	}
	d, err := parseAmount(amount, cur)
	if err != nil {
		return Money{}, err
	}
	return New(d, cur)
}

// parseAmount checks the amount grammar before decimal sees it, so that
// only plain decimal notation with at most the currency's digits is read.
func parseAmount(s string, cur Currency) (decimal.Decimal, error) {
	if s == "" {
		return decimal.Decimal{}, invalid("amount", "empty amount")
	}
	if len(s) > maxAmountLen {
		return decimal.Decimal{}, invalid("amount", "amount longer than %d characters", maxAmountLen)
	}
	body := strings.TrimPrefix(s, "-")
	intPart, frac, hasPoint := strings.Cut(body, ".")
	if !allDigits(intPart) || (hasPoint && !allDigits(frac)) {
		return decimal.Decimal{}, invalid("amount", "%q is not a plain decimal number such as 12.50", s)
	}
	if len(frac) > cur.Digits() {
		return decimal.Decimal{}, invalid("amount", "%q has more than %d digits after the point for %s", s, cur.Digits(), cur)
	}
	return decimal.NewFromString(s)
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MustParse is Parse that panics on error. It is for tests and examples
// with constant input only.
func MustParse(s string) Money {
	m, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return m
}

// Amount returns the amount as an exact decimal.
func (m Money) Amount() decimal.Decimal { return m.amount }

// Currency returns the currency, empty for the zero Money.
func (m Money) Currency() Currency { return m.currency }

// MinorUnits returns the amount in minor units (pence for GBP). It returns
// a *ValidationError (ErrInvalid) if the Money is unset or the count does
// not fit in an int64.
func (m Money) MinorUnits() (int64, error) {
	if m.currency == "" {
		return 0, invalid("money", "unset money has no minor units")
	}
	u := m.amount.Shift(int32(m.currency.Digits()))
	if u.GreaterThan(decimal.NewFromInt(math.MaxInt64)) || u.LessThan(decimal.NewFromInt(math.MinInt64)) {
		return 0, invalid("money", "%s is too large to count in minor units", m)
	}
	return u.IntPart(), nil
}

// Add returns m + o. Different currencies (or an unset Money) give a
// *CurrencyMismatchError matching ErrCurrencyMismatch (and ErrInvalid); a sum not below
// MaxAmount gives a *ValidationError (ErrInvalid).
func (m Money) Add(o Money) (Money, error) {
	if err := m.same(o); err != nil {
		return Money{}, err
	}
	return New(m.amount.Add(o.amount), m.currency)
}

// Sub returns m − o. Different currencies (or an unset Money) give a
// *CurrencyMismatchError matching ErrCurrencyMismatch; a difference not
// below MaxAmount gives a *ValidationError (ErrInvalid).
func (m Money) Sub(o Money) (Money, error) {
	if err := m.same(o); err != nil {
		return Money{}, err
	}
	return New(m.amount.Sub(o.amount), m.currency)
}

// Neg returns −m.
func (m Money) Neg() Money { return Money{amount: m.amount.Neg(), currency: m.currency} }

// Cmp returns -1, 0 or +1 as m is less than, equal to or greater than o.
// Different currencies give a *CurrencyMismatchError matching
// ErrCurrencyMismatch.
func (m Money) Cmp(o Money) (int, error) {
	if err := m.same(o); err != nil {
		return 0, err
	}
	return m.amount.Cmp(o.amount), nil
}

// Equal reports whether m and o are the same amount in the same currency
// (GBP 12.5 equals GBP 12.50; GBP 0 does not equal EUR 0).
func (m Money) Equal(o Money) bool {
	return m.currency == o.currency && m.amount.Equal(o.amount)
}

// IsZero reports whether the amount is zero (true for the unset Money).
//
// encoding/json's omitzero option calls IsZero, so a Money field tagged
// omitzero leaves out GBP 0.00 as well as the unset Money, and reads back
// as unset: use a *Money, or no omitzero, where a zero amount matters.
func (m Money) IsZero() bool { return m.amount.IsZero() }

// IsPositive reports whether the amount is above zero.
func (m Money) IsPositive() bool { return m.amount.IsPositive() }

// zeroIn returns zero in cur.
func zeroIn(cur Currency) Money { return Money{currency: cur} }

// IsNegative reports whether the amount is below zero.
func (m Money) IsNegative() bool { return m.amount.IsNegative() }

// String returns "GBP 12.50": the code, a space, and the amount with
// exactly the currency's minor digits. The unset Money is "unset".
func (m Money) String() string {
	if m.currency == "" {
		return "unset"
	}
	return string(m.currency) + " " + m.amount.StringFixed(int32(m.currency.Digits()))
}

func (m Money) same(o Money) error {
	if m.currency == "" || m.currency != o.currency {
		return &CurrencyMismatchError{Want: m.currency, Got: o.currency}
	}
	return nil
}

// Allocate splits m into parts amounts, each a whole number of minor units,
// that differ by at most one minor unit and sum exactly to m; the earlier
// parts get the extra units (GBP 100 three ways is 33.34, 33.33, 33.33).
// It returns a *ValidationError (ErrInvalid) if parts < 1 or m is unset.
func (m Money) Allocate(parts int) ([]Money, error) {
	if parts < 1 {
		return nil, invalid("parts", "%d: want at least 1", parts)
	}
	ratios := make([]int, parts)
	for i := range ratios {
		ratios[i] = 1
	}
	return m.AllocateRatios(ratios...)
}

// AllocateRatios splits m in proportion to ratios, in whole minor units,
// so that the parts sum exactly to m. Each part is its exact share rounded
// towards zero; the minor units left over go one each to the parts with a
// non-zero ratio, first to last. A zero ratio gets zero. It returns a
// *ValidationError (ErrInvalid) if there are no ratios, any is negative,
// all are zero, or m is unset.
func (m Money) AllocateRatios(ratios ...int) ([]Money, error) {
	if m.currency == "" {
		return nil, invalid("money", "cannot allocate unset money")
	}
	if len(ratios) == 0 {
		return nil, invalid("ratios", "no ratios")
	}
	total := decimal.Zero
	for i, r := range ratios {
		if r < 0 {
			return nil, invalid(fmt.Sprintf("ratios[%d]", i), "%d is negative", r)
		}
		total = total.Add(decimal.NewFromInt(int64(r)))
	}
	if total.IsZero() {
		return nil, invalid("ratios", "all ratios are zero")
	}
	d := int32(m.currency.Digits())
	units := m.amount.Shift(d)
	out := make([]Money, len(ratios))
	left := units
	for i, r := range ratios {
		share, _ := units.Mul(decimal.NewFromInt(int64(r))).QuoRem(total, 0)
		out[i] = Money{amount: share, currency: m.currency}
		left = left.Sub(share)
	}
	step := decimal.NewFromInt(int64(left.Sign()))
	for i := 0; i < len(out) && !left.IsZero(); i++ {
		if ratios[i] == 0 {
			continue
		}
		out[i].amount = out[i].amount.Add(step)
		left = left.Sub(step)
	}
	for i := range out {
		out[i].amount = out[i].amount.Shift(-d)
	}
	return out, nil
}

// moneyJSON is the JSON form. Amount is raw so that a JSON number can be
// told apart from a string and rejected.
type moneyJSON struct {
	Amount   json.RawMessage `json:"amount"`
	Currency string          `json:"currency"`
}

// MarshalJSON writes {"amount":"12.50","currency":"GBP"}: the amount is a
// string with exactly the currency's minor digits. The unset Money is null.
// A Money out of bounds (see Validate) is an error matching ErrInvalid, as
// it would not read back.
func (m Money) MarshalJSON() ([]byte, error) {
	if m.currency == "" {
		return []byte("null"), nil
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	amount, err := json.Marshal(m.amount.StringFixed(int32(m.currency.Digits())))
	if err != nil {
		return nil, err
	}
	return json.Marshal(moneyJSON{Amount: amount, Currency: string(m.currency)})
}

// UnmarshalJSON reads {"amount":"12.50","currency":"GBP"}. The amount must
// be a JSON string in the grammar Parse accepts (a JSON number is rejected,
// since it may have been through a float); unknown keys, keys in another
// case and keys given twice are rejected, as in a policy; null leaves m
// unchanged. Errors match ErrInvalid.
func (m *Money) UnmarshalJSON(b []byte) error {
	if amount, cur, ok := canonicalMoney(b); ok {
		return m.set(amount, cur)
	}
	return m.unmarshalStrict(b)
}

// unmarshalStrict is UnmarshalJSON for any input: it decodes with the
// strict rules of a policy.
func (m *Money) unmarshalStrict(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	var j moneyJSON
	if err := strictjson.Decode(b, "money", &j); err != nil {
		return err
	}
	var amount string
	if err := json.Unmarshal(j.Amount, &amount); err != nil {
		return invalid("amount", "want a JSON string such as \"12.50\", not %s", j.Amount)
	}
	return m.set(amount, j.Currency)
}

// set makes m the amount in the currency, both as read from JSON.
func (m *Money) set(amount, currency string) error {
	cur, err := ParseCurrency(currency)
	if err != nil {
		return err
	}
	d, err := parseAmount(amount, cur)
	if err != nil {
		return err
	}
	v, err := New(d, cur)
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// canonicalMoney reads b when it is exactly the form MarshalJSON writes,
// {"amount":"…","currency":"…"}, with strings of printable ASCII that
// need no unescaping, and reports whether it was. For such input the
// strict decoder finds the same two strings, so that UnmarshalJSON gives
// the same result either way (TestMoneyFastPathIsStrict,
// FuzzMoneyFastPathIsStrict); it only saves the strict decoder's work,
// which an organisation's budget report pays for every cost it reads.
func canonicalMoney(b []byte) (amount, currency string, ok bool) {
	const head, mid, tail = `{"amount":"`, `","currency":"`, `"}`
	rest, ok := bytes.CutPrefix(b, []byte(head))
	if !ok {
		return "", "", false
	}
	a, rest, ok := plainString(rest)
	if !ok {
		return "", "", false
	}
	rest, ok = bytes.CutPrefix(rest, []byte(mid[1:]))
	if !ok {
		return "", "", false
	}
	c, rest, ok := plainString(rest)
	if !ok || string(rest) != tail[1:] {
		return "", "", false
	}
	return a, c, true
}

// plainString reads the rest of a JSON string whose opening quote has
// been read, up to its closing quote, when every byte before that is
// printable ASCII other than a backslash; it returns the string and what
// follows the closing quote.
func plainString(b []byte) (s string, rest []byte, ok bool) {
	for i, c := range b {
		switch {
		case c == '"':
			return string(b[:i]), b[i+1:], true
		case c < 0x20 || c > 0x7e || c == '\\':
			return "", nil, false
		}
	}
	return "", nil, false
}

// Value stores m as text in the form of String ("GBP 12.50"), and the unset
// Money as NULL. It implements database/sql/driver.Valuer. A Money out of
// bounds (see Validate) is an error matching ErrInvalid, as it would not
// read back.
func (m Money) Value() (driver.Value, error) {
	if m.currency == "" {
		return nil, nil
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return m.String(), nil
}

// Scan reads text written by Value (string or []byte) with Parse; NULL
// gives the unset Money. It implements database/sql.Scanner. Errors match
// ErrInvalid.
func (m *Money) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
		*m = Money{}
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return invalid("money", "cannot scan %T into Money", src)
	}
	v, err := Parse(s)
	if err != nil {
		return err
	}
	*m = v
	return nil
}
