package web_test

import (
	"os"
	"testing"

	"github.com/kindredhq/kindred/internal/testutil"
)

// TestMain stops the Chromium the page tests share once they have run.
func TestMain(m *testing.M) {
	code := m.Run()
	testutil.CloseBrowser()
	os.Exit(code)
}
