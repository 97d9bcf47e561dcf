package budget

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
		err  error
	}{
		{name: "code first", in: "GBP 12.50", want: "GBP 12.50"},
		{name: "code last", in: "12.50 GBP", want: "GBP 12.50"},
		{name: "one minor digit", in: "GBP 12.5", want: "GBP 12.50"},
		{name: "whole", in: "GBP 12", want: "GBP 12.00"},
		{name: "negative", in: "GBP -3.07", want: "GBP -3.07"},
		{name: "extra space", in: "  EUR\t7.10 ", want: "EUR 7.10"},
		{name: "yen", in: "JPY 1500", want: "JPY 1500"},
		{name: "dinar three digits", in: "KWD 1.234", want: "KWD 1.234"},
		{name: "largest", in: "GBP 999999999999.99", want: "GBP 999999999999.99"},
		{name: "most negative", in: "-999999999999.99 GBP", want: "GBP -999999999999.99"},
		{name: "largest yen", in: "JPY 999999999999", want: "JPY 999999999999"},
		{name: "at the bound", in: "GBP 1000000000000", err: ErrInvalid},
		{name: "below the negative bound", in: "GBP -1000000000000.00", err: ErrInvalid},
		{name: "whose String would not parse", in: "10000000000000000000000000000000000000 GBP", err: ErrInvalid},
		{name: "large", in: "GBP 123456789012345678901234567.89", err: ErrInvalid},
		{name: "empty", in: "", err: ErrInvalid},
		{name: "amount only", in: "12.50", err: ErrInvalid},
		{name: "code only", in: "GBP", err: ErrInvalid},
		{name: "two codes", in: "GBP EUR", err: ErrInvalid},
		{name: "two amounts", in: "12 13", err: ErrInvalid},
		{name: "three fields", in: "GBP 12 50", err: ErrInvalid},
		{name: "lower-case code", in: "gbp 12.50", err: ErrInvalid},
		{name: "unknown code", in: "XYZ 12.50", err: ErrUnknownCurrency},
		{name: "too many pence", in: "GBP 12.505", err: ErrInvalid},
		{name: "yen with point", in: "JPY 12.0", err: ErrInvalid},
		{name: "exponent", in: "GBP 1e3", err: ErrInvalid},
		{name: "exponent with point", in: "GBP 1.5E2", err: ErrInvalid},
		{name: "NaN", in: "GBP NaN", err: ErrInvalid},
		{name: "Inf", in: "GBP Inf", err: ErrInvalid},
		{name: "plus sign", in: "GBP +1", err: ErrInvalid},
		{name: "bare point", in: "GBP .5", err: ErrInvalid},
		{name: "trailing point", in: "GBP 5.", err: ErrInvalid},
		{name: "thousands separator", in: "GBP 1,000", err: ErrInvalid},
		{name: "pound sign", in: "GBP £5", err: ErrInvalid},
		{name: "double minus", in: "GBP --5", err: ErrInvalid},
		{name: "too long", in: "GBP 1234567890123456789012345678901234567890.1", err: ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got.String())
		})
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		name   string
		amount string
		cur    Currency
		want   string
		err    error
	}{
		{name: "pence", amount: "12.5", cur: GBP, want: "GBP 12.50"},
		{name: "trailing zeros beyond minor digits", amount: "12.5000", cur: GBP, want: "GBP 12.50"},
		{name: "too precise", amount: "12.501", cur: GBP, err: ErrInvalid},
		{name: "unknown currency", amount: "1", cur: "ABC", err: ErrUnknownCurrency},
		{name: "unset currency", amount: "1", cur: "", err: ErrUnknownCurrency},
		{name: "largest", amount: "999999999999.99", cur: GBP, want: "GBP 999999999999.99"},
		{name: "at the bound", amount: "1000000000000", cur: GBP, err: ErrInvalid},
		{name: "at the negative bound", amount: "-1e12", cur: JPY, err: ErrInvalid},
		{name: "huge exponent", amount: "1e10000", cur: GBP, err: ErrInvalid},
		{name: "tiny exponent", amount: "35e-10000", cur: GBP, err: ErrInvalid},
		{name: "zero with a tiny exponent", amount: "0e-10000", cur: GBP, err: ErrInvalid},
		{name: "thirty places", amount: "0.000000000000000000000000000001", cur: GBP, err: ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := New(decimal.RequireFromString(tt.amount), tt.cur)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got.String())
		})
	}
}

