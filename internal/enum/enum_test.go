package enum_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/cpdkit/cpdkit/internal/enum"
)

// fieldError is the error a package would make: its field and reason.
type fieldError struct{ field, reason string }

func (e *fieldError) Error() string { return e.field + ": " + e.reason }

func invalid(field, reason string) error { return &fieldError{field, reason} }

var colours = enum.New(invalid, "red", "green", "light_blue")

func TestNames(t *testing.T) {
	if got := colours.Len(); got != 3 {
		t.Errorf("Len = %d, want 3", got)
	}
	if got := fmt.Sprint(colours.List()); got != "[red green light_blue]" {
		t.Errorf("List = %s", got)
	}
	for v, want := range map[uint8]string{0: "unset", 1: "red", 3: "light_blue", 4: "invalid(4)", 255: "invalid(255)"} {
		if got := colours.String(v); got != want {
			t.Errorf("String(%d) = %q, want %q", v, got, want)
		}
		if got := colours.Valid(v); got != (v >= 1 && v <= 3) {
			t.Errorf("Valid(%d) = %v", v, got)
		}
	}
}

func TestTextAndParseRoundTrip(t *testing.T) {
	for v := uint8(1); v <= 3; v++ {
		b, err := colours.Text(v, "colour")
		if err != nil {
			t.Fatalf("Text(%d): %v", v, err)
		}
		var back uint8
		if err := colours.Parse(&back, b, "colour"); err != nil || back != v {
			t.Errorf("Parse(%q) = %d, %v; want %d", b, back, err, v)
		}
	}
}

func TestTextOfNoName(t *testing.T) {
	for _, v := range []uint8{0, 4} {
		_, err := colours.Text(v, "colour")
		var fe *fieldError
		if !errors.As(err, &fe) {
			t.Fatalf("Text(%d) error = %v, want the package's error", v, err)
		}
		if want := fmt.Sprintf("colour %d has no name", v); fe.field != "colour" || fe.reason != want {
			t.Errorf("Text(%d) error = %+v, want field colour, reason %q", v, fe, want)
		}
	}
}

// TestParseUnknown checks that an unknown name, a name in the wrong case
// and the empty text are refused in words that read right whatever the
// enumeration is called, and leave the value as it was.
func TestParseUnknown(t *testing.T) {
	for _, text := range []string{"purple", "Red", "", "unset"} {
		v := uint8(2)
		err := colours.Parse(&v, []byte(text), "colour")
		var fe *fieldError
		if !errors.As(err, &fe) {
			t.Fatalf("Parse(%q) error = %v, want the package's error", text, err)
		}
		want := fmt.Sprintf("%q is not a valid colour (want one of [red green light_blue])", text)
		if fe.field != "colour" || fe.reason != want {
			t.Errorf("Parse(%q) error = %+v, want field colour, reason %s", text, fe, want)
		}
		if v != 2 {
			t.Errorf("Parse(%q) changed the value to %d", text, v)
		}
	}
}

func TestListCannotGrowIntoTheTable(t *testing.T) {
	l := colours.List()
	_ = append(l, "intruder")
	if got := colours.String(3); got != "light_blue" {
		t.Errorf("append to List changed the table: String(3) = %q", got)
	}
}
