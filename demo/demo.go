// Package demo generates made-up organisations for demonstrations and
// tests: staff in teams under line managers, with starters, leavers and
// part-timers, and the training and CPD they completed over the last few
// years, so that a policy's requirements show every status. The example
// programs and the adapters' tests load it; a program of your own can
// too, to try cpdkit before it holds real records. The same options
// always give the same organisation.
//
// Names are made up from common given and family names; IDs are staff
// numbers. No generated person is real. The package keeps no state and
// is safe for concurrent use.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// Options say what to generate.
type Options struct {
	// People is how many staff; at least MinPeople.
	People int
	// Seed makes the organisation: the same seed, the same organisation.
	Seed uint64
	// On is "today": every date is before or on it.
	On date.Date
	// Policy is the compliance policy whose training, qualifications and
	// memberships the staff complete.
	Policy compliance.Policy
	// Budget also plans this academic year's budget and funded courses
	// (Org.Budget, Org.Funded), for a Service built with BudgetPolicy.
	Budget bool
}

// MinPeople is the smallest organisation: a head of education, an
// administrator, a managing director and one team's lead and member.
const MinPeople = 5

// Org is a generated organisation, ready to load into a cpd.Service.
type Org struct {
	// People are the staff, in ID order.
	People []cpd.Person
	// Identities are what the Directory should say of each person.
	Identities []cpd.Identity
	// Completions are completed activities, for ImportCompletions.
	Completions []cpd.Activity
	// Head, Admin and Director are the IDs of the head of education, the
	// administrator and the managing director.
	Head, Admin, Director string
	// Teams names the teams, each led by a line manager (and budget
	// holder, with a budget).
	Teams []string
	// On is the day it was generated for.
	On date.Date
	// Budget is this academic year's budget and Funded its funded
	// courses, when Options.Budget is set (see LoadBudget).
	Budget *budget.Budget
	Funded []Funded
}

// teams are the departments staff are spread over.
func teams() []string {
	return []string{"Maths", "English", "Science", "Vocational", "Teacher training", "Apprenticeships", "Business support"}
}

func givenNames() []string {
	return []string{"Alex", "Sam", "Jo", "Chris", "Priya", "Amir", "Grace", "Tom", "Aisha", "Ben", "Chloe", "Dan", "Ella",
		"Femi", "Hannah", "Imran", "Jess", "Kofi", "Laura", "Mo", "Nia", "Owen", "Ruth", "Sian", "Yusuf", "Zoe"}
}

func familyNames() []string {
	return []string{"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson",
		"Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Khan", "Lewis", "Clarke", "Ahmed"}
}

// teachingRoles are the job roles of team members outside business support.
func teachingRoles() []string { return []string{"teacher", "tutor", "assessor", "trainer"} }

// Generate makes an organisation. It panics if opts.People is below
// MinPeople or opts.On is zero: both are programming errors.
func Generate(opts Options) Org {
	if opts.People < MinPeople || opts.On == 0 {
		panic(fmt.Sprintf("demo: need at least %d people and a day, got %d and %v", MinPeople, opts.People, opts.On))
	}
	g := &gen{rnd: rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15)), on: opts.On, policy: opts.Policy}
	org := Org{Head: staffID(1), Admin: staffID(2), Director: staffID(3), On: opts.On}
	nTeams := min(len(teams()), max(1, (opts.People-3)/8))
	org.Teams = teams()[:nTeams]
	for i := 1; i <= opts.People; i++ {
		p := g.person(i, nTeams)
		org.People = append(org.People, p)
		org.Identities = append(org.Identities, cpd.Identity{Person: p.ID, Roles: slices.Clone(p.Roles), LineManager: p.LineManager})
		org.Completions = append(org.Completions, g.completions(&p)...)
	}
	if opts.Budget {
		g.planBudget(&org)
		for i := range org.Identities[3 : 3+nTeams] {
			id := &org.Identities[3+i]
			id.Roles = append(id.Roles, cpd.RoleBudgetHolder)
			org.People[3+i].Roles = append(org.People[3+i].Roles, cpd.RoleBudgetHolder)
		}
	}
	return org
}

