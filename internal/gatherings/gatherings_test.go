package gatherings_test

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/config"
	"github.com/kindredhq/kindred/internal/gatherings"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// world is a small network for the use cases: Chicago and Boston, an
// administrator and two members with a profile, an organizer of each city
// and a member without one, and an open dinner in Chicago with two seats.
type world struct {
	s                *store.Store
	svc              *gatherings.Service
	chicago, boston  kindred.City
	admin, organizer *kindred.Viewer // organizer: of Chicago
	other            *kindred.Viewer // organizer of Boston
	member, guest    *kindred.Viewer // members with a profile
	noProfile        *kindred.Viewer
	dinner           *kindred.Gathering
}

func newWorld(t *testing.T, s *store.Store) *world {
	t.Helper()
	ctx := context.Background()
	q, err := jobs.New(jobs.Config{Store: s})
	if err != nil {
		t.Fatal(err)
	}
	w := &world{s: s, svc: &gatherings.Service{Store: s, Queue: q}}
	ids := map[string]int64{}
	err = s.WithTx(ctx, func(tx *store.Tx) (err error) {
		if w.chicago, err = tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"}); err != nil {
			return err
		}
		if w.boston, err = tx.CreateCity(ctx, kindred.City{Name: "Boston", Slug: "boston", TimeZone: "America/New_York"}); err != nil {
			return err
		}
		for _, a := range []struct {
			name    string
			role    kindred.Role
			cities  []int64
			profile bool
		}{{"admin", kindred.RoleAdmin, nil, true}, {"organizer", kindred.RoleOrganizer, []int64{w.chicago.ID}, false},
			{"other", kindred.RoleOrganizer, []int64{w.boston.ID}, false}, {"member", kindred.RoleMember, nil, true},
			{"guest", kindred.RoleMember, nil, true}, {"noprofile", kindred.RoleMember, nil, false}} {
			acct, err := tx.CreateAccount(ctx, kindred.NewAccount{Email: a.name + "@example.org", Name: "The " + a.name, Role: a.role}, "")
			if err != nil {
				return err
			}
			if err := tx.SetRole(ctx, acct.ID, a.role, a.cities); err != nil {
				return err
			}
			if a.profile {
				if _, err := tx.LinkOrCreateMember(ctx, acct); err != nil {
					return err
				}
			}
			ids[a.name] = acct.ID
		}
		start := time.Date(2030, 6, 10, 23, 0, 0, 0, time.UTC)
		w.dinner, err = tx.CreateGathering(ctx, kindred.Gathering{CityID: w.chicago.ID, Title: "June dinner", Capacity: 2,
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), Status: kindred.GatheringOpen, Visibility: kindred.VisibilityNetwork,
			Questions: []string{"What are you working on?"}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	viewer := func(name string) *kindred.Viewer {
		acct, err := s.Account(ctx, ids[name])
		if err != nil {
			t.Fatal(err)
		}
		v, err := s.Viewer(ctx, acct)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	w.admin, w.organizer, w.other = viewer("admin"), viewer("organizer"), viewer("other")
	w.member, w.guest, w.noProfile = viewer("member"), viewer("guest"), viewer("noprofile")
	return w
}

// change is the dinner as stored, for an Update to alter.
func (w *world) change(t *testing.T) kindred.Gathering {
	t.Helper()
	g, err := w.s.Gathering(context.Background(), w.dinner.ID)
	if err != nil {
		t.Fatal(err)
	}
	return *g
}

// mailed lists the gathering emails scheduled, as "kind member".
func mailed(t *testing.T, s *store.Store) []string {
	t.Helper()
	args := "args" // SQLite keeps River's arguments as JSONB, which json() writes out
	if s.Engine() == config.SQLite {
		args = "json(args)"
	}
	rows, err := s.DB().QueryContext(context.Background(), `SELECT `+args+` FROM river_job WHERE kind = 'gathering_mail' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var raw []byte
		var a struct {
			Email    string `json:"email"`
			MemberID int64  `json:"member_id"`
		}
		if err := rows.Scan(&raw); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a.Email+" "+itoa(a.MemberID))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// audits counts the audit entries of action.
func audits(t *testing.T, s *store.Store, action string) int {
	t.Helper()
	entries, err := s.AuditLog(context.Background(), 10000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Action == action {
			n++
		}
	}
	return n
}

// events lists the types of the events recorded, oldest first.
func events(t *testing.T, s *store.Store) []kindred.EventType {
	t.Helper()
	evs, err := s.EventsAfter(context.Background(), 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	var out []kindred.EventType
	for _, e := range evs {
		out = append(out, e.Type)
	}
	return out
}

func wantCode(t *testing.T, what string, err error, code, field string) {
	t.Helper()
	if kindred.ErrorCode(err) != code || (field != "" && kindred.ErrorFields(err)[field] == "") {
		t.Errorf("%s: %v (fields %v), want %s naming %q", what, err, kindred.ErrorFields(err), code, field)
	}
}

// TestUpdateKeepsTheGatheringInCitiesItsOrganizerRuns is issue #14's item
// 10: an organizer may not move a gathering into a city he does not
// organize (through the edit form or the API); one who organizes both may.
func TestUpdateKeepsTheGatheringInCitiesItsOrganizerRuns(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		g := w.change(t)
		g.CityID = w.boston.ID
		_, err := w.svc.Update(ctx, w.organizer, gatherings.Change{Gathering: g})
		wantCode(t, "Chicago's organizer moving the dinner to Boston", err, kindred.EFORBIDDEN, "city_id")
		_, err = w.svc.Update(ctx, w.other, gatherings.Change{Gathering: g})
		wantCode(t, "Boston's organizer pulling Chicago's dinner to Boston", err, kindred.EFORBIDDEN, "")
		if got := w.change(t); got.CityID != w.chicago.ID || audits(t, s, "gathering.update") != 0 {
			t.Fatalf("after refusals the dinner is in city %d with %d updates audited", got.CityID, audits(t, s, "gathering.update"))
		}
		both := *w.organizer.Account
		both.CityIDs = []int64{w.chicago.ID, w.boston.ID}
		done, err := w.svc.Update(ctx, &kindred.Viewer{Account: &both}, gatherings.Change{Gathering: g})
		if err != nil || done.CityID != w.boston.ID || done.TimeZone != "America/New_York" {
			t.Fatalf("an organizer of both cities moving it: %+v, %v", done, err)
		}
	})
}

// TestUpdateChangesNotifiesAndRecords: a new time mails those going, a
// lower capacity is refused unless the latest may be demoted, each change
// is audited once and recorded as an event, cancelling is its own event.
func TestUpdateChangesNotifiesAndRecords(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		for _, v := range []*kindred.Viewer{w.member, w.guest} {
			if _, err := w.svc.RSVP(ctx, v, gatherings.Answer{GatheringID: w.dinner.ID, Status: "going"}); err != nil {
				t.Fatal(err)
			}
		}
		before := len(mailed(t, s))
		g := w.change(t)
		g.Capacity = 1
		g.StartsAt, g.EndsAt = g.StartsAt.Add(time.Hour), g.EndsAt.Add(time.Hour)
		_, err := w.svc.Update(ctx, w.organizer, gatherings.Change{Gathering: g})
		wantCode(t, "capacity below the number going", err, kindred.EINVALID, "capacity")
		if _, err := w.svc.Update(ctx, w.organizer, gatherings.Change{Gathering: g, Demote: true}); err != nil {
			t.Fatal(err)
		}
		got := mailed(t, s)[before:]
		want := []string{"demoted " + itoa(w.guest.MemberID()), "changed " + itoa(w.member.MemberID())}
		if !slices.Equal(got, want) {
			t.Errorf("emails after demoting and moving: %v, want %v", got, want)
		}
		g.Status = kindred.GatheringCancelled
		if _, err := w.svc.Update(ctx, w.admin, gatherings.Change{Gathering: g, Demote: true}); err != nil {
			t.Fatal(err)
		}
		if n := audits(t, s, "gathering.update"); n != 2 {
			t.Errorf("%d updates audited, want 2", n)
		}
		evs := events(t, s)
		if !slices.Contains(evs, kindred.EventGatheringChanged) || evs[len(evs)-1] != kindred.EventGatheringCancelled {
			t.Errorf("events: %v, want gathering.changed then gathering.cancelled last", evs)
		}
	})
}

// TestRSVPOneFlow: members answer for themselves (a full dinner puts them
// on the waitlist, a decline promotes it), organizers of the city for
// anyone, nobody else for another; an account without a profile is told
// to make one; an invite-only dinner is not found by those not invited.
func TestRSVPOneFlow(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		answer := func(v *kindred.Viewer, member int64, status string) (*kindred.RSVPResult, error) {
			return w.svc.RSVP(ctx, v, gatherings.Answer{GatheringID: w.dinner.ID, MemberID: member, Status: status,
				Answers: map[string]string{"What are you working on?": "Tenant unions", "Not a question": "dropped"}})
		}
		res, err := answer(w.member, 0, "going")
		if err != nil || res.RSVP.Status != kindred.RSVPGoing || res.RSVP.Answers["Not a question"] != "" || res.RSVP.Answers["What are you working on?"] == "" {
			t.Fatalf("member going: %+v, %v", res, err)
		}
		_, err = answer(w.guest, w.member.MemberID(), "declined")
		wantCode(t, "a member answering for another", err, kindred.EFORBIDDEN, "")
		_, err = answer(w.other, w.member.MemberID(), "declined")
		wantCode(t, "Boston's organizer answering in Chicago", err, kindred.EFORBIDDEN, "")
		_, err = answer(w.noProfile, 0, "going")
		wantCode(t, "an account without a profile", err, kindred.ECONFLICT, "")
		_, err = answer(w.organizer, 0, "going")
		wantCode(t, "an organizer without a profile naming nobody", err, kindred.EINVALID, "member_id")
		_, err = answer(w.guest, 0, "attended")
		wantCode(t, "a member marking themselves attended", err, kindred.EINVALID, "status")
		if res, err = answer(w.organizer, w.guest.MemberID(), "going"); err != nil || res.RSVP.Status != kindred.RSVPGoing {
			t.Fatalf("the organizer seating the guest: %+v, %v", res, err)
		}
		if audits(t, s, "gathering.rsvp") != 1 {
			t.Errorf("organizer's answer audited %d times, want once (members' own answers are not)", audits(t, s, "gathering.rsvp"))
		}
		if res, err = answer(w.admin, w.member.MemberID(), "declined"); err != nil || res.RSVP.Status != kindred.RSVPDeclined {
			t.Fatalf("the admin releasing the member's seat: %+v, %v", res, err)
		}
		if res, err = answer(w.member, 0, "going"); err != nil || res.RSVP.Status != kindred.RSVPGoing {
			t.Fatalf("member going again into a free seat: %+v, %v", res, err)
		}
		n := 0
		for _, e := range events(t, s) {
			if e == kindred.EventRSVPChanged {
				n++
			}
		}
		if n != 4 {
			t.Errorf("%d rsvp.changed events, want 4 (one per answer that changed something)", n)
		}
		invite := w.change(t)
		invite.Visibility = kindred.VisibilityInvite
		if _, err := w.svc.Update(ctx, w.organizer, gatherings.Change{Gathering: invite}); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.Gathering(ctx, w.noProfile, w.dinner.ID)
		wantCode(t, "an invite-only dinner read by someone not on its list", err, kindred.ENOTFOUND, "")
		if _, err := w.svc.Gathering(ctx, w.member, w.dinner.ID); err != nil {
			t.Errorf("an invite-only dinner read by a guest: %v", err)
		}
	})
}

// TestInviteAndCheckIn: organizers of the city invite by id and address
// (a malformed address is named and nothing is sent; an address no member
// has is invited by address), the invited get an email each; only they
// check guests in.
func TestInviteAndCheckIn(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		in := gatherings.Invitations{GatheringID: w.dinner.ID, MemberIDs: []int64{w.member.MemberID()}, Emails: []string{"nobody at example.org"}}
		_, err := w.svc.Invite(ctx, w.organizer, in)
		wantCode(t, "a malformed address", err, kindred.EINVALID, "emails")
		_, err = w.svc.Invite(ctx, w.organizer, gatherings.Invitations{GatheringID: w.dinner.ID})
		wantCode(t, "nobody chosen", err, kindred.EINVALID, "member_ids")
		in.Emails = []string{"guest@example.org"}
		_, err = w.svc.Invite(ctx, w.other, in)
		wantCode(t, "Boston's organizer inviting to Chicago", err, kindred.EFORBIDDEN, "")
		if len(mailed(t, s)) != 0 {
			t.Fatalf("refused invitations sent mail: %v", mailed(t, s))
		}
		in.Emails = append(in.Emails, "stranger@example.org")
		done, err := w.svc.Invite(ctx, w.organizer, in)
		if err != nil || done.Members == nil || len(done.Members.Invited) != 2 || done.ByEmail != 1 {
			t.Fatalf("inviting two members and a stranger: %+v, %v", done, err)
		}
		if got := mailed(t, s); len(got) != 2 || audits(t, s, "gathering.invite") != 1 || audits(t, s, "gathering.invite.email") != 1 {
			t.Errorf("invitations mailed %v, audited %d and %d by address", got, audits(t, s, "gathering.invite"),
				audits(t, s, "gathering.invite.email"))
		}
		if _, err := w.svc.RSVP(ctx, w.member, gatherings.Answer{GatheringID: w.dinner.ID, Status: "going"}); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.CheckIn(ctx, w.member, w.dinner.ID, w.member.MemberID(), true)
		wantCode(t, "a member checking in", err, kindred.EFORBIDDEN, "")
		_, err = w.svc.CheckIn(ctx, w.organizer, w.dinner.ID, w.guest.MemberID(), true)
		wantCode(t, "checking in someone only invited", err, kindred.EINVALID, "")
		r, err := w.svc.CheckIn(ctx, w.organizer, w.dinner.ID, w.member.MemberID(), true)
		if err != nil || r.Status != kindred.RSVPAttended || r.CheckedInAt == nil {
			t.Fatalf("checking in: %+v, %v", r, err)
		}
	})
}

// TestRSVPByLink: the personal link answers for the member it names,
// whoever follows it; a mangled link is refused.
func TestRSVPByLink(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		key, err := s.LinkKey(ctx, "rsvp")
		if err != nil {
			t.Fatal(err)
		}
		tok := kindred.RSVPToken{GatheringID: w.dinner.ID, MemberID: w.guest.MemberID(), Expires: w.dinner.EndsAt}.Sign(key)
		res, err := w.svc.RSVPByLink(ctx, &kindred.Viewer{}, tok, gatherings.Answer{Status: "going"})
		if err != nil || res.RSVP.MemberID != w.guest.MemberID() || res.RSVP.Status != kindred.RSVPGoing {
			t.Fatalf("answering by link: %+v, %v", res, err)
		}
		_, err = w.svc.RSVPByLink(ctx, &kindred.Viewer{}, tok+"x", gatherings.Answer{Status: "going"})
		wantCode(t, "a mangled link", err, kindred.EINVALID, "")
		if got := mailed(t, s); !slices.Equal(got, []string{"going " + itoa(w.guest.MemberID())}) {
			t.Errorf("emails: %v", got)
		}
	})
}

// TestRecordAttendance: a dinner is held only once it has started, by
// saying who came (the edit form cannot mark it held); those not ticked are
// kept as absent, no other answer changes, and it can be corrected later,
// asking whoever is added for their follow-ups.
func TestRecordAttendance(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		came := gatherings.Attendance{GatheringID: w.dinner.ID, Came: []int64{w.guest.MemberID()}}
		_, err := w.svc.RecordAttendance(ctx, w.organizer, came)
		wantCode(t, "a dinner that has not started", err, kindred.EINVALID, "status")
		past := w.change(t)
		past.StartsAt, past.EndsAt = s.Now().Add(-3*time.Hour), s.Now().Add(-time.Hour)
		past.Capacity = 2
		if _, err := w.svc.Update(ctx, w.organizer, gatherings.Change{Gathering: past}); err != nil {
			t.Fatal(err)
		}
		for _, v := range []*kindred.Viewer{w.member, w.guest, w.admin} {
			if _, err := w.svc.RSVP(ctx, w.organizer, gatherings.Answer{GatheringID: w.dinner.ID, MemberID: v.MemberID(), Status: "going"}); err != nil {
				t.Fatal(err)
			}
		}
		held := past
		held.Status = kindred.GatheringHeld
		_, err = w.svc.Update(ctx, w.organizer, gatherings.Change{Gathering: held})
		wantCode(t, "marking it held through the edit form", err, kindred.EINVALID, "status")
		_, err = w.svc.RecordAttendance(ctx, w.member, came)
		wantCode(t, "a member recording who came", err, kindred.EFORBIDDEN, "")
		before := len(mailed(t, s))
		got, err := w.svc.RecordAttendance(ctx, w.organizer, came)
		if err != nil || !got.First || got.Came != 1 || got.NoShows != 1 || got.Gathering.Status != kindred.GatheringHeld || got.Ties == nil || !got.Ties.NoPlan {
			t.Fatalf("marking it held: %+v, %v", got, err)
		}
		if m := mailed(t, s)[before:]; !slices.Equal(m, []string{"followup " + itoa(w.guest.MemberID())}) {
			t.Errorf("follow-up questions after the dinner: %v, want the guest who came only", m)
		}
		came.Came = append(came.Came, w.member.MemberID())
		if got, err = w.svc.RecordAttendance(ctx, w.admin, came); err != nil || got.First || got.Came != 2 || got.NoShows != 0 {
			t.Fatalf("correcting who came: %+v, %v", got, err)
		}
		if m := mailed(t, s)[before+1:]; !slices.Equal(m, []string{"followup " + itoa(w.member.MemberID())}) {
			t.Errorf("follow-up questions after the correction: %v, want the member added only", m)
		}
		line, err := s.ListRSVPs(ctx, w.dinner.ID, kindred.RSVPWaitlist)
		if err != nil || len(line) != 1 || line[0].MemberID != w.admin.MemberID() {
			t.Errorf("the waitlist after the dinner: %+v, %v; want it kept", line, err)
		}
		if audits(t, s, "gathering.held") != 1 || audits(t, s, "gathering.attendance") != 1 || !slices.Contains(events(t, s), kindred.EventGatheringHeld) {
			t.Errorf("audited held %d, attendance %d; events %v", audits(t, s, "gathering.held"), audits(t, s, "gathering.attendance"), events(t, s))
		}
	})
}
