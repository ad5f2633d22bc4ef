// Package ical builds and reads iCalendar (.ics) files for gatherings: the
// attachment of a confirmation email and the subscribable feeds. It knows no
// database; callers pass plain events.
package ical

import (
	"fmt"
	"io"
	"strings"
	"time"

	goical "github.com/arran4/golang-ical"
)

// Event is one gathering as a calendar shows it. Times are instants; they
// are written in UTC, which every calendar shows in the reader's zone.
type Event struct {
	UID         string // stable across changes, e.g. gathering-12@kindred.example.org
	Sequence    int    // grows with each change, so calendars replace the old copy
	Title       string
	Description string
	Location    string
	URL         string
	Start, End  time.Time
	Updated     time.Time
	Cancelled   bool
	Organizer   string // email address, optional
}

// Invite returns a calendar with one event, as attached to an email: METHOD
// REQUEST (or CANCEL for a cancelled gathering) so mail clients offer to add
// or remove it.
func Invite(e Event) []byte {
	cal := newCalendar()
	if e.Cancelled {
		cal.SetMethod(goical.MethodCancel)
	} else {
		cal.SetMethod(goical.MethodRequest)
	}
	addEvent(cal, e)
	// RFC 5545 lines end in CRLF; the library defaults to LF.
	return []byte(cal.Serialize(goical.WithNewLineWindows))
}

// Feed returns a subscribable calendar named name holding events.
func Feed(name string, events []Event) []byte {
	cal := newCalendar()
	cal.SetMethod(goical.MethodPublish)
	cal.SetName(name)
	cal.SetXWRCalName(name)
	cal.SetRefreshInterval("PT1H")
	cal.SetXPublishedTTL("PT1H")
	for _, e := range events {
		addEvent(cal, e)
	}
	// RFC 5545 lines end in CRLF; the library defaults to LF.
	return []byte(cal.Serialize(goical.WithNewLineWindows))
}

func newCalendar() *goical.Calendar {
	cal := goical.NewCalendarFor("Kindred")
	cal.SetProductId("-//Kindred//Gatherings//EN")
	return cal
}

func addEvent(cal *goical.Calendar, e Event) {
	ev := cal.AddEvent(e.UID)
	ev.SetDtStampTime(e.Updated.UTC())
	ev.SetModifiedAt(e.Updated.UTC())
	ev.SetSequence(e.Sequence)
	ev.SetStartAt(e.Start.UTC())
	ev.SetEndAt(e.End.UTC())
	ev.SetSummary(e.Title)
	if e.Description != "" {
		ev.SetDescription(e.Description)
	}
	if e.Location != "" {
		ev.SetLocation(e.Location)
	}
	if e.URL != "" {
		ev.SetURL(e.URL)
	}
	if e.Organizer != "" {
		ev.SetOrganizer("mailto:" + e.Organizer)
	}
	if e.Cancelled {
		ev.SetStatus(goical.ObjectStatusCancelled)
	} else {
		ev.SetStatus(goical.ObjectStatusConfirmed)
	}
}

// Parse reads a calendar back into events. It returns an error for text that
// is not iCalendar or an event without a start, end or UID.
func Parse(r io.Reader) ([]Event, error) {
	cal, err := goical.ParseCalendar(r)
	if err != nil {
		return nil, fmt.Errorf("parse calendar: %w", err)
	}
	var out []Event
	for _, ev := range cal.Events() {
		e, err := readEvent(ev)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func readEvent(ev *goical.VEvent) (Event, error) {
	var e Event
	var err error
	if e.Start, err = ev.GetStartAt(); err != nil {
		return e, fmt.Errorf("event start: %w", err)
	}
	if e.End, err = ev.GetEndAt(); err != nil {
		return e, fmt.Errorf("event end: %w", err)
	}
	e.UID = ev.Id()
	if e.UID == "" {
		return e, fmt.Errorf("event without UID")
	}
	e.Title = propValue(ev, goical.ComponentPropertySummary)
	e.Description = propValue(ev, goical.ComponentPropertyDescription)
	e.Location = propValue(ev, goical.ComponentPropertyLocation)
	e.URL = propValue(ev, goical.ComponentPropertyUrl)
	e.Cancelled = strings.EqualFold(propValue(ev, goical.ComponentPropertyStatus), string(goical.ObjectStatusCancelled))
	return e, nil
}

func propValue(ev *goical.VEvent, p goical.ComponentProperty) string {
	if prop := ev.GetProperty(p); prop != nil {
		return prop.Value
	}
	return ""
}