func TestArithmetic(t *testing.T) {
	tests := []struct {
		name    string
		op      func(a, b Money) (Money, error)
		a, b    string
		want    string
		wantErr error
	}{
		{name: "add", op: Money.Add, a: "GBP 12.50", b: "GBP 0.75", want: "GBP 13.25"},
		{name: "sub to negative", op: Money.Sub, a: "GBP 1.00", b: "GBP 1.01", want: "GBP -0.01"},
		{name: "add mismatch", op: Money.Add, a: "GBP 1", b: "EUR 1", wantErr: ErrCurrencyMismatch},
		{name: "sub mismatch", op: Money.Sub, a: "USD 1", b: "GBP 1", wantErr: ErrCurrencyMismatch},
		{name: "add to the bound", op: Money.Add, a: "GBP 999999999999.99", b: "GBP 0.01", wantErr: ErrInvalid},
		{name: "sub to the negative bound", op: Money.Sub, a: "GBP -999999999999.99", b: "GBP 0.01", wantErr: ErrInvalid},
		{name: "add below the bound", op: Money.Add, a: "GBP 999999999999.98", b: "GBP 0.01", want: "GBP 999999999999.99"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.op(MustParse(tt.a), MustParse(tt.b))
			if tt.wantErr == ErrInvalid {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				var mm *CurrencyMismatchError
				require.True(t, errors.As(err, &mm))
				require.Contains(t, err.Error(), string(MustParse(tt.a).Currency()))
				require.Contains(t, err.Error(), string(MustParse(tt.b).Currency()))
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got.String())
		})
	}
}

func TestUnsetMoney(t *testing.T) {
	var zero Money
	require.True(t, zero.IsZero())
	require.Equal(t, "unset", zero.String())
	_, err := zero.Add(zero)
	require.ErrorIs(t, err, ErrCurrencyMismatch)
	_, err = zero.MinorUnits()
	require.ErrorIs(t, err, ErrInvalid)
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name  string
		a, b  string
		cmp   int
		equal bool
	}{
		{name: "less", a: "GBP 1", b: "GBP 2", cmp: -1},
		{name: "equal different scale", a: "GBP 2.5", b: "GBP 2.50", cmp: 0, equal: true},
		{name: "greater", a: "GBP 3", b: "GBP -3", cmp: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MustParse(tt.a).Cmp(MustParse(tt.b))
			require.NoError(t, err)
			require.Equal(t, tt.cmp, got)
			require.Equal(t, tt.equal, MustParse(tt.a).Equal(MustParse(tt.b)))
		})
	}
	t.Run("mismatch", func(t *testing.T) {
		_, err := MustParse("GBP 1").Cmp(MustParse("EUR 1"))
		require.ErrorIs(t, err, ErrCurrencyMismatch)
		require.False(t, MustParse("GBP 0").Equal(MustParse("EUR 0")))
	})
	t.Run("predicates", func(t *testing.T) {
		require.True(t, MustParse("GBP 0.00").IsZero())
		require.True(t, MustParse("GBP -0.01").IsNegative())
		require.False(t, MustParse("GBP 0").IsNegative())
	})
}

func TestMinorUnits(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int64
		err  error
	}{
		{name: "pence", in: "GBP 12.34", want: 1234},
		{name: "yen", in: "JPY 1234", want: 1234},
		{name: "negative", in: "GBP -0.05", want: -5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MustParse(tt.in).MinorUnits()
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
			back, err := FromMinor(got, MustParse(tt.in).Currency())
			require.NoError(t, err)
			require.True(t, back.Equal(MustParse(tt.in)))
		})
	}
}

// TestNewIsFast: a decimal whose text would be millions of characters
// long is refused at once, without being written out.
func TestNewIsFast(t *testing.T) {
	for _, d := range []decimal.Decimal{decimal.New(1, 10_000_000), decimal.New(35, -20_000), decimal.New(0, 10_000_000)} {
		start := time.Now()
		_, err := New(d, GBP)
		require.ErrorIs(t, err, ErrInvalid)
		require.Less(t, time.Since(start), 100*time.Millisecond, "New(%d e%d)", d.Coefficient(), d.Exponent())
		require.Less(t, len(err.Error()), 200, "the error names the amount briefly")
	}
}

