package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/testutil"
)

// hookReceiver keeps the events it was sent, verified with the secret the
// test reads off the webhook's page.
type hookReceiver struct {
	mu     sync.Mutex
	secret string
	got    []string // "type valid?"
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	var p struct {
		Type string `json:"type"`
	}
	_ = json.Unmarshal(body, &p)
	valid := false
	if wh, err := standardwebhooks.NewWebhook(h.secret); err == nil {
		valid = wh.Verify(body, r.Header) == nil
	}
	state := "invalid"
	if valid {
		state = "valid"
	}
	h.got = append(h.got, p.Type+" "+state)
	w.WriteHeader(http.StatusNoContent)
}

func (h *hookReceiver) events() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.got...)
}

// TestWebhooksInBrowser: an administrator adds a webhook on the page (a bad
// address first, kept as typed), sends a test, sees the receiver's answer
// in the delivery log, and creating a gathering on its page tells the
// receiver, signed.
func TestWebhooksInBrowser(t *testing.T) {
	t.Parallel()
	rc := &hookReceiver{}
	receiver := httptest.NewServer(rc)
	defer receiver.Close()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	admin := testutil.CreateAccount(t, srv.Store, "hooks.browser@example.org", kindred.RoleAdmin)
	b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
	testutil.SignIn(t, b, srv, admin.ID)

	b.Open(srv.URL + "/admin/webhooks")
	b.Fill("#url", "crm.example.org/hooks")
	b.Fill("#description", "Our CRM")
	b.Do(evalAction(`document.querySelector('input[value="gathering.created"]').checked = true`))
	b.Submit("#add-webhook button[type=submit]")
	if msg := b.Text(".field-error"); !strings.Contains(msg, "https://") {
		t.Errorf("a bad address says %q, want it to ask for https://", msg)
	}
	if got := b.Value("#description"); got != "Our CRM" {
		t.Errorf("the description came back as %q, want what was typed", got)
	}
	b.Fill("#url", receiver.URL+"/hooks")
	b.Submit("#add-webhook button[type=submit]")
	secret := b.Text(".secret")
	if !strings.HasPrefix(secret, "whsec_") {
		t.Fatalf("the webhook's page shows secret %q", secret)
	}
	rc.mu.Lock()
	rc.secret = secret
	rc.mu.Unlock()
	b.CheckA11y()

	b.Submit(`form[action$="/ping"] button`)
	waitUntil(t, "the test delivered", func() bool { return slicesContains(rc.events(), "ping valid") })
	waitUntil(t, "the answer in the log", func() bool {
		// The log may not be on the page yet: read it without waiting for it.
		b.Open(b.URL())
		log, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.querySelector('.deliveries')?.textContent ?? ''`))
		return err == nil && strings.Contains(log, "204")
	})
	b.Screenshot("admin-webhook")

	n := seedNetwork(t, srv.Store)
	form, _ := url.ParseQuery(strings.ReplaceAll(gatheringForm, "$chicago", strconv.FormatInt(n.chicago.ID, 10)))
	if resp, _ := postForm(t, testutil.SignedInClient(t, srv, admin.ID), srv.URL+"/gatherings", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("creating a gathering answered %d", resp.StatusCode)
	}
	waitUntil(t, "gathering.created delivered", func() bool { return slicesContains(rc.events(), "gathering.created valid") })
}

func slicesContains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	// Generous: the suite runs many servers and browsers on two cores, and a
	// delivery waits for the job queue's next poll.
	deadline := time.Now().Add(3 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
