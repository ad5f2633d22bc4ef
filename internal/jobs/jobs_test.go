package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/mail"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// startQueue runs a queue on s until the test ends.
func startQueue(t *testing.T, s *store.Store, sender jobs.Sender) *jobs.Queue {
	t.Helper()
	q, err := jobs.New(jobs.Config{Store: s, Sender: sender, PollInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = q.Stop(ctx)
	})
	return q
}

// waitForKind waits for a finished job of the given kind.
func waitForKind(t *testing.T, events <-chan *river.Event, kind string) *river.Event {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case ev := <-events:
			if ev.Job.Kind == kind {
				return ev
			}
		case <-timeout:
			t.Fatalf("no %s job finished", kind)
		}
	}
}

func sendOne(t *testing.T, s *store.Store, q *jobs.Queue, m kindred.Mail) int64 {
	t.Helper()
	var id int64
	err := s.WithTx(context.Background(), func(tx *store.Tx) error {
		var err error
		id, err = q.SendMail(context.Background(), tx, m)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestMailGoesToOutboxWithoutSMTP(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		q := startQueue(t, s, nil)
		events, cancel := q.Subscribe()
		defer cancel()
		id := sendOne(t, s, q, kindred.Mail{To: "a@example.org", Subject: "Hello", Text: "Body"})
		if ev := waitForKind(t, events, "send_mail"); ev.Kind != river.EventKindJobCompleted {
			t.Fatalf("job event %s", ev.Kind)
		}
		m, err := s.Mail(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != kindred.MailOutbox {
			t.Errorf("status = %q, want outbox", m.Status)
		}
	})
}

func TestMailDeliveredThroughSMTP(t *testing.T) {
	t.Parallel()
	mp := testutil.StartedMailpit(t)
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		q := startQueue(t, s, mail.NewSMTP(mp.SMTP, "Kindred <kindred@example.org>"))
		events, cancel := q.Subscribe()
		defer cancel()
		to := testutil.UniqueEmail("jobs")
		id := sendOne(t, s, q, kindred.Mail{To: to, Subject: "Dinner", Text: "See you there",
			Attachments: []kindred.Attachment{{Filename: "dinner.ics", ContentType: "text/calendar", Data: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")}}})
		waitForKind(t, events, "send_mail")
		m, err := s.Mail(context.Background(), id)
		if err != nil || m.Status != kindred.MailSent {
			t.Fatalf("mail = %+v, %v; want sent", m, err)
		}
		msgs := mp.Search(t, to)
		if len(msgs) != 1 || msgs[0].Subject != "Dinner" {
			t.Fatalf("mailpit has %+v, want one message", msgs)
		}
		full := mp.Message(t, msgs[0].ID)
		if len(full.Attachments) != 1 || full.Attachments[0].FileName != "dinner.ics" {
			t.Errorf("attachments = %+v", full.Attachments)
		}
	})
}

func TestRolledBackMailIsNeverSent(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		q := startQueue(t, s, nil)
		ctx := context.Background()
		_ = s.WithTx(ctx, func(tx *store.Tx) error {
			if _, err := q.SendMail(ctx, tx, kindred.Mail{To: "x@example.org", Subject: "s", Text: "t"}); err != nil {
				t.Fatal(err)
			}
			return kindred.Errorf(kindred.EINVALID, "abort")
		})
		list, err := s.ListMail(ctx, 0, 10)
		if err != nil || len(list) != 0 {
			t.Errorf("after rollback: %d messages, %v", len(list), err)
		}
	})
}

func TestComposer(t *testing.T) {
	t.Parallel()
	c, err := mail.NewComposer()
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.Compose("signin", "a@example.org", map[string]any{"Name": "Ada <b>", "URL": "http://x/signin/link?token=abc", "Minutes": 20})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.Subject, "Your sign-in link for Kindred"; got != want {
		t.Errorf("subject = %q, want %q", got, want)
	}
	if !strings.Contains(m.Text, "http://x/signin/link?token=abc") || !strings.Contains(m.HTML, "Ada &lt;b&gt;") {
		t.Errorf("bodies: %q / %q", m.Text, m.HTML)
	}
}
