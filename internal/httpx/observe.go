package httpx

import (
	"crypto/sha256"
	"crypto/subtle"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the HTTP metrics Kindred exports on /metrics.
type Metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics registers the HTTP metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kindred_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "kindred_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Observe logs each request (slog) and records its metrics, labelled by the
// matched route pattern rather than the raw path.
func Observe(log *slog.Logger, m *Metrics, mux *http.ServeMux) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			sw := &statusWriter{ResponseWriter: w}
			next.ServeHTTP(sw, r)
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			_, route := mux.Handler(r)
			if route == "" {
				route = "unmatched"
			}
			elapsed := time.Since(start)
			m.requests.WithLabelValues(route, strconv.Itoa(sw.status)).Inc()
			m.duration.WithLabelValues(route).Observe(elapsed.Seconds())
			lvl := slog.LevelDebug
			if sw.status >= 500 {
				lvl = slog.LevelError
			}
			log.Log(r.Context(), lvl, "request", "method", r.Method, "path", r.URL.Path, "route", route,
				"status", sw.status, "duration_ms", elapsed.Milliseconds())
		})
	}
}

// Recover turns a panic in a handler into a logged 500 instead of a dropped
// connection.
func Recover(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
					http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// GuardMetrics serves next (the Prometheus handler of /metrics) only to
// requests that may read the metrics. With a token (KINDRED_METRICS_TOKEN),
// only a request carrying "Authorization: Bearer <token>" may, as in Gitea;
// every other gets 401, signed in or not. Without one, a signed-in
// administrator may (isAdmin), and so may a scraper on the same machine: a
// request from a loopback address that no reverse proxy forwarded (it
// carries no Forwarded or X-Forwarded-* header); every other gets 403.
func GuardMetrics(token string, isAdmin func(*http.Request) bool, next http.Handler) http.Handler {
	want := sha256.Sum256([]byte("Bearer " + token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case token != "":
			// Hashing first keeps the comparison's time independent of
			// the token's length too.
			got := sha256.Sum256([]byte(r.Header.Get("Authorization")))
			if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
				http.Error(w, "Metrics need the bearer token set in KINDRED_METRICS_TOKEN.", http.StatusUnauthorized)
				return
			}
		case !isAdmin(r) && !localDirect(r):
			http.Error(w, "Metrics are for administrators and for scrapers on this machine; set KINDRED_METRICS_TOKEN to scrape from elsewhere.", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// forwardedHeaders are the headers reverse proxies add to what they forward.
var forwardedHeaders = []string{"Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-Ip"}

// localDirect reports whether r comes from a loopback address and was not
// forwarded by a reverse proxy on the same machine (which would make every
// visitor look local).
func localDirect(r *http.Request) bool {
	if ip := net.ParseIP(ClientIP(r)); ip == nil || !ip.IsLoopback() {
		return false
	}
	for _, h := range forwardedHeaders {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	return true
}
