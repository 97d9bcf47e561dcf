package budget

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// readsBack fails the test unless m survives String, JSON and SQL exactly.
func readsBack(t *testing.T, m Money) {
	t.Helper()
	if err := m.Validate(); err != nil {
		t.Fatalf("%s is out of bounds: %v", m, err)
	}
	again, err := Parse(m.String())
	if err != nil || !again.Equal(m) {
		t.Fatalf("%s re-parsed as %s (%v)", m, again, err)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatalf("JSON of %s: %v", m, err)
	}
	var fromJSON Money
	if err := json.Unmarshal(b, &fromJSON); err != nil || !fromJSON.Equal(m) {
		t.Fatalf("JSON %s of %s read back as %s (%v)", b, m, fromJSON, err)
	}
	v, err := m.Value()
	if err != nil {
		t.Fatalf("Value of %s: %v", m, err)
	}
	var fromSQL Money
	if err := fromSQL.Scan(v); err != nil || !fromSQL.Equal(m) {
		t.Fatalf("SQL %v of %s read back as %s (%v)", v, m, fromSQL, err)
	}
	if _, err := m.MinorUnits(); err != nil {
		t.Fatalf("minor units of %s: %v", m, err)
	}
}

// FuzzNewMoney gives New extreme decimals: whatever it accepts reads back
// exactly, what it refuses matches ErrInvalid, and it is fast either way.
// Adding the amount to itself either reads back too or is refused.
func FuzzNewMoney(f *testing.F) {
	f.Add(int64(1), int32(10_000_000), "GBP")
	f.Add(int64(35), int32(-20_000), "GBP")
	f.Add(int64(1), int32(-30), "EUR")
	f.Add(int64(999_999_999_999), int32(0), "JPY")
	f.Add(int64(-999_999_999_999_999), int32(-3), "KWD")
	f.Add(int64(1), int32(12), "GBP")
	f.Add(int64(0), int32(0), "XYZ")
	f.Fuzz(func(t *testing.T, coef int64, exp int32, code string) {
		start := time.Now()
		m, err := New(decimal.New(coef, exp), Currency(code))
		if took := time.Since(start); took > 100*time.Millisecond {
			t.Fatalf("New(%d e%d) took %s", coef, exp, took)
		}
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("New(%d e%d, %q): %v does not match ErrInvalid", coef, exp, code, err)
			}
			return
		}
		readsBack(t, m)
		sum, err := m.Add(m)
		switch {
		case err == nil:
			readsBack(t, sum)
		case !errors.Is(err, ErrInvalid):
			t.Fatalf("%s + %s: %v does not match ErrInvalid", m, m, err)
		}
	})
}

