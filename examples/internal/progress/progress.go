// Package progress draws a progress bar on a terminal for the example
// programs, which pass Bar.Func as the Progress callback of cpdkit's
// long imports, exports and reports. It needs nothing beyond the standard
// library, and draws only on a terminal: ForStdout returns nil otherwise,
// and a nil *Bar draws nothing, so output piped to a file or read by a
// test stays clean.
//
// A Bar is used from one goroutine at a time; the package keeps no state.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// Bar draws "label [#####.....]  45% (450/1000)" on one line, redrawing
// it only when the whole percentage changes.
type Bar struct {
	w     io.Writer
	label string
	width int
	last  int // the percentage drawn last, or -1
}

// width is how many characters the bar itself takes.
const width = 30

// New returns a bar that draws on w.
func New(w io.Writer, label string) *Bar {
	return &Bar{w: w, label: label, width: width, last: -1}
}

// ForStdout returns a bar on standard output when it is a terminal, and
// nil otherwise.
func ForStdout(label string) *Bar {
	if !IsTerminal(os.Stdout) {
		return nil
	}
	return New(os.Stdout, label)
}

// IsTerminal reports whether f is a terminal (a character device).
func IsTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Func returns the bar's Update as a progress callback, or nil for a nil
// bar, so that the work it is given to does not report at all.
func (b *Bar) Func() func(done, total int) {
	if b == nil {
		return nil
	}
	return b.Update
}

// Update draws done of total. A total of 0 or less draws nothing.
func (b *Bar) Update(done, total int) {
	if b == nil || total <= 0 {
		return
	}
	pct := min(100, max(0, done*100/total))
	if pct == b.last {
		return
	}
	b.last = pct
	filled := pct * b.width / 100
	fmt.Fprintf(b.w, "\r%s [%s%s] %3d%% (%d/%d)", b.label, strings.Repeat("#", filled), strings.Repeat(".", b.width-filled), pct, done, total)
}

// Done ends the bar's line, if it drew one.
func (b *Bar) Done() {
	if b == nil || b.last < 0 {
		return
	}
	fmt.Fprintln(b.w)
	b.last = -1
}
