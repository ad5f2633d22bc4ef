// Package inbound takes replies to Kindred's notification mail over SMTP
// and posts them in their conversations. It is a surface like the pages and
// the API: it decodes (SMTP, then the message with go-message), calls the
// conversations use case as the member the reply address names, and
// answers with an SMTP status. What it refuses, it refuses during the SMTP
// conversation with a reason the sending server returns to the person:
// bounces and automatic replies, addresses that are not signed reply
// addresses or were altered, senders other than the member, members who may
// no longer write in the conversation, messages too large or empty.
package inbound

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/kindredhq/kindred/internal/conversations"
	"github.com/kindredhq/kindred/internal/kindred"
)

// Limits of the listener: a reply with its quoted notification and a
// signature image fits; more recipients than a person replies to at once
// are refused.
const (
	MaxMessageBytes = 2 << 20
	MaxRecipients   = 10
	// callTimeout bounds each use case a command calls.
	callTimeout = 30 * time.Second
)

// Server is Kindred's SMTP listener for replies.
type Server struct {
	conv   *conversations.Service
	domain string
	log    *slog.Logger
	smtp   *smtp.Server
}

// New returns a listener that posts replies to addresses at domain (the
// reply domain, see config.Config.ReplyDomain) through conv.
func New(conv *conversations.Service, domain string, log *slog.Logger) *Server {
	s := &Server{conv: conv, domain: strings.ToLower(domain), log: log}
	srv := smtp.NewServer(s)
	srv.Domain = s.domain
	srv.MaxMessageBytes = MaxMessageBytes
	srv.MaxRecipients = MaxRecipients
	srv.ReadTimeout, srv.WriteTimeout = time.Minute, time.Minute
	srv.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelWarn)
	s.smtp = srv
	return s
}

// Serve takes connections on ln until Shutdown, after which it returns nil.
func (s *Server) Serve(ln net.Listener) error {
	if err := s.smtp.Serve(ln); err != nil && !errors.Is(err, smtp.ErrServerClosed) {
		return fmt.Errorf("smtp: %w", err)
	}
	return nil
}

// Shutdown stops taking connections and waits for the open ones to end, or
// for ctx.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.smtp.Shutdown(ctx)
	if errors.Is(err, smtp.ErrServerClosed) {
		return nil
	}
	return err
}

// NewSession starts the SMTP conversation with one client.
func (s *Server) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }

// session is one SMTP client's conversation: the envelope of the message
// being sent and where it will be posted.
type session struct {
	s       *Server
	bounce  bool // MAIL FROM:<> (a delivery report or another bounce)
	targets []target
}

// target is one recipient: who posts, and in which conversation.
type target struct {
	v     *kindred.Viewer
	place kindred.Place
}

// Reset forgets the message being sent.
func (se *session) Reset() { se.bounce, se.targets = false, nil }

// Logout ends the conversation.
func (se *session) Logout() error { return nil }

// Mail notes the envelope sender; a null sender marks a bounce, refused at
// RCPT with its reason.
func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	se.Reset()
	se.bounce = from == ""
	return nil
}

// Rcpt takes a recipient that is a signed reply address of this domain
// whose member may still write in its conversation.
func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if se.bounce {
		return refuse(550, 5, 7, 1, "Kindred takes no bounces (the sender is empty): reply to the notification from your own address")
	}
	local, domain, ok := cutAddress(to)
	if !ok || domain != se.s.domain || !strings.HasPrefix(strings.ToLower(local), "reply+") {
		return refuse(550, 5, 1, 1, "No such mailbox: Kindred takes replies to its notification emails only")
	}
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	v, place, err := se.s.conv.ReplyTarget(ctx, local)
	if err != nil {
		return se.s.refusal(err, "reply address", to)
	}
	se.targets = append(se.targets, target{v: v, place: place})
	return nil
}

// Data reads the message and posts the reply in each recipient's
// conversation.
func (se *session) Data(r io.Reader) error {
	msg, err := readReply(r)
	if err != nil {
		return refuse(550, 5, 6, 0, "Kindred could not read this message: "+err.Error())
	}
	if msg.Auto != "" {
		return refuse(550, 5, 7, 1, "Automatic replies are not posted ("+msg.Auto+")")
	}
	for _, t := range se.targets {
		if msg.From == "" || msg.From != strings.ToLower(t.v.Account.Email) {
			return refuse(550, 5, 7, 1, "This reply address belongs to another member: reply from the address the notification was sent to")
		}
	}
	text := ReplyText(msg.Text)
	if text == "" {
		return refuse(550, 5, 6, 0, "The reply is empty once the quoted notification is removed: write above the quoted text")
	}
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	for _, t := range se.targets {
		_, err := se.s.conv.Post(ctx, t.v, conversations.NewPost{Place: t.place, Body: text, Via: kindred.ViaEmail, MessageID: msg.MessageID})
		if err != nil {
			return se.s.refusal(err, "post", t.place.String())
		}
	}
	return nil
}

// cutAddress splits an address into its local part and lower-case domain.
func cutAddress(addr string) (local, domain string, ok bool) {
	addr = strings.Trim(strings.TrimSpace(addr), "<>")
	i := strings.LastIndexByte(addr, '@')
	if i <= 0 || i == len(addr)-1 {
		return "", "", false
	}
	return addr[:i], strings.ToLower(addr[i+1:]), true
}

// refusal turns a use case's error into an SMTP answer: a permanent
// refusal with the person's reason, or a temporary failure (logged) when
// the fault is Kindred's, so the sending server tries again.
func (s *Server) refusal(err error, what, subject string) error {
	msg := kindred.ErrorMessage(err)
	if fields := kindred.ErrorFields(err); fields["body"] != "" {
		msg = "The reply " + fields["body"]
	}
	switch kindred.ErrorCode(err) {
	case kindred.EINVALID:
		s.log.Info("reply refused", "what", what, "subject", subject, "reason", msg)
		return refuse(550, 5, 7, 1, msg)
	case kindred.EGONE:
		s.log.Info("reply refused", "what", what, "subject", subject, "reason", msg)
		return refuse(550, 5, 1, 1, msg)
	case kindred.ENOTFOUND, kindred.EFORBIDDEN:
		s.log.Info("reply refused", "what", what, "subject", subject, "reason", msg)
		return refuse(550, 5, 7, 1, msg)
	}
	s.log.Error("reply failed", "what", what, "subject", subject, "err", err)
	return refuse(451, 4, 3, 0, "Kindred could not take this message just now; it will be accepted if sent again later")
}

// refuse is an SMTP error with an enhanced status code and a reason in
// plain ASCII (SMTP replies carry nothing else).
func refuse(code, class, subject, detail int, reason string) error {
	return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{class, subject, detail}, Message: ascii(reason)}
}

// ascii keeps a reason sendable in an SMTP reply: typographic quotes and
// dashes become plain ones, other non-ASCII letters are dropped, and line
// breaks become spaces.
func ascii(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "—", "-", "–", "-", "…", "...", "\r", " ", "\n", " ").Replace(s)
	return strings.Map(func(r rune) rune {
		if r < ' ' || r > '~' {
			return -1
		}
		return r
	}, s)
}
