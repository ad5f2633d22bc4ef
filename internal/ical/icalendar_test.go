package ical_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/ical"
)

// pythonICalendar reads the calendar on stdin with Python's icalendar
// (Debian's python3-icalendar, an implementation independent of the Go
// library Kindred writes with) and prints what a calendar program would
// take from it.
const pythonICalendar = `
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
out = {"method": str(cal.get("METHOD", "")), "events": []}
for ev in cal.walk("VEVENT"):
    out["events"].append({
        "uid": str(ev["UID"]),
        "summary": str(ev["SUMMARY"]),
        "start": ev.decoded("DTSTART").isoformat(),
        "end": ev.decoded("DTEND").isoformat(),
        "sequence": int(ev.get("SEQUENCE", 0)),
        "status": str(ev.get("STATUS", "")),
        "location": str(ev.get("LOCATION", "")),
    })
print(json.dumps(out))
`

type parsedCalendar struct {
	Method string `json:"method"`
	Events []struct {
		UID, Summary, Start, End, Status, Location string
		Sequence                                   int
	} `json:"events"`
}

func readWithPython(t *testing.T, data []byte) parsedCalendar {
	t.Helper()
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import icalendar").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Debian's python3-icalendar is missing: run the tests with ./test.sh (%v)", err)
		}
		t.Skipf("Debian's python3-icalendar is missing: %v", err)
	}
	cmd := exec.Command(python, "-c", pythonICalendar)
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python icalendar could not read the calendar: %v\n%s", err, data)
	}
	var p parsedCalendar
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestAnIndependentReaderAgrees checks invitations, cancellations and feeds
// with Python's icalendar: dinners at 18:30 local time in cities on both
// sides of a daylight-saving change and in zones with half-hour offsets come
// back as the same instants (and so as 18:30 where they happen), with their
// sequence numbers and status.
func TestAnIndependentReaderAgrees(t *testing.T) {
	t.Parallel()
	var events []ical.Event
	for i, c := range []struct {
		zone string
		day  time.Time
	}{
		{"America/Chicago", time.Date(2027, 3, 13, 0, 0, 0, 0, time.UTC)}, // the day before DST starts
		{"America/Chicago", time.Date(2027, 3, 15, 0, 0, 0, 0, time.UTC)}, // the day after
		{"Africa/Lagos", time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC)},
		{"Asia/Kolkata", time.Date(2027, 11, 7, 0, 0, 0, 0, time.UTC)},
		{"Europe/London", time.Date(2027, 10, 30, 0, 0, 0, 0, time.UTC)},
	} {
		loc, err := time.LoadLocation(c.zone)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Date(c.day.Year(), c.day.Month(), c.day.Day(), 18, 30, 0, 0, loc)
		events = append(events, ical.Event{UID: c.zone + "-" + start.Format("0102") + "@kindred.test", Sequence: i,
			Title: "Dinner in " + c.zone, Location: "Hall; room 2, upstairs", Start: start, End: start.Add(150 * time.Minute),
			Updated: start.Add(-72 * time.Hour)})
	}
	t.Run("invitations", func(t *testing.T) {
		for _, want := range events {
			got := readWithPython(t, ical.Invite(want))
			if got.Method != "REQUEST" || len(got.Events) != 1 {
				t.Fatalf("method %q, %d events", got.Method, len(got.Events))
			}
			checkSame(t, got.Events[0].UID, got.Events[0].Start, got.Events[0].End, want)
			if e := got.Events[0]; e.Sequence != want.Sequence || e.Status != "CONFIRMED" || e.Location != want.Location || e.Summary != want.Title {
				t.Errorf("%s: sequence %d, status %q, location %q, summary %q", want.UID, e.Sequence, e.Status, e.Location, e.Summary)
			}
		}
	})
	t.Run("cancellation", func(t *testing.T) {
		c := events[0]
		c.Cancelled, c.Sequence = true, c.Sequence+1
		got := readWithPython(t, ical.Invite(c))
		if got.Method != "CANCEL" || len(got.Events) != 1 || got.Events[0].Status != "CANCELLED" || got.Events[0].Sequence != c.Sequence ||
			got.Events[0].UID != c.UID {
			t.Errorf("cancellation read as %+v; want METHOD CANCEL, STATUS CANCELLED, the same UID, sequence %d", got, c.Sequence)
		}
	})
	t.Run("feed", func(t *testing.T) {
		got := readWithPython(t, ical.Feed("Gatherings", events))
		if got.Method != "PUBLISH" || len(got.Events) != len(events) {
			t.Fatalf("method %q, %d events", got.Method, len(got.Events))
		}
		for i, e := range got.Events {
			checkSame(t, e.UID, e.Start, e.End, events[i])
		}
	})
}

// checkSame compares what Python read with the event Kindred wrote: the
// same instants, hence 18:30 in the event's own zone.
func checkSame(t *testing.T, uid, start, end string, want ical.Event) {
	t.Helper()
	s, err1 := time.Parse(time.RFC3339, start)
	e, err2 := time.Parse(time.RFC3339, end)
	if err1 != nil || err2 != nil {
		t.Fatalf("%s: times %q %q: %v %v", uid, start, end, err1, err2)
	}
	if uid != want.UID || !s.Equal(want.Start) || !e.Equal(want.End) {
		t.Errorf("%s: %s–%s, want %s–%s", uid, s, e, want.Start, want.End)
	}
	if local := s.In(want.Start.Location()).Format("15:04"); local != "18:30" {
		t.Errorf("%s starts at %s local time, want 18:30", uid, local)
	}
}
