package httpx

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

func TestStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want int
	}{
		{kindred.Errorf(kindred.EINVALID, "x"), 422},
		{kindred.Errorf(kindred.ENOTFOUND, "x"), 404},
		{kindred.Errorf(kindred.EGONE, "x"), 410},
		{kindred.Errorf(kindred.EUNAVAILABLE, "x"), 503},
		{errors.New("boom"), 500},
	}
	for _, tt := range tests {
		if got := Status(tt.err); got != tt.want {
			t.Errorf("Status(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
	for code := range statusByCode {
		if statusByCode[code] < 400 {
			t.Errorf("code %s maps to %d", code, statusByCode[code])
		}
	}
	_ = http.StatusOK
}

func TestLimiter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := NewLimiter(3, time.Minute, func() time.Time { return now })
	for i := 0; i < 3; i++ {
		if ok, _ := l.Allow("a"); !ok {
			t.Fatalf("event %d refused", i)
		}
	}
	if ok, wait := l.Allow("a"); ok || wait <= 0 {
		t.Errorf("4th event: ok=%v wait=%v, want refused with a wait", ok, wait)
	}
	if ok, _ := l.Allow("b"); !ok {
		t.Errorf("other key refused")
	}
	now = now.Add(61 * time.Second)
	if ok, _ := l.Allow("a"); !ok {
		t.Errorf("after the window: refused")
	}
}

func TestLimiterCountsFailuresOnly(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := NewLimiter(2, time.Minute, func() time.Time { return now })
	for i := 0; i < 5; i++ {
		if wait := l.Wait("a"); wait != 0 {
			t.Fatalf("checked %d times, nothing recorded: wait %v", i, wait)
		}
	}
	l.Add("a")
	l.Add("a")
	if wait := l.Wait("a"); wait <= 0 || wait > time.Minute {
		t.Errorf("after two failures: wait %v, want up to a minute", wait)
	}
	now = now.Add(time.Minute + time.Second)
	if wait := l.Wait("a"); wait != 0 {
		t.Errorf("after the window: wait %v", wait)
	}
}

func TestNoStore(t *testing.T) {
	t.Parallel()
	handler := func(cc string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if cc != "" {
				w.Header().Set("Cache-Control", cc)
			}
			_, _ = w.Write([]byte("ok"))
		})
	}
	signedIn := kindred.WithViewer(context.Background(), &kindred.Viewer{Account: &kindred.Account{ID: 1}})
	for _, c := range []struct {
		name, path, handlerCC string
		signedIn              bool
		want                  string
	}{
		{"a signed-in page", "/me", "", true, "no-store"},
		{"a signed-in photo its handler would cache", "/network/members/1/photo", "private, max-age=300", true, "no-store"},
		{"an anonymous page", "/signin/link", "", false, "no-store"},
		{"an anonymous calendar feed", "/calendar/city/x.ics", "private, max-age=300", false, "private, max-age=300"},
		{"a static file, signed in", "/static/abc/app.css", "public, max-age=31536000, immutable", true, "public, max-age=31536000, immutable"},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", c.path, nil)
			if c.signedIn {
				req = req.WithContext(signedIn)
			}
			rec := httptest.NewRecorder()
			NoStore("/static/")(handler(c.handlerCC)).ServeHTTP(rec, req)
			if got := rec.Header().Get("Cache-Control"); got != c.want {
				t.Errorf("Cache-Control = %q, want %q", got, c.want)
			}
		})
	}
}
