package csvio_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/adapters/csvio"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// completionsFile is an LMS export of n completions, spread over the
// fixture's four people.
func completionsFile(n int) []byte {
	var b bytes.Buffer
	b.WriteString(completionHeader)
	people := []string{"head", "admin", "mgr", "tina"}
	for i := range n {
		fmt.Fprintf(&b, "%s,Course %d,external_course,keeping_up_to_date,necessary,required,1.5,2026-%02d-%02d,lms:%d,,,,\n",
			people[i%4], i, 9+i%2, 1+i%28, i)
	}
	return b.Bytes()
}

func BenchmarkReadCompletions(b *testing.B) {
	data := completionsFile(100_000)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		got, err := csvio.ReadCompletions(context.Background(), bytes.NewReader(data), nil)
		if err != nil || len(got.Rows) != 100_000 {
			b.Fatal(err, len(got.Rows))
		}
	}
	b.ReportMetric(float64(100_000*b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkImportCompletions(b *testing.B) {
	data := completionsFile(10_000)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		f := newFixture(b)
		b.StartTimer()
		res, err := csvio.ImportCompletions(as("admin"), f.svc, bytes.NewReader(data), nil)
		if err != nil || len(res.Stored) != 10_000 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(10_000*b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkWriteMatrix(b *testing.B) {
	const people = 10_000
	reqs := []string{"safeguarding", "prevent", "qts", "hours", "health-and-safety", "equality-and-diversity"}
	v := cpd.OrgView{On: date.New(2026, 11, 25), Requirements: reqs}
	for i := range people {
		row := cpd.OrgRow{Status: cpd.Status{Person: fmt.Sprintf("p%05d", i), Name: "Person " + strings.Repeat("x", i%7), Team: "maths"}}
		for j, r := range reqs {
			row.Items = append(row.Items, cpd.StatusItem{Requirement: r, Status: compliance.Status(1 + (i+j)%8), ValidUntil: date.New(2027, 1, 1+j)})
		}
		v.Rows = append(v.Rows, row)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := csvio.WriteMatrix(context.Background(), io.Discard, v, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(people*b.N)/b.Elapsed().Seconds(), "rows/s")
}
