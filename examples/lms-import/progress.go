package main

import (
	"fmt"
	"io"
	"strings"
)

// progressBar draws the reading of a document on one terminal line,
// redrawing it only when the whole percentage changes.
type progressBar struct {
	w     io.Writer
	label string
	width int
	last  int // the percentage drawn last, or -1
}

// update draws done of total bytes; a total of -1 (unknown) draws the
// bytes read instead.
func (p *progressBar) update(done, total int64) {
	if total <= 0 {
		fmt.Fprintf(p.w, "\r%s: %d KiB", p.label, done>>10)
		return
	}
	pct := int(min(100, done*100/total))
	if pct == p.last {
		return
	}
	p.last = pct
	filled := pct * p.width / 100
	fmt.Fprintf(p.w, "\r%s [%s%s] %3d%%", p.label, strings.Repeat("#", filled), strings.Repeat(".", p.width-filled), pct)
}

// done ends the bar's line.
func (p *progressBar) done() { fmt.Fprintln(p.w) }
