package api

import (
	"net/http"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// webhookJSON is a webhook as administrators see it through the API,
// secrets included (they configure the receiver with them).
type webhookJSON struct {
	ID             int64               `json:"id"`
	URL            string              `json:"url"`
	Description    string              `json:"description"`
	EventTypes     []kindred.EventType `json:"event_types"`
	Active         bool                `json:"active"`
	Secret         string              `json:"secret"`
	PreviousSecret string              `json:"previous_secret,omitempty"`
	PreviousUntil  *time.Time          `json:"previous_until,omitempty"`
	Failures       int                 `json:"failures"`
	DisabledReason string              `json:"disabled_reason,omitempty"`
	CreatedAt      time.Time           `json:"created_at"`
	Deliveries     []deliveryJSON      `json:"deliveries,omitempty"`
}

// deliveryJSON is one delivery attempt.
type deliveryJSON struct {
	EventID    int64             `json:"event_id"`
	EventType  kindred.EventType `json:"event_type"`
	Attempt    int               `json:"attempt"`
	Status     int               `json:"status"`
	Response   string            `json:"response"`
	Error      string            `json:"error,omitempty"`
	DurationMS int               `json:"duration_ms"`
	At         time.Time         `json:"at"`
}

func toWebhook(w *kindred.Webhook, ds []kindred.WebhookDelivery) webhookJSON {
	out := webhookJSON{ID: w.ID, URL: w.URL, Description: w.Description, EventTypes: w.EventTypes, Active: w.Active,
		Secret: w.Secret, Failures: w.Failures, DisabledReason: w.DisabledReason, CreatedAt: w.CreatedAt}
	if w.PreviousUntil != nil && w.PreviousUntil.After(time.Now()) {
		out.PreviousSecret, out.PreviousUntil = w.PreviousSecret, w.PreviousUntil
	}
	for _, d := range ds {
		out.Deliveries = append(out.Deliveries, deliveryJSON{EventID: d.EventID, EventType: d.EventType, Attempt: d.Attempt,
			Status: d.Status, Response: d.Response, Error: d.Error, DurationMS: d.DurationMS, At: d.CreatedAt})
	}
	return out
}

// webhookIn is the body that creates or changes a webhook.
type webhookIn struct {
	URL         string              `json:"url"`
	Description string              `json:"description"`
	EventTypes  []kindred.EventType `json:"event_types"`
	Active      *bool               `json:"active"`
}

func (in webhookIn) toDomain() kindred.Webhook {
	return kindred.Webhook{URL: in.URL, Description: in.Description, EventTypes: in.EventTypes, Active: in.Active == nil || *in.Active}
}

func (a *API) listWebhooks(w http.ResponseWriter, r *http.Request) error {
	hooks, err := a.Webhooks.List(r.Context(), kindred.ViewerFrom(r.Context()))
	if err != nil {
		return err
	}
	out := list[webhookJSON]{Items: []webhookJSON{}}
	for _, h := range hooks {
		out.Items = append(out.Items, toWebhook(h, nil))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) createWebhook(w http.ResponseWriter, r *http.Request) error {
	var in webhookIn
	if err := decode(r, &in); err != nil {
		return err
	}
	hook, err := a.Webhooks.Create(r.Context(), kindred.ViewerFrom(r.Context()), in.toDomain())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toWebhook(hook, nil))
	return nil
}

func (a *API) getWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	hook, ds, err := a.Webhooks.Get(r.Context(), kindred.ViewerFrom(r.Context()), id, 50)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toWebhook(hook, ds))
	return nil
}

func (a *API) updateWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in webhookIn
	if err := decode(r, &in); err != nil {
		return err
	}
	hook := in.toDomain()
	hook.ID = id
	got, err := a.Webhooks.Update(r.Context(), kindred.ViewerFrom(r.Context()), hook)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toWebhook(got, nil))
	return nil
}

func (a *API) rotateWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	hook, err := a.Webhooks.Rotate(r.Context(), kindred.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toWebhook(hook, nil))
	return nil
}

func (a *API) pingWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.Webhooks.Ping(r.Context(), kindred.ViewerFrom(r.Context()), id); err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"status": "scheduled"})
	return nil
}

func (a *API) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.Webhooks.Delete(r.Context(), kindred.ViewerFrom(r.Context()), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
