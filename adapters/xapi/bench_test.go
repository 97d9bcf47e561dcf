package xapi

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"
)

// benchStatements is the number of statements BenchmarkXAPIImport reads.
const benchStatements = 1_000_000

// statementStream is an io.Reader of a JSON array of n statements, made
// on the fly from a template so that a million statements need no buffer
// of their own: 500 learners, 20 courses, the verbs completed (two in
// three), passed with a score, failed, and experienced (ignored), each
// with a timestamp, a duration and a unique id.
type statementStream struct {
	n, next int
	pending []byte
	buf     []byte
	done    bool
}

func newStatementStream(n int) *statementStream {
	return &statementStream{n: n, pending: []byte("[")}
}

func (s *statementStream) Read(p []byte) (int, error) {
	for len(s.pending) == 0 {
		if s.done {
			return 0, io.EOF
		}
		s.fill()
	}
	n := copy(p, s.pending)
	s.pending = s.pending[n:]
	return n, nil
}

// fill makes the next few hundred statements.
func (s *statementStream) fill() {
	b := s.buf[:0]
	for k := 0; k < 256 && s.next < s.n; k++ {
		i := s.next
		s.next++
		if i > 0 {
			b = append(b, ",\n"...)
		}
		verb, result := "completed", `"completion":true,"duration":"PT1H30M"`
		switch i % 6 {
		case 1:
			verb, result = "passed", `"success":true,"score":{"scaled":0.85},"duration":"PT45M"`
		case 2:
			verb, result = "failed", `"success":false,"score":{"scaled":0.4},"duration":"PT20M"`
		case 3:
			verb, result = "experienced", `"duration":"PT5M"`
		}
		b = fmt.Appendf(b, `{"id":"%08x-7a1c-4b2d-8e3f-%012x","timestamp":"2026-%02d-%02dT%02d:%02d:00.000Z",`+
			`"actor":{"objectType":"Agent","name":"Learner %d","mbox":"mailto:learner%d@example.org"},`+
			`"verb":{"id":"http://adlnet.gov/expapi/verbs/%s","display":{"en-GB":"%s"}},`+
			`"object":{"objectType":"Activity","id":"https://lms.example.org/courses/%d","definition":{"name":{"en-GB":"Course %d"}}},`+
			`"result":{%s}}`,
			i, i, 1+i%12, 1+i%28, i%24, i%60, i%500, i%500, verb, verb, i%20, i%20, result)
	}
	if s.next == s.n {
		b = append(b, ']')
		s.done = true
	}
	s.buf, s.pending = b, b
}

// benchMapping maps the stream's learners and courses.
func benchMapping(b *testing.B) Mapping {
	agents := NewAgents()
	for i := range 500 {
		if err := agents.AddEmail(fmt.Sprintf("learner%d@example.org", i), fmt.Sprintf("p%03d", i)); err != nil {
			b.Fatal(err)
		}
	}
	cat := Catalogue{}
	for i := range 20 {
		cat[fmt.Sprintf("https://lms.example.org/courses/%d", i)] = Course{Title: fmt.Sprintf("Course %d", i), Topics: []string{fmt.Sprintf("topic-%d", i)}}
	}
	return Mapping{People: agents, Activities: cat}
}

// BenchmarkXAPIImport reads, checks and maps a million statements (about
// 400 MB, made once in memory beforehand) and applies the credit rules to
// them, reporting statements per second.
func BenchmarkXAPIImport(b *testing.B) {
	m := benchMapping(b)
	doc, err := io.ReadAll(newStatementStream(benchStatements))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		res, err := Import(context.Background(), bytes.NewReader(doc), m, nil)
		if err != nil {
			b.Fatal(err)
		}
		if res.Statements != benchStatements || len(res.Credits) == 0 {
			b.Fatalf("read %d statements, %d credits", res.Statements, len(res.Credits))
		}
	}
	b.ReportMetric(float64(b.N)*benchStatements/b.Elapsed().Seconds(), "statements/s")
	if used := cpuTime() - cpu; used > 0 {
		// The machine may be shared: CPU time says what the import costs
		// whatever else runs, counting every thread (the GC's too).
		b.ReportMetric(float64(b.N)*benchStatements/used.Seconds(), "statements/cpu-s")
	}
}
