package jobs_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/ical"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// seedDinner stores an open dinner starting at start with one guest going.
func seedDinner(t *testing.T, s *store.Store, start time.Time) (*kindred.Gathering, int64) {
	t.Helper()
	ctx := context.Background()
	var g *kindred.Gathering
	var member int64
	err := s.WithTx(ctx, func(tx *store.Tx) error {
		city, err := tx.CreateCity(ctx, kindred.City{Name: "Boston", Slug: "boston", TimeZone: "America/New_York"})
		if err != nil {
			return err
		}
		if g, err = tx.CreateGathering(ctx, kindred.Gathering{CityID: city.ID, Title: "Boston dinner", Capacity: 10,
			StartsAt: start, EndsAt: start.Add(3 * time.Hour), Status: kindred.GatheringOpen, VenueName: "The Commons"}); err != nil {
			return err
		}
		if member, err = tx.CreateMember(ctx, &kindred.Member{Name: "Rae", Email: "rae@example.org"}); err != nil {
			return err
		}
		_, err = tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: member, Status: kindred.RSVPGoing})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return g, member
}

// waitKinds waits until jobs of each kind have finished as many times as
// asked, whatever order they finish in.
func waitKinds(t *testing.T, events <-chan *river.Event, want map[string]int) {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for left := len(want); left > 0; {
		select {
		case ev := <-events:
			if n, ok := want[ev.Job.Kind]; ok && n > 0 {
				if want[ev.Job.Kind] = n - 1; n == 1 {
					left--
				}
			}
		case <-timeout:
			t.Fatalf("jobs still to finish: %v", want)
		}
	}
}

// waitMail waits until n messages are sent (to the outbox) and returns them.
func waitMail(t *testing.T, s *store.Store, events <-chan *river.Event, n int) []*kindred.Mail {
	t.Helper()
	waitKinds(t, events, map[string]int{"send_mail": n})
	list, err := s.ListMail(context.Background(), 0, 10)
	if err != nil || len(list) != n {
		t.Fatalf("stored %d messages, %v; want %d", len(list), err, n)
	}
	return list
}

func TestRemindersGoOutOnce(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		now := time.Date(2027, 5, 1, 15, 0, 0, 0, time.UTC)
		g, _ := seedDinner(t, s, now.Add(90*time.Minute))
		q, err := jobs.New(jobs.Config{Store: s, PollInterval: 20 * time.Millisecond, Clock: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		events, cancel := q.Subscribe()
		defer cancel()
		if err := q.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = q.Stop(context.Background()) })
		for range 2 {
			if err := q.ScanReminders(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		waitKinds(t, events, map[string]int{"gathering_reminders": 2, "send_mail": 1})
		list, err := s.ListMail(context.Background(), 0, 10)
		if err != nil || len(list) != 1 {
			t.Fatalf("stored %d messages, %v; want one reminder", len(list), err)
		}
		m := list[0]
		if !strings.HasPrefix(m.Subject, "Reminder: Boston dinner") || len(m.Attachments) != 1 {
			t.Fatalf("reminder: %q with %d attachments", m.Subject, len(m.Attachments))
		}
		evs, err := ical.Parse(bytes.NewReader(m.Attachments[0].Data))
		if err != nil || len(evs) != 1 || !evs[0].Start.Equal(g.StartsAt) {
			t.Errorf("reminder .ics: %+v, %v", evs, err)
		}
		if !strings.Contains(m.Text, "12:30 PM – 3:30 PM EDT") {
			t.Errorf("reminder shows the wrong local time:\n%s", m.Text)
		}
	})
}

func TestCancellationNoticeCancelsTheCalendarEntry(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		g, member := seedDinner(t, s, time.Now().Add(72*time.Hour).Truncate(time.Minute))
		q := startQueue(t, s, nil)
		events, cancel := q.Subscribe()
		defer cancel()
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			if err := tx.SetGatheringStatus(ctx, g.ID, kindred.GatheringCancelled); err != nil {
				return err
			}
			return q.NotifyGathering(ctx, tx, jobs.MailCancelled, g.ID, member)
		})
		if err != nil {
			t.Fatal(err)
		}
		m := waitMail(t, s, events, 1)[0]
		if m.Subject != "Cancelled: Boston dinner" || !strings.Contains(m.Attachments[0].ContentType, "method=CANCEL") {
			t.Fatalf("got %q %+v", m.Subject, m.Attachments)
		}
		evs, err := ical.Parse(bytes.NewReader(m.Attachments[0].Data))
		if err != nil || len(evs) != 1 || !evs[0].Cancelled {
			t.Errorf("cancel .ics: %+v %v", evs, err)
		}
	})
}