func TestFromMinorBound(t *testing.T) {
	_, err := FromMinor(math.MaxInt64, GBP)
	require.ErrorIs(t, err, ErrInvalid)
	m, err := FromMinor(99_999_999_999_999, GBP)
	require.NoError(t, err)
	require.Equal(t, "GBP 999999999999.99", m.String())
}

// TestWriteOutOfBounds: a Money out of bounds, which only arithmetic
// inside the package can make, is never written, since it would not read
// back.
func TestWriteOutOfBounds(t *testing.T) {
	m := Money{amount: decimal.RequireFromString("1000000000000"), currency: GBP}
	require.ErrorIs(t, m.Validate(), ErrInvalid)
	_, err := json.Marshal(m)
	require.ErrorIs(t, err, ErrInvalid)
	_, err = m.Value()
	require.ErrorIs(t, err, ErrInvalid)
	require.NoError(t, MustParse("GBP -999999999999.99").Validate())
	require.NoError(t, Money{}.Validate())
	require.ErrorIs(t, Money{amount: decimal.NewFromInt(1)}.Validate(), ErrInvalid, "an amount without a currency")
}

// TestMinorUnitsOverflow: an amount out of bounds, which only arithmetic
// inside the package can make, is refused rather than truncated.
func TestMinorUnitsOverflow(t *testing.T) {
	m := Money{amount: decimal.RequireFromString("123456789012345678901234567.89"), currency: GBP}
	_, err := m.MinorUnits()
	require.ErrorIs(t, err, ErrInvalid)
}

func TestAllocate(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		ratios []int
		want   []string
		err    error
	}{
		{name: "hundred three ways", in: "GBP 100", ratios: []int{1, 1, 1}, want: []string{"GBP 33.34", "GBP 33.33", "GBP 33.33"}},
		{name: "penny two ways", in: "GBP 0.01", ratios: []int{1, 1}, want: []string{"GBP 0.01", "GBP 0.00"}},
		{name: "negative", in: "GBP -100", ratios: []int{1, 1, 1}, want: []string{"GBP -33.34", "GBP -33.33", "GBP -33.33"}},
		{name: "ratios", in: "GBP 0.05", ratios: []int{3, 7}, want: []string{"GBP 0.02", "GBP 0.03"}},
		{name: "ratios remainder", in: "GBP 100", ratios: []int{1, 2, 3}, want: []string{"GBP 16.67", "GBP 33.33", "GBP 50.00"}},
		{name: "zero ratio gets nothing", in: "GBP 1", ratios: []int{0, 1, 1, 1}, want: []string{"GBP 0.00", "GBP 0.34", "GBP 0.33", "GBP 0.33"}},
		{name: "yen", in: "JPY 100", ratios: []int{1, 1, 1}, want: []string{"JPY 34", "JPY 33", "JPY 33"}},
		{name: "no ratios", in: "GBP 1", ratios: []int{}, err: ErrInvalid},
		{name: "negative ratio", in: "GBP 1", ratios: []int{1, -1}, err: ErrInvalid},
		{name: "all zero", in: "GBP 1", ratios: []int{0, 0}, err: ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, err := MustParse(tt.in).AllocateRatios(tt.ratios...)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, strs(parts))
			require.True(t, sum(t, parts).Equal(MustParse(tt.in)))
		})
	}
	t.Run("parts", func(t *testing.T) {
		parts, err := MustParse("GBP 100").Allocate(3)
		require.NoError(t, err)
		require.Equal(t, []string{"GBP 33.34", "GBP 33.33", "GBP 33.33"}, strs(parts))
		_, err = MustParse("GBP 100").Allocate(0)
		require.ErrorIs(t, err, ErrInvalid)
	})
}

func strs(ms []Money) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.String()
	}
	return out
}

func sum(t *testing.T, ms []Money) Money {
	t.Helper()
	total := ms[0]
	for _, m := range ms[1:] {
		var err error
		total, err = total.Add(m)
		require.NoError(t, err)
	}
	return total
}

