package listening

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/textproc"
	"golang.org/x/text/language"
)

// The refusals of the spam protection, which pages say in the teller's
// language (compare with errors.Is).
var (
	// ErrTooFast refuses a form sent faster than a person fills it in.
	ErrTooFast = &kindred.Error{Code: kindred.EINVALID, Message: "That was quick: please read your story over and send it again."}
	// ErrTooMany refuses a teller past StoryLimit.
	ErrTooMany = &kindred.Error{Code: kindred.ERATELIMIT, Message: "Too many stories from this address; please wait a few minutes."}
)

// StoryProblems refuses a story (EINVALID) and keeps the problem codes by
// field (kindred.Problem…), so that a page can say them in the teller's
// language; its English sentences are the wrapped *kindred.Error's.
type StoryProblems struct {
	Codes map[string]string
}

// Error implements error with the English sentences.
func (e *StoryProblems) Error() string { return e.Unwrap().Error() }

// Unwrap returns the EINVALID *kindred.Error naming each field.
func (e *StoryProblems) Unwrap() error { return kindred.StoryError(e.Codes) }

// Telling is a story as a teller sends it, through the form or the API.
type Telling struct {
	Slug  string
	Story kindred.NewStory
	// Problems are fields the surface could not read (a slider that is
	// not a number…) as problem codes; they are reported with the rest.
	Problems map[string]string
	// Client is the teller's address. It counts their stories and is
	// never stored.
	Client string
	// UILang is the language the teller reads; the mail with their edit
	// link is written in it ("" picks by the story's language among the
	// campaign's).
	UILang string
	// Trap is the form's honeypot field, which only bots fill in.
	Trap string
	// Form says the story came through the story form, which carries the
	// Stamp it was shown with (FormStamp); the API has neither.
	Form  bool
	Stamp string
}

// Told is what telling a story did.
type Told struct {
	Story  *kindred.Story // nil when a bot's story was dropped
	Secret string         // the edit/withdraw secret; "" when the teller left no email
	Mailed bool           // the edit link was mailed to the teller
	Lang   string         // the language the teller was answered in
}

// Closed is the refusal of a campaign that does not take v's story
// today, saying why, so a page can say it in the teller's language. It
// wraps the *kindred.Error that gives its code (and the API's status).
type Closed struct {
	Campaign *kindred.Campaign // nil when there is no such campaign
	Why      string            // one of the Closed… reasons
	Err      error
}

// Why a campaign takes no story.
const (
	ClosedUnknown = "unknown" // no such campaign (ENOTFOUND)
	ClosedMembers = "members" // members only: sign in (EUNAUTHORIZED)
	ClosedInvited = "invited" // invited people only (EFORBIDDEN)
	ClosedSoon    = "soon"    // not open yet (EFORBIDDEN)
	ClosedEnded   = "ended"   // closed for good (EGONE)
)

// Error implements error with the wrapped sentence.
func (e *Closed) Error() string { return e.Err.Error() }

// Unwrap returns the *kindred.Error.
func (e *Closed) Unwrap() error { return e.Err }

// OpenCampaign returns the campaign with slug if v may tell it a story
// today. Otherwise it returns a *Closed: ENOTFOUND for an unknown
// campaign, EUNAUTHORIZED or EFORBIDDEN when its audience leaves v out
// (kindred.Campaign.MayTell), EFORBIDDEN before it opens and EGONE after
// it closed (kindred.Campaign.OpenOn); other errors are wrapped causes.
func (s *Service) OpenCampaign(ctx context.Context, v *kindred.Viewer, slug string) (*kindred.Campaign, error) {
	c, err := s.campaign(ctx, slug)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return nil, &Closed{Why: ClosedUnknown, Err: err}
	}
	if err != nil {
		return nil, err
	}
	invited := false
	if c.Audience == kindred.AudienceInvited && v.SignedIn() {
		if invited, err = s.Store.Invited(ctx, c.ID, v.AccountID()); err != nil {
			return nil, fmt.Errorf("open campaign: %w", err)
		}
	}
	if err := c.MayTell(v, invited); err != nil {
		why := ClosedInvited
		if kindred.ErrorCode(err) == kindred.EUNAUTHORIZED {
			why = ClosedMembers
		}
		return nil, &Closed{Campaign: c, Why: why, Err: err}
	}
	if err := c.OpenOn(s.Now().UTC().Format(time.DateOnly)); err != nil {
		why := ClosedEnded
		if kindred.ErrorCode(err) == kindred.EFORBIDDEN {
			why = ClosedSoon
		}
		return nil, &Closed{Campaign: c, Why: why, Err: err}
	}
	return c, nil
}

