package web_test

import (
	"context"
	"testing"

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
