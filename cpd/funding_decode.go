package cpd

// The fast reader's part for an activity's funding (see readActivity):
// the budget reports read the funding of every activity on a budget,
// and encoding/json spent most of their time in it. It follows the rules
// of activity_decode.go: it reads what it is sure encoding/json reads the
// same way, each object as encoding/json reads it into its struct, and
// stops (errNotFast) at anything else, so that encoding/json reads the
// whole document.

import (
	"encoding"
	"encoding/json"

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

// readMembers reads the JSON object at the scanner (c, its first byte,
// is '{') as encoding/json reads an object into a struct whose fields
// have the JSON names names: read reads the member named names[f], whose
// value starts with c, and other members are skipped. A name given twice,
// or one that matches a field only by folding case, stops the fast
// reader.
func readMembers(s *jsonscan.Scanner, names []string, read func(f int, c byte) error) error {
	var seen uint64
	return s.Object(func(key []byte, c byte) error {
		f := -1
		for i, n := range names {
			if string(key) == n {
				f = i
				break
			}
		}
		if f < 0 {
			if foldsToKnown(key, names) {
				return errNotFast
			}
			return s.Skip()
		}
		if seen&(1<<f) != 0 {
			return errNotFast
		}
		seen |= 1 << f
		return read(f, c)
	})
}

// readStruct reads an object into a struct value (see readMembers), or
// null, which leaves it as it is.
func readStruct(s *jsonscan.Scanner, c byte, names []string, read func(f int, c byte) error) error {
	switch c {
	case 'n':
		return s.Literal("null")
	case '{':
		return readMembers(s, names, read)
	}
	return errNotFast
}

// readPointer reads null, which sets *p to nil, or an object into a new
// T, which *p then points to.
func readPointer[T any](s *jsonscan.Scanner, c byte, p **T, names []string, read func(v *T, f int, c byte) error) error {
	switch c {
	case 'n':
		*p = nil
		return s.Literal("null")
	case '{':
		v := new(T)
		*p = v
		return readMembers(s, names, func(f int, c byte) error { return read(v, f, c) })
	}
	return errNotFast
}

// readSlice reads null, which sets *p to nil, or an array, each element
// into a new zero T with read.
func readSlice[T any](s *jsonscan.Scanner, c byte, p *[]T, read func(v *T, c byte) error) error {
	switch c {
	case 'n':
		*p = nil
		return s.Literal("null")
	case '[':
	default:
		return errNotFast
	}
	out := make([]T, 0, 2)
	err := s.Array(func(_ int, c byte) error {
		var v T
		if err := read(&v, c); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	*p = out
	return err
}

// readBool reads true, false, or null, which leaves *v as it is.
func readBool(s *jsonscan.Scanner, c byte, v *bool) error {
	switch c {
	case 't':
		*v = true
		return s.Literal("true")
	case 'f':
		*v = false
		return s.Literal("false")
	case 'n':
		return s.Literal("null")
	}
	return errNotFast
}

// readJSONValue gives the value at the scanner, as it stands in the
// document, to a value that reads itself from JSON, as encoding/json
// does (null too).
func readJSONValue(s *jsonscan.Scanner, v json.Unmarshaler) error {
	start := s.I
	if err := s.Skip(); err != nil {
		return err
	}
	return v.UnmarshalJSON(s.B[start:s.I])
}

// readTextElem reads an element of a slice of values that read
// themselves from text.
func readTextElem[T any, PT interface {
	*T
	encoding.TextUnmarshaler
}](s *jsonscan.Scanner) func(v *T, c byte) error {
	return func(v *T, c byte) error { return readText(s, c, PT(v)) }
}

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
