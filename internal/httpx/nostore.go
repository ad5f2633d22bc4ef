package httpx

import (
	"net/http"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

// NoStore keeps responses out of browser and proxy caches: each is sent
// with Cache-Control: no-store, so a shared computer's cache or a proxy
// keeps no copy of a page only one person may see. It runs after the
// viewer is resolved: for a signed-in viewer every response is no-store,
// whatever its handler set (pages, exports, their data, the outbox, photos,
// the map); an anonymous response keeps the caching its handler chose (a
// calendar feed) and is no-store otherwise (a page holding a sign-in link's
// secret). Paths under the public prefixes (static files, which are the
// same for everyone and cached for good) are left alone.
func NoStore(public ...string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for _, p := range public {
				if strings.HasPrefix(r.URL.Path, p) {
					next.ServeHTTP(w, r)
					return
				}
			}
			next.ServeHTTP(&noStoreWriter{ResponseWriter: w, force: kindred.ViewerFrom(r.Context()).SignedIn()}, r)
		})
	}
}

// noStoreWriter sets Cache-Control as the response's header goes out.
type noStoreWriter struct {
	http.ResponseWriter
	force, sent bool
}

func (w *noStoreWriter) mark() {
	if w.sent {
		return
	}
	w.sent = true
	if h := w.Header(); w.force || h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-store")
	}
}

func (w *noStoreWriter) WriteHeader(code int) {
	w.mark()
	w.ResponseWriter.WriteHeader(code)
}

func (w *noStoreWriter) Write(b []byte) (int, error) {
	w.mark()
	return w.ResponseWriter.Write(b)
}

// Flush sends what is buffered, for handlers that stream (exports).
func (w *noStoreWriter) Flush() {
	w.mark()
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *noStoreWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
