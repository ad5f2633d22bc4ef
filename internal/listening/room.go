package listening

import (
	"cmp"
	"context"
	"crypto/rand"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// The story form's spam protection lets a room behind one address speak —
// 100 people at a workshop on one Wi-Fi sending their stories within a
// minute or two — while a script flooding a campaign is stopped. It is the
// same for the page and the API; people with an account answer for what
// they send and are never counted. The numbers:
//
//   - Every form carries a signed stamp (kindred.FormStamp): it cannot be
//     made up or backdated, it expires after a day, and each is used once
//     (the nonce is stored, so every instance sharing the database refuses
//     a replay). A form sent less than MinFill (3 s) after it was shown was
//     not filled in by a person (ErrTooFast).
//   - A stamped form filled in for at least HumanFill (20 s) — a story of
//     the shortest length takes longer to type — counts against FormLimit,
//     150 stories per StoryWindow (10 min) per campaign and address: a room
//     of 100 fits with half again to spare (late arrivals, a second round),
//     while a script waiting out the fill time gets 150 stories into one
//     campaign per 10 minutes, which moderation can still read, and no more.
//   - Everything else without an account — the API, a form sent between 3
//     and 20 s (a pasted story) — counts against StoryLimit, 20 per 10 min
//     per address across campaigns, as before: enough for a family or a
//     small office, tight for a script.
//   - A form opened through an organizer's live session link counts
//     against LiveLimit, 500 per address for the session (LiveFor, 3 h):
//     the organizer vouches for the room, so a conference hall fits.
//   - A story nearly the same as one accepted from the same address for the
//     campaign in the last DupWindow (10 min) is refused (ErrDuplicate):
//     word trigrams overlapping by DupSimilarity (80 %) or more, counting
//     letters only, so "spam 1", "spam 2"… are one story.
//
// The counts (limits and recent stories) are kept in memory by each
// instance; the used stamps are in the database.
const (
	StoryLimit    = 20
	FormLimit     = 150
	LiveLimit     = 500
	StoryWindow   = 10 * time.Minute
	MinFill       = 3 * time.Second
	HumanFill     = 20 * time.Second
	LiveFor       = 3 * time.Hour
	DupWindow     = 10 * time.Minute
	DupSimilarity = 0.8
)

// StampLinkKey names the link key (store.LinkKey) that signs form stamps.
const StampLinkKey = "formstamp"

// More refusals of the spam protection (see ErrTooFast).
var (
	// ErrStamp refuses a form whose stamp is missing, forged, for another
	// campaign or already used: as a bot's, nothing is stored.
	ErrStamp = kindred.ErrFormStamp
	// ErrStampExpired refuses a form open longer than kindred.FormStampTTL.
	ErrStampExpired = kindred.ErrFormExpired
	// ErrDuplicate refuses a story nearly the same as one just told from
	// the same address (DupWindow).
	ErrDuplicate = &kindred.Error{Code: kindred.ECONFLICT, Message: "This story was just sent from here."}
)

// FormStamp returns a signed stamp for a form of campaign c shown now,
// and the live session the form counts against when live is the code of
// c's session open now (ENOTFOUND otherwise; an unknown or ended code
// gives an ordinary form, never an error page).
func (s *Service) FormStamp(ctx context.Context, c *kindred.Campaign, live string) (string, *kindred.LiveSession, error) {
	key, err := s.Store.LinkKey(ctx, StampLinkKey)
	if err != nil {
		return "", nil, fmt.Errorf("form stamp: %w", err)
	}
	var session *kindred.LiveSession
	if live != "" {
		l, err := s.Store.LiveSession(ctx, c.ID, live)
		if err != nil && kindred.ErrorCode(err) != kindred.ENOTFOUND {
			return "", nil, fmt.Errorf("form stamp: %w", err)
		}
		if l != nil && l.OpenAt(s.Now()) {
			session = l
		}
	}
	var liveID int64
	if session != nil {
		liveID = session.ID
	}
	return kindred.NewFormStamp(c.ID, liveID, s.Now()).Sign(key), session, nil
}

// checkStamp reads the stamp of a form told to c: nil for the API (no
// form); ErrStamp or ErrStampExpired for a bad one; ErrTooFast when it was
// issued less than MinFill ago; ErrStamp when it was used.
func (s *Service) checkStamp(ctx context.Context, c *kindred.Campaign, in Telling) (*kindred.FormStamp, error) {
	if !in.Form {
		return nil, nil
	}
	key, err := s.Store.LinkKey(ctx, StampLinkKey)
	if err != nil {
		return nil, fmt.Errorf("form stamp: %w", err)
	}
	f, err := kindred.ParseFormStamp(in.Stamp, key, c.ID, s.Now())
	if err != nil {
		return nil, err
	}
	if s.Now().Sub(f.Issued) < MinFill {
		return nil, ErrTooFast
	}
	// Asked before the allowance is counted, so that replays spend none
	// of it; storing the nonce (tx.UseFormStamp) settles a race.
	if used, err := s.Store.FormStampUsed(ctx, f.Nonce); err != nil || used {
		return nil, cmp.Or(err, error(ErrStamp))
	}
	return &f, nil
}

// allow counts a story from an anonymous teller against the allowance
// that fits how it came (see StoryLimit): ErrDuplicate for a story nearly
// the same as one just told from the address, ErrTooMany past the limit.
func (s *Service) allow(ctx context.Context, c *kindred.Campaign, in Telling, f *kindred.FormStamp) error {
	if s.recent.near(roomKey(c.ID, in.Client), in.Story.Text, s.Now()) {
		return ErrDuplicate
	}
	limit, key := s.Limit, in.Client
	switch {
	case f != nil && f.LiveID != 0 && s.liveAt(ctx, c, f):
		limit, key = s.LiveLimit, "live:"+strconv.FormatInt(f.LiveID, 10)+"|"+in.Client
	case f != nil && s.Now().Sub(f.Issued) >= HumanFill:
		limit, key = s.FormLimit, "form:"+roomKey(c.ID, in.Client)
	}
	if ok, _ := limit.Allow(key); !ok {
		return ErrTooMany
	}
	return nil
}

// liveAt reports whether the live session f names was open for c when f
// was issued: forms opened in the room keep its allowance after the
// session ends; ending it early stops new forms from getting it.
func (s *Service) liveAt(ctx context.Context, c *kindred.Campaign, f *kindred.FormStamp) bool {
	l, err := s.Store.LiveSessionByID(ctx, f.LiveID)
	return err == nil && l.CampaignID == c.ID && l.OpenAt(f.Issued)
}

func roomKey(campaignID int64, client string) string {
	return strconv.FormatInt(campaignID, 10) + "|" + client
}

// OpenLive opens a live session of the campaign with slug for LiveFor,
// ending the one open (one room at a time), and audits it. v must
// organize the campaign: ENOTFOUND, EUNAUTHORIZED or EFORBIDDEN as
// Organized.
func (s *Service) OpenLive(ctx context.Context, v *kindred.Viewer, slug string) (*kindred.LiveSession, error) {
	c, err := s.Organized(ctx, v, slug)
	if err != nil {
		return nil, err
	}
	var l *kindred.LiveSession
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		if l, err = tx.OpenLiveSession(ctx, c.ID, v.AccountID(), liveCode(), tx.Now().Add(LiveFor)); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "campaign.live.open", campaignSubject(c), "until "+l.EndsAt.Format(time.RFC3339))
	})
	if err != nil {
		return nil, fmt.Errorf("open live session: %w", err)
	}
	return l, nil
}

