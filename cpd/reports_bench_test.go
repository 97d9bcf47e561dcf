package cpd_test

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	reportpage "github.com/cpdkit/cpdkit/adapters/report"
	"github.com/cpdkit/cpdkit/appraisal"
	"github.com/cpdkit/cpdkit/budget"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// The reports' benchmarks: an organisation of n staff on the memory
// store, each with reportsBenchPerPerson activities of this year (one
// approved and funded from budget "bench", one completed with feedback,
// and one either requested from the budget, for every tenth person, or
// completed), and, in the history variant, twice as many again completed
// in earlier years, unfunded and serving closed targets: records that no
// report of this year lists. They are safeguarding courses, so they are
// evidence that each person's evaluation weighs; report.Gather reads the
// outcome, kept on write in the statuses and their reasons. Every report runs on both, in the same
// iteration, and the benchmark reports each one's ms/op and the ratio
// history/base.
//
// The Service makes the budget and one activity of each shape; the rest
// are copies of them written through the Store (PutMany), with the
// budget's accounts and ledger posted as the Service posts them (the
// books balance: CheckBooks is one of the benchmarks), and each person's
// status evaluated by RefreshStatuses.
const reportsBenchPerPerson = 3

// reportsBench is one benchmark organisation.
type reportsBench struct {
	f    *fixture
	n    int
	area string // the area of the targets
}

