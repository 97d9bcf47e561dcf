package report_test

import (
	"context"
	"io"
	"testing"

	"github.com/cpdkit/cpdkit/adapters/report"
)

// BenchmarkGather gathers the report of a generated organisation of 500
// people (with its budget) from the in-memory store.
func BenchmarkGather(b *testing.B) {
	d := newDemo(b, 500)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := report.Gather(as(d.org.Head), d.svc, &report.GatherOptions{Budget: d.org.Budget.ID}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender writes the page for 500 people.
func BenchmarkRender(b *testing.B) {
	d := newDemo(b, 500)
	data, err := report.Gather(as(d.org.Head), d.svc, &report.GatherOptions{Budget: d.org.Budget.ID})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := report.Render(context.Background(), io.Discard, data); err != nil {
			b.Fatal(err)
		}
	}
}
