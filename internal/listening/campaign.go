package listening

import (
	"context"
	"fmt"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// CampaignInput is what creating or changing a campaign takes: the
// campaign as typed and the emails of the accounts invited to tell stories.
type CampaignInput struct {
	Campaign kindred.Campaign
	Invited  []string
}

// CreateCampaign makes a campaign in a city v organizes (or, for those who
// organize the network, for the whole network) with its invitations. It
// answers EFORBIDDEN to those who run no campaign at all
// (kindred.MayRunCampaigns), EINVALID naming the bad fields, EFORBIDDEN on
// city_id outside v's cities and ECONFLICT on slug when the address is
// taken.
func (s *Service) CreateCampaign(ctx context.Context, v *kindred.Viewer, in CampaignInput) (*kindred.Campaign, error) {
	if !kindred.MayRunCampaigns(v) {
		return nil, kindred.Errorf(kindred.EFORBIDDEN, "Only organizers run listening campaigns.")
	}
	c := in.Campaign
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := c.MayCreate(v); err != nil {
		return nil, err
	}
	var made *kindred.Campaign
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		if made, err = tx.CreateCampaign(ctx, c); err != nil {
			return err
		}
		if err := tx.SetCampaignInvites(ctx, made.ID, in.Invited); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "campaign.create", campaignSubject(made), made.Title)
	})
	if err != nil {
		return nil, fmt.Errorf("create campaign: %w", err)
	}
	return made, nil
}

// UpdateCampaign replaces the campaign with slug by the one typed, with
// its invitations. v must organize the campaign as it is and as it will be
// (moving it to a city v does not organize is refused on city_id). Errors
// as CreateCampaign, and ENOTFOUND for an unknown slug.
func (s *Service) UpdateCampaign(ctx context.Context, v *kindred.Viewer, slug string, in CampaignInput) (*kindred.Campaign, error) {
	old, err := s.Organized(ctx, v, slug)
	if err != nil {
		return nil, err
	}
	c := in.Campaign
	c.ID = old.ID
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := c.MayCreate(v); err != nil {
		return nil, err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateCampaign(ctx, c); err != nil {
			return err
		}
		if err := tx.SetCampaignInvites(ctx, c.ID, in.Invited); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "campaign.update", campaignSubject(&c), c.Title)
	})
	if err != nil {
		return nil, fmt.Errorf("update campaign: %w", err)
	}
	return &c, nil
}

// campaignSubject is how the audit log names a campaign.
func campaignSubject(c *kindred.Campaign) string { return c.Slug }
