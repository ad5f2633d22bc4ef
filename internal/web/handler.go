package web

import (
	"errors"
	"net/http"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
)

// handlerFunc is a page handler that returns its failure instead of
// rendering it: handle turns the error into the one error page, so "the
// form could not be read" and the 5xx branch are written once.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// errUnreadableForm is what a handler returns when the request's form
// cannot be parsed; handle answers it with 400.
var errUnreadableForm = errors.New("the form could not be read")

// handle adapts h to an http.HandlerFunc. An error h returns becomes the
// error page with the status its kindred code maps to (httpx.Status);
// internal errors are logged and shown as a generic sentence.
func (s *Server) handle(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		switch {
		case err == nil:
		case errors.Is(err, errUnreadableForm):
			s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		case httpx.Status(err) >= 500:
			s.serverError(w, r, err)
		default:
			s.errorPage(w, r, httpx.Status(err), kindred.ErrorMessage(err))
		}
	}
}

// parseForm reads the request's form, answering errUnreadableForm when it
// cannot.
func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return errUnreadableForm
	}
	return nil
}
