package cpd

// The fast reader's part for an activity's funding (see readActivity):
// the budget reports read the funding of every activity on a budget,
// and encoding/json spent most of their time in it. It is made of the
// parts in fastread.go, and follows their rules.

import (
	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/internal/jsonscan"
)

// The JSON names of the funding's structs' fields, by position.
var (
	fundingFields    = []string{"budget", "line", "costs", "overnight", "relevant_to_role", "chain", "approvals", "waiting", "override", "commitment"}
	costsFields      = []string{"items", "cover"}
	costFields       = []string{"kind", "amount", "note"}
	coverFields      = []string{"days", "day_rate"}
	chainFields      = []string{"steps", "distinct"}
	stepFields       = []string{"rule", "roles", "ordered", "before_start"}
	approvalFields   = []string{"role", "by", "on"}
	overrideFields   = []string{"by", "reason", "warning"}
	commitmentFields = []string{"request", "line", "outstanding", "committed", "released", "settled", "spent"}
)

// readActivityFunding reads an activity's funding: null (none) or the
// funding object.
func readActivityFunding(s *jsonscan.Scanner, c byte, p **Funding) error {
	return readPointer(s, c, p, fundingFields, func(fu *Funding, f int, c byte) error {
		switch f {
		case 0:
			return readString(s, c, &fu.Budget)
		case 1:
			return readString(s, c, &fu.Line)
		case 2:
			return readStruct(s, c, costsFields, func(f int, c byte) error { return readCosts(s, &fu.Costs, f, c) })
		case 3:
			return readBool(s, c, &fu.Overnight)
		case 4:
			return readBool(s, c, &fu.RelevantToRole)
		case 5:
			return readStruct(s, c, chainFields, func(f int, c byte) error { return readChain(s, &fu.Chain, f, c) })
		case 6:
			return readSlice(s, c, &fu.Approvals, func(a *budget.Approval, c byte) error {
				return readStruct(s, c, approvalFields, func(f int, c byte) error {
					switch f {
					case 0:
						return readText(s, c, &a.Role)
					case 1:
						return readString(s, c, &a.By)
					default:
						return readText(s, c, &a.On)
					}
				})
			})
		case 7:
			return readSlice(s, c, &fu.Waiting, readTextElem[budget.Role](s))
		case 8:
			return readPointer(s, c, &fu.Override, overrideFields, func(o *budget.Override, f int, c byte) error {
				switch f {
				case 0:
					return readString(s, c, &o.By)
				case 1:
					return readString(s, c, &o.Reason)
				default:
					return readBool(s, c, &o.Warning)
				}
			})
		default:
			return readPointer(s, c, &fu.Commitment, commitmentFields, func(m *budget.Commitment, f int, c byte) error {
				switch f {
				case 0:
					return readString(s, c, &m.Request)
				case 1:
					return readString(s, c, &m.Line)
				case 2:
					return readJSONValue(s, &m.Outstanding)
				case 3:
					return readJSONValue(s, &m.Committed)
				case 4:
					return readJSONValue(s, &m.Released)
				case 5:
					return readJSONValue(s, &m.Settled)
				default:
					return readJSONValue(s, &m.Spent)
				}
			})
		}
	})
}

// readCosts reads member f of a funding's costs.
func readCosts(s *jsonscan.Scanner, cs *budget.Costs, f int, c byte) error {
	if f == 0 {
		return readSlice(s, c, &cs.Items, func(it *budget.Cost, c byte) error {
			return readStruct(s, c, costFields, func(f int, c byte) error {
				switch f {
				case 0:
					return readText(s, c, &it.Kind)
				case 1:
					return readJSONValue(s, &it.Amount)
				default:
					return readString(s, c, &it.Note)
				}
			})
		})
	}
	return readPointer(s, c, &cs.Cover, coverFields, func(cv *budget.Cover, f int, c byte) error {
		if f == 0 {
			return readJSONValue(s, &cv.Days)
		}
		return readJSONValue(s, &cv.DayRate)
	})
}

// readChain reads member f of a funding's chain.
func readChain(s *jsonscan.Scanner, ch *budget.Chain, f int, c byte) error {
	if f == 1 {
		return readBool(s, c, &ch.Distinct)
	}
	return readSlice(s, c, &ch.Steps, func(st *budget.Step, c byte) error {
		return readStruct(s, c, stepFields, func(f int, c byte) error {
			switch f {
			case 0:
				return readString(s, c, &st.Rule)
			case 1:
				return readSlice(s, c, &st.Roles, readTextElem[budget.Role](s))
			case 2:
				return readBool(s, c, &st.Ordered)
			default:
				return readBool(s, c, &st.BeforeStart)
			}
		})
	})
}
