package web_test

import (
	"os"
	"testing"

	"github.com/kindredhq/kindred/internal/testutil"
)

// TestMain stops the Chromium the page tests share once they have run, and
// removes the demo networks they copied.
func TestMain(m *testing.M) {
	code := m.Run()
	testutil.CloseBrowser()
	testutil.RemoveBuilt()
	os.Exit(code)
}
