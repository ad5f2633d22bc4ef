package app

import (
	"context"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/kindredhq/kindred/internal/config"
)

// TestLagTolerantRoutesExist: every route marked lag-tolerant is one the
// router has, so a renamed page cannot silently fall back to the primary.
func TestLagTolerantRoutesExist(t *testing.T) {
	cfg := config.Config{DB: ":memory:"}
	cfg.Defaults()
	a, err := New(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	wildcard := regexp.MustCompile(`\{[a-z]+\}`)
	for pattern := range lagTolerantRoutes {
		method, path, _ := cutSpace(pattern)
		r := httptest.NewRequest(method, wildcard.ReplaceAllString(path, "x1"), nil)
		if _, got := a.routes.Handler(r); got != pattern {
			t.Errorf("%s is answered by %q", pattern, got)
		}
	}
}

func cutSpace(s string) (string, string, bool) {
	for i := range s {
		if s[i] == ' ' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
