package compliance

import (
	"slices"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
)

// Completion is one piece of learning done, as its source records it: a
// completed activity, an imported course completion or an awarded badge,
// which may evidence several topics at once. [Completion.AppendEvidence]
// turns it into the [Evidence] the rules read; every caller goes through
// it, so that a completion counts the same wherever it came from.
type Completion struct {
	// ID is the caller's reference, given to every record.
	ID string
	// Date is the day it was completed (required).
	Date date.Date
	// ValidUntil is the last day it is valid when it carries its own
	// expiry; zero when it does not.
	ValidUntil date.Date
	// Hours is the CPD time it represents; zero for none.
	Hours decimal.Decimal
	// Topics are the topics it evidences. Empty topics and repeats are
	// ignored.
	Topics []string
	// Aspect and Kind become the evidence's Aspect and Kind.
	Aspect string
	Kind   string
	// Relevant becomes the evidence's Relevant: learning relevant to the
	// job role or required, for hours rules that count only that
	// (HoursRule.RelevantOnly).
	Relevant bool
}

// AppendEvidence appends the completion's evidence to evs and returns the
// extended slice: one record per distinct topic, in the order first given,
// with the hours on the first record only so that they count once; or a
// single record without a topic (counting only for hours) when it has no
// topic. Every record has the completion's ID, Date, ValidUntil, Aspect,
// Kind and Relevant.
//
// The rule does not drop a completion seen before: a source that can
// repeat one (the same statement or badge imported twice) drops repeats
// by ID before calling it.
func (c Completion) AppendEvidence(evs []Evidence) []Evidence {
	base := Evidence{ID: c.ID, Date: c.Date, ValidUntil: c.ValidUntil, Hours: c.Hours, Aspect: c.Aspect, Kind: c.Kind,
		Relevant: c.Relevant}
	first := true
	for i, t := range c.Topics {
		if t == "" || slices.Contains(c.Topics[:i], t) {
			continue
		}
		ev := base
		ev.Topic = t
		if !first {
			ev.Hours = decimal.Decimal{}
		}
		first = false
		evs = append(evs, ev)
	}
	if first {
		evs = append(evs, base)
	}
	return evs
}
