package web

import "net/http"

// registerOrganizing adds the organizers' listening pages.
func (l *listening) registerOrganizing(mux *http.ServeMux) {
}
