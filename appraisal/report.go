package appraisal

import (
	"cmp"
	"slices"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
)

// Report is the feedback monitoring report for the head of education or
// director: how completed activities scored, grouped by provider, by kind
// and by aspect, and which feedback is still outstanding.
type Report struct {
	// From and Through bound the completion days covered (zero: open).
	From    date.Date `json:"from,omitzero"`
	Through date.Date `json:"through,omitzero"`
	// On is the day the report was made, from which waits are counted.
	On         date.Date `json:"on"`
	Overall    Group     `json:"overall"`
	ByProvider []Group   `json:"by_provider"`
	ByKind     []Group   `json:"by_kind"`
	ByAspect   []Group   `json:"by_aspect"`
	// Outstanding lists the completed activities with no feedback yet,
	// longest waiting first.
	Outstanding []Outstanding `json:"outstanding"`
}

// Group is the feedback of one provider, kind or aspect.
type Group struct {
	// Key is the provider, kind or aspect ("" when not recorded); "all"
	// for the overall group.
	Key string `json:"key"`
	// Activities is the number of completed activities; Responses how
	// many of them have feedback.
	Activities int `json:"activities"`
	Responses  int `json:"responses"`
	// Levels has the average at each of the five levels, in order.
	Levels []LevelAverage `json:"levels"`
	// Average is over every score at every level.
	Average Average `json:"average"`
}

// LevelAverage is the average score at one level.
type LevelAverage struct {
	Level Level `json:"level"`
	Average
}

// Average is an exact mean: the sum and count of the scores, and their
// quotient rounded half up to two decimal places (zero when Count is 0).
type Average struct {
	Count int             `json:"count"`
	Sum   int             `json:"sum"`
	Mean  decimal.Decimal `json:"mean"`
}

// add counts one score.
func (a *Average) add(s Score) {
	a.Count++
	a.Sum += int(s)
}

// finish works out the mean.
func (a *Average) finish() {
	a.Mean = decimal.Zero
	if a.Count > 0 {
		a.Mean = decimal.NewFromInt(int64(a.Sum)).DivRound(decimal.NewFromInt(int64(a.Count)), 2)
	}
}

// Outstanding is a completed activity still waiting for feedback.
type Outstanding struct {
	Activity  string    `json:"activity"`
	Person    string    `json:"person"`
	Title     string    `json:"title"`
	Provider  string    `json:"provider,omitzero"`
	Completed date.Date `json:"completed"`
	// Days is how long it has waited, from completion to the report's day.
	Days int `json:"days"`
}

// ReportOptions choose what a report covers. A nil *ReportOptions covers
// every completed activity given.
type ReportOptions struct {
	// From and Through, when set, keep only activities completed on those
	// days or between them.
	From, Through date.Date
}

// BuildReport makes the feedback report on day on from the completed
// activities and the feedback given. Feedback counts only when it is on
// one of the activities and given by its person (feedback from anyone
// else is ignored, as are activities not done). Groups are ordered by key.
func BuildReport(on date.Date, acts []Activity, feedback []Feedback, opts *ReportOptions) Report {
	var o ReportOptions
	if opts != nil {
		o = *opts
	}
	r := Report{From: o.From, Through: o.Through, On: on, Overall: newGroup("all"), Outstanding: []Outstanding{}}
	given := make(map[string]*Feedback, len(feedback))
	for i := range feedback {
		given[feedback[i].Activity] = &feedback[i]
	}
	providers, kinds, aspects := map[string]*Group{}, map[string]*Group{}, map[string]*Group{}
	for _, a := range acts {
		if !a.Done() || (o.From != 0 && a.Completed < o.From) || (o.Through != 0 && a.Completed > o.Through) {
			continue
		}
		f := given[a.ID]
		if f != nil && f.By != a.Person {
			f = nil
		}
		for _, g := range []*Group{&r.Overall, groupOf(providers, a.Provider), groupOf(kinds, a.Kind), groupOf(aspects, a.Aspect)} {
			g.count(f)
		}
		if f == nil {
			r.Outstanding = append(r.Outstanding, Outstanding{Activity: a.ID, Person: a.Person, Title: a.Title,
				Provider: a.Provider, Completed: a.Completed, Days: int(on - a.Completed)})
		}
	}
	r.Overall.finish()
	r.ByProvider, r.ByKind, r.ByAspect = sorted(providers), sorted(kinds), sorted(aspects)
	slices.SortFunc(r.Outstanding, func(a, b Outstanding) int { // activity IDs are unique: a total order
		return cmp.Or(cmp.Compare(a.Completed, b.Completed), cmp.Compare(a.Activity, b.Activity))
	})
	return r
}

func newGroup(key string) Group {
	g := Group{Key: key, Levels: make([]LevelAverage, 0, levelNames.Len())}
	for _, l := range Levels() {
		g.Levels = append(g.Levels, LevelAverage{Level: l})
	}
	return g
}

// finish works out the group's means.
func (g *Group) finish() {
	for i := range g.Levels {
		g.Levels[i].finish()
	}
	g.Average.finish()
}

// count adds one activity and its feedback, if any.
func (g *Group) count(f *Feedback) {
	g.Activities++
	if f == nil {
		return
	}
	g.Responses++
	for _, s := range f.Scores {
		if levelNames.Valid(uint8(s.Level)) {
			g.Levels[s.Level-1].add(s.Score)
			g.Average.add(s.Score)
		}
	}
}

func groupOf(groups map[string]*Group, key string) *Group {
	g, ok := groups[key]
	if !ok {
		n := newGroup(key)
		g = &n
		groups[key] = g
	}
	return g
}

func sorted(groups map[string]*Group) []Group {
	out := make([]Group, 0, len(groups))
	for _, g := range groups {
		g.finish()
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b Group) int { return cmp.Compare(a.Key, b.Key) })
	return out
}
