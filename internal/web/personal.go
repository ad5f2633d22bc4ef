package web

import (
	"encoding/json"
	"net/http"
)

// exportMyData sends everything Kindred keeps about the signed-in person as JSON.
func (s *Server) exportMyData(w http.ResponseWriter, r *http.Request) error {
	d, err := s.Accounts.Export(r.Context(), viewerFrom(r))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="kindred-my-data-`+s.Now().Format("2006-01-02")+`.json"`)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		s.Logger.Error("export personal data", "err", err)
	}
	return nil
}

// deleteMyAccount deletes the signed-in person's account and profile after
// they type their email to confirm (see store.Tx.DeleteAccount for what
// stays), and ends the session.
func (s *Server) deleteMyAccount(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if err := s.Accounts.DeleteMe(r.Context(), viewerFrom(r), r.PostForm.Get("confirm")); err != nil {
		return s.failProfile(w, r, err)
	}
	if err := s.Sessions.Destroy(r.Context()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "error", page{Title: "Your account is deleted",
		Error: "Your account, your profile and your connections are gone. Stories you told stay in their campaigns without your name. Thank you for being part of the network."})
	return nil
}
