package web

import (
	"fmt"
	"net/http"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
)

// registerWebhooks adds the administrators' webhook pages.
func (s *Server) registerWebhooks(mux Mux) {
	mux.Handle("GET /admin/webhooks", s.adminOnly(s.handle(s.webhooksPage)))
	mux.Handle("POST /admin/webhooks", s.adminOnly(s.handle(s.createWebhook)))
	mux.Handle("GET /admin/webhooks/{id}", s.adminOnly(s.handle(s.webhookPage)))
	mux.Handle("POST /admin/webhooks/{id}", s.adminOnly(s.handle(s.updateWebhook)))
	mux.Handle("POST /admin/webhooks/{id}/rotate", s.adminOnly(s.handle(s.rotateWebhook)))
	mux.Handle("POST /admin/webhooks/{id}/ping", s.adminOnly(s.handle(s.pingWebhook)))
	mux.Handle("POST /admin/webhooks/{id}/delete", s.adminOnly(s.handle(s.deleteWebhook)))
}

// webhookForm is the create/edit form: the address, a description and a
// box per event type.
type webhookForm struct {
	URL, Description string
	Types            map[kindred.EventType]bool
	Active           bool
}

// webhooksData is what the list page shows.
type webhooksData struct {
	Hooks  []*kindred.Webhook
	F      webhookForm
	Events []kindred.EventType
}

// webhookData is what one webhook's page shows.
type webhookData struct {
	Hook       *kindred.Webhook
	F          webhookForm
	Events     []kindred.EventType
	Deliveries []kindred.WebhookDelivery
}

func readWebhookForm(r *http.Request) (webhookForm, kindred.Webhook) {
	f := webhookForm{URL: r.PostForm.Get("url"), Description: r.PostForm.Get("description"),
		Types: map[kindred.EventType]bool{}, Active: r.PostForm.Get("active") == "on"}
	w := kindred.Webhook{URL: f.URL, Description: f.Description, Active: f.Active}
	for _, t := range r.PostForm["event"] {
		f.Types[kindred.EventType(t)] = true
		w.EventTypes = append(w.EventTypes, kindred.EventType(t))
	}
	return f, w
}

func formOfWebhook(w *kindred.Webhook) webhookForm {
	f := webhookForm{URL: w.URL, Description: w.Description, Types: map[kindred.EventType]bool{}, Active: w.Active}
	for _, t := range w.EventTypes {
		f.Types[t] = true
	}
	return f
}

func (s *Server) webhooksPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderWebhooks(w, r, http.StatusOK, webhookForm{Types: map[kindred.EventType]bool{}}, nil)
}

func (s *Server) renderWebhooks(w http.ResponseWriter, r *http.Request, status int, f webhookForm, formErr error) error {
	hooks, err := s.Webhooks.List(r.Context(), viewerFrom(r))
	if err != nil {
		return err
	}
	p := page{Title: "Webhooks", Nav: "admin", Data: webhooksData{Hooks: hooks, F: f, Events: kindred.EventTypes}}
	if formErr != nil {
		p.Error, p.Errors = kindred.ErrorMessage(formErr), kindred.ErrorFields(formErr)
	}
	s.render(w, r, status, "admin_webhooks", p)
	return nil
}

func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f, in := readWebhookForm(r)
	hook, err := s.Webhooks.Create(r.Context(), viewerFrom(r), in)
	if kindred.ErrorCode(err) == kindred.EINVALID {
		return s.renderWebhooks(w, r, httpx.Status(err), f, err)
	}
	if err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), "flash", "Webhook added. Give its signing secret to the receiving system, then send a test.")
	http.Redirect(w, r, fmt.Sprintf("/admin/webhooks/%d", hook.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) webhookPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderWebhook(w, r, http.StatusOK, nil, nil)
}

// renderWebhook shows one webhook; f (nil: as stored) and formErr come
// back from a failed edit.
func (s *Server) renderWebhook(w http.ResponseWriter, r *http.Request, status int, f *webhookForm, formErr error) error {
	id, ok := pathID(r, "id")
	if !ok {
		return kindred.Errorf(kindred.ENOTFOUND, "No such webhook.")
	}
	hook, ds, err := s.Webhooks.Get(r.Context(), viewerFrom(r), id, 50)
	if err != nil {
		return err
	}
	d := webhookData{Hook: hook, F: formOfWebhook(hook), Events: kindred.EventTypes, Deliveries: ds}
	if f != nil {
		d.F = *f
	}
	p := page{Title: "Webhook", Nav: "admin", Data: d}
	if formErr != nil {
		p.Error, p.Errors = kindred.ErrorMessage(formErr), kindred.ErrorFields(formErr)
	}
	s.render(w, r, status, "admin_webhook", p)
	return nil
}

func (s *Server) updateWebhook(w http.ResponseWriter, r *http.Request) error {
	id, ok := pathID(r, "id")
	if !ok {
		return kindred.Errorf(kindred.ENOTFOUND, "No such webhook.")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f, in := readWebhookForm(r)
	in.ID = id
	_, err := s.Webhooks.Update(r.Context(), viewerFrom(r), in)
	if kindred.ErrorCode(err) == kindred.EINVALID {
		return s.renderWebhook(w, r, httpx.Status(err), &f, err)
	}
	if err != nil {
		return err
	}
	return s.backToWebhook(w, r, id, "Saved.")
}

func (s *Server) rotateWebhook(w http.ResponseWriter, r *http.Request) error {
	return s.webhookAction(w, r, func(id int64) error {
		_, err := s.Webhooks.Rotate(r.Context(), viewerFrom(r), id)
		return err
	}, "A new secret is in use. The old one keeps signing beside it for 24 hours: give the new one to the receiving system before then.")
}

func (s *Server) pingWebhook(w http.ResponseWriter, r *http.Request) error {
	return s.webhookAction(w, r, func(id int64) error { return s.Webhooks.Ping(r.Context(), viewerFrom(r), id) },
		"A test event is on its way. Reload this page in a moment to see the answer below.")
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	id, ok := pathID(r, "id")
	if !ok {
		return kindred.Errorf(kindred.ENOTFOUND, "No such webhook.")
	}
	if err := s.Webhooks.Delete(r.Context(), viewerFrom(r), id); err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), "flash", "Webhook removed.")
	http.Redirect(w, r, "/admin/webhooks", http.StatusSeeOther)
	return nil
}

// webhookAction runs one button's use case on the {id} webhook and goes
// back to its page with done as the message.
func (s *Server) webhookAction(w http.ResponseWriter, r *http.Request, act func(id int64) error, done string) error {
	id, ok := pathID(r, "id")
	if !ok {
		return kindred.Errorf(kindred.ENOTFOUND, "No such webhook.")
	}
	if err := act(id); err != nil {
		return err
	}
	return s.backToWebhook(w, r, id, done)
}

func (s *Server) backToWebhook(w http.ResponseWriter, r *http.Request, id int64, msg string) error {
	s.Sessions.Put(r.Context(), "flash", msg)
	http.Redirect(w, r, fmt.Sprintf("/admin/webhooks/%d", id), http.StatusSeeOther)
	return nil
}
