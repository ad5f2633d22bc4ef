package testutil

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/config"
)

// Mailpit is a real SMTP server for tests (started by test.sh).
type Mailpit struct {
	SMTPURL string
	SMTP    config.SMTP
	api     string
}

// StartedMailpit returns the mailpit named by KINDRED_TEST_SMTP and
// KINDRED_TEST_MAILPIT, skipping (or failing in CI) when they are unset.
func StartedMailpit(t testing.TB) *Mailpit {
	t.Helper()
	smtpURL, api := os.Getenv("KINDRED_TEST_SMTP"), os.Getenv("KINDRED_TEST_MAILPIT")
	if smtpURL == "" || api == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("KINDRED_TEST_SMTP and KINDRED_TEST_MAILPIT are not set; run the tests with ./test.sh")
		}
		t.Skip("mailpit is not running (KINDRED_TEST_SMTP unset)")
	}
	cfg, err := config.ParseSMTP(smtpURL)
	if err != nil {
		t.Fatalf("KINDRED_TEST_SMTP: %v", err)
	}
	return &Mailpit{SMTPURL: smtpURL, SMTP: cfg, api: api}
}

// MailSummary is a message as mailpit lists it.
type MailSummary struct {
	ID          string
	Subject     string
	To          []struct{ Address string }
	Attachments int
}

// MailMessage is one message in full.
type MailMessage struct {
	ID          string
	Subject     string
	Text        string
	HTML        string
	Attachments []struct {
		PartID      string
		FileName    string
		ContentType string
	}
}

// Search returns the messages addressed to `to`.
func (m *Mailpit) Search(t testing.TB, to string) []MailSummary {
	t.Helper()
	var res struct{ Messages []MailSummary }
	m.getJSON(t, "/api/v1/search?query="+url.QueryEscape("to:"+to), &res)
	return res.Messages
}

// WaitFor polls mailpit until n messages to `to` have arrived or timeout
// passes. Mail crosses a real SMTP connection, so polling here is waiting on
// an outside server, not on Kindred's own jobs.
func (m *Mailpit) WaitFor(t testing.TB, to string, n int, timeout time.Duration) []MailSummary {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		msgs := m.Search(t, to)
		if len(msgs) >= n || time.Now().After(deadline) {
			return msgs
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Message fetches one message with its text and attachments.
func (m *Mailpit) Message(t testing.TB, id string) MailMessage {
	t.Helper()
	var msg MailMessage
	m.getJSON(t, "/api/v1/message/"+id, &msg)
	return msg
}

// Headers fetches one message's headers (canonical names → values).
func (m *Mailpit) Headers(t testing.TB, id string) map[string][]string {
	t.Helper()
	var h map[string][]string
	m.getJSON(t, "/api/v1/message/"+id+"/headers", &h)
	return h
}

// Part fetches one attachment's bytes.
func (m *Mailpit) Part(t testing.TB, id, partID string) []byte {
	t.Helper()
	resp, err := http.Get(m.api + "/api/v1/message/" + id + "/part/" + partID)
	if err != nil {
		t.Fatalf("mailpit: %v", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("mailpit part: %v", err)
	}
	return b
}

func (m *Mailpit) getJSON(t testing.TB, path string, v any) {
	t.Helper()
	resp, err := http.Get(m.api + path)
	if err != nil {
		t.Fatalf("mailpit: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("mailpit %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("mailpit %s: %v", path, fmt.Errorf("decode: %w", err))
	}
}

// UniqueEmail returns an address no other test uses, so tests sharing one
// mailpit never see each other's mail.
func UniqueEmail(name string) string {
	return fmt.Sprintf("%s-%s@example.org", name, randomHex(5))
}
