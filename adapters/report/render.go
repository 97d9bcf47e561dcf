package report

import (
	"bytes"
	"context"
	_ "embed" // the page template
	"fmt"
	"html/template"
	"io"
)

//go:embed report.html.tmpl
var page string

// Render writes the report as one self-contained HTML page. Every text
// from the data is escaped by html/template. The page is built in memory
// and written whole, so a failure writes nothing; its errors are the
// writer's, the context's when ctx is done before it writes, or a
// *cpd.ValidationError (matching cpd.ErrInvalid) for thresholds that do
// not validate.
func Render(ctx context.Context, w io.Writer, d Data) error {
	if d.Thresholds != nil {
		if err := d.Thresholds.Validate(); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	t, err := template.New("report").Funcs(template.FuncMap{
		"add":       func(a, b int) int { return a + b },
		"sub":       func(a, b int) int { return a - b },
		"miniWidth": func() int { return miniWidth },
	}).Parse(page)
	if err != nil {
		return fmt.Errorf("report: template: %w", err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, newView(&d)); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("report: write: %w", err)
	}
	return nil
}
