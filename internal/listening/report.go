package listening

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
)

// TellerLinkKey names the link key (store.LinkKey) that signs the links
// of "report published" mails (kindred.TellerToken).
const TellerLinkKey = "teller"

// Report is the "What we heard" report as its reader may read it. Only
// themes an organizer named or confirmed are printed (an unreviewed label
// is a keyword list), and quotes come only from stories their tellers let
// us quote publicly, masked (sensemaking.Build).
type Report struct {
	Campaign *kindred.Campaign
	View     *sensemaking.View       // nil before the first theme run
	Named    []sensemaking.ThemeView // themes an organizer named or confirmed: the only ones printed
	Unnamed  int                     // themes still waiting for a name
	// BrightSpots are the panel's choices. In the public report, only
	// those whose teller allowed public quoting.
	BrightSpots []BrightSpot
	Organizer   bool // the reader organizes the campaign
	Public      bool // the public page, read by anyone
}

// BrightSpot is a bright spot as the report prints it.
type BrightSpot struct {
	Theme  string // its theme's confirmed name, "" for none
	Reason string
	Text   string // masked; "" when the teller did not allow public quoting
	Lang   string
}

// Report returns the campaign's report for v, who must be signed in
// (EUNAUTHORIZED otherwise): members read what organizers chose, and the
// reasons of bright spots whose stories may not be quoted. ENOTFOUND for
// an unknown campaign.
func (s *Service) Report(ctx context.Context, v *kindred.Viewer, slug string) (*Report, error) {
	if !v.SignedIn() {
		return nil, kindred.Errorf(kindred.EUNAUTHORIZED, "Please sign in to read a campaign's report.")
	}
	c, err := s.campaign(ctx, slug)
	if err != nil {
		return nil, err
	}
	return s.report(ctx, c, c.OrganizedBy(v), false)
}

// PublishedReport returns the report an organizer published, for anyone:
// only stories their tellers let us quote publicly, with emails and phone
// numbers masked, and no bright spot whose story may not be quoted.
// ENOTFOUND for an unknown campaign or a report that is not published.
func (s *Service) PublishedReport(ctx context.Context, slug string) (*Report, error) {
	c, err := s.campaign(ctx, slug)
	if err != nil {
		return nil, err
	}
	if c.ReportPublished == nil {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "The report of this campaign is not published.")
	}
	return s.report(ctx, c, false, true)
}

// report builds the report of c from its latest theme run: the shared
// themes view (themeView), and the texts of the bright spots only.
func (s *Service) report(ctx context.Context, c *kindred.Campaign, organizer, public bool) (*Report, error) {
	rp := &Report{Campaign: c, Organizer: organizer, Public: public}
	view, err := s.themeView(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if view == nil {
		return rp, nil
	}
	rp.View = view
	if public {
		only := *view       // the shared view stays whole
		only.Segments = nil // organizers' analysis, not the report
		rp.View = &only
	}
	named := map[string]bool{}
	for _, t := range rp.View.Themes {
		if !t.Renamed {
			rp.Unnamed++
			continue
		}
		t.Keywords = nil
		rp.Named = append(rp.Named, t)
		named[t.Label] = true
	}
	sels, err := s.Store.Selections(ctx, c.ID)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	var spots []int64
	for _, sel := range sels {
		if sel.BrightSpot {
			spots = append(spots, sel.StoryID)
		}
	}
	told, err := s.Store.StoriesByID(ctx, c.ID, spots)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	for _, sel := range sels {
		st, ok := told[sel.StoryID]
		if ok = ok && st.VisibleTo(kindred.ReaderPublic); ok {
			st = st.ForReader(kindred.ReaderPublic)
		} else {
			st = kindred.Story{} // its words stay out of the report
		}
		if !sel.BrightSpot || public && !ok {
			continue
		}
		b := BrightSpot{Reason: sel.Reason, Text: st.Text, Lang: st.Lang}
		if named[sel.Theme] { // a label no organizer named is a keyword list, never printed
			b.Theme = sel.Theme
		}
		if public {
			b.Reason = kindred.MaskPII(b.Reason)
		}
		rp.BrightSpots = append(rp.BrightSpots, b)
	}
	return rp, nil
}

// PublishReport makes the campaign's report a public page (publish) or
// takes it down. Publishing mails, once ever, every teller who asked to
// hear of it (kindred.NewStory.NotifyReport): one message per address,
// with a link to where each of their stories went; publishing again after
// taking it down mails nobody twice (store.Tx.ClaimReportMail). Only the
// campaign's organizers publish; EINVALID before the stories were themed
// (there is nothing to report yet). Publishing what is already published,
// or taking down what is not, changes nothing.
func (s *Service) PublishReport(ctx context.Context, v *kindred.Viewer, slug string, publish bool) error {
	c, err := s.Organized(ctx, v, slug)
	if err != nil {
		return err
	}
	if publish == (c.ReportPublished != nil) {
		return nil
	}
	if publish {
		if _, err := s.Store.LatestThemeRun(ctx, c.ID); kindred.ErrorCode(err) == kindred.ENOTFOUND {
			return kindred.Errorf(kindred.EINVALID, "There is nothing to publish yet: find the themes of the stories first.")
		} else if err != nil {
			return fmt.Errorf("publish report: %w", err)
		}
	}
	key, err := s.Store.LinkKey(ctx, TellerLinkKey) // outside the transaction: it may write the key
	if err != nil {
		return fmt.Errorf("publish report: %w", err)
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetReportPublished(ctx, c.ID, publish); err != nil {
			return err
		}
		if !publish {
			return tx.Audit(ctx, v.AccountID(), "report.unpublish", campaignSubject(c), c.Title)
		}
		mailed, err := s.mailTellers(ctx, tx, c, key)
		if err != nil {
			return err
		}
		if err := tx.Audit(ctx, v.AccountID(), "report.publish", campaignSubject(c), fmt.Sprintf("%d tellers mailed", mailed)); err != nil {
			return err
		}
		return s.Queue.Emit(ctx, tx, v.AccountID(), kindred.Event{Type: kindred.EventReportPublished,
			Subject: "campaign:" + strconv.FormatInt(c.ID, 10), Data: map[string]any{"id": c.ID, "slug": c.Slug, "title": c.Title,
				"url": s.baseURL() + ReportPath(c.Slug)}})
	})
	if err != nil {
		return fmt.Errorf("publish report: %w", err)
	}
	return nil
}

// mailTellers claims the campaign's tellers not yet told of the report
// and queues one message per address, in tx; it returns how many.
func (s *Service) mailTellers(ctx context.Context, tx *store.Tx, c *kindred.Campaign, key []byte) (int, error) {
	tellers, err := tx.ClaimReportMail(ctx, c.ID)
	if err != nil {
		return 0, err
	}
	byAddress := map[string][]store.ReportTeller{}
	var order []string
	for _, t := range tellers {
		addr := strings.ToLower(t.Email)
		if byAddress[addr] == nil {
			order = append(order, addr)
		}
		byAddress[addr] = append(byAddress[addr], t)
	}
	sort.Strings(order)
	for _, addr := range order {
		if _, err := s.Queue.SendMail(ctx, tx, s.reportMail(c, byAddress[addr], key)); err != nil {
			return 0, err
		}
	}
	return len(order), nil
}

// reportMail tells one teller that the report is published, in the
// language they read the form in, with a link to where each of their
// stories went.
func (s *Service) reportMail(c *kindred.Campaign, stories []store.ReportTeller, key []byte) kindred.Mail {
	lang := s.Words.Match(stories[0].Lang, "", c.Languages)
	var links strings.Builder
	for _, t := range stories {
		links.WriteString(s.baseURL() + JourneyPath(kindred.TellerToken{StoryID: t.StoryID}.Sign(key)) + "?lang=" + lang + "\n")
	}
	return kindred.Mail{To: stories[0].Email, Subject: s.Words.T(lang, "report.mail.subject"),
		Text: s.Words.T(lang, "report.mail.body") + "\n\n" + links.String() + "\n— " + c.Title + "\n"}
}

func (s *Service) baseURL() string { return strings.TrimRight(s.BaseURL, "/") }

// ReportPath is the address of a campaign's published report.
func ReportPath(slug string) string { return "/c/" + slug + "/report" }

// JourneyPath is the address of where a story went, by the teller's
// signed link (kindred.TellerToken).
func JourneyPath(token string) string { return "/journey/" + token }
