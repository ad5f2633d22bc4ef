package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

// campaignDefinition is how signifiers and context questions are stored: one
// JSON document per campaign, read and written whole.
type campaignDefinition struct {
	Signifiers []kindred.Signifier       `json:"signifiers"`
	Context    []kindred.ContextQuestion `json:"context"`
}

const campaignColumns = `id, slug, title, prompt, audience, languages, starts_on, ends_on, definition, created_at, city_id,
	source_lang, translations, min_story_runes, report_published_at`

func scanCampaign(r rowScanner) (*kindred.Campaign, error) {
	var c kindred.Campaign
	var langs, def, trans string
	var city sql.NullInt64
	var published sql.NullTime
	if err := r.Scan(&c.ID, &c.Slug, &c.Title, &c.Prompt, &c.Audience, &langs, &c.StartsOn, &c.EndsOn, &def, &c.CreatedAt, &city,
		&c.SourceLang, &trans, &c.MinStoryLength, &published); err != nil {
		return nil, err
	}
	c.ReportPublished = nullTime(published)
	if err := json.Unmarshal([]byte(trans), &c.Translations); err != nil {
		return nil, fmt.Errorf("campaign %d translations: %w", c.ID, err)
	}
	c.CreatedAt, c.CityID = c.CreatedAt.UTC(), city.Int64
	c.Languages = strings.Split(langs, ",")
	var d campaignDefinition
	if err := json.Unmarshal([]byte(def), &d); err != nil {
		return nil, fmt.Errorf("campaign %d definition: %w", c.ID, err)
	}
	c.Signifiers, c.Context = d.Signifiers, d.Context
	return &c, nil
}

func campaignArgs(c *kindred.Campaign) (langs, def, trans string, err error) {
	d, err := json.Marshal(campaignDefinition{Signifiers: c.Signifiers, Context: c.Context})
	if err != nil {
		return "", "", "", err
	}
	t := []byte("{}")
	if len(c.Translations) > 0 {
		if t, err = json.Marshal(c.Translations); err != nil {
			return "", "", "", err
		}
	}
	return strings.Join(c.Languages, ","), string(d), string(t), nil
}

// CreateCampaign validates c and stores it. A taken slug is an ECONFLICT
// naming the field "slug"; bad fields are EINVALID.
func (tx *Tx) CreateCampaign(ctx context.Context, c kindred.Campaign) (*kindred.Campaign, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	langs, def, trans, err := campaignArgs(&c)
	if err != nil {
		return nil, fmt.Errorf("create campaign: %w", err)
	}
	id, err := tx.insertID(ctx, `INSERT INTO campaigns (slug, title, prompt, audience, languages, starts_on, ends_on, definition,
		city_id, source_lang, translations, min_story_runes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.Slug, c.Title, c.Prompt, string(c.Audience), langs, c.StartsOn, c.EndsOn, def, nullID(c.CityID),
		c.SourceLang, trans, c.MinStoryLength, tx.now, tx.now)
	if err != nil {
		return nil, fmt.Errorf("create campaign: %w", slugConflict(err))
	}
	return scanCampaign(tx.queryRow(ctx, `SELECT `+campaignColumns+` FROM campaigns WHERE id = ?`, id))
}

// UpdateCampaign validates c and replaces the stored campaign with id c.ID.
// ENOTFOUND if there is none; ECONFLICT if the new slug is taken.
func (tx *Tx) UpdateCampaign(ctx context.Context, c kindred.Campaign) error {
	if err := c.Validate(); err != nil {
		return err
	}
	langs, def, trans, err := campaignArgs(&c)
	if err != nil {
		return fmt.Errorf("update campaign: %w", err)
	}
	_, err = tx.exec(ctx, `UPDATE campaigns SET slug = ?, title = ?, prompt = ?, audience = ?, languages = ?,
		starts_on = ?, ends_on = ?, definition = ?, city_id = ?, source_lang = ?, translations = ?, min_story_runes = ?,
		updated_at = ? WHERE id = ?`,
		c.Slug, c.Title, c.Prompt, string(c.Audience), langs, c.StartsOn, c.EndsOn, def, nullID(c.CityID),
		c.SourceLang, trans, c.MinStoryLength, tx.now, c.ID)
	if err != nil {
		return fmt.Errorf("update campaign: %w", slugConflict(err))
	}
	return nil
}

// SetReportPublished makes the campaign's "What we heard" report a public
// page (published) or takes it down. ENOTFOUND if there is no such
// campaign.
func (tx *Tx) SetReportPublished(ctx context.Context, campaignID int64, published bool) error {
	var at any
	if published {
		at = tx.now
	}
	return tx.execOne(ctx, "publish report", `UPDATE campaigns SET report_published_at = ?, updated_at = ? WHERE id = ?`,
		at, tx.now, campaignID)
}

// slugConflict names the slug field on a unique violation.
func slugConflict(err error) error {
	if kindred.ErrorCode(err) == kindred.ECONFLICT {
		return &kindred.Error{Code: kindred.ECONFLICT, Message: "Another campaign already uses that address.",
			Fields: map[string]string{"slug": "is already in use"}}
	}
	return err
}

// CampaignBySlug returns the campaign with slug. ENOTFOUND if none.
func (s *Store) CampaignBySlug(ctx context.Context, slug string) (*kindred.Campaign, error) {
	c, err := scanCampaign(s.queryRow(ctx, `SELECT `+campaignColumns+` FROM campaigns WHERE slug = ?`, slug))
	if err != nil {
		return nil, fmt.Errorf("campaign %q: %w", slug, s.d.translate(err))
	}
	return c, nil
}

// CampaignSummary is a campaign with its story counts and its city's
// name ("" for a campaign of the whole network), for lists.
type CampaignSummary struct {
	kindred.Campaign
	Stories  int
	Pending  int
	CityName string
}

// Campaigns lists every campaign, newest first, with story counts.
func (s *Store) Campaigns(ctx context.Context) ([]CampaignSummary, error) {
	rows, err := s.query(ctx, `SELECT `+campaignColumns+`,
		(SELECT COUNT(*) FROM stories st WHERE st.campaign_id = campaigns.id AND st.state <> 'withdrawn'),
		(SELECT COUNT(*) FROM stories st WHERE st.campaign_id = campaigns.id AND st.state = 'pending'),
		COALESCE((SELECT name FROM cities WHERE cities.id = campaigns.city_id), '')
		FROM campaigns ORDER BY created_at DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("list campaigns: %w", err)
	}
	defer rows.Close()
	var out []CampaignSummary
	for rows.Next() {
		var cs CampaignSummary
		c, err := scanCampaign(scanFunc(func(dest ...any) error {
			return rows.Scan(append(dest, &cs.Stories, &cs.Pending, &cs.CityName)...)
		}))
		if err != nil {
			return nil, fmt.Errorf("list campaigns: %w", err)
		}
		cs.Campaign = *c
		out = append(out, cs)
	}
	return out, rows.Err()
}

