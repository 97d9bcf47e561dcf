package report_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/report"
	"github.com/cpdkit/cpdkit/internal/skipnote"
)

// skips reports, after the tests, how many skipped for want of Chromium
// (see internal/skipnote): plain go test ./... hides a passing package's
// output.
var skips skipnote.Notes

func TestMain(m *testing.M) { os.Exit(skips.Main(m, "adapters/report")) }

// chromium is where the browser check looks for Chromium (Debian's
// chromium package, which .ci/run installs).
const chromium = "/usr/bin/chromium"

// needChromium skips the test when Chromium is not installed, naming it,
// except in CI (CI=true), where a missing browser fails the test.
func needChromium(t *testing.T) {
	t.Helper()
	switch verdict, why := browserVerdict(chromium, os.Getenv("CI")); verdict {
	case fail:
		t.Fatal(why)
	case skip:
		skips.Skip(t, why)
	}
}

// verdict is what the browser check does without a browser.
type verdict int

const (
	run verdict = iota + 1
	skip
	fail
)

// browserVerdict decides whether the browser check runs, given where
// Chromium should be and the CI environment variable.
func browserVerdict(path, ci string) (verdict, string) {
	if _, err := os.Stat(path); err == nil {
		return run, ""
	}
	if ci == "true" {
		return fail, fmt.Sprintf("chromium is not installed at %s, and CI=true: the browser check must run in CI (.ci/run installs the chromium package)", path)
	}
	return skip, fmt.Sprintf("chromium is not installed at %s: install Debian's chromium package to run the browser check", path)
}

func TestBrowserVerdict(t *testing.T) {
	here := filepath.Join(t.TempDir(), "chromium")
	require.NoError(t, os.WriteFile(here, nil, 0o755))
	missing := filepath.Join(t.TempDir(), "chromium")
	tests := []struct {
		name, path, ci string
		want           verdict
	}{
		{"installed", here, "", run},
		{"installed in CI", here, "true", run},
		{"missing", missing, "", skip},
		{"missing, CI not true", missing, "false", skip},
		{"missing in CI", missing, "true", fail},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, why := browserVerdict(tc.path, tc.ci)
			require.Equal(t, tc.want, got)
			if got != run {
				require.Contains(t, why, "chromium")
			}
		})
	}
}

// consoleRE matches a console message in Chromium's log on stderr, as
// --enable-logging=stderr --v=0 writes it: `...:INFO:CONSOLE:12] "message",
// source: file:///page.html (12)` (older versions write CONSOLE(12)).
var consoleRE = regexp.MustCompile(`:CONSOLE[:(]\d*\)?\] "(.*)", source: `)

// page is what the browser made of a page: its screenshot and the
// console messages it logged.
type page struct {
	shot    image.Image
	console []string
}

// browse opens an HTML page in headless Chromium, with a fresh profile,
// and returns its 1280×2000 screenshot and every console message logged
// while it loaded. The report runs no script, so any console message at
// all is an error: a script error, or a load its Content-Security-Policy
// refused.
func browse(t *testing.T, html []byte) page {
	t.Helper()
	dir := t.TempDir()
	file, shot := filepath.Join(dir, "page.html"), filepath.Join(dir, "shot.png")
	require.NoError(t, os.WriteFile(file, html, 0o644))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--disable-quic", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--enable-logging=stderr", "--v=0",
		"--screenshot="+shot, "--window-size=1280,2000", "file://"+file)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	require.NoError(t, cmd.Run(), "chromium failed:\n%s", stderr.String())
	f, err := os.Open(shot)
	require.NoError(t, err, "no screenshot; chromium said:\n%s", stderr.String())
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	var p page
	p.shot = img
	for _, m := range consoleRE.FindAllStringSubmatch(stderr.String(), -1) {
		p.console = append(p.console, m[1])
	}
	return p
}

// ink measures a screenshot: the share of pixels that are not white, in
// thousandths, and how many distinct colours it has.
func ink(img image.Image) (permille, colours int) {
	b := img.Bounds()
	seen := map[[4]uint32]bool{}
	marked := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r >> 8, g >> 8, bl >> 8, a >> 8}] = true
			if r>>8 < 250 || g>>8 < 250 || bl>>8 < 250 {
				marked++
			}
		}
	}
	return marked * 1000 / (b.Dx() * b.Dy()), len(seen)
}

// blank reports whether a screenshot shows next to nothing: under 1% of
// it drawn, or fewer than 8 colours.
func blank(img image.Image) bool {
	permille, colours := ink(img)
	return permille < 10 || colours < 8
}

// TestReportInBrowser renders a generated organisation's report in
// headless Chromium and checks that it draws and logs no console error.
func TestReportInBrowser(t *testing.T) {
	needChromium(t)
	d := newDemo(t, 120)
	data, err := report.Gather(as(d.org.Head), d.svc, &report.GatherOptions{Budget: d.org.Budget.ID, Organisation: "Demo College"})
	require.NoError(t, err)
	var html bytes.Buffer
	require.NoError(t, report.Render(context.Background(), &html, data))
	p := browse(t, html.Bytes())
	require.Empty(t, p.console, "the report logged console messages")
	require.Equal(t, image.Rect(0, 0, 1280, 2000), p.shot.Bounds())
	permille, colours := ink(p.shot)
	t.Logf("screenshot: %d.%d%% drawn, %d colours", permille/10, permille%10, colours)
	require.False(t, blank(p.shot), "the screenshot is blank: %d‰ drawn, %d colours", permille, colours)
	require.Greater(t, colours, 50, "charts and the heat map's colours show")
}

// TestBrowserCheckCatchesFaults proves the check can fail: it sees a
// script error, a console error, an outside resource that the report's
// Content-Security-Policy refuses, and a blank page.
func TestBrowserCheckCatchesFaults(t *testing.T) {
	needChromium(t)
	var html bytes.Buffer
	require.NoError(t, report.Render(context.Background(), &html, hostile()))
	withImage := strings.Replace(html.String(), "</body>", `<img src="https://example.invalid/logo.png" alt="logo"></body>`, 1)
	withFont := strings.Replace(html.String(), "</style>", `@font-face { font-family: x; src: url("file:///nope.woff2"); } body { font-family: x; }</style>`, 1)
	tests := []struct {
		name    string
		html    string
		console string // a message that must be logged
		blank   bool
	}{
		{"script error", `<!DOCTYPE html><title>t</title><p>text</p><script>throw new Error("probe-thrown")</script>`, "Uncaught Error: probe-thrown", true},
		{"console error", `<!DOCTYPE html><title>t</title><p>text</p><script>console.error("probe-console")</script>`, "probe-console", true},
		{"image from outside, refused by the report's policy", withImage, "https://example.invalid/logo.png", false},
		{"font from outside, refused by the report's policy", withFont, "nope.woff2", false},
		{"blank page", `<!DOCTYPE html><title>blank</title>`, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := browse(t, []byte(tc.html))
			if tc.console == "" {
				require.Empty(t, p.console)
			} else {
				require.NotEmpty(t, p.console, "the fault was not seen")
				require.Contains(t, fmt.Sprint(p.console), tc.console)
			}
			require.Equal(t, tc.blank, blank(p.shot))
		})
	}
}
