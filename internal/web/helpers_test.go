package web_test

import (
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