// staffID is the i-th staff number.
func staffID(i int) string { return fmt.Sprintf("s%04d", i) }

// gen holds one generation's random source.
type gen struct {
	rnd    *rand.Rand
	on     date.Date
	policy compliance.Policy
	n      int // activities made
}

// person makes the i-th member of staff: the first three run the
// organisation, the next nTeams lead the teams, the rest join one.
func (g *gen) person(i, nTeams int) cpd.Person {
	ts := teams()
	p := cpd.Person{
		ID:         staffID(i),
		Name:       g.pick(givenNames()) + " " + g.pick(familyNames()),
		Roles:      []cpd.Role{cpd.RoleStaff},
		Employment: compliance.Employed,
		FTE:        decimal.NewFromInt(1),
		Start:      g.on - date.Date(365+g.rnd.IntN(12*365)),
	}
	p.Email = fmt.Sprintf("%s@example.org", p.ID)
	switch {
	case i == 1:
		p.JobRole, p.Roles = "manager", append(p.Roles, cpd.RoleHeadOfEducation)
	case i == 2:
		p.JobRole, p.Team, p.LineManager = "administrator", ts[nTeams-1], staffID(1)
		p.Roles = append(p.Roles, cpd.RoleAdministrator)
	case i == 3:
		p.JobRole, p.Roles = "manager", append(p.Roles, cpd.RoleManagingDirector)
	case i <= 3+nTeams:
		p.JobRole, p.Team, p.LineManager = "teacher", ts[i-4], staffID(1)
		p.Roles = append(p.Roles, cpd.RoleLineManager)
	default:
		t := g.rnd.IntN(nTeams)
		p.Team, p.LineManager = ts[t], staffID(4+t)
		p.JobRole = g.pick(teachingRoles())
		if p.Team == "Business support" {
			p.JobRole = "administrator"
		}
		g.vary(&p)
	}
	g.qualify(&p)
	return p
}

// vary makes some staff part-time, associates, new starters or leavers.
func (g *gen) vary(p *cpd.Person) {
	if g.rnd.IntN(10) < 3 {
		p.FTE = decimal.New(int64(4+g.rnd.IntN(5)), -1) // 0.4 to 0.8
	}
	if g.rnd.IntN(100) < 15 {
		p.Employment = compliance.Associate
	}
	switch r := g.rnd.IntN(100); {
	case r < 6: // started in the last eight weeks
		p.Start = g.on - date.Date(g.rnd.IntN(56))
	case r < 9: // left this term
		p.Leaving = g.on - date.Date(1+g.rnd.IntN(60))
		p.ResignedOn = p.Leaving - 30
		if p.Start > p.ResignedOn {
			p.Start = p.ResignedOn - 400
		}
	}
}

// qualify gives most people the qualifications and memberships the
// policy asks of anyone, each dated after they started.
func (g *gen) qualify(p *cpd.Person) {
	for _, r := range g.policy.Requirements {
		if len(r.Topics) == 0 || g.rnd.IntN(100) >= 80 {
			continue
		}
		since := p.Start + date.Date(g.rnd.IntN(20))
		if since > g.on {
			continue
		}
		switch r.Kind {
		case compliance.Qualification:
			p.Qualifications = append(p.Qualifications, cpd.Qualification{Topic: r.Topics[0], Name: r.Name, Awarded: since,
				Evidence: "certificate:" + p.ID + ":" + r.ID})
		case compliance.Membership:
			joined := max(since, g.on-date.Date(g.rnd.IntN(420)))
			p.Memberships = append(p.Memberships, cpd.Membership{Topic: r.Topics[0], Body: r.Name, Since: joined,
				ValidUntil: compliance.AddClamped(joined, r.Validity) - 1})
		}
		if slices.Contains(r.Topics, cpd.PenPortraitTopic) && p.Start+14 <= g.on {
			p.PenPortrait = cpd.PenPortrait{Summary: "Experience and expertise at induction", Captured: p.Start + 14}
		}
	}
}