// Tell stores a story from the form or the API — one flow for both. In
// order: the campaign must take v's story today (see OpenCampaign); a bot
// that filled the trap is thanked and nothing is stored; a story with
// problems is refused (*StoryProblems), so an empty form is told to tell
// the story; a form whose stamp is missing, forged, for another campaign
// or already used is refused (ErrStamp), as one open more than a day
// (ErrStampExpired) or sent less than MinFill after it was shown
// (ErrTooFast); an anonymous teller is refused a story nearly the same as
// one just told from their address (ErrDuplicate) and a story past the
// allowance that fits how it came (ErrTooMany; see StoryLimit): people
// with an account answer for what they send and are not counted. A
// language tag that names no language is replaced (storyLang), never
// stored. The story is stored as pending with its day (kindred.StoryDay)
// and, when the teller left an email, the mail with their edit link is
// queued in the same transaction; a teller who asked to hear of the report
// (NotifyReport) is mailed when it is published (PublishReport), in the
// language they were answered in. Telling writes no audit entry and
// records no event: both carry the instant, which a story does not keep.
func (s *Service) Tell(ctx context.Context, v *kindred.Viewer, in Telling) (*Told, error) {
	c, err := s.OpenCampaign(ctx, v, in.Slug)
	if err != nil {
		return nil, err
	}
	told := &Told{Lang: s.Words.Match(in.UILang, in.Story.Lang, c.Languages)}
	if in.Trap != "" {
		return told, nil
	}
	n := in.Story
	n.Lang = storyLang(n, c)
	n.MailLang = told.Lang
	codes := c.CheckStory(&n)
	if code := c.CheckLength(n.Text); code != "" && codes["text"] == "" {
		codes["text"] = code
	}
	for f, code := range in.Problems {
		codes[f] = code // what could not be read says more than what it was read as
	}
	if len(codes) > 0 {
		// Before the fill time: an empty form sent at once is told what
		// it lacks (the story), not that it was quick.
		return nil, &StoryProblems{Codes: codes}
	}
	stamp, err := s.checkStamp(ctx, c, in)
	if err != nil {
		return nil, err
	}
	if !v.SignedIn() {
		if err := s.allow(ctx, c, in, stamp); err != nil {
			return nil, err
		}
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if stamp != nil {
			if fresh, err := tx.UseFormStamp(ctx, c.ID, stamp.Nonce, stamp.Expires()); err != nil || !fresh {
				return cmp.Or(err, error(ErrStamp))
			}
		}
		var err error
		if told.Story, told.Secret, err = tx.CreateStory(ctx, c, n); err != nil || told.Secret == "" {
			return err
		}
		_, err = s.Queue.SendMail(ctx, tx, s.editLinkMail(c, n.Email, told))
		told.Mailed = err == nil
		return err
	})
	if errors.Is(err, ErrStamp) {
		return nil, ErrStamp
	}
	if err != nil {
		return nil, fmt.Errorf("tell story: %w", err)
	}
	if !v.SignedIn() {
		s.recent.add(roomKey(c.ID, in.Client), n.Text, s.Now())
	}
	return told, nil
}

// storyLang is the language a story is stored in: the one the teller
// gave when it is a language (a tag like "xx" is well-formed but names
// none, and is never stored), else the one its text is detected in, else
// the campaign's first language. "und" (another language) is kept.
func storyLang(n kindred.NewStory, c *kindred.Campaign) string {
	given := strings.TrimSpace(n.Lang)
	if given == "" {
		return given // CheckStory says it is required
	}
	if _, err := language.Parse(given); err == nil {
		return given
	}
	if l := textproc.DetectLang(n.Text); l != "" {
		return l
	}
	if len(c.Languages) > 0 {
		return c.Languages[0]
	}
	return "und"
}

// editLinkMail is the message that gives a teller the link to edit or
// withdraw their story, in their language.
func (s *Service) editLinkMail(c *kindred.Campaign, to string, told *Told) kindred.Mail {
	link := strings.TrimRight(s.BaseURL, "/") + "/s/" + told.Secret + "?lang=" + told.Lang
	return kindred.Mail{To: to, Subject: s.Words.T(told.Lang, "mail.subject"),
		Text: s.Words.T(told.Lang, "mail.body") + "\n\n" + link + "\n\n— " + c.Title + "\n"}
}

// StoryByLink returns the story the teller's edit secret belongs to, with
// its campaign. ENOTFOUND for an unknown secret or a withdrawn story.
func (s *Service) StoryByLink(ctx context.Context, secret string) (*kindred.Story, *kindred.Campaign, error) {
	st, err := s.Store.StoryByEditToken(ctx, secret)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.Store.CampaignByID(ctx, st.CampaignID)
	if err != nil {
		return nil, nil, err
	}
	return st, c, nil
}

// EditStory replaces the text of the story the teller's secret belongs to
// and sends it back to moderation. The link is the teller's authority: no
// viewer is asked for, and nothing is audited. ENOTFOUND for an unknown
// secret; *StoryProblems (EINVALID) for text that is empty or too long.
func (s *Service) EditStory(ctx context.Context, secret, text string) error {
	_, c, err := s.StoryByLink(ctx, secret)
	if err != nil {
		return err
	}
	n := kindred.NewStory{Text: text, Lang: "und", Consent: kindred.ConsentOrganizers, Anonymous: true}
	code, bad := c.CheckStory(&n)["text"]
	if !bad {
		code, bad = c.CheckLength(n.Text), c.CheckLength(n.Text) != ""
	}
	if bad {
		return &StoryProblems{Codes: map[string]string{"text": code}}
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error { return tx.EditStory(ctx, c, secret, n.Text) })
	if err != nil {
		return fmt.Errorf("edit story: %w", err)
	}
	return nil
}

// WithdrawStory erases the story the teller's secret belongs to (its text,
// name, email and answers) and closes the link. ENOTFOUND for an unknown
// secret or a story already withdrawn.
func (s *Service) WithdrawStory(ctx context.Context, secret string) error {
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error { return tx.WithdrawStory(ctx, secret) })
	if err != nil {
		return fmt.Errorf("withdraw story: %w", err)
	}
	return nil
}