// CloseLive ends the campaign's live session now and audits it; forms
// opened through it count as ordinary forms from then on. Errors as
// OpenLive; closing when none is open is not an error.
func (s *Service) CloseLive(ctx context.Context, v *kindred.Viewer, slug string) error {
	c, err := s.Organized(ctx, v, slug)
	if err != nil {
		return err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.EndLiveSessions(ctx, c.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "campaign.live.close", campaignSubject(c), "")
	})
	if err != nil {
		return fmt.Errorf("close live session: %w", err)
	}
	return nil
}

// LiveSession returns the campaign's live session open now, for its
// organizers: errors as Organized, ENOTFOUND when none is open.
func (s *Service) LiveSession(ctx context.Context, v *kindred.Viewer, slug string) (*kindred.LiveSession, error) {
	c, err := s.Organized(ctx, v, slug)
	if err != nil {
		return nil, err
	}
	return s.Store.OpenLiveSessionOf(ctx, c.ID)
}

// liveCode is a short random code, easy to read aloud and type: no 0/o,
// 1/l/i.
func liveCode() string {
	const alphabet = "23456789abcdefghjkmnpqrstuvwxyz"
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// recentStories remembers, per campaign and address, the word trigrams of
// the stories accepted in the last DupWindow, to refuse near-duplicates.
type recentStories struct {
	mu   sync.Mutex
	seen map[string][]recentStory
}

type recentStory struct {
	at    time.Time
	grams map[uint64]bool
}

// recentPerKey bounds what is remembered of one address: enough to compare
// with a room's worth of stories.
const recentPerKey = 200

func newRecentStories() *recentStories { return &recentStories{seen: map[string][]recentStory{}} }

// near reports whether text is nearly the same as a story remembered for
// key since DupWindow before now.
func (r *recentStories) near(key, text string, now time.Time) bool {
	grams := trigrams(text)
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, st := range r.fresh(key, now) {
		if similarity(grams, st.grams) >= DupSimilarity {
			return true
		}
	}
	return false
}

// add remembers text for key at now.
func (r *recentStories) add(key, text string, now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	list := append(r.fresh(key, now), recentStory{at: now, grams: trigrams(text)})
	if len(list) > recentPerKey {
		list = list[len(list)-recentPerKey:]
	}
	r.seen[key] = list
	if len(r.seen) > 10_000 {
		for k := range r.seen {
			r.fresh(k, now)
		}
	}
}

// fresh drops key's stories older than DupWindow and returns the rest.
func (r *recentStories) fresh(key string, now time.Time) []recentStory {
	list := r.seen[key]
	i := 0
	for i < len(list) && now.Sub(list[i].at) >= DupWindow {
		i++
	}
	if i == len(list) {
		delete(r.seen, key)
		return nil
	}
	r.seen[key] = list[i:]
	return list[i:]
}

// trigrams hashes the text's word trigrams (its words when it has fewer
// than three), counting letters only: case, digits and punctuation do not
// make two stories different.
func trigrams(text string) map[uint64]bool {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) })
	out := map[uint64]bool{}
	n := 3
	if len(words) < n {
		n = len(words)
	}
	for i := 0; i+n <= len(words) && n > 0; i++ {
		h := fnv.New64a()
		h.Write([]byte(strings.Join(words[i:i+n], " ")))
		out[h.Sum64()] = true
	}
	return out
}

// similarity is the Jaccard index of two sets of trigrams.
func similarity(a, b map[uint64]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0 // no letters to compare: leave it to the other checks
	}
	both := 0
	for g := range a {
		if b[g] {
			both++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}
