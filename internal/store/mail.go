package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/kindredhq/kindred/internal/kindred"
)

const mailColumns = `id, to_addr, subject, text_body, html_body, attachments, status, error, attempts, created_at, sent_at,
	reply_to, list_unsubscribe`

// InsertMail stores a message with status queued and returns its id. The
// caller enqueues the job that delivers it in the same transaction.
func (tx *Tx) InsertMail(ctx context.Context, m kindred.Mail) (int64, error) {
	if m.Attachments == nil {
		m.Attachments = []kindred.Attachment{}
	}
	att, err := json.Marshal(m.Attachments)
	if err != nil {
		return 0, fmt.Errorf("insert mail: %w", err)
	}
	id, err := tx.insertID(ctx, `INSERT INTO mail_messages (to_addr, subject, text_body, html_body, attachments, status, created_at,
		reply_to, list_unsubscribe) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.To, m.Subject, m.Text, m.HTML, string(att),
		string(kindred.MailQueued), tx.now, m.ReplyTo, m.ListUnsubscribe)
	if err != nil {
		return 0, fmt.Errorf("insert mail: %w", err)
	}
	return id, nil
}

// MarkMail records the outcome of a delivery attempt.
func (tx *Tx) MarkMail(ctx context.Context, id int64, status kindred.MailStatus, errText string) error {
	var sent any
	if status == kindred.MailSent {
		sent = tx.now
	}
	return tx.execOne(ctx, "mark mail", `UPDATE mail_messages SET status = ?, error = ?, attempts = attempts + 1, sent_at = ? WHERE id = ?`,
		string(status), errText, sent, id)
}

// Mail returns one message. ENOTFOUND if missing.
func (s *Store) Mail(ctx context.Context, id int64) (*kindred.Mail, error) {
	m, err := scanMail(s.queryRow(ctx, `SELECT `+mailColumns+` FROM mail_messages WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("mail %d: %w", id, s.d.translate(err))
	}
	return m, nil
}

// ListMail returns messages newest first, with ids below before (0 for the newest).
func (s *Store) ListMail(ctx context.Context, before int64, limit int) ([]*kindred.Mail, error) {
	q := `SELECT ` + mailColumns + ` FROM mail_messages`
	args := []any{}
	if before > 0 {
		q += ` WHERE id < ?`
		args = append(args, before)
	}
	rows, err := s.query(ctx, q+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("list mail: %w", err)
	}
	defer rows.Close()
	var out []*kindred.Mail
	for rows.Next() {
		m, err := scanMail(rows)
		if err != nil {
			return nil, fmt.Errorf("list mail: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func scanMail(r rowScanner) (*kindred.Mail, error) {
	var m kindred.Mail
	var att string
	var sent sql.NullTime
	if err := r.Scan(&m.ID, &m.To, &m.Subject, &m.Text, &m.HTML, &att, &m.Status, &m.Error, &m.Attempts, &m.CreatedAt, &sent,
		&m.ReplyTo, &m.ListUnsubscribe); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(att), &m.Attachments); err != nil {
		return nil, fmt.Errorf("attachments of mail %d: %w", m.ID, err)
	}
	m.CreatedAt = m.CreatedAt.UTC()
	m.SentAt = nullTime(sent)
	return &m, nil
}