// FuzzMoneyUnmarshalJSON gives UnmarshalJSON any bytes: it accepts only
// Money that reads back, and refuses the rest with ErrInvalid.
func FuzzMoneyUnmarshalJSON(f *testing.F) {
	for _, s := range []string{`{"amount":"12.50","currency":"GBP"}`, `null`, `{"amount":12.5,"currency":"GBP"}`,
		`{"amount":"10000000000000000000000000000000000000","currency":"GBP"}`, `{"amount":"999999999999.999","currency":"KWD"}`,
		`{"amount":"1e3","currency":"GBP"}`, `{"currency":"JPY","amount":"-1"}`, `[]`, `{"amount":"1","currency":"GBP","x":0}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var m Money
		err := m.UnmarshalJSON(b)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("UnmarshalJSON(%q): %v does not match ErrInvalid", b, err)
			}
			return
		}
		if m.Currency() != "" {
			readsBack(t, m)
		}
	})
}

// FuzzMoneyScan gives Scan any text, as a string and as bytes: it accepts
// only Money that reads back, and refuses the rest with ErrInvalid.
func FuzzMoneyScan(f *testing.F) {
	for _, s := range []string{"GBP 12.50", "12.50 GBP", "JPY 100", "GBP 10000000000000000000000000000000000000",
		"GBP 999999999999.99", "KWD -0.001", "", "GBP", "\x00GBP 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var fromString, fromBytes Money
		errS, errB := fromString.Scan(s), fromBytes.Scan([]byte(s))
		if (errS == nil) != (errB == nil) || !fromString.Equal(fromBytes) {
			t.Fatalf("Scan(%q) is %s (%v) from a string but %s (%v) from bytes", s, fromString, errS, fromBytes, errB)
		}
		if errS != nil {
			if !errors.Is(errS, ErrInvalid) {
				t.Fatalf("Scan(%q): %v does not match ErrInvalid", s, errS)
			}
			return
		}
		readsBack(t, fromString)
	})
}

// FuzzParsePolicy gives ParsePolicy any bytes: what it refuses matches
// ErrInvalid, and what it accepts is valid, is written by MarshalJSON, and
// reads back as the same policy, written the same way again.
func FuzzParsePolicy(f *testing.F) {
	f.Add([]byte(minimal))
	if b, err := json.Marshal(testPolicy()); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"id": "p", "currency": "GBP", "budget": {"allocated_by": "head_of_education"},
 "rules": [{"id": "costs", "when": {"cost_over": "GBP 10000000000000000000000000000000000000"}, "approvers": ["budget_holder"]}],
 "claims": {"approver": "managing_director", "due_within": "P14D"}}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePolicy(data)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParsePolicy(%q): %v does not match ErrInvalid", data, err)
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("ParsePolicy(%q) accepted an invalid policy: %v", data, err)
		}
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("the policy read from %q cannot be written: %v", data, err)
		}
		again, err := ParsePolicy(out)
		if err != nil {
			t.Fatalf("the policy read from %q was written as %s, which does not read back: %v", data, out, err)
		}
		if d := cmp.Diff(p, again, samePeriod); d != "" {
			t.Fatalf("the policy read from %q changed on its way through %s (-before +after):\n%s", data, out, d)
		}
		if out2, err := json.Marshal(again); err != nil || string(out2) != string(out) {
			t.Fatalf("the policy was written as %s, then as %s (%v)", out, out2, err)
		}
	})
}

// moneyResult is what UnmarshalJSON gave: the Money and the error's text.
func moneyResult(m Money, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	return m.Currency().String() + " " + m.Amount().String()
}

// moneyInputs are documents of the canonical form and near it, for the
// fast path's tests.
var moneyInputs = []string{
	`{"amount":"12.50","currency":"GBP"}`, `{"amount":"-0.01","currency":"GBP"}`, `{"amount":"100","currency":"JPY"}`,
	`{"amount":"12.5","currency":"GBP"}`, `{"amount":"12.505","currency":"GBP"}`, `{"amount":"1e3","currency":"GBP"}`,
	`{"amount":"","currency":"GBP"}`, `{"amount":"12.50","currency":""}`, `{"amount":"12.50","currency":"gbp"}`,
	`{"amount":"12.50","currency":"XXX"}`, `{"amount":"999999999999.999","currency":"KWD"}`,
	`{"amount":"10000000000000000000000000000000000000","currency":"GBP"}`, `{"amount":" 1","currency":"GBP"}`,
	`{"amount":"1\u0030","currency":"GBP"}`, `{"amount":"1\"","currency":"GBP"}`, `{"amount":"1","currency":"GB\u0050"}`,
	`{"amount":"1","currency":"GBP" }`, `{"amount": "1","currency":"GBP"}`, `{"amount":"1","currency":"GBP"}x`,
	`{"amount":"1","currency":"GBP"`, `{"amount":"1","currency":"GBP","currency":"EUR"}`, `{"Amount":"1","currency":"GBP"}`,
	`{"currency":"GBP","amount":"1"}`, `{"amount":1,"currency":"GBP"}`, "{\"amount\":\"1\xff\",\"currency\":\"GBP\"}",
	"{\"amount\":\"1\t\",\"currency\":\"GBP\"}", `null`, ` null `, `{}`, `[]`, ``,
}

// TestMoneyFastPathIsStrict: UnmarshalJSON, which reads the canonical form
// itself, gives what the strict decoder gives, value or error, for the
// canonical form and every near miss.
func TestMoneyFastPathIsStrict(t *testing.T) {
	fast := 0
	for _, in := range moneyInputs {
		var a, b Money
		errA, errB := a.UnmarshalJSON([]byte(in)), b.unmarshalStrict([]byte(in))
		if got, want := moneyResult(a, errA), moneyResult(b, errB); got != want {
			t.Errorf("%s: UnmarshalJSON gives %s, the strict decoder %s", in, got, want)
		}
		if _, _, ok := canonicalMoney([]byte(in)); ok {
			fast++
		}
	}
	if fast < 10 || fast == len(moneyInputs) {
		t.Fatalf("%d of %d inputs took the fast path: the test covers both paths", fast, len(moneyInputs))
	}
}

// FuzzMoneyFastPathIsStrict: for any bytes, UnmarshalJSON gives what the
// strict decoder gives.
func FuzzMoneyFastPathIsStrict(f *testing.F) {
	for _, in := range moneyInputs {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var a, s Money
		errA, errS := a.UnmarshalJSON(b), s.unmarshalStrict(b)
		if got, want := moneyResult(a, errA), moneyResult(s, errS); got != want {
			t.Fatalf("%q: UnmarshalJSON gives %s, the strict decoder %s", b, got, want)
		}
	})
}

// BenchmarkMoneyUnmarshalJSON reads a cost as a budget report does, by
// UnmarshalJSON (which takes the canonical form itself) and by the strict
// decoder alone.
func BenchmarkMoneyUnmarshalJSON(b *testing.B) {
	in := []byte(`{"amount":"1234.50","currency":"GBP"}`)
	for _, d := range []struct {
		name   string
		decode func(*Money, []byte) error
	}{{"canonical", (*Money).UnmarshalJSON}, {"strict", (*Money).unmarshalStrict}} {
		b.Run(d.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var m Money
				if err := d.decode(&m, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