// completions makes a person's completed training (most of the policy's
// training requirements, some long ago enough to have expired) and
// general CPD this academic year.
func (g *gen) completions(p *cpd.Person) []cpd.Activity {
	last := g.on
	if p.Leaving != 0 {
		last = min(last, p.Leaving)
	}
	var out []cpd.Activity
	for _, r := range g.policy.Requirements {
		if (r.Kind != compliance.RenewableTraining && r.Kind != compliance.OneOffTraining) || len(r.Topics) == 0 {
			continue
		}
		if slices.Contains(r.Topics, cpd.PenPortraitTopic) || g.rnd.IntN(100) < 8 {
			continue
		}
		span := 3 * 365
		if !r.Validity.IsZero() {
			span = int(compliance.AddClamped(g.on, r.Validity)-g.on) * 5 / 4
		}
		on := last - date.Date(g.rnd.IntN(span))
		if on < p.Start {
			if p.Start+28 > last {
				continue // a new starter has not done it yet
			}
			on = p.Start + date.Date(g.rnd.IntN(28))
		}
		out = append(out, g.activity(p, r.Name, r.Topics[0], on, cpd.InternalCourse, cpd.KeepingUpToDate, cpd.Required,
			decimal.New(int64(1+g.rnd.IntN(3)), 0)))
	}
	year := compliance.AcademicYearOf(g.policy.AcademicYearStart, g.on)
	from := max(year.Start, p.Start)
	if from <= last {
		for range g.rnd.IntN(9) {
			kind := pick(g.rnd, []cpd.ActivityKind{cpd.Webinar, cpd.ExternalCourse, cpd.Conference, cpd.Mentoring, cpd.Observation,
				cpd.Standardisation, cpd.WorkShadowing, cpd.Coaching})
			aspect := pick(g.rnd, []cpd.Aspect{cpd.TrainingForJob, cpd.KeepingUpToDate, cpd.CareerProgression})
			on := from + date.Date(g.rnd.IntN(int(last-from)+1))
			hours := decimal.New(int64(2+g.rnd.IntN(14)), 0).Div(decimal.NewFromInt(2)) // 1 to 7.5
			out = append(out, g.activity(p, "CPD: "+kind.String(), "", on, kind, aspect, cpd.SelfIdentified, hours))
		}
	}
	return out
}

// activity is one completed activity.
func (g *gen) activity(p *cpd.Person, title, topic string, on date.Date, kind cpd.ActivityKind, aspect cpd.Aspect,
	source cpd.Source, hours decimal.Decimal) cpd.Activity {
	g.n++
	a := cpd.Activity{Person: p.ID, Title: title, Kind: kind, Aspect: aspect, Necessity: cpd.Necessary, Source: source,
		Hours: hours, Completed: on, Evidence: fmt.Sprintf("lms:%06d", g.n), Provider: "Demo provider"}
	if topic != "" {
		a.Topics = []string{topic}
	}
	return a
}

// pick returns a random element.
func pick[T any](rnd *rand.Rand, xs []T) T { return xs[rnd.IntN(len(xs))] }

func (g *gen) pick(xs []string) string { return pick(g.rnd, xs) }

// Load stores the organisation in a Service, as its administrator: the
// people with ImportPeople in one transaction, then the completions with
// ImportCompletions, 2,000 to a transaction. The Directory behind svc must already know the
// identities (Org.Identities). progress, if not nil, is called with the
// records stored so far and the total.
func (o *Org) Load(ctx context.Context, svc *cpd.Service, org string, progress func(done, total int)) error {
	ctx = cpd.WithActor(ctx, cpd.Actor{Org: org, Person: o.Admin})
	total := len(o.People) + len(o.Completions)
	report := func(done int) {
		if progress != nil {
			progress(done, total)
		}
	}
	report(0)
	if _, err := svc.Staff.ImportPeople(ctx, o.People, nil); err != nil {
		return fmt.Errorf("load people: %w", err)
	}
	report(len(o.People))
	const batch = 2000
	for start := 0; start < len(o.Completions); start += batch {
		end := min(start+batch, len(o.Completions))
		if _, err := svc.Activities.ImportCompletions(ctx, o.Completions[start:end], nil); err != nil {
			return fmt.Errorf("load completions: %w", err)
		}
		report(len(o.People) + end)
	}
	return nil
}
