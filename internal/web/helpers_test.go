package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kindredhq/kindred/internal/testutil"
)

// pageWidth returns the document's scroll width in CSS pixels.
func pageWidth(b *testutil.Browser) (int, error) {
	return chromedp.Run(b.Ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
}

type chromedpAction = chromedp.Action[chromedp.Void]

func evalAction(js string) chromedpAction {
	return chromedp.Evaluate[chromedp.Void](js)
}

// pageHTML returns the current document's HTML.
func pageHTML(t *testing.T, b *testutil.Browser) string {
	t.Helper()
	html, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if err != nil {
		t.Fatal(err)
	}
	return html
}
