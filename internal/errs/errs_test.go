package errs_test

import (
	"errors"
	"testing"

	"github.com/cpdkit/cpdkit/internal/errs"
)

var errSpecific = errors.New("specific")

func TestValidationError(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  *errs.ValidationError
		want string
	}{
		{"field", &errs.ValidationError{Field: "plan[1].target", Reason: "is required"}, "plan[1].target: is required"},
		{"no field", &errs.ValidationError{Reason: `"13-01" is not a month and day`}, `"13-01" is not a month and day`},
		{"specific", &errs.ValidationError{Field: "activity", Reason: "is not linked", Err: errSpecific}, "activity: is not linked"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("Error() = %q, want %q", got, tc.want)
			}
			if !errors.Is(tc.err, errs.ErrInvalid) {
				t.Error("does not match ErrInvalid")
			}
			if errors.Is(tc.err, errs.ErrForbidden) || errors.Is(tc.err, errs.ErrTransition) {
				t.Error("matches another sentinel")
			}
			if got := errors.Is(tc.err, errSpecific); got != (tc.err.Err != nil) {
				t.Errorf("errors.Is(err, Err) = %v with Err %v", got, tc.err.Err)
			}
		})
	}
}

func TestInvalid(t *testing.T) {
	err := errs.Invalid("rules[2].approvers[0]", "%q is not a role", "head")
	var ve *errs.ValidationError
	if !errors.As(err, &ve) || ve.Field != "rules[2].approvers[0]" || ve.Reason != `"head" is not a role` || ve.Err != nil {
		t.Fatalf("Invalid = %#v", err)
	}
}

// TestProblems checks both ways of adding a problem, that all are kept in
// order, and that no problem is no error.
func TestProblems(t *testing.T) {
	var p errs.Problems
	if err := p.Err(); err != nil {
		t.Fatalf("empty Problems: Err() = %v, want nil", err)
	}
	p.Add("id", "is required (100%)")
	p.Addf("rules[2]", "%d approvers, want at most %d", 5, 3)
	err := p.Err()
	if want := "id: is required (100%)\nrules[2]: 5 approvers, want at most 3"; err == nil || err.Error() != want {
		t.Fatalf("Err() = %v, want %q", err, want)
	}
	if !errors.Is(err, errs.ErrInvalid) {
		t.Error("Err() does not match ErrInvalid")
	}
	var ve *errs.ValidationError
	if !errors.As(err, &ve) || ve.Field != "id" {
		t.Errorf("errors.As finds %#v, want the first problem", ve)
	}
}
