package ical_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/ical"
)

func TestInviteRoundTrip(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 4, 15, 23, 30, 0, 0, time.UTC)
	want := ical.Event{UID: "gathering-7@kindred.test", Sequence: 2, Title: "Chicago dinner; with, commas",
		Description: "Bring a practice.\nAnd a friend.", Location: "Hull House, 800 S Halsted St", URL: "https://kindred.test/gatherings/7",
		Start: start, End: start.Add(3 * time.Hour), Updated: start.Add(-48 * time.Hour)}
	data := ical.Invite(want)
	if !bytes.Contains(data, []byte("METHOD:REQUEST")) || !bytes.Contains(data, []byte("\r\n")) {
		t.Errorf("invite lacks METHOD:REQUEST or CRLF lines:\n%s", data)
	}
	got, err := ical.Parse(bytes.NewReader(data))
	if err != nil || len(got) != 1 {
		t.Fatalf("parse: %v, %d events", err, len(got))
	}
	e := got[0]
	if e.UID != want.UID || e.Title != want.Title || e.Location != want.Location || e.Description != want.Description ||
		!e.Start.Equal(want.Start) || !e.End.Equal(want.End) || e.URL != want.URL {
		t.Errorf("got %+v, want %+v", e, want)
	}
}

func TestFeedAndCancel(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	ev := ical.Event{UID: "a@x", Title: "A", Start: start, End: start.Add(time.Hour), Updated: start, Cancelled: true}
	feed := ical.Feed("Chicago gatherings", []ical.Event{ev, {UID: "b@x", Title: "B", Start: start, End: start.Add(time.Hour), Updated: start}})
	got, err := ical.Parse(bytes.NewReader(feed))
	if err != nil || len(got) != 2 || !got[0].Cancelled || got[1].Cancelled {
		t.Fatalf("feed: %+v, %v", got, err)
	}
	if !strings.Contains(string(ical.Invite(ev)), "METHOD:CANCEL") {
		t.Error("cancelled invite lacks METHOD:CANCEL")
	}
	if _, err := ical.Parse(strings.NewReader("not a calendar")); err == nil {
		t.Error("parsed garbage")
	}
}