// newReportsBench builds an organisation of n staff, with history
// (2×reportsBenchPerPerson older activities each) when history is set.
func newReportsBench(b *testing.B, n int, history bool) *reportsBench {
	b.Helper()
	started := time.Now()
	f := newMoneyFixture(b)
	ctx := context.Background()
	bud := testBudget()
	bud.ID, bud.Year = "bench", "bench"
	for i := range bud.Lines {
		bud.Lines[i].Amount, bud.Lines[i].Enforcement = gbp("100000000"), budget.Warn
	}
	must(b, func() error { _, err := f.svc.Budgets.ProposeBudget(as("bm"), bud); return err })
	must(b, func() error { _, err := f.svc.Budgets.AgreeBudget(as("trustee"), "bench"); return err })
	paidBench := func(person string) cpd.Activity {
		a := paid(person, "100")
		a.Funding.Budget = "bench"
		return a
	}
	approved := f.approveAll(b, f.request(b, paidBench("tina")).ID, "holder", "head")
	waiting := f.request(b, paidBench("pete"))
	open, err := f.svc.Appraisals.SetTarget(as("head"), appraisal.Target{Title: "Pass rate", Source: appraisal.ImprovementPlanning,
		Area: "maths", Owner: "tina", Due: date.New(2027, 7, 1)})
	if err != nil {
		b.Fatal(err)
	}
	f.now = time.Date(2023, 6, 1, 10, 0, 0, 0, time.UTC) // a target of years ago, done with
	closed, err := f.svc.Appraisals.SetTarget(as("head"), appraisal.Target{Title: "Old pass rate", Source: appraisal.ImprovementPlanning,
		Area: "maths", Owner: "tina", Due: date.New(2023, 7, 1), Set: date.New(2022, 9, 1)})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := f.svc.Appraisals.WithdrawTarget(as("head"), closed.ID, "done with"); err != nil {
		b.Fatal(err)
	}
	f.now = fixedNow

	// The accounts, read to post the copies' commitments.
	accts := map[string]*budget.Account{}
	versions := map[string]int64{}
	must(b, func() error {
		return f.store.View(ctx, org, func(tx cpd.Tx) error {
			for _, l := range bud.Lines {
				r, err := tx.Get(ctx, cpd.KindAccount, "bench/"+l.ID)
				if err != nil {
					return err
				}
				var a budget.Account
				if err := json.Unmarshal(r.Data, &a); err != nil {
					return err
				}
				accts[l.ID], versions[l.ID] = &a, r.Version
			}
			return nil
		})
	})

	done := func(id, person string, on date.Date) cpd.Activity {
		a := course(person, "safeguarding")
		a.ID, a.State, a.Completed, a.Evidence, a.RequestedBy, a.RecordedBy = id, cpd.Completed, on, "certificate.pdf", person, person
		a.Provider = fmt.Sprintf("provider %d", len(id)%5)
		return a
	}
	rec := func(kind cpd.Kind, id, owner, state string, v any) cpd.Record {
		data, err := json.Marshal(v)
		if err != nil {
			b.Fatal(err)
		}
		return cpd.Record{Kind: kind, ID: id, Owner: owner, State: state, Data: data}
	}
	var people, statuses, acts, entries, feedback, needs []cpd.Record
	// completed are the IDs of the activities done on each day, for the
	// links the Service keeps between them (cpd.KindCompletion).
	completed := map[date.Date][]string{}
	// need is the link the Service keeps between an activity and a
	// target it serves (cpd.KindTargetNeed).
	need := func(target string, a cpd.Activity) cpd.Record {
		return rec(cpd.KindTargetNeed, target+"/"+a.ID, a.Person, "", map[string]string{"target": target, "activity": a.ID})
	}
	for i := range n {
		pid := fmt.Sprintf("s%06d", i)
		people = append(people, rec(cpd.KindPerson, pid, pid, "", cpd.Person{ID: pid, Name: pid, JobRole: "teacher",
			Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "mgr", Team: "maths", Start: date.New(2020, 9, 1),
			Employment: compliance.Employed, FTE: decimal.NewFromInt(1)}))
		// A stale status, which RefreshStatuses below evaluates.
		statuses = append(statuses, rec(cpd.KindStatus, pid, pid, "", map[string]string{"person": pid}))
		// This year's: funded and approved; completed with feedback; and
		// requested or completed.
		line := bud.Lines[i%len(bud.Lines)].ID
		a := approved
		a.ID, a.Person, a.RequestedBy, a.Funding = pid+"-0", pid, pid, copyFunding(approved.Funding)
		a.Targets = []string{open.ID}
		a.Funding.Line = line
		comm := budget.NewCommitment(a.ID, line, budget.GBP)
		e, err := accts[line].Commit(&comm, gbp("100"), budget.Cause{Action: "activity.approved", Ref: a.ID, By: "head", On: benchToday}, nil)
		if err != nil {
			b.Fatal(err)
		}
		a.Funding.Commitment = &comm
		entries = append(entries, rec(cpd.KindLedgerEntry, fmt.Sprintf("bench/%s/%010d", line, e.Seq), pid, e.Kind.String(), e))
		acts = append(acts, rec(cpd.KindActivity, a.ID, pid, a.State.String(), a))
		needs = append(needs, need(open.ID, a))
		d := done(pid+"-1", pid, date.New(2026, 10, 1)+date.Date(i%50))
		acts = append(acts, rec(cpd.KindActivity, d.ID, pid, d.State.String(), d))
		completed[d.Completed] = append(completed[d.Completed], d.ID)
		feedback = append(feedback, rec(cpd.KindFeedback, d.ID, pid, "", appraisal.Feedback{Activity: d.ID, By: pid, Given: benchToday,
			Scores: []appraisal.LevelScore{{Level: appraisal.Reactions, Score: appraisal.Score(1 + i%5)}, {Level: appraisal.Learning, Score: appraisal.Score(1 + (i/5)%5)}}}))
		if i%10 == 0 {
			w := waiting
			w.ID, w.Person, w.RequestedBy, w.Funding = pid+"-2", pid, pid, copyFunding(waiting.Funding)
			acts = append(acts, rec(cpd.KindActivity, w.ID, pid, w.State.String(), w))
		} else {
			d := done(pid+"-2", pid, date.New(2026, 9, 15))
			acts = append(acts, rec(cpd.KindActivity, d.ID, pid, d.State.String(), d))
			completed[d.Completed] = append(completed[d.Completed], d.ID)
		}
		if history {
			for k := range 2 * reportsBenchPerPerson {
				h := done(fmt.Sprintf("%s-h%d", pid, k), pid, date.New(2021+k%3, 10, 1)+date.Date(i%50))
				h.Targets = []string{closed.ID}
				acts = append(acts, rec(cpd.KindActivity, h.ID, pid, h.State.String(), h))
				needs = append(needs, need(closed.ID, h))
				completed[h.Completed] = append(completed[h.Completed], h.ID)
			}
		}
	}
	change := cpd.Change{Actor: "bench", Action: "bench.fixture", At: fixedNow}
	put := func(rs []cpd.Record) {
		for len(rs) > 0 {
			chunk := rs[:min(len(rs), 50_000)]
			rs = rs[len(chunk):]
			must(b, func() error {
				return f.store.Update(ctx, org, func(tx cpd.Tx) error {
					_, err := tx.(cpd.BulkTx).PutMany(ctx, chunk, change)
					return err
				})
			})
		}
	}
	var links []cpd.Record
	for on, ids := range completed {
		slices.Sort(ids)
		for chunk := range slices.Chunk(ids, 500) {
			links = append(links, rec(cpd.KindCompletion, on.Format("2006-01-02")+"/"+chunk[0], "", "",
				map[string]any{"completed": on, "activities": chunk}))
		}
	}
	sortRecords(entries)
	sortRecords(needs)
	sortRecords(links)
	put(people)
	put(statuses)
	put(acts)
	put(entries)
	put(feedback)
	put(needs)
	put(links)
	must(b, func() error {
		return f.store.Update(ctx, org, func(tx cpd.Tx) error {
			for _, l := range bud.Lines {
				r := rec(cpd.KindAccount, "bench/"+l.ID, "", "", accts[l.ID])
				r.Version = versions[l.ID]
				if _, err := tx.Put(ctx, r, change); err != nil {
					return err
				}
			}
			return nil
		})
	})
	must(b, func() error { _, err := f.svc.Compliance.RefreshStatuses(as("head")); return err })
	b.Logf("setup: %d staff, %d activities (history %v) in %v", n, len(acts), history, time.Since(started).Round(time.Millisecond))
	return &reportsBench{f: f, n: n, area: "maths"}
}