// scanFunc adapts a function to rowScanner, to scan extra columns after a
// shared column list.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// CampaignByID returns the campaign with id. ENOTFOUND if none.
func (s *Store) CampaignByID(ctx context.Context, id int64) (*kindred.Campaign, error) {
	c, err := scanCampaign(s.queryRow(ctx, `SELECT `+campaignColumns+` FROM campaigns WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("campaign %d: %w", id, s.d.translate(err))
	}
	return c, nil
}

// SetCampaignInvites replaces the people invited to a campaign, named by
// email. Addresses without an account are an EINVALID error on the field
// "invited" listing them; nothing changes then.
func (tx *Tx) SetCampaignInvites(ctx context.Context, campaignID int64, emails []string) error {
	var ids []int64
	var unknown []string
	for _, e := range emails {
		e = strings.ToLower(strings.TrimSpace(e))
		if e == "" {
			continue
		}
		var id int64
		err := tx.queryRow(ctx, `SELECT id FROM accounts WHERE email = ?`, e).Scan(&id)
		if err != nil {
			if kindred.ErrorCode(tx.d.translate(err)) != kindred.ENOTFOUND {
				return fmt.Errorf("invite: %w", err)
			}
			unknown = append(unknown, e)
			continue
		}
		ids = append(ids, id)
	}
	if len(unknown) > 0 {
		return &kindred.Error{Code: kindred.EINVALID, Message: "Only people with an account can be invited.",
			Fields: map[string]string{"invited": "has addresses without an account: " + strings.Join(unknown, ", ")}}
	}
	if _, err := tx.exec(ctx, `DELETE FROM campaign_invites WHERE campaign_id = ?`, campaignID); err != nil {
		return fmt.Errorf("invite: %w", err)
	}
	for _, id := range ids {
		if _, err := tx.exec(ctx, `INSERT INTO campaign_invites (campaign_id, account_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, campaignID, id); err != nil {
			return fmt.Errorf("invite: %w", err)
		}
	}
	return nil
}

// CampaignInvites returns the emails of the people invited to a campaign.
func (s *Store) CampaignInvites(ctx context.Context, campaignID int64) ([]string, error) {
	rows, err := s.query(ctx, `SELECT a.email FROM campaign_invites i JOIN accounts a ON a.id = i.account_id
		WHERE i.campaign_id = ? ORDER BY a.email`, campaignID)
	if err != nil {
		return nil, fmt.Errorf("campaign invites: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, fmt.Errorf("campaign invites: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Invited reports whether the account is on the campaign's invitation list
// (see kindred.Campaign.MayTell).
func (s *Store) Invited(ctx context.Context, campaignID, accountID int64) (bool, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM campaign_invites WHERE campaign_id = ? AND account_id = ?`, campaignID, accountID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("invited: %w", err)
	}
	return n > 0, nil
}
