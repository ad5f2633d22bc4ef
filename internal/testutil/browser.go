package testutil

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

//go:embed testdata/axe.min.js
var axeSource string

// Browser is a headless Chromium tab driven through chromedp.
type Browser struct {
	t     testing.TB
	Ctx   context.Context
	width int // the window's width in CSS pixels
}

// Viewports used by page tests.
const (
	DesktopWidth, DesktopHeight = 1280, 900
	PhoneWidth, PhoneHeight     = 390, 844
)

// NewBrowser opens a tab of width×height in a browser context of its own
// (its own cookies and storage, as a separate person), closed when t ends.
// The tabs of one test binary share one Debian Chromium
// (KINDRED_TEST_CHROMIUM or /usr/bin/chromium), started on first use and
// stopped by CloseBrowser: starting a browser per test cost more than most
// tests. Without Chromium the test is skipped, or fails in CI.
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
	root, err := sharedChromium(exe)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	ctx, cancelCtx := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
	// A tab lives as long as its test, bounded by tabTimeout; each action
	// has its own actionTimeout. (A single five-minute budget for the
	// whole tab ran out in CI under load in a long test whose every step
	// was well within time.)
	ctx, cancelTimeout := context.WithTimeout(ctx, tabTimeout)
	t.Cleanup(func() { cancelTimeout(); cancelCtx() })
	b := &Browser{t: t, Ctx: ctx, width: width}
	// The first action allocates the tab and ties it to the context it is
	// given, so it runs on the tab's own context, not a per-action one.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("browser: %v", err)
	}
	// The watcher runs before each page's own scripts and is exempt from its
	// Content Security Policy, which stays enforced: a violation is exactly
	// what the harness must see.
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: problemWatcher}); err != nil {
		t.Fatalf("browser: %v", err)
	}
	return b
}

// chromium is the one browser of a test binary.
var chromium struct {
	sync.Mutex
	ctx     context.Context // its first tab; new tabs are its children
	stop    func()
	dataDir string
}

// sharedChromium starts the test binary's Chromium on first use and returns
// the context new tabs derive from.
func sharedChromium(exe string) (context.Context, error) {
	chromium.Lock()
	defer chromium.Unlock()
	if chromium.ctx != nil {
		return chromium.ctx, nil
	}
	dir, err := os.MkdirTemp("", "kindred-chromium-")
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(dir),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(DesktopWidth, DesktopHeight),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil {
		cancelCtx()
		cancelAlloc()
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("start Chromium: %w", err)
	}
	chromium.ctx, chromium.dataDir = ctx, dir
	chromium.stop = func() { cancelCtx(); cancelAlloc() }
	return ctx, nil
}

// CloseBrowser stops the test binary's Chromium, if it started, and removes
// its profile. Call it from TestMain after m.Run.
func CloseBrowser() {
	chromium.Lock()
	defer chromium.Unlock()
	if chromium.ctx == nil {
		return
	}
	chromium.stop()
	_ = os.RemoveAll(chromium.dataDir)
	chromium.ctx = nil
}

// problemWatcher records, in every page, what a person would not see but a
// page must never do: Content Security Policy violations (an inline style=
// attribute, an inline script), uncaught errors, console errors and
// resources that failed to load.
const problemWatcher = `(() => {
	const problems = window.__kindredProblems = [];
	document.addEventListener('securitypolicyviolation', e =>
		problems.push('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
			(e.sample ? ' (' + e.sample + ')' : '') + ' at line ' + e.lineNumber));
	window.addEventListener('error', e => {
		const t = e.target;
		if (t && t !== window && (t.src || t.href)) problems.push('failed to load ' + (t.src || t.href));
		else problems.push('uncaught error: ' + e.message + ' at ' + e.filename + ':' + e.lineno);
	}, true);
	window.addEventListener('unhandledrejection', e => problems.push('unhandled rejection: ' + e.reason));
	const consoleError = console.error;
	console.error = (...args) => { problems.push('console error: ' + args.join(' ')); consoleError(...args); };
})();`

// CheckPage fails the test when the current page broke its Content Security
// Policy, logged an error, failed to load a resource, or is wider than the
// window (sideways scrolling on a phone). Open and Submit call it; call it
// after interactions that change the page without loading another.
func (b *Browser) CheckPage() {
	b.t.Helper()
	problems, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]string](`(window.__kindredProblems || []).splice(0)`))
	if err != nil {
		b.t.Fatalf("browser: read the page's problems: %v", err)
	}
	width, err := chromedp.Run(b.Ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		b.t.Fatalf("browser: page width: %v", err)
	}
	if width > b.width {
		problems = append(problems, fmt.Sprintf("the page is %d px wide in a %d px window: it scrolls sideways", width, b.width))
	}
	if len(problems) > 0 {
		b.t.Errorf("%s:\n  %s", b.URL(), strings.Join(problems, "\n  "))
	}
}

// DoWithin is Do with its own time limit d, for a step that waits on the
// server's background work (a queue under the whole suite's load) rather
// than on the page.
func (b *Browser) DoWithin(d time.Duration, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, d)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("browser (within %s): %v", d, err)
	}
}

// Timeouts of a tab and of one Do.
const (
	tabTimeout    = 20 * time.Minute
	actionTimeout = 3 * time.Minute
)

// Do runs actions, each call within actionTimeout, and fails the test on
// error.
func (b *Browser) Do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// Open navigates to url and waits for the body.
func (b *Browser) Open(url string) {
	b.t.Helper()
	b.Do(chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("body")))
	b.CheckPage()
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
// loaded (within a minute: the race detector and a busy CI machine slow the
// server): the old document carries a marker the new one lacks.
func (b *Browser) Submit(sel string) {
	b.t.Helper()
	b.Do(chromedp.Evaluate[chromedp.Void](`window.__kindredOldPage = true`))
	b.Do(chromedp.Click(chromedp.CSS(sel)))
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		loaded, err := chromedp.Run(b.Ctx, chromedp.Evaluate[bool](`!window.__kindredOldPage && document.readyState === 'complete'`))
		if err == nil && loaded {
			b.CheckPage()
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
