package kindred

import "time"

// Mail is an email Kindred sends. Every message is stored first (the outbox)
// and delivered by a durable job.
type Mail struct {
	ID          int64
	To          string
	Subject     string
	Text        string
	HTML        string
	Attachments []Attachment
	Status      MailStatus
	Error       string
	Attempts    int
	CreatedAt   time.Time
	SentAt      *time.Time

	// ReplyTo, when set, is where replies go: a conversation's signed reply
	// address (see ReplyAddress).
	ReplyTo string
	// ListUnsubscribe, when set, is the one-click unsubscribe URL sent as
	// List-Unsubscribe with List-Unsubscribe-Post (RFC 8058).
	ListUnsubscribe string
}

// Attachment is a file sent with a Mail, such as an .ics calendar invitation.
type Attachment struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"data"`
}

// MailStatus is where a message stands.
type MailStatus string

// Mail statuses. Outbox means no SMTP server is configured: the message is
// kept for an administrator to read instead.
const (
	MailQueued MailStatus = "queued"
	MailSent   MailStatus = "sent"
	MailOutbox MailStatus = "outbox"
	MailFailed MailStatus = "failed"
)
