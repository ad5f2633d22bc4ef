package web

import (
	"net/http"

	"github.com/kindredhq/kindred/internal/conversations"
	"github.com/kindredhq/kindred/internal/kindred"
)

// registerNotifications adds the notification settings of one's account
// and the unsubscribe links of notification mail (RFC 8058: the POST works
// without signing in, the GET page asks to confirm).
func (s *Server) registerNotifications(mux Mux) {
	mux.Handle("GET /me/notifications", s.signedIn(s.handle(s.notificationsPage)))
	mux.Handle("POST /me/notifications", s.signedIn(s.handle(s.saveNotifications)))
	mux.HandleFunc("GET /unsubscribe/{token}", s.handle(s.unsubscribePage))
	mux.HandleFunc("POST /unsubscribe/{token}", s.handle(s.unsubscribe))
}

// notifyRow is one kind of news with its mode, for the settings form.
type notifyRow struct {
	Kind kindred.NotifyKind
	Mode kindred.NotifyMode
}

// notificationsData is what the settings page shows.
type notificationsData struct {
	Rows  []notifyRow
	Modes []kindred.NotifyMode
}

func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request) error {
	settings, err := s.Conversations.Settings(r.Context(), viewerFrom(r))
	if err != nil {
		return err
	}
	return s.renderNotifications(w, r, http.StatusOK, settings, nil)
}

func (s *Server) renderNotifications(w http.ResponseWriter, r *http.Request, status int, settings kindred.NotifySettings, formErr error) error {
	d := notificationsData{Modes: kindred.NotifyModes}
	for _, k := range kindred.NotifyKinds {
		d.Rows = append(d.Rows, notifyRow{Kind: k, Mode: settings.Of(k)})
	}
	p := page{Title: "Notifications", Data: d}
	if formErr != nil {
		p.Error, p.Errors = kindred.ErrorMessage(formErr), kindred.ErrorFields(formErr)
	}
	s.render(w, r, status, "notifications", p)
	return nil
}

func (s *Server) saveNotifications(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	settings := kindred.NotifySettings{}
	for _, k := range kindred.NotifyKinds {
		if m := r.PostForm.Get(string(k)); m != "" {
			settings[k] = kindred.NotifyMode(m)
		}
	}
	err := s.Conversations.SaveSettings(r.Context(), viewerFrom(r), settings)
	if kindred.ErrorCode(err) == kindred.EINVALID {
		return s.renderNotifications(w, r, http.StatusUnprocessableEntity, settings, err)
	}
	if err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), "flash", "Your notification settings are saved.")
	http.Redirect(w, r, "/me/notifications", http.StatusSeeOther)
	return nil
}

// unsubscribeData is what the unsubscribe pages show.
type unsubscribeData struct {
	U     *conversations.Unsubscription
	Token string
	Done  bool
}

func (s *Server) unsubscribePage(w http.ResponseWriter, r *http.Request) error {
	u, err := s.Conversations.CheckUnsubscribe(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "unsubscribe", page{Title: "Unsubscribe", Data: unsubscribeData{U: u, Token: r.PathValue("token")}})
	return nil
}

func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	u, err := s.Conversations.Unsubscribe(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "unsubscribe", page{Title: "Unsubscribed", Data: unsubscribeData{U: u, Done: true}})
	return nil
}
