package budget

// Currency is an ISO 4217 currency code: three upper-case letters, one of
// the codes in the built-in table (see ParseCurrency). The zero value is
// unset and is not a valid currency.
type Currency string

// The currencies most used by cpdkit's users. Any code in the built-in
// table may be used, not only these.
const (
	GBP Currency = "GBP"
	EUR Currency = "EUR"
	USD Currency = "USD"
	JPY Currency = "JPY"
)

// digits returns the number of minor-unit digits of the code (its ISO 4217
// exponent) and whether the code is in the built-in table.
func digits(c Currency) (int32, bool) {
	switch c {
	case "GBP", "EUR", "USD", "CHF", "AUD", "CAD", "NZD", "SEK", "NOK", "DKK",
		"PLN", "CZK", "HUF", "RON", "INR", "CNY", "HKD", "SGD", "ZAR", "AED",
		"SAR", "ILS", "MXN", "BRL", "TRY":
		return 2, true
	case "JPY", "KRW", "ISK", "CLP", "VND":
		return 0, true
	case "BHD", "KWD", "JOD", "OMR", "TND":
		return 3, true
	}
	return 0, false
}

// ParseCurrency returns the currency with code s. The code must be exactly
// three upper-case letters and in the built-in table: the 2-digit GBP, EUR,
// USD, CHF, AUD, CAD, NZD, SEK, NOK, DKK, PLN, CZK, HUF, RON, INR, CNY, HKD,
// SGD, ZAR, AED, SAR, ILS, MXN, BRL and TRY; the 0-digit JPY, KRW, ISK, CLP
// and VND; the 3-digit BHD, KWD, JOD, OMR and TND. Other codes return a
// *CurrencyError matching ErrUnknownCurrency and ErrInvalid.
func ParseCurrency(s string) (Currency, error) {
	c := Currency(s)
	if err := c.Validate(); err != nil {
		return "", err
	}
	return c, nil
}

// Validate returns a *CurrencyError (matching ErrUnknownCurrency) unless c
// is in the built-in table.
func (c Currency) Validate() error {
	if _, ok := digits(c); !ok {
		return &CurrencyError{Code: string(c)}
	}
	return nil
}

// Digits returns the number of digits after the decimal point in the
// currency's minor unit: 2 for GBP (pence), 0 for JPY. It returns 0 for an
// unknown currency.
func (c Currency) Digits() int {
	d, _ := digits(c)
	return int(d)
}

// String returns the code, or "unset" for the zero value.
func (c Currency) String() string {
	if c == "" {
		return "unset"
	}
	return string(c)
}

// isCode reports whether s looks like a currency code (three upper-case
// ASCII letters), known or not.
func isCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := range 3 {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