// sortRecords orders records by ID, as the memory store indexes them
// fastest.
func sortRecords(rs []cpd.Record) {
	slices.SortFunc(rs, func(a, b cpd.Record) int { return strings.Compare(a.ID, b.ID) })
}

// copyFunding is a copy of a Funding whose Line and Commitment may be
// changed without changing f's.
func copyFunding(f *cpd.Funding) *cpd.Funding {
	c := *f
	c.Commitment = nil
	return &c
}

// benchToday is the fixture's today.
var benchToday = date.New(2026, 11, 25)

func must(b *testing.B, fn func() error) {
	b.Helper()
	if err := fn(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkReportsAtScale runs each of the five organisation reports
// (BudgetReport, CheckBooks, FeedbackReport for this term, report.Gather
// without its budget and forecast, which are measured apart, and
// ImprovementPlanReview) at two sizes, on an organisation with this
// year's activities only (base) and on the same with three times the
// activities (history), and reports
// base-ms/op, history-ms/op and their ratio history/base, measured in
// the same iterations. -short uses a tenth of the sizes. The 100,000-staff
// organisations hold over a million records: run it with -benchtime 1x
// and -timeout 0, for instance
//
//	go test ./cpd/ -run XXX -bench ReportsAtScale -benchtime 1x -timeout 0
func BenchmarkReportsAtScale(b *testing.B) {
	sizes := []int{10_000, 100_000}
	if testing.Short() {
		sizes = []int{1_000, 10_000}
	}
	reports := []struct {
		name string
		run  func(*reportsBench) error
	}{
		{"BudgetReport", func(r *reportsBench) error {
			rep, err := r.f.svc.Budgets.BudgetReport(as("head"), "bench")
			if err == nil && len(rep.ByPerson) != r.n+1 {
				err = fmt.Errorf("%d people spending, want %d", len(rep.ByPerson), r.n+1)
			}
			return err
		}},
		{"CheckBooks", func(r *reportsBench) error { return r.f.svc.Budgets.CheckBooks(as("head"), "bench") }},
		{"FeedbackReport", func(r *reportsBench) error {
			_, err := r.f.svc.Development.FeedbackReport(as("head"), &appraisal.ReportOptions{From: date.New(2026, 9, 1), Through: benchToday})
			return err
		}},
		{"Gather", func(r *reportsBench) error {
			d, err := reportpage.Gather(as("head"), r.f.svc, &reportpage.GatherOptions{ForecastDays: -1})
			if err == nil && len(d.People) < r.n {
				err = fmt.Errorf("%d people gathered, want at least %d", len(d.People), r.n)
			}
			return err
		}},
		{"ImprovementPlanReview", func(r *reportsBench) error {
			pr, err := r.f.svc.Appraisals.ImprovementPlanReview(as("head"), benchToday, r.area)
			if err == nil && (len(pr.Rows) != 1 || len(pr.Rows[0].Needs) != r.n) {
				err = fmt.Errorf("%d rows (%v), want 1 with %d needs", len(pr.Rows), pr.Rows, r.n)
			}
			return err
		}},
	}
	for _, n := range sizes {
		base, hist := newReportsBench(b, n, false), newReportsBench(b, n, true)
		for _, rp := range reports {
			b.Run(fmt.Sprintf("%s/staff=%d", rp.name, n), func(b *testing.B) {
				var tb, th time.Duration
				// The setup's garbage is collected before the timer
				// starts: otherwise its mark phase, seconds long at
				// 100,000 staff, runs into whichever report comes first.
				runtime.GC()
				for b.Loop() {
					t0 := time.Now()
					if err := rp.run(base); err != nil {
						b.Fatal(err)
					}
					t1 := time.Now()
					if err := rp.run(hist); err != nil {
						b.Fatal(err)
					}
					tb, th = tb+t1.Sub(t0), th+time.Since(t1)
				}
				ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) }
				b.ReportMetric(ms(tb), "base-ms/op")
				b.ReportMetric(ms(th), "history-ms/op")
				b.ReportMetric(float64(th)/float64(tb), "history/base")
			})
		}
	}
}
