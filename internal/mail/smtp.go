// Package mail delivers Kindred's email over SMTP (go-mail) and renders the
// messages from embedded templates. Without SMTP configured nothing here is
// used: messages stay in the outbox for administrators to read.
package mail

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	gomail "github.com/wneessen/go-mail"

	"github.com/kindredhq/kindred/internal/config"
	"github.com/kindredhq/kindred/internal/kindred"
)

// SMTP sends messages through one SMTP server.
type SMTP struct {
	cfg  config.SMTP
	from string
}

// NewSMTP returns a sender for the server in cfg, with from as the From address.
func NewSMTP(cfg config.SMTP, from string) *SMTP { return &SMTP{cfg: cfg, from: from} }

// Send delivers m. Errors are wrapped; a temporary failure may succeed on retry.
func (s *SMTP) Send(ctx context.Context, m *kindred.Mail) error {
	msg, err := s.message(m)
	if err != nil {
		return fmt.Errorf("compose mail %d: %w", m.ID, err)
	}
	c, err := gomail.NewClient(s.cfg.Host, s.clientOptions()...)
	if err != nil {
		return fmt.Errorf("smtp client: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("send mail %d: %w", m.ID, err)
	}
	return nil
}

func (s *SMTP) clientOptions() []gomail.Option {
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port)}
	switch s.cfg.TLS {
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case "tls":
		opts = append(opts, gomail.WithSSL())
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.cfg.Username), gomail.WithPassword(s.cfg.Password))
	}
	return opts
}

func (s *SMTP) message(m *kindred.Mail) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return nil, fmt.Errorf("from %q: %w", s.from, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("to %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	if err := listHeaders(msg, m); err != nil {
		return nil, err
	}
	msg.SetMessageID()
	msg.SetDate()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for _, a := range m.Attachments {
		if err := msg.AttachReader(a.Filename, bytes.NewReader(a.Data),
			gomail.WithFileContentType(gomail.ContentType(a.ContentType))); err != nil {
			return nil, fmt.Errorf("attach %s: %w", a.Filename, err)
		}
	}
	return msg, nil
}

// listHeaders adds a notification's Reply-To (its signed reply address,
// with Auto-Submitted so that vacation responders leave it alone, RFC 3834)
// and its one-click unsubscribe (RFC 8058: List-Unsubscribe with an https
// URL, and List-Unsubscribe-Post).
func listHeaders(msg *gomail.Msg, m *kindred.Mail) error {
	if m.ReplyTo != "" {
		if err := msg.ReplyTo(m.ReplyTo); err != nil {
			return fmt.Errorf("reply-to %q: %w", m.ReplyTo, err)
		}
		msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	}
	if m.ListUnsubscribe != "" {
		if strings.ContainsAny(m.ListUnsubscribe, "\r\n<> ") {
			return fmt.Errorf("list-unsubscribe %q: not a plain URL", m.ListUnsubscribe)
		}
		msg.SetGenHeader(gomail.HeaderListUnsubscribe, "<"+m.ListUnsubscribe+">")
		msg.SetGenHeader(gomail.HeaderListUnsubscribePost, "List-Unsubscribe=One-Click")
	}
	return nil
}
