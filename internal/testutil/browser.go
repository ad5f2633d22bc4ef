package testutil

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

//go:embed testdata/axe.min.js
var axeSource string

// Browser is a headless Chromium tab driven through chromedp.
type Browser struct {
	t   testing.TB
	Ctx context.Context
}

// Viewports used by page tests.
const (
	DesktopWidth, DesktopHeight = 1280, 900
	PhoneWidth, PhoneHeight     = 390, 844
)

// NewBrowser starts Debian's Chromium (KINDRED_TEST_CHROMIUM or
// /usr/bin/chromium) with a window of width×height, closed when t ends.
// Without Chromium the test is skipped, or fails in CI.
func NewBrowser(t testing.TB, width, height int) *Browser {
	t.Helper()
	exe := os.Getenv("KINDRED_TEST_CHROMIUM")
	if exe == "" {
		exe = "/usr/bin/chromium"
	}
	if _, err := os.Stat(exe); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Chromium not found at %s; run the tests with ./test.sh", exe)
		}
		t.Skipf("Chromium not found at %s", exe)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(width, height),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	b := &Browser{t: t, Ctx: ctx}
	b.Do(chromedp.EmulateViewport(int64(width), int64(height)))
	// axe-core is injected as a script; the page's strict CSP would refuse it.
	if _, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
		t.Fatalf("browser: %v", err)
	}
	return b
}

// Do runs actions and fails the test on error.
func (b *Browser) Do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.Ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// Open navigates to url and waits for the body.
func (b *Browser) Open(url string) {
	b.t.Helper()
	b.Do(chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("body")))
}

// queryTimeout bounds how long Text and Value wait for an element.
const queryTimeout = 10 * time.Second

// Text returns the visible text of the first element matching sel.
func (b *Browser) Text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, queryTimeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("browser text %s: %v", sel, err)
	}
	return s
}

// Value returns the value of the input matching sel.
func (b *Browser) Value(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, queryTimeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("browser value %s: %v", sel, err)
	}
	return s
}

// Fill puts text into the field matching sel, replacing what it held, and
// fires the input and change events typing would.
func (b *Browser) Fill(sel, text string) {
	b.t.Helper()
	b.Do(chromedp.SetValue(chromedp.CSS(sel), text),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(e => { e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); })(document.querySelector(%q))`, sel)))
}

// Submit clicks sel (a submit button) and waits until the next page has
// loaded: the old document carries a marker the new one lacks.
func (b *Browser) Submit(sel string) {
	b.t.Helper()
	b.Do(chromedp.Evaluate[chromedp.Void](`window.__kindredOldPage = true`))
	b.Do(chromedp.Click(chromedp.CSS(sel)))
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		loaded, err := chromedp.Run(b.Ctx, chromedp.Evaluate[bool](`!window.__kindredOldPage && document.readyState === 'complete'`))
		if err == nil && loaded {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	b.t.Fatalf("browser: no new page after clicking %s", sel)
}

// URL returns the current address.
func (b *Browser) URL() string {
	b.t.Helper()
	u, err := chromedp.Run(b.Ctx, chromedp.Location())
	if err != nil {
		b.t.Fatalf("browser location: %v", err)
	}
	return u
}

// Screenshot saves a full-page PNG as name.png in KINDRED_SCREENSHOTS (if
// set), so people can look at the pages.
func (b *Browser) Screenshot(name string) {
	b.t.Helper()
	dir := os.Getenv("KINDRED_SCREENSHOTS")
	if dir == "" {
		return
	}
	// From the top, so a sticky header is pictured once, where it belongs.
	if _, err := chromedp.Run(b.Ctx, chromedp.Evaluate[any](`window.scrollTo(0, 0)`)); err != nil {
		b.t.Fatalf("scroll to the top: %v", err)
	}
	png, err := chromedp.Run(b.Ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// ScreenshotView saves what the window shows (not the whole page) as
// name.png in KINDRED_SCREENSHOTS, for pages too long to picture whole.
func (b *Browser) ScreenshotView(name string) {
	b.t.Helper()
	dir := os.Getenv("KINDRED_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(b.Ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// axeViolation is one rule axe-core found broken.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// CheckA11y runs axe-core (vendored) on the current page and fails the test on
// serious or critical violations.
func (b *Browser) CheckA11y() {
	b.t.Helper()
	script := axeSource + `;axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations))`
	raw, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](script, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("axe: %v", err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		b.t.Fatalf("axe result: %v", err)
	}
	var bad []string
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			bad = append(bad, fmt.Sprintf("%s (%s): %s at %v", v.ID, v.Impact, v.Help, targets(v)))
		}
	}
	if len(bad) > 0 {
		b.t.Errorf("accessibility violations on %s:\n  %s", b.URL(), strings.Join(bad, "\n  "))
	}
}

func targets(v axeViolation) []any {
	var out []any
	for _, n := range v.Nodes {
		out = append(out, n.Target...)
	}
	return out
}
