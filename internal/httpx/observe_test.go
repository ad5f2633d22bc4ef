package httpx

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestGuardMetrics: with a token only its bearer reads the metrics; without
// one, signed-in administrators and direct requests from loopback do, and a
// request a proxy forwarded from loopback does not.
func TestGuardMetrics(t *testing.T) {
	t.Parallel()
	const token = "0123456789abcdef0123"
	metrics := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("kindred_up 1\n")) })
	cases := []struct {
		name   string
		token  string
		remote string
		header map[string]string
		admin  bool
		want   int
	}{
		{"token: its bearer", token, "203.0.113.9:5000", map[string]string{"Authorization": "Bearer " + token}, false, 200},
		{"token: no header", token, "203.0.113.9:5000", nil, false, 401},
		{"token: another token", token, "203.0.113.9:5000", map[string]string{"Authorization": "Bearer " + token + "x"}, false, 401},
		{"token: the token without Bearer", token, "203.0.113.9:5000", map[string]string{"Authorization": token}, false, 401},
		{"token: an administrator without it", token, "203.0.113.9:5000", nil, true, 401},
		{"token: loopback without it", token, "127.0.0.1:5000", nil, false, 401},
		{"no token: loopback", "", "127.0.0.1:5000", nil, false, 200},
		{"no token: IPv6 loopback", "", "[::1]:5000", nil, false, 200},
		{"no token: loopback through a proxy", "", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "198.51.100.4"}, false, 403},
		{"no token: loopback through a proxy (Forwarded)", "", "127.0.0.1:5000", map[string]string{"Forwarded": "for=198.51.100.4"}, false, 403},
		{"no token: loopback through a proxy (proto only)", "", "127.0.0.1:5000", map[string]string{"X-Forwarded-Proto": "https"}, false, 403},
		{"no token: remote", "", "203.0.113.9:5000", nil, false, 403},
		{"no token: remote with a made-up bearer", "", "203.0.113.9:5000", map[string]string{"Authorization": "Bearer "}, false, 403},
		{"no token: an administrator through a proxy", "", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "198.51.100.4"}, true, 200},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := GuardMetrics(c.token, func(*http.Request) bool { return c.admin }, metrics)
			req := httptest.NewRequest("GET", "/metrics", nil)
			req.RemoteAddr = c.remote
			for k, v := range c.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.want {
				t.Errorf("status %d, want %d", rec.Code, c.want)
			}
			if rec.Code == http.StatusUnauthorized && rec.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("401 without WWW-Authenticate")
			}
		})
	}
}
