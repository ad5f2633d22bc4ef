package kindred

import (
	"crypto/rand"
	"encoding/base64"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Webhook is an outside system told of events as they happen (the
// Standard Webhooks specification: signed with Secret, and with
// PreviousSecret too until PreviousUntil, so a receiver can change secrets
// without missing a delivery).
type Webhook struct {
	ID             int64
	URL            string
	Description    string
	EventTypes     []EventType
	Secret         string // whsec_…; shown to administrators only
	PreviousSecret string
	PreviousUntil  *time.Time
	Active         bool
	// Failures counts deliveries in a row that failed every attempt; at
	// MaxWebhookFailures the webhook is disabled with DisabledReason.
	Failures       int
	DisabledReason string
	CreatedBy      int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// MaxWebhookFailures is how many deliveries in a row may fail every
// attempt before a webhook is disabled and the administrators are told.
const MaxWebhookFailures = 5

// WebhookRotationOverlap is how long a rotated secret still signs
// deliveries beside the new one.
const WebhookRotationOverlap = 24 * time.Hour

// Wants reports whether the webhook is active and subscribed to t.
func (w *Webhook) Wants(t EventType) bool { return w.Active && slices.Contains(w.EventTypes, t) }

// Secrets returns the secrets that sign a delivery at now: the current one,
// and the previous one while the rotation overlap lasts.
func (w *Webhook) Secrets(now time.Time) []string {
	out := []string{w.Secret}
	if w.PreviousSecret != "" && w.PreviousUntil != nil && now.Before(*w.PreviousUntil) {
		out = append(out, w.PreviousSecret)
	}
	return out
}

// Validate normalizes w and returns an EINVALID error naming each bad
// field: an http(s) address without credentials, and known event types.
func (w *Webhook) Validate() error {
	var p Problems
	w.URL = strings.TrimSpace(w.URL)
	w.Description = strings.TrimSpace(w.Description)
	requireText(w.URL, "url", 2000, &p)
	if u, err := url.Parse(w.URL); w.URL != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "") {
		p.Add("url", "must be a web address starting with https:// (or http://)")
	} else if err == nil && u.User != nil {
		p.Add("url", "must not hold a user name or password")
	}
	limitText(w.Description, "description", 200, &p)
	if len(w.EventTypes) == 0 {
		p.Add("event_types", "choose at least one event")
	}
	for _, t := range w.EventTypes {
		if !slices.Contains(EventTypes, t) {
			p.Add("event_types", "holds an unknown event "+string(t))
		}
	}
	slices.Sort(w.EventTypes)
	w.EventTypes = slices.Compact(w.EventTypes)
	return p.Err()
}

// MayManageWebhooks checks that v may see and change webhooks: they carry
// what happens across the whole network, so administrators only.
func MayManageWebhooks(v *Viewer) error {
	if v.IsAdmin() {
		return nil
	}
	return Errorf(EFORBIDDEN, "Only administrators can manage webhooks.")
}

// WebhookDelivery is one attempt to deliver an event to a webhook.
type WebhookDelivery struct {
	ID         int64
	WebhookID  int64
	EventID    int64
	EventType  EventType
	Attempt    int
	Status     int    // the receiver's HTTP status; 0 when it did not answer
	Response   string // the start of its answer
	Error      string // why it failed, when it did not answer
	DurationMS int
	CreatedAt  time.Time
}

// OK reports whether the receiver accepted the delivery (any 2xx).
func (d WebhookDelivery) OK() bool { return d.Status >= 200 && d.Status < 300 }

// EventPing is the event a webhook's "send a test" delivers to it alone.
const EventPing EventType = "ping"

// NewWebhookSecret returns a fresh signing secret in the Standard Webhooks
// form: "whsec_" and 32 random bytes in base64.
func NewWebhookSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24 and later)
	return "whsec_" + base64.StdEncoding.EncodeToString(b)
}