func TestJSON(t *testing.T) {
	t.Run("round trip", func(t *testing.T) {
		b, err := json.Marshal(MustParse("GBP 12.5"))
		require.NoError(t, err)
		require.JSONEq(t, `{"amount":"12.50","currency":"GBP"}`, string(b))
		var got Money
		require.NoError(t, json.Unmarshal(b, &got))
		if diff := cmp.Diff(MustParse("GBP 12.50"), got); diff != "" {
			t.Fatal(diff)
		}
	})
	t.Run("unset is null", func(t *testing.T) {
		b, err := json.Marshal(struct{ M Money }{})
		require.NoError(t, err)
		require.Equal(t, `{"M":null}`, string(b))
		var got struct{ M Money }
		require.NoError(t, json.Unmarshal(b, &got))
		require.Equal(t, Currency(""), got.M.Currency())
	})
	bad := []struct {
		name string
		in   string
		err  error
	}{
		{name: "number amount", in: `{"amount":12.50,"currency":"GBP"}`, err: ErrInvalid},
		{name: "too many digits", in: `{"amount":"12.505","currency":"GBP"}`, err: ErrInvalid},
		{name: "exponent", in: `{"amount":"1e2","currency":"GBP"}`, err: ErrInvalid},
		{name: "unknown currency", in: `{"amount":"1","currency":"XXX"}`, err: ErrUnknownCurrency},
		{name: "missing amount", in: `{"currency":"GBP"}`, err: ErrInvalid},
		{name: "unknown field", in: `{"amount":"1","currency":"GBP","x":1}`, err: ErrInvalid},
		{name: "too large", in: `{"amount":"1000000000000.00","currency":"GBP"}`, err: ErrInvalid},
		// encoding/json alone would take the last amount, or "Amount" for amount.
		{name: "amount twice", in: `{"amount":"1","amount":"1000","currency":"GBP"}`, err: ErrInvalid},
		{name: "wrong case", in: `{"Amount":"1","currency":"GBP"}`, err: ErrInvalid},
		{name: "currency twice", in: `{"amount":"1","currency":"GBP","currency":"JPY"}`, err: ErrInvalid},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			var m Money
			require.ErrorIs(t, json.Unmarshal([]byte(tt.in), &m), tt.err)
		})
	}
}

func TestSQL(t *testing.T) {
	tests := []struct {
		name string
		src  any
		want Money
		err  error
	}{
		{name: "string", src: "GBP 12.50", want: MustParse("GBP 12.50")},
		{name: "bytes", src: []byte("12.50 EUR"), want: MustParse("EUR 12.50")},
		{name: "null", src: nil, want: Money{}},
		{name: "number", src: int64(12), err: ErrInvalid},
		{name: "bad text", src: "12.50", err: ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Money
			err := got.Scan(tt.src)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatal(diff)
			}
		})
	}
	t.Run("value", func(t *testing.T) {
		v, err := MustParse("GBP 12.5").Value()
		require.NoError(t, err)
		require.Equal(t, "GBP 12.50", v)
		v, err = Money{}.Value()
		require.NoError(t, err)
		require.Nil(t, v)
	})
}

// FuzzParseMoney checks that whatever Parse accepts is a whole number of
// minor units that survives every encoding exactly: String, JSON, SQL and
// minor units.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"GBP 12.50", "12.50 GBP", "JPY 100", "GBP -0.00", "GBP 1e3", "", "NaN GBP", "KWD 0.001", "GBP 00012.1",
		"GBP 99999999999999999.99", "EUR -7", "USD 0.1", "JPY 1.0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := Parse(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Parse(%q) error %v does not match ErrInvalid", s, err)
			}
			return
		}
		d := int32(m.Currency().Digits())
		if !m.Amount().Shift(d).IsInteger() {
			t.Fatalf("Parse(%q) = %s is not a whole number of minor units", s, m)
		}
		again, err := Parse(m.String())
		if err != nil || !again.Equal(m) || again.String() != m.String() {
			t.Fatalf("Parse(%q) = %s, re-parsed as %s (%v)", s, m, again, err)
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var fromJSON Money
		if err := json.Unmarshal(b, &fromJSON); err != nil || !fromJSON.Equal(m) {
			t.Fatalf("JSON %s of %s read back as %s (%v)", b, m, fromJSON, err)
		}
		v, err := m.Value()
		if err != nil {
			t.Fatal(err)
		}
		var fromSQL Money
		if err := fromSQL.Scan(v); err != nil || !fromSQL.Equal(m) {
			t.Fatalf("SQL %v of %s read back as %s (%v)", v, m, fromSQL, err)
		}
		if units, err := m.MinorUnits(); err == nil {
			back, err := FromMinor(units, m.Currency())
			if err != nil || !back.Equal(m) {
				t.Fatalf("%s is %d minor units, which is %s", m, units, back)
			}
		}
	})
}
