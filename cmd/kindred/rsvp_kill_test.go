package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// TestAcknowledgedRSVPsSurviveSIGKILL has many guests answer "going" to a
// dinner, concurrently, half through the API with their tokens and half by
// their personal RSVP links, while `kindred serve` is SIGKILLed and restarted
// on the same database, round after round. Afterwards every acknowledged
// answer is stored once, with the status the guest was told (a link's 303
// does not say which, so going or waitlist), the dinner is not overbooked,
// and the waitlist keeps the order of the rounds. On SQLite and PostgreSQL.
func TestAcknowledgedRSVPsSurviveSIGKILL(t *testing.T) {
	t.Parallel()
	forEachKillDB(t, func(t *testing.T, bin, dsn string) {
		const guests, seats, rounds, workers, perRound = 240, 50, 3, 8, 40
		f := seedRace(t, dsn, guests, seats)
		links := rsvpLinks(t, f)
		var next atomic.Int64 // the next guest to answer, across rounds
		byRound := killRounds(t, bin, []string{"KINDRED_DB=" + dsn}, rounds, workers, perRound,
			func(c *http.Client, base string, _, _, _ int) (int64, kindred.RSVPStatus, bool) {
				i := int(next.Add(1) - 1)
				switch {
				case i >= guests:
					return 0, "", false
				case i%2 == 1:
					return f.members[i], "", answerByLink(base, links[i])
				}
				url := fmt.Sprintf("%s/api/v1/gatherings/%d/rsvps", base, f.gatheringID)
				o := postRSVP(c, url, f.tokens[i], map[string]any{"status": "going"})
				return f.members[i], kindred.RSVPStatus(o.status), o.err == nil && o.code == http.StatusCreated
			})
		checkRSVPsAfterKills(t, f, seats, byRound, rounds*perRound)
	})
}

// rsvpLinks signs each guest's personal RSVP link, as the invitation email does.
func rsvpLinks(t *testing.T, f *raceFixture) []string {
	t.Helper()
	g, err := f.store.Gathering(context.Background(), f.gatheringID)
	if err != nil {
		t.Fatal(err)
	}
	key, err := f.store.LinkKey(context.Background(), "rsvp")
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(f.members))
	for i, m := range f.members {
		out[i] = "/rsvp/" + kindred.RSVPToken{GatheringID: g.ID, MemberID: m, Expires: g.EndsAt}.Sign(key)
	}
	return out
}

// answerByLink answers "going" on the personal RSVP page; the 303 back to it
// is the acknowledgement.
func answerByLink(base, link string) bool {
	c := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(base+link, url.Values{"status": {"going"}})
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusSeeOther
}

// checkRSVPsAfterKills compares each round's acknowledged answers with the
// stored RSVPs.
func checkRSVPsAfterKills(t *testing.T, f *raceFixture, seats int, byRound []map[int64]kindred.RSVPStatus, atLeast int) {
	t.Helper()
	all, err := f.store.ListRSVPs(context.Background(), f.gatheringID)
	if err != nil {
		t.Fatal(err)
	}
	stored, count := map[int64]kindred.RSVPStatus{}, map[kindred.RSVPStatus]int{}
	for _, v := range all {
		if _, dup := stored[v.MemberID]; dup {
			t.Errorf("member %d has two RSVPs", v.MemberID)
		}
		stored[v.MemberID] = v.Status
		count[v.Status]++
	}
	acked := 0
	for round, got := range byRound {
		for member, told := range got {
			acked++
			if told == "" && (stored[member] == kindred.RSVPGoing || stored[member] == kindred.RSVPWaitlist) {
				continue // answered by link: going or waiting, either is right
			}
			if stored[member] != told {
				t.Errorf("round %d: member %d was told %q but is stored as %q", round, member, told, stored[member])
			}
		}
	}
	if acked < atLeast {
		t.Errorf("only %d RSVPs acknowledged, want at least %d", acked, atLeast)
	}
	if count[kindred.RSVPGoing] > seats || (count[kindred.RSVPWaitlist] > 0 && count[kindred.RSVPGoing] != seats) {
		t.Errorf("%d going and %d waiting for %d seats", count[kindred.RSVPGoing], count[kindred.RSVPWaitlist], seats)
	}
	checkWaitlistByRound(t, all, byRound)
	t.Logf("%d RSVPs acknowledged over %d kills, %d stored (%d going, %d waiting)", acked, len(byRound), len(all),
		count[kindred.RSVPGoing], count[kindred.RSVPWaitlist])
}

// checkWaitlistByRound: a guest acknowledged on the waitlist in one round
// stands before every guest acknowledged there in a later round.
func checkWaitlistByRound(t *testing.T, all []*kindred.RSVP, byRound []map[int64]kindred.RSVPStatus) {
	t.Helper()
	lastRound := -1
	for _, v := range all {
		if v.Status != kindred.RSVPWaitlist {
			continue
		}
		for round, got := range byRound {
			if got[v.MemberID] != kindred.RSVPWaitlist {
				continue
			}
			if round < lastRound {
				t.Errorf("member %d, waitlisted in round %d, stands after a guest from round %d", v.MemberID, round, lastRound)
			}
			lastRound = max(lastRound, round)
		}
	}
}
