package cpd

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/budget"
)

// storedKinds returns a new, empty value of the type each record kind is
// stored as.
func storedKinds() map[Kind]func() any {
	return map[Kind]func() any{
		KindPerson:        func() any { return new(Person) },
		KindActivity:      func() any { return new(Activity) },
		KindStatus:        func() any { return new(statusRecord) },
		KindReview:        func() any { return new(appraisal.Review) },
		KindTarget:        func() any { return new(appraisal.Target) },
		KindFeedback:      func() any { return new(appraisal.Feedback) },
		KindMeeting:       func() any { return new(appraisal.Meeting) },
		KindLogSubmission: func() any { return new(appraisal.LogSubmission) },
		KindPIP:           func() any { return new(appraisal.PIP) },
		KindDevDay:        func() any { return new(appraisal.DevDay) },
		KindUpdate:        func() any { return new(appraisal.Update) },
		KindReceipt:       func() any { return new(appraisal.Receipt) },
		KindBudget:        func() any { return new(budget.Budget) },
		KindAccount:       func() any { return new(budget.Account) },
		KindLedgerEntry:   func() any { return new(budget.Entry) },
		KindClaim:         func() any { return new(budget.Claim) },
		KindSupport:       func() any { return new(SupportDecision) },
		KindPlanReview:    func() any { return new(PlanReviewRecord) },
		KindReminder:      func() any { return new(Reminder) },
		KindCompletion:    func() any { return new(completionLink) },
	}
}

// TestStoredKindsCovered: the round-trip fuzzer knows every kind the
// Service stores.
func TestStoredKindsCovered(t *testing.T) {
	kinds := append(append(append([]Kind{KindPerson, KindActivity, KindStatus}, AppraisalKinds()...), BudgetKinds()...), ReminderKinds()...)
	known := storedKinds()
	for _, k := range kinds {
		if known[k] == nil {
			t.Errorf("FuzzRecordRoundTrip does not build records of kind %s", k)
		}
	}
}

// filler fills every field JSON writes with values made from the fuzzer's
// input, so each record kind is tried with extreme decimals, money, text
// and days.
type filler struct {
	id, text string
	dec      decimal.Decimal
	money    budget.Money
	day      date.Date
	at       time.Time
	n        uint8
	depth    int
}

func (f *filler) fill(v reflect.Value, name string) {
	switch v.Type() {
	case reflect.TypeFor[decimal.Decimal]():
		v.Set(reflect.ValueOf(f.dec))
		return
	case reflect.TypeFor[budget.Money]():
		v.Set(reflect.ValueOf(f.money))
		return
	case reflect.TypeFor[date.Date]():
		v.Set(reflect.ValueOf(f.day))
		return
	case reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(f.at))
		return
	}
	switch v.Kind() {
	case reflect.String:
		if name == "id" {
			v.SetString(f.id)
		} else {
			v.SetString(f.text)
		}
	case reflect.Bool:
		v.SetBool(f.n%2 == 1)
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uint:
		v.SetUint(uint64(f.n))
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int:
		v.SetInt(int64(f.n))
	case reflect.Pointer:
		if f.depth > 3 {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		f.fill(v.Elem(), name)
	case reflect.Slice:
		if f.depth > 3 {
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			f.fill(v.Index(i), name)
		}
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		f.fill(k, name)
		f.fill(e, name)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Struct:
		f.depth++
		defer func() { f.depth-- }()
		for i := range v.NumField() {
			sf := v.Type().Field(i)
			tag, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if sf.IsExported() && tag != "-" {
				f.fill(v.Field(i), tag)
			}
		}
	}
}

// sameStored compares values as a store would give them back: decimals,
// money and times by value.
func sameStored() cmp.Options {
	return cmp.Options{
		cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
		cmp.Comparer(func(a, b budget.Money) bool { return a.Equal(b) }),
		cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
	}
}

// FuzzRecordRoundTrip builds a record of every stored kind from the
// fuzzer's values and checks that encodeRecord either refuses it with
// ErrInvalid, quickly, or encodes it so that it decodes to the same value
// and encodes to the same bytes again: whatever is stored reads back.
func FuzzRecordRoundTrip(f *testing.F) {
	f.Add("act-1", "Safeguarding", int64(15), int32(-1), "GBP 12.50", int64(20_000), int64(1_790_000_000), uint8(1))
	f.Add("act-1", "Safeguarding", int64(1), int32(10_000_000), "GBP 0", int64(20_000), int64(0), uint8(1))
	f.Add("act-1", "Safeguarding", int64(35), int32(-20_000), "GBP 0", int64(20_000), int64(0), uint8(1))
	f.Add("act-1", "Safeguarding", int64(1), int32(-30), "JPY 1", int64(20_000), int64(0), uint8(2))
	f.Add("p/1", "a\x00b", int64(9_999_999), int32(-3), "KWD 999999999999.999", int64(-1<<40), int64(1<<40), uint8(200))
	f.Add("p-1", "\xff", int64(0), int32(0), "", int64(0), int64(-62_135_596_800), uint8(0))
	f.Fuzz(func(t *testing.T, id, text string, coef int64, exp int32, money string, day, unix int64, n uint8) {
		m, _ := budget.Parse(money)
		fl := filler{id: id, text: text, dec: decimal.New(coef, exp), money: m, day: date.Date(day), at: time.Unix(unix, 0).UTC(), n: n}
		for kind, newValue := range storedKinds() {
			v := newValue()
			fl.fill(reflect.ValueOf(v).Elem(), "")
			start := time.Now()
			data, err := encodeRecord(kind, v)
			if took := time.Since(start); took > 5*time.Second { // a hang, not a slow machine
				t.Fatalf("%s: encodeRecord took %s", kind, took)
			}
			if err != nil {
				if !errors.Is(err, ErrInvalid) {
					t.Fatalf("%s: encodeRecord: %v does not match ErrInvalid", kind, err)
				}
				continue
			}
			back := newValue()
			if err := json.Unmarshal(data, back); err != nil {
				t.Fatalf("%s: stored %s, which does not decode: %v", kind, data, err)
			}
			if d := cmp.Diff(v, back, sameStored()); d != "" {
				t.Fatalf("%s: stored %s, which decodes differently (-stored +read):\n%s", kind, data, d)
			}
			if kind == KindStatus { // organisation views read statuses their own way
				flat, err := decodeStatusRecord(Record{Kind: kind, ID: "x", Data: data})
				if err != nil {
					t.Fatalf("status: stored %s, which decodeStatusRecord does not read: %v", data, err)
				}
				if d := cmp.Diff(v, &flat, sameStored()); d != "" {
					t.Fatalf("status: stored %s, which decodeStatusRecord reads differently (-stored +read):\n%s", data, d)
				}
			}
			again, err := encodeRecord(kind, back)
			if err != nil || string(again) != string(data) {
				t.Fatalf("%s: stored %s, read back and encoded as %s (%v)", kind, data, again, err)
			}
		}
	})
}
