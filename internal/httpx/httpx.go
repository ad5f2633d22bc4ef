// Package httpx holds what Kindred's HTML pages and JSON API share over
// HTTP: the one table from domain error codes to statuses, security headers,
// request limits, rate limits, logging and metrics middleware.
package httpx

import (
	"net"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/kindredhq/kindred/internal/kindred"
)

// statusByCode is the only place domain error codes meet HTTP statuses.
var statusByCode = map[string]int{
	kindred.EINVALID:      http.StatusUnprocessableEntity,
	kindred.ENOTFOUND:     http.StatusNotFound,
	kindred.ECONFLICT:     http.StatusConflict,
	kindred.EUNAUTHORIZED: http.StatusUnauthorized,
	kindred.EFORBIDDEN:    http.StatusForbidden,
	kindred.ERATELIMIT:    http.StatusTooManyRequests,
	kindred.EGONE:         http.StatusGone,
	kindred.EUNAVAILABLE:  http.StatusServiceUnavailable,
	kindred.EINTERNAL:     http.StatusInternalServerError,
}

// Status returns the HTTP status for err's domain code (500 for unknown errors).
func Status(err error) int {
	if s, ok := statusByCode[kindred.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// ClientIP returns the address of the client. Kindred trusts the direct peer
// only; behind a proxy, rate limits apply per proxy unless it is configured
// to pass the real address (documented in the deployment guide).
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// ContentSecurityPolicy is strict: only Kindred's own scripts, styles and
// images; no inline script, no framing, forms post only to Kindred.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// SecurityHeaders sets the headers every response carries.
func SecurityHeaders(hsts bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Security-Policy", ContentSecurityPolicy)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Referrer-Policy", "same-origin")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
			if hsts {
				h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
			}
			next.ServeHTTP(w, r)
		})
	}
}

// BodyRule raises the body limit for the paths it matches (uploads).
type BodyRule struct {
	Prefix, Suffix string
	Max            int64
}

// LimitBody caps request bodies at max bytes, or at the first matching rule's
// limit; larger bodies fail to parse with *http.MaxBytesError, which handlers
// report as "too large".
func LimitBody(max int64, rules ...BodyRule) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Body != nil {
				limit := max
				for _, rule := range rules {
					if strings.HasPrefix(r.URL.Path, rule.Prefix) && strings.HasSuffix(r.URL.Path, rule.Suffix) {
						limit = rule.Max
						break
					}
				}
				r.Body = http.MaxBytesReader(w, r.Body, limit)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// ValidText answers with bad any request whose path, query or URL-encoded
// form holds bytes that are not valid UTF-8: no field of Kindred holds such
// text, and PostgreSQL would refuse it with an internal error. A form that
// cannot be read at all (too large) is bad too; its handler would say the same.
func ValidText(bad http.HandlerFunc) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ok := utf8.ValidString(r.URL.Path) && validValues(r.URL.Query())
			if ok && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
				ok = r.ParseForm() == nil && validValues(r.PostForm)
			}
			if !ok {
				bad(w, r)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func validValues(v url.Values) bool {
	for k, vs := range v {
		if !utf8.ValidString(k) {
			return false
		}
		for _, s := range vs {
			if !utf8.ValidString(s) {
				return false
			}
		}
	}
	return true
}

// Chain applies middleware so the first listed runs first.
func Chain(h http.Handler, mw ...func(http.Handler) http.Handler) http.Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// WantsJSON reports whether the request is for the JSON API.
func WantsJSON(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }
