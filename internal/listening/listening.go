// Package listening holds the use cases of listening campaigns: campaigns,
// the public story form, moderation, imports and exports, and making sense
// of the stories (themes, selections, reports). Each method takes the viewer
// and does the whole job — checks the domain rule, runs one transaction,
// audits once, schedules the mail, records the event — so pages, the API and
// the CLI behave alike. Errors are *kindred.Error for the person, wrapped
// causes otherwise.
//
// Who organizes a campaign is kindred.Campaign.OrganizedBy: the organizers
// of its city, or, for a campaign of the whole network, only those who
// organize the network. Tellers leave no trace but their story: telling,
// editing and withdrawing by link write no audit entry and no event, and a
// story keeps the day it was told, not the time (kindred.StoryDay).
package listening

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/web/i18n"
)

// Service runs the listening use cases.
type Service struct {
	Store *store.Store
	Queue *jobs.Queue
	// BaseURL starts the edit links mailed to tellers.
	BaseURL string
	// Words are the story form's translations; the mail to a teller is
	// written with them, in the teller's language.
	Words *i18n.Catalog
	// Limit counts the stories told from each address without an account
	// and without a form filled in by a person (see StoryLimit); FormLimit
	// those from forms filled in by a person, per campaign and address;
	// LiveLimit those from forms of a live session, per session and
	// address.
	Limit, FormLimit, LiveLimit *httpx.Limiter
	// recent remembers the stories just told, to refuse near-duplicates.
	recent *recentStories
	// Now is the clock: the store's.
	Now func() time.Time
	// Translator translates stories for organizers and the report; nil
	// (no KINDRED_TRANSLATE_URL) sends nothing anywhere.
	Translator *Translator
	// views holds each campaign's themes view, by campaign id (themeView).
	views store.CachedMap[*sensemaking.View]
}

// New returns the service over st and q, on the store's clock. The
// translations are embedded, so failing to load them is a build mistake:
// it panics.
func New(st *store.Store, q *jobs.Queue) *Service {
	words, err := i18n.Load()
	if err != nil {
		panic(err)
	}
	return &Service{Store: st, Queue: q, BaseURL: "http://127.0.0.1:8080", Words: words,
		Limit: httpx.NewLimiter(StoryLimit, StoryWindow, st.Now), FormLimit: httpx.NewLimiter(FormLimit, StoryWindow, st.Now),
		LiveLimit: httpx.NewLimiter(LiveLimit, LiveFor, st.Now), recent: newRecentStories(), Now: st.Now}
}

// campaign reads the campaign with slug: ENOTFOUND naming it when there is
// none.
func (s *Service) campaign(ctx context.Context, slug string) (*kindred.Campaign, error) {
	c, err := s.Store.CampaignBySlug(ctx, slug)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "There is no campaign %q.", slug)
	}
	if err != nil {
		return nil, fmt.Errorf("campaign: %w", err)
	}
	return c, nil
}

// Campaign returns the campaign with slug, for anyone: its definition is
// public (the form shows it). ENOTFOUND when there is none.
func (s *Service) Campaign(ctx context.Context, slug string) (*kindred.Campaign, error) {
	return s.campaign(ctx, slug)
}

// Organized returns the campaign with slug when v organizes it: ENOTFOUND
// when there is none, EFORBIDDEN (EUNAUTHORIZED when anonymous) when v does
// not organize it. Pages call it before showing what only organizers see.
func (s *Service) Organized(ctx context.Context, v *kindred.Viewer, slug string) (*kindred.Campaign, error) {
	c, err := s.campaign(ctx, slug)
	if err != nil {
		return nil, err
	}
	if err := c.MayOrganize(v); err != nil {
		return nil, err
	}
	return c, nil
}

// Stories lists the campaign's stories as v may read them (see
// kindred.Campaign.ReaderFor and store.Stories), with the reader they were
// read as. q.Reader is set here; the rest of q selects.
func (s *Service) Stories(ctx context.Context, v *kindred.Viewer, slug string, q store.StoryQuery) (*kindred.Campaign, []kindred.Story, kindred.Reader, error) {
	c, err := s.campaign(ctx, slug)
	if err != nil {
		return nil, nil, 0, err
	}
	q.Reader = c.ReaderFor(v)
	list, err := s.Store.Stories(ctx, c.ID, q)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("stories: %w", err)
	}
	return c, list, q.Reader, nil
}

// storySubject is how the audit log and events name a story.
func storySubject(id int64) string { return strconv.FormatInt(id, 10) }
