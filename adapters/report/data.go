package report

import (
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// Data is everything the report shows.
type Data struct {
	// Title heads the report; Organisation names whose it is.
	Title        string
	Organisation string
	// On is the day the figures are for.
	On date.Date
	// HorizonDays is how far ahead Expiring looks.
	HorizonDays int
	// Year is the academic year On falls in, against which hours are on
	// track pro rata; the zero year when unknown (hours are then rated
	// against the minimum alone).
	Year compliance.AcademicYear
	// Thresholds rate the bars red, amber or green; nil means
	// DefaultThresholds. Render refuses thresholds that do not validate.
	Thresholds *Thresholds
	// Requirements are the heat map's columns, in the policy's order.
	Requirements []Requirement
	// People are its rows: everyone in post, and leavers until the end of
	// the academic year they left in, by team and then name.
	People []Person
	// Teams has each team's indicators, by name, over the people in post;
	// Overall is everyone's in post.
	Teams   []Team
	Overall Indicators
	// Expiring lists the training, qualifications and memberships whose
	// evidence stops counting within HorizonDays, soonest first.
	Expiring []Expiry
	// Budget is the budget's lines; nil when the report has no budget.
	Budget *Budget
	// Forecast is who falls out of compliance in the days ahead (see
	// cpd.Compliance.Forecast); nil when the report has none.
	Forecast *Forecast
	// Unreadable are the stored records the report needed but that do
	// not decode (see cpd.ErrUnreadable), by kind and ID: what they hold
	// is left out of the figures (a person who cannot be read, a budget
	// activity), and the page lists them.
	Unreadable []cpd.Unreadable
}

// Forecast is the items that fall out of compliance between On and To.
type Forecast struct {
	To date.Date
	// Lapses are the items falling out, by day; Covered counts those a
	// booked course puts right in time.
	Lapses  []Lapse
	Covered int
}

// Lapse is one person's item falling out of compliance.
type Lapse struct {
	Person, Name, Team string
	Requirement        string // the requirement's name
	// On is the first day it is overdue or missing; Status what it is.
	On     date.Date
	Status compliance.Status
	// Fix is the title of the planned course that would put it right, ""
	// for none; AtRisk is always true of it here (it is not booked, or
	// completes too late).
	Fix string
}

// Requirement is one column of the heat map.
type Requirement struct {
	ID   string
	Name string
	Kind compliance.Kind
	// Tally counts its cells (people in post) by status.
	Tally compliance.Tally
}

// Person is one row of the heat map, with their own indicators.
type Person struct {
	ID      string
	Name    string
	Team    string
	JobRole string
	// Leaver is set for someone whose last day has passed.
	Leaver bool
	// Cells has one entry per requirement, in Data.Requirements' order.
	Cells []Cell
	// Tally counts their cells by status.
	Tally compliance.Tally
	// Hours are the CPD hours done this academic year. HoursRequired is
	// their minimum, when a minimum applies to them (HasMinimum).
	Hours, HoursRequired decimal.Decimal
	HasMinimum           bool
	// Committed and Spent are the money of the budget's activities for
	// them; zero (in the budget's currency) without a budget.
	Committed, Spent budget.Money
}

// Cell is where one person stands against one requirement.
type Cell struct {
	Status compliance.Status
	// Date is the last valid day while the status is compliant or due
	// soon, and the day to act by otherwise (zero when there is none).
	Date   date.Date
	Reason string
}

// Indicators are a group's figures: compliance rate, hours against the
// minimum, and spend.
type Indicators struct {
	// People counts the group's people in post.
	People int
	// Tally counts their cells by status; its Rate is the group's
	// compliance rate.
	Tally compliance.Tally
	// Hours and HoursRequired sum the hours done and required of those
	// with a minimum; WithMinimum counts them and MeetingMinimum those who
	// have done their hours.
	Hours, HoursRequired        decimal.Decimal
	WithMinimum, MeetingMinimum int
	// Committed and Spent sum the group's money from the budget.
	Committed, Spent budget.Money
}

// Team is one team's indicators.
type Team struct {
	Name string
	Indicators
}

// Expiry is one item whose evidence stops counting soon.
type Expiry struct {
	Person, Name, Team string
	Requirement        string // the requirement's name
	ValidUntil         date.Date
	// DaysLeft counts the days from Data.On to ValidUntil.
	DaysLeft int
}

// Budget is a budget's money per line.
type Budget struct {
	ID, Name string
	Currency budget.Currency
	Lines    []BudgetLine
	Total    BudgetLine
}

// BudgetLine is one line's money. Holder is the ID of the person who
// holds it, HolderName their name.
type BudgetLine struct {
	ID, Name, Holder, HolderName           string
	Allocated, Committed, Spent, Available budget.Money
}
