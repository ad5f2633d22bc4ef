package web_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	cdpnetwork "github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/testutil"
)

// longTasks counts the page's tasks over 50 ms (Lighthouse's long tasks)
// and adds up their time beyond 50 ms (its total blocking time).
const longTasks = `window.__long = {count: 0, blocking: 0};
new PerformanceObserver(l => l.getEntries().forEach(e => { window.__long.count++; window.__long.blocking += Math.max(0, e.duration - 50); }))
	.observe({type: "longtask", buffered: true});`

// BenchmarkEmergenceMainThread measures what opening the Emergence page on
// the medium demo costs the browser's main thread until the map is drawn:
// Chromium's TaskDuration and ScriptDuration (ms), the number of long tasks
// and the total blocking time (ms).
//
//	go test -run '^$' -bench EmergenceMainThread -benchtime 3x ./internal/web/
func BenchmarkEmergenceMainThread(b *testing.B) {
	srv := testutil.StartServer(b, testutil.ServerOptions{})
	res, err := demo.Generate(context.Background(), srv.Store, demo.Medium, 1)
	if err != nil {
		b.Fatal(err)
	}
	br := testutil.NewBrowser(b, testutil.DesktopWidth, testutil.DesktopHeight)
	testutil.SignIn(b, br, srv, res.Admin.ID)
	if _, err := chromedp.Call(br.Ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: longTasks}); err != nil {
		b.Fatal(err)
	}
	if _, err := chromedp.Call(br.Ctx, performance.Enable, performance.EnableParams{}); err != nil {
		b.Fatal(err)
	}
	metrics := func() map[string]float64 {
		r, err := chromedp.Call(br.Ctx, performance.GetMetrics, struct{}{})
		if err != nil {
			b.Fatal(err)
		}
		out := map[string]float64{}
		for _, m := range r.Metrics {
			out[m.Name] = m.Value
		}
		return out
	}
	var task, script, long, blocking float64
	for b.Loop() {
		br.Open("about:blank")
		before := metrics()
		br.Open(srv.URL + "/emergence")
		br.Do(chromedp.WaitVisible(chromedp.CSS(`#network-map[data-ready="true"] canvas`)))
		after := metrics()
		task += 1000 * (after["TaskDuration"] - before["TaskDuration"])
		script += 1000 * (after["ScriptDuration"] - before["ScriptDuration"])
		l, err := chromedp.Run(br.Ctx, chromedp.Evaluate[struct{ Count, Blocking float64 }](`window.__long`))
		if err != nil {
			b.Fatal(err)
		}
		long += l.Count
		blocking += l.Blocking
	}
	n := float64(b.N)
	b.ReportMetric(task/n, "task-ms/op")
	b.ReportMetric(script/n, "script-ms/op")
	b.ReportMetric(long/n, "longtasks/op")
	b.ReportMetric(blocking/n, "blocking-ms/op")
}

// BenchmarkEmergenceLighthouse runs Lighthouse (desktop preset,
// performance only) on the Emergence page of the medium demo, signed in as
// its administrator, and reports the performance score and its total
// blocking time, largest contentful paint and speed index. Lighthouse is
// not a dependency of Kindred: point KINDRED_LIGHTHOUSE at its command
// (e.g. after `npm install lighthouse` in a directory of your own); the
// benchmark skips without it.
//
//	KINDRED_LIGHTHOUSE=$HOME/lh/node_modules/.bin/lighthouse \
//	  go test -run '^$' -bench EmergenceLighthouse -benchtime 3x ./internal/web/
func BenchmarkEmergenceLighthouse(b *testing.B) {
	lighthouse := os.Getenv("KINDRED_LIGHTHOUSE")
	if lighthouse == "" {
		b.Skip("KINDRED_LIGHTHOUSE is not set")
	}
	srv, res := testutil.StartDemoServer(b, demo.Medium, testutil.ServerOptions{})
	br := testutil.NewBrowser(b, testutil.DesktopWidth, testutil.DesktopHeight)
	testutil.SignIn(b, br, srv, res.Admin.ID)
	got, err := chromedp.Call(br.Ctx, cdpnetwork.GetCookies, cdpnetwork.GetCookiesParams{})
	if err != nil {
		b.Fatal(err)
	}
	var cookie []string
	for _, c := range got.Cookies {
		cookie = append(cookie, c.Name+"="+c.Value)
	}
	headers, err := json.Marshal(map[string]string{"Cookie": strings.Join(cookie, "; ")})
	if err != nil {
		b.Fatal(err)
	}
	report := filepath.Join(b.TempDir(), "lighthouse.json")
	var score, tbt, lcp, si float64
	for b.Loop() {
		cmd := exec.Command(lighthouse, srv.URL+"/emergence", "--preset=desktop", "--only-categories=performance", "--quiet",
			"--chrome-flags=--headless=new --no-sandbox", "--extra-headers="+string(headers),
			"--output=json", "--output-path="+report)
		cmd.Env = append(os.Environ(), "CHROME_PATH="+os.Getenv("KINDRED_TEST_CHROMIUM"))
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("lighthouse: %v: %s", err, out)
		}
		var r struct {
			FinalURL   string                                    `json:"finalDisplayedUrl"`
			Categories map[string]struct{ Score float64 }        `json:"categories"`
			Audits     map[string]struct{ NumericValue float64 } `json:"audits"`
		}
		data, err := os.ReadFile(report)
		if err != nil {
			b.Fatal(err)
		}
		if err := json.Unmarshal(data, &r); err != nil {
			b.Fatal(err)
		}
		if !strings.HasSuffix(r.FinalURL, "/emergence") {
			b.Fatalf("Lighthouse ended on %s, not the Emergence page (signed out?)", r.FinalURL)
		}
		score += 100 * r.Categories["performance"].Score
		tbt += r.Audits["total-blocking-time"].NumericValue
		lcp += r.Audits["largest-contentful-paint"].NumericValue
		si += r.Audits["speed-index"].NumericValue
	}
	n := float64(b.N)
	b.ReportMetric(score/n, "score")
	b.ReportMetric(tbt/n, "tbt-ms")
	b.ReportMetric(lcp/n, "lcp-ms")
	b.ReportMetric(si/n, "speedindex-ms")
}
