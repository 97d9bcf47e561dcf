package cpd

import "fmt"

// Role is an organisational role. The zero value is unset.
type Role uint8

// The organisational roles both policies name.
const (
	// RoleStaff: every member of staff, employed or associate.
	RoleStaff Role = iota + 1
	// RoleLineManager manages the people whose LineManager they are.
	RoleLineManager
	// RoleAdministrator maintains statutory training records for everyone.
	RoleAdministrator
	// RoleBudgetHolder holds a line of the CPD budget.
	RoleBudgetHolder
	// RoleHeadOfEducation is the Head of Education or Director of School
	// Improvement: monitors the PD plan and feedback, approves costs.
	RoleHeadOfEducation
	// RoleManagingDirector agrees overnight and significant travel costs.
	RoleManagingDirector
	// RoleBusinessManager proposes the annual budget.
	RoleBusinessManager
	// RoleTrustee agrees the annual budget.
	RoleTrustee
	// RoleIQA is the Deputy Head of Education and internal quality assurer.
	RoleIQA
	// RoleAuditor reads everything and changes nothing.
	RoleAuditor
)

var roleNames = []string{"", "staff", "line_manager", "administrator", "budget_holder", "head_of_education",
	"managing_director", "business_manager", "trustee", "iqa", "auditor"}

// String returns the stable lowercase name used in JSON, storage and
// compliance scopes.
func (r Role) String() string { return enumName(roleNames, uint8(r)) }

// MarshalText writes the stable name.
func (r Role) MarshalText() ([]byte, error) { return enumText(roleNames, uint8(r), "role") }

// UnmarshalText reads the stable name.
func (r *Role) UnmarshalText(b []byte) error { return enumParse(roleNames, (*uint8)(r), b, "role") }

func enumName(names []string, v uint8) string {
	switch {
	case v == 0:
		return "unset"
	case int(v) < len(names):
		return names[v]
	}
	return fmt.Sprintf("invalid(%d)", v)
}

func enumText(names []string, v uint8, what string) ([]byte, error) {
	if v == 0 || int(v) >= len(names) {
		return nil, fmt.Errorf("%s %d has no name", what, v)
	}
	return []byte(names[v]), nil
}

func enumParse(names []string, v *uint8, b []byte, what string) error {
	for i, n := range names {
		if i > 0 && n == string(b) {
			*v = uint8(i)
			return nil
		}
	}
	return invalid(what, "%q is not one of %v", b, names[1:])
}
