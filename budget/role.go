package budget

import (
	"slices"

	"github.com/cpdkit/cpdkit/internal/enum"
)

// Role is an organisational role that takes part in spending decisions.
// Each is the package cpd organisational role of the same name, which cpd
// maps to it value by value (cpd's other roles take no part in spending);
// an embedding without cpd maps its own roles to these. The zero value is
// unset.
type Role uint8

// The roles.
const (
	// RoleLineManager is met only by the line manager of the person the
	// request is for (Request.LineManager), not by any line manager.
	RoleLineManager Role = iota + 1
	// RoleBudgetHolder is met only by the holder of the budget line
	// charged (Request.LineHolder), not by any budget holder.
	RoleBudgetHolder
	// RoleHeadOfEducation is the Head of Education or Director of School
	// Improvement.
	RoleHeadOfEducation
	// RoleManagingDirector agrees overnight and significant travel costs.
	RoleManagingDirector
	// RoleBusinessManager proposes the annual budget.
	RoleBusinessManager
	// RoleTrustee agrees the annual budget.
	RoleTrustee
	// RoleAdministrator keeps the training records.
	RoleAdministrator
)

var roleNames = enum.New(enumError, "line_manager", "budget_holder", "head_of_education", "managing_director",
	"business_manager", "trustee", "administrator")

// String returns the stable lowercase name used in JSON and storage.
func (r Role) String() string { return roleNames.String(uint8(r)) }

// MarshalText writes the stable name.
func (r Role) MarshalText() ([]byte, error) { return roleNames.Text(uint8(r), "role") }

// UnmarshalText reads the stable name.
func (r *Role) UnmarshalText(b []byte) error { return roleNames.Parse((*uint8)(r), b, "role") }

// Valid reports whether r is one of the named roles.
func (r Role) Valid() bool { return r >= RoleLineManager && r <= RoleAdministrator }

// ParseRole returns the role with the stable name s ("head_of_education").
// An unknown name is a *ValidationError matching ErrInvalid.
func ParseRole(s string) (Role, error) {
	var r Role
	err := r.UnmarshalText([]byte(s))
	return r, err
}

// Approver is a person taking a decision, with the organisational roles
// they hold. Relations are not roles they hold: whether they are the
// person's line manager or the line's holder is read from the Request.
type Approver struct {
	Person string
	Roles  []Role
}

// actsAs reports whether a acts in role r for request r: the line manager
// and budget holder roles are met by the request's named people, the
// others by holding the role.
func (a Approver) actsAs(role Role, req *Request) bool {
	switch role {
	case RoleLineManager:
		return req.LineManager != "" && req.LineManager == a.Person
	case RoleBudgetHolder:
		return req.LineHolder != "" && req.LineHolder == a.Person
	}
	return slices.Contains(a.Roles, role)
}

// holds reports whether a holds role r outright (for decisions that are
// not about one request, such as agreeing a budget).
func (a Approver) holds(r Role) bool { return a.Person != "" && slices.Contains(a.Roles, r) }
