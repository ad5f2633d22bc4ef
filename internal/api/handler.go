package api

import "net/http"

// handlerFunc is an API handler that returns its failure instead of
// writing it: handle writes every error in the one shape (writeError).
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts h to an http.HandlerFunc; an error h returns is answered
// with the status its kindred code maps to, and logged when it is ours.
func (a *API) handle(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			writeError(w, r, err, a.Logger)
		}
	}
}
