package app

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/kindredhq/kindred/internal/store"
)

// wroteCookie keeps the position of a visitor's last write (store.Writes'
// marker), so that their next requests read it back even from a replica
// that lags (see store/replica.go). It carries no secret: a forged value can
// only make its sender's own reads go to the primary, or to a replica that
// lags behind their own writes.
const wroteCookie = "kindred_wrote"

// wroteCookieAge is how long the marker is kept. Once a replica has
// replayed past it the marker sends nothing to the primary, so it may
// outlive any lag a replica is allowed (config.MaxReplicaMaxLag).
const wroteCookieAge = 10 * 60 // seconds

// lagTolerantRoutes are the pages whose reads may come from a replica a few
// seconds behind: the directory, practices, the Emergence page and exports,
// which show what others wrote and where a change seconds old may be missing.
// Forms (new, edit), gatherings (RSVPs and seats), sign-in and the API (its
// clients keep no cookie, so their writes could not be followed) read from
// the primary. The viewer is loaded from the primary before this applies.
var lagTolerantRoutes = map[string]bool{
	"GET /network":                      true,
	"GET /network/members/{id}":         true,
	"GET /network/members/{id}/photo":   true,
	"GET /network/organizations":        true,
	"GET /network/organizations/{slug}": true,
	"GET /network/networks":             true,
	"GET /network/cities":               true,
	"GET /network/cities/{slug}":        true,
	"GET /network/export/{file}":        true,
	"GET /emergence":                    true,
	"GET /emergence/map.json":           true,
	"GET /practices":                    true,
	"GET /practices/{slug}":             true,
	"GET /listening/{slug}/export":      true,
}

// trackWrites follows each visitor's writes across requests: it hands the
// store the marker of their earlier writes (a cookie) and, when the request
// commits a write, sets the cookie to the new marker before the answer's
// headers go out. Without replicas the store leaves no marker and nothing is
// set.
func trackWrites(secure bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			marker := ""
			if c, err := r.Cookie(wroteCookie); err == nil {
				marker = c.Value
			}
			ctx, writes := store.TrackWrites(r.Context(), marker)
			mw := &markerWriter{ResponseWriter: w, writes: writes, secure: secure}
			next.ServeHTTP(mw, r.WithContext(ctx))
			mw.setCookie() // for an answer without a body, whose headers go out after this returns
		})
	}
}

// markerWriter sets the write marker cookie when the headers are written.
type markerWriter struct {
	http.ResponseWriter
	writes *store.Writes
	secure bool
	done   bool
}

// setCookie sets the cookie once, if the request wrote, while the headers
// can still change.
func (m *markerWriter) setCookie() {
	if m.done {
		return
	}
	m.done = true
	if marker := m.writes.Marker(); marker != "" {
		http.SetCookie(m.ResponseWriter, &http.Cookie{Name: wroteCookie, Value: marker, Path: "/",
			MaxAge: wroteCookieAge, HttpOnly: true, Secure: m.secure, SameSite: http.SameSiteLaxMode})
	}
}

func (m *markerWriter) WriteHeader(code int) {
	m.setCookie()
	m.ResponseWriter.WriteHeader(code)
}

func (m *markerWriter) Write(b []byte) (int, error) {
	m.setCookie()
	return m.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (m *markerWriter) Unwrap() http.ResponseWriter { return m.ResponseWriter }

// markLagTolerant marks the reads of lagTolerantRoutes as store.LagTolerant.
func markLagTolerant(mux *http.ServeMux) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				if _, pattern := mux.Handler(r); lagTolerantRoutes[pattern] {
					r = r.WithContext(store.LagTolerant(r.Context()))
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// readCollector reports where the store's reads went, and its replicas'
// last checks, on /metrics.
type readCollector struct {
	st                           *store.Store
	primary, replica, up, lag, f *prometheus.Desc
}

func newReadCollector(st *store.Store) *readCollector {
	return &readCollector{st: st,
		primary: prometheus.NewDesc("kindred_db_primary_reads_total", "Reads the primary database answered outside transactions.", nil, nil),
		f:       prometheus.NewDesc("kindred_db_replica_fallbacks_total", "Reads a replica failed that the primary answered.", nil, nil),
		replica: prometheus.NewDesc("kindred_db_replica_reads_total", "Reads a replica answered.", []string{"replica"}, nil),
		up:      prometheus.NewDesc("kindred_db_replica_up", "1 when the replica answers reads (up and within the lag bound).", []string{"replica"}, nil),
		lag:     prometheus.NewDesc("kindred_db_replica_lag_seconds", "How far behind the primary the replica was at its last check, at most.", []string{"replica"}, nil),
	}
}

func (c *readCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.primary, c.f, c.replica, c.up, c.lag} {
		ch <- d
	}
}

func (c *readCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.st.ReadStats()
	ch <- prometheus.MustNewConstMetric(c.primary, prometheus.CounterValue, float64(st.Primary))
	ch <- prometheus.MustNewConstMetric(c.f, prometheus.CounterValue, float64(st.Fallbacks))
	for _, r := range st.Replicas {
		up := 0.0
		if r.Up {
			up = 1
		}
		ch <- prometheus.MustNewConstMetric(c.replica, prometheus.CounterValue, float64(r.Reads), r.Name)
		ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, up, r.Name)
		ch <- prometheus.MustNewConstMetric(c.lag, prometheus.GaugeValue, r.Lag.Seconds(), r.Name)
	}
}
