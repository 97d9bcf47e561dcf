package cpd

import (
	"github.com/cpdkit/cpdkit/internal/enum"
)

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

var roleNames = enum.New(enumError, "staff", "line_manager", "administrator", "budget_holder", "head_of_education",
	"managing_director", "business_manager", "trustee", "iqa", "auditor")

// String returns the stable lowercase name used in JSON, storage and
// compliance scopes.
func (r Role) String() string { return roleNames.String(uint8(r)) }

// MarshalText writes the stable name.
func (r Role) MarshalText() ([]byte, error) { return roleNames.Text(uint8(r), "role") }

// UnmarshalText reads the stable name.
func (r *Role) UnmarshalText(b []byte) error { return roleNames.Parse((*uint8)(r), b, "role") }

// enumError is the error of every enumeration's MarshalText and
// UnmarshalText (see package internal/enum): a *ValidationError for the
// field.
func enumError(field, reason string) error { return &ValidationError{Field: field, Reason: reason} }
