package budget

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func TestCosts(t *testing.T) {
	cover := func(days, rate string) *Cover {
		return &Cover{Days: decimal.RequireFromString(days), DayRate: gbp(rate)}
	}
	tests := []struct {
		name   string
		costs  Costs
		total  string
		travel string
		cover  string
	}{
		{name: "none", total: "GBP 0.00", travel: "GBP 0.00", cover: "GBP 0.00"},
		{name: "items", costs: Costs{Items: []Cost{fee("250"), travel("37.40"), travel("12.60")}}, total: "GBP 300.00", travel: "GBP 50.00", cover: "GBP 0.00"},
		{name: "cover days times rate", costs: Costs{Items: []Cost{fee("100")}, Cover: cover("2", "160")}, total: "GBP 420.00", travel: "GBP 0.00", cover: "GBP 320.00"},
		{name: "half a day rounds half up", costs: Costs{Cover: cover("0.5", "145.55")}, total: "GBP 72.78", travel: "GBP 0.00", cover: "GBP 72.78"},
		{name: "a day and a half", costs: Costs{Cover: cover("1.5", "150.01")}, total: "GBP 225.02", travel: "GBP 0.00", cover: "GBP 225.02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, []string{tt.total, tt.travel, tt.cover},
				[]string{tt.costs.Total(GBP).String(), tt.costs.Of(Travel, GBP).String(), tt.costs.CoverCost(GBP).String()})
		})
	}
}

func TestRequestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Request)
		field  string
	}{
		{name: "no id", change: func(r *Request) { r.ID = "" }, field: "id"},
		{name: "no person", change: func(r *Request) { r.Person = "" }, field: "person"},
		{name: "bad necessity", change: func(r *Request) { r.Necessity = 7 }, field: "necessity"},
		{name: "item kind", change: func(r *Request) { r.Costs.Items[0].Kind = 0 }, field: "costs.items[0].kind"},
		{name: "cover days", change: func(r *Request) { r.Costs.Cover = &Cover{DayRate: gbp("1")} }, field: "costs.cover.days"},
		{name: "cover rate currency", change: func(r *Request) {
			r.Costs.Cover = &Cover{Days: decimal.NewFromInt(1), DayRate: MustParse("EUR 1")}
		}, field: "costs.cover.day_rate"},
		{name: "cover days too precise", change: func(r *Request) {
			r.Costs.Cover = &Cover{Days: decimal.RequireFromString("0.125"), DayRate: gbp("100")}
		}, field: "costs.cover.days"},
		{name: "cover days too many", change: func(r *Request) {
			r.Costs.Cover = &Cover{Days: decimal.NewFromInt(1000), DayRate: gbp("100")}
		}, field: "costs.cover.days"},
		{name: "cover days with a huge exponent", change: func(r *Request) {
			r.Costs.Cover = &Cover{Days: decimal.New(1, 10_000_000), DayRate: gbp("100")}
		}, field: "costs.cover.days"},
		{name: "total too large", change: func(r *Request) {
			r.Costs.Items = []Cost{fee("999999999999.99"), fee("0.01")}
		}, field: "costs"},
		{name: "cover cost too large", change: func(r *Request) {
			r.Costs.Cover = &Cover{Days: decimal.NewFromInt(2), DayRate: gbp("600000000000")}
		}, field: "costs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := req(fee("10"))
			tt.change(&r)
			err := r.Validate(GBP)
			require.ErrorIs(t, err, ErrInvalid)
			require.Contains(t, fields(err), tt.field)
		})
	}
}
