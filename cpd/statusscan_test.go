package cpd

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/internal/statusrec"
)

// scanTx is a Tx that offers only Scan, over stored statuses.
type scanTx struct {
	Tx
	data [][]byte
}

func (t scanTx) Scan(_ context.Context, _ Kind, fn func(id, data []byte) error) error {
	for i, d := range t.data {
		buf := append([]byte(nil), d...) // the store's buffer, reused below
		if err := fn([]byte(fmt.Sprint(i)), buf); err != nil {
			return err
		}
		clear(buf)
	}
	return nil
}

// TestEachStatusReadsScannedStatuses checks the statuses eachStatus reads
// from a Scan, more than one slab of them: each comes back as stored,
// with items of its own (appending to one's cannot write into another's),
// and nothing of them in the store's buffers, which change after fn.
func TestEachStatusReadsScannedStatuses(t *testing.T) {
	on := date.New(2026, 11, 25)
	s := &kernel{reqs: []compliance.Requirement{{ID: "a"}, {ID: "b"}}, policy: "fp"}
	var want []Status
	tx := scanTx{}
	for i := range statusSlab + 3 {
		st := Status{Person: fmt.Sprintf("p-%d", i), Name: fmt.Sprintf("Person %d", i), Team: "maths", On: on, Policy: "fp",
			Items: []StatusItem{
				{Requirement: "a", Status: compliance.Compliant, ValidUntil: on + date.Date(i)},
				{Requirement: "b", Status: compliance.Missing, DueBy: on - date.Date(i)},
			}}
		data, err := json.Marshal(recordOf(&st))
		require.NoError(t, err)
		want, tx.data = append(want, st), append(tx.data, data)
	}
	var got []Status
	require.NoError(t, s.eachStatus(&work{ctx: t.Context(), tx: tx}, on, func(st Status, err error) error {
		require.NoError(t, err)
		require.Equal(t, len(st.Items), cap(st.Items), "%s's items have room for another's", st.Person)
		got = append(got, st)
		return nil
	}))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-stored +read):\n%s", diff)
	}
}

// BenchmarkEachStatusDecode is eachStatus's decoding of one stored status
// of 15 requirements, as the organisation view does per person.
func BenchmarkEachStatusDecode(b *testing.B) {
	data := []byte(`{"person":"p000000","name":"Person 0","job_role":"teacher","on":"2026-11-25","next_change":"2027-08-25","policy":"259a901fa02c2ee9","cells":"c21128,;c21469,;c21839,;m,20711;c21508,;c21123,;m,20711;c21085,;c21141,;c21183,;c,;m,;m,;c21061,;m,20742"}`)
	reqs := make([]compliance.Requirement, 15)
	items := make([]StatusItem, len(reqs))
	shared := map[string]string{}
	var arena statusrec.Arena
	b.ReportAllocs()
	for b.Loop() {
		var sr statusRecord
		var cells []byte
		if !sr.read(data, shared, &arena, &cells) {
			b.Fatal("refused")
		}
		if _, err := statusOf(&sr, cells, reqs, items); err != nil {
			b.Fatal(err)
		}
	}
}
