package jobs

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/ical"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/mail"
	"github.com/kindredhq/kindred/internal/store"
)

// Gathering emails, by what happened. Each is the template gathering_KIND.
const (
	MailInvitation = "invitation" // invited to a gathering
	MailGoing      = "going"      // seat confirmed (with .ics)
	MailWaitlist   = "waitlist"   // on the waitlist
	MailPending    = "pending"    // waiting for an organizer's approval
	MailPromoted   = "promoted"   // moved up from the waitlist (with .ics)
	MailDemoted    = "demoted"    // moved back to the waitlist when seats were cut
	MailChanged    = "changed"    // time, place or details changed (with .ics)
	MailCancelled  = "cancelled"  // the gathering is off (with a cancelling .ics)
	MailReminder   = "reminder"   // it starts soon (with .ics)
)

// gatheringMailArgs asks for one gathering email (Email names which, e.g.
// "going") to be composed for one member and sent. Composing happens in the
// job, so the RSVP transaction only inserts a row.
type gatheringMailArgs struct {
	Email       string `json:"email"`
	GatheringID int64  `json:"gathering_id"`
	MemberID    int64  `json:"member_id"`
}

func (gatheringMailArgs) Kind() string { return "gathering_mail" }

// NotifyGathering schedules email kind to each member about a gathering,
// inside tx: the emails go only if the change they describe commits.
func (q *Queue) NotifyGathering(ctx context.Context, tx *store.Tx, kind string, gatheringID int64, memberIDs ...int64) error {
	for _, id := range memberIDs {
		_, err := q.client.InsertTx(ctx, tx.SQL(), gatheringMailArgs{Email: kind, GatheringID: gatheringID, MemberID: id}, nil)
		if err != nil {
			return fmt.Errorf("schedule %s email: %w", kind, err)
		}
	}
	return nil
}

// NotifyRSVP schedules the emails an RSVP calls for: the member's new state
// when it changed, and a promotion email to each person who moved up.
func (q *Queue) NotifyRSVP(ctx context.Context, tx *store.Tx, res *kindred.RSVPResult) error {
	v := res.RSVP
	kind := map[kindred.RSVPStatus]string{kindred.RSVPGoing: MailGoing, kindred.RSVPWaitlist: MailWaitlist,
		kindred.RSVPPending: MailPending}[v.Status]
	if res.Changed && kind != "" {
		if err := q.NotifyGathering(ctx, tx, kind, v.GatheringID, v.MemberID); err != nil {
			return err
		}
	}
	for _, p := range res.Promoted {
		if err := q.NotifyGathering(ctx, tx, MailPromoted, p.GatheringID, p.MemberID); err != nil {
			return err
		}
	}
	return nil
}

// RSVPLink returns a member's personal RSVP link to a gathering; it works
// without signing in until the gathering ends.
func (q *Queue) RSVPLink(ctx context.Context, g *kindred.Gathering, memberID int64) (string, error) {
	key, err := q.store.LinkKey(ctx, "rsvp")
	if err != nil {
		return "", err
	}
	tok := kindred.RSVPToken{GatheringID: g.ID, MemberID: memberID, Expires: g.EndsAt}
	return q.baseURL + "/rsvp/" + tok.Sign(key), nil
}

type gatheringMailWorker struct {
	river.WorkerDefaults[gatheringMailArgs]
	q *Queue
}

// Work composes the email from the gathering and RSVP as they are now and
// hands it to the mail queue. A member without an email address (removed
// since) gets nothing.
func (w *gatheringMailWorker) Work(ctx context.Context, job *river.Job[gatheringMailArgs]) error {
	a := job.Args
	g, err := w.q.store.Gathering(ctx, a.GatheringID)
	if err != nil {
		return err
	}
	v, err := w.q.store.RSVPOf(ctx, a.GatheringID, a.MemberID)
	if err != nil || v.Email == "" {
		return err
	}
	m, err := w.q.composeGatheringMail(ctx, a.Email, g, v)
	if err != nil {
		return err
	}
	return w.q.store.WithTx(ctx, func(tx *store.Tx) error {
		_, err := w.q.SendMail(ctx, tx, m)
		return err
	})
}

// GatheringMailData is what the gathering_* templates see.
type GatheringMailData struct {
	Name, Title, Theme, When, Venue, Address, Accessibility, City string
	Questions                                                     []string
	URL, RSVPURL, BaseURL                                         string
	FollowUpURL                                                   string
	Status                                                        string
	// JoinURL is the online gathering's link, set only for a guest whose
	// seat is confirmed (kindred.Gathering.SeesJoinLink).
	JoinURL string
	// Message is what an organizer wrote to the guests (gathering_message).
	Subject, Message string
}

