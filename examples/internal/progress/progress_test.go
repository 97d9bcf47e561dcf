package progress_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/examples/internal/progress"
)

func TestBar(t *testing.T) {
	var out bytes.Buffer
	b := progress.New(&out, "import")
	for done := 0; done <= 1000; done++ {
		b.Update(done, 1000)
	}
	b.Done()
	draws := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\r")[1:]
	require.Len(t, draws, 101, "one draw per whole percentage")
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"first", draws[0], "import [..............................]   0% (0/1000)"},
		{"half", draws[50], "import [###############...............]  50% (500/1000)"},
		{"last", draws[100], "import [##############################] 100% (1000/1000)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, tc.got)
		})
	}
	require.True(t, strings.HasSuffix(out.String(), "\n"), "Done ends the line")
}

func TestBarEdges(t *testing.T) {
	var out bytes.Buffer
	b := progress.New(&out, "x")
	b.Update(5, 0)
	b.Done()
	require.Empty(t, out.String(), "an unknown total draws nothing, and Done adds no empty line")
	b.Update(150, 100)
	require.Contains(t, out.String(), "100%", "done beyond the total is 100%")
	var none *progress.Bar
	require.Nil(t, none.Func(), "a nil bar gives no callback")
	none.Update(1, 2)
	none.Done()
}

func TestIsTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	require.NoError(t, err)
	defer f.Close()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	tests := []struct {
		name string
		f    *os.File
	}{
		{"file", f},
		{"pipe", w},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.False(t, progress.IsTerminal(tc.f))
		})
	}
}
