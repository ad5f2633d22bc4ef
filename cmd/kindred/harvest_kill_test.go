package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// harvestKill is the note-taker of a held dinner, ready to post notes.
type harvestKill struct {
	gatheringID, memberID int64
	signIn                string // a one-time sign-in link secret
}

// TestAcknowledgedNotesSurviveSIGKILL posts harvest notes from a phone's
// form (several at once) to a real `kindred serve`, kills it with SIGKILL
// while they flow, restarts it and resends every note that got no answer,
// as the form does with its client key. Every acknowledged note must be
// stored exactly once, and no note twice. On SQLite and PostgreSQL.
func TestAcknowledgedNotesSurviveSIGKILL(t *testing.T) {
	t.Parallel()
	forEachKillDB(t, func(t *testing.T, bin, dsn string) {
		h := prepareHarvestKill(t, dsn)
		jar, _ := cookiejar.New(nil)
		client := &http.Client{Jar: jar, Timeout: 10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		const rounds, workers, perRound = 4, 6, 40
		acked, pending := map[string]bool{}, map[int]string{}
		for round := 0; round < rounds; round++ {
			cmd, base := startKillable(t, bin, []string{"KINDRED_DB=" + dsn})
			if round == 0 {
				signInClient(t, client, base, h.signIn)
			}
			got := postNotesUntil(client, base, h, round, workers, perRound, pending, func() {
				_ = cmd.Process.Signal(syscall.SIGKILL)
			})
			_ = cmd.Wait()
			for _, text := range got {
				acked[text] = true
			}
		}
		cmd, base := startKillable(t, bin, []string{"KINDRED_DB=" + dsn})
		for _, text := range postNotesUntil(client, base, h, rounds, workers, 0, pending, func() {}) {
			acked[text] = true
		}
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		checkNotes(t, dsn, h, acked, rounds*perRound)
	})
}

// prepareHarvestKill stores a held dinner with one guest who has an account
// and takes table 1's notes, and returns a sign-in link for her.
func prepareHarvestKill(t *testing.T, dsn string) harvestKill {
	t.Helper()
	s := testutil.OpenStore(t, dsn)
	defer s.Close()
	ctx := context.Background()
	var h harvestKill
	err := s.WithTx(ctx, func(tx *store.Tx) error {
		city, err := tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"})
		if err != nil {
			return err
		}
		start := s.Now().Add(-24 * time.Hour)
		g, err := tx.CreateGathering(ctx, kindred.Gathering{CityID: city.ID, Title: "Kill dinner", Capacity: 12,
			StartsAt: start, EndsAt: start.Add(3 * time.Hour), Status: kindred.GatheringOpen})
		if err != nil {
			return err
		}
		a, err := tx.CreateAccount(ctx, kindred.NewAccount{Email: "taker@example.org", Name: "Tai Taker", Role: kindred.RoleMember}, "")
		if err != nil {
			return err
		}
		if h.memberID, err = tx.LinkOrCreateMember(ctx, a); err != nil {
			return err
		}
		if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: h.memberID, Status: kindred.RSVPGoing}); err != nil {
			return err
		}
		if err := tx.SetGatheringStatus(ctx, g.ID, kindred.GatheringHeld); err != nil {
			return err
		}
		if err := tx.SetNoteTaker(ctx, g.ID, 1, h.memberID); err != nil {
			return err
		}
		h.gatheringID = g.ID
		h.signIn, err = tx.CreateMagicLink(ctx, &a.ID, store.LinkSignIn, time.Hour, "/")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func signInClient(t *testing.T, c *http.Client, base, secret string) {
	t.Helper()
	resp, err := c.PostForm(base+"/signin/link/use", url.Values{"token": {secret}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", resp.StatusCode)
	}
}

// postNotesUntil posts notes from workers, each first resending its pending
// note (one that got no answer before the last kill). Once perRound notes
// are acknowledged it calls kill; it returns when every worker has seen the
// server go away (or, with perRound 0, has resent its pending note).
func postNotesUntil(c *http.Client, base string, h harvestKill, round, workers, perRound int, pending map[int]string, kill func()) []string {
	var mu sync.Mutex
	var acked []string
	var once sync.Once
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			mu.Lock()
			text := pending[w]
			mu.Unlock()
			for seq := 0; ; seq++ {
				if text == "" {
					if perRound == 0 {
						return
					}
					text = fmt.Sprintf("kill round %d worker %d note %d", round, w, seq)
				}
				err := postNote(c, base, h, text)
				mu.Lock()
				if err != nil {
					pending[w] = text // never acknowledged: the form would send it again
					mu.Unlock()
					return
				}
				delete(pending, w)
				acked = append(acked, text)
				n := len(acked)
				mu.Unlock()
				if perRound > 0 && n >= perRound {
					once.Do(kill)
				}
				text = ""
			}
		}(w)
	}
	wg.Wait()
	return acked
}

func postNote(c *http.Client, base string, h harvestKill, text string) error {
	resp, err := c.PostForm(fmt.Sprintf("%s/gatherings/%d/harvest/1/notes", base, h.gatheringID),
		url.Values{"text": {text}, "consent": {"chatham"}, "prompt": {"A surprise"}, "client_key": {"key " + text}})
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

// checkNotes: every acknowledged note is stored once; none is stored twice.
func checkNotes(t *testing.T, dsn string, h harvestKill, acked map[string]bool, atLeast int) {
	t.Helper()
	if len(acked) < atLeast {
		t.Fatalf("only %d notes acknowledged, want at least %d", len(acked), atLeast)
	}
	s := testutil.OpenStore(t, dsn)
	notes, err := s.NotesFor(context.Background(), kindred.NoteReader{MemberID: h.memberID}, h.gatheringID, 1)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, n := range notes {
		if !strings.HasPrefix(n.Text, "kill round") {
			continue
		}
		count[n.Text]++
	}
	bad := 0
	for text, n := range count {
		if n > 1 {
			bad++
			t.Errorf("note %q stored %d times", text, n)
		}
	}
	for text := range acked {
		if count[text] != 1 {
			bad++
			if bad <= 5 {
				t.Errorf("acknowledged note %q stored %d times, want once", text, count[text])
			}
		}
	}
	t.Logf("%d notes acknowledged across kills, %d stored", len(acked), len(notes))
}