func (q *Queue) composeGatheringMail(ctx context.Context, kind string, g *kindred.Gathering, v *kindred.RSVP) (kindred.Mail, error) {
	link, err := q.RSVPLink(ctx, g, v.MemberID)
	if err != nil {
		return kindred.Mail{}, err
	}
	data := GatheringMailData{Name: v.MemberName, Title: g.Title, Theme: g.Theme, When: WhenText(g), Venue: g.VenueName,
		Address: g.Address, Accessibility: g.AccessibilityNotes, City: g.CityName, Questions: g.Questions,
		URL: q.baseURL + "/gatherings/" + strconv.FormatInt(g.ID, 10), RSVPURL: link, BaseURL: q.baseURL, Status: v.Status.Label()}
	if g.SeesJoinLink(nil, v) {
		data.JoinURL = g.JoinURL
	}
	return q.composeWith(ctx, kind, g, v, data)
}

// composeWith renders the gathering email kind from data, with the
// calendar file the kind carries.
func (q *Queue) composeWith(ctx context.Context, kind string, g *kindred.Gathering, v *kindred.RSVP, data GatheringMailData) (kindred.Mail, error) {
	var err error
	if kind == MailFollowUp || kind == MailFollowUpCheck {
		if data.FollowUpURL, err = q.FollowUpLink(ctx, g, v.MemberID); err != nil {
			return kindred.Mail{}, err
		}
	}
	m, err := q.composer.Compose("gathering_"+kind, v.Email, data)
	if err != nil {
		return m, err
	}
	switch kind {
	case MailGoing, MailPromoted, MailChanged, MailReminder, MailCancelled:
		m.Attachments = []kindred.Attachment{{Filename: "invite.ics", ContentType: "text/calendar; charset=utf-8; method=" + icsMethod(kind),
			Data: ical.Invite(GuestCalendarEvent(g, q.baseURL, data.JoinURL))}}
	}
	return m, nil
}

func icsMethod(kind string) string {
	if kind == MailCancelled {
		return "CANCEL"
	}
	return "REQUEST"
}

// CalendarEvent turns a gathering into a calendar event whose UID stays the
// same across changes and whose sequence grows with each one.
func CalendarEvent(g *kindred.Gathering, baseURL string) ical.Event {
	host := strings.TrimPrefix(strings.TrimPrefix(baseURL, "https://"), "http://")
	where := strings.Trim(strings.Join([]string{g.VenueName, g.Address}, ", "), ", ")
	return ical.Event{UID: fmt.Sprintf("gathering-%d@%s", g.ID, host), Sequence: int(g.UpdatedAt.Unix() - g.CreatedAt.Unix()),
		Title: g.Title, Description: strings.TrimSpace(g.Theme + "\n\n" + baseURL + "/gatherings/" + strconv.FormatInt(g.ID, 10)),
		Location: where, URL: baseURL + "/gatherings/" + strconv.FormatInt(g.ID, 10), Start: g.StartsAt, End: g.EndsAt,
		Updated: g.UpdatedAt, Cancelled: g.Status == kindred.GatheringCancelled}
}

// GuestCalendarEvent is CalendarEvent for a guest who may join online:
// the join link (when not "") is in its description, and is its location
// when the gathering has no place.
func GuestCalendarEvent(g *kindred.Gathering, baseURL, joinURL string) ical.Event {
	e := CalendarEvent(g, baseURL)
	if joinURL == "" {
		return e
	}
	e.Description = strings.TrimSpace(e.Description + "\n\nJoin online: " + joinURL)
	if e.Location == "" {
		e.Location = joinURL
	}
	return e
}

// WhenText writes a gathering's time in its city's zone, as people read it:
// "Wednesday, April 15, 2026 · 6:30 PM – 9:30 PM CDT".
func WhenText(g *kindred.Gathering) string {
	s, e := g.LocalStart(), g.LocalEnd()
	out := s.Format("Monday, January 2, 2006 · 3:04 PM")
	if s.YearDay() == e.YearDay() && s.Year() == e.Year() {
		return out + " – " + e.Format("3:04 PM MST")
	}
	return out + " – " + e.Format("Monday, January 2, 3:04 PM MST")
}

// newComposer returns c, or the default composer when c is nil.
func newComposer(c *mail.Composer) (*mail.Composer, error) {
	if c != nil {
		return c, nil
	}
	return mail.NewComposer()
}
