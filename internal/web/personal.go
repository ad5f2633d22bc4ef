package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// exportMyData sends everything Kindred keeps about the signed-in person as JSON.
func (s *Server) exportMyData(w http.ResponseWriter, r *http.Request) {
	d, err := s.Store.PersonalDataOf(r.Context(), accountFrom(r.Context()).ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="kindred-my-data-`+time.Now().Format("2006-01-02")+`.json"`)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		s.Logger.Error("export personal data", "err", err)
	}
}

// deleteMyAccount deletes the signed-in person's account and profile after
// they type their email to confirm (see store.DeleteAccount for what stays).
func (s *Server) deleteMyAccount(w http.ResponseWriter, r *http.Request) {
	a := accountFrom(r.Context())
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	var err error
	if !strings.EqualFold(strings.TrimSpace(r.PostForm.Get("confirm")), a.Email) {
		err = &kindred.Error{Code: kindred.EINVALID, Message: "Type your email address to confirm.",
			Fields: map[string]string{"confirm": "must be your email address, " + a.Email}}
	}
	if err == nil {
		err = s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
			if err := tx.DeleteAccount(r.Context(), a.ID); err != nil {
				return err
			}
			return tx.Audit(r.Context(), 0, "account.delete", "account "+itoa64(a.ID), "deleted by its owner")
		})
	}
	if err != nil {
		if httpx.Status(err) >= 500 {
			s.serverError(w, r, err)
			return
		}
		s.failProfile(w, r, err)
		return
	}
	if err := s.Sessions.Destroy(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "error", page{Title: "Your account is deleted",
		Error: "Your account, your profile and your connections are gone. Stories you told stay in their campaigns without your name. Thank you for being part of the network."})
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
