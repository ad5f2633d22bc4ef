package tableplan

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/seating"
	"github.com/kindredhq/kindred/internal/store"
)

// maxBrightSpots is how many bright spots a table's prompt card prints.
const maxBrightSpots = 2

// TableTheme is the theme a table of a plan by theme shares: who shares
// it, and the bright spots its prompt card prints.
type TableTheme struct {
	Theme       string
	Guests      []string // names of the guests who share it
	BrightSpots []store.BrightSpot
}

// memberThemes reads the themes of the given members: the theme areas and
// tags of the practices they are a contact for, and the themes (latest
// run, with the organizers' edits) of the approved stories they told under
// their own name. Themes repeat once per member, in first-seen order.
func (p *Planner) memberThemes(ctx context.Context, ids []int64) (map[int64][]string, error) {
	src, err := p.Store.ThemeSources(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := map[int64][]string{}
	add := func(m int64, theme string) {
		if theme = strings.TrimSpace(theme); theme != "" && !slices.ContainsFunc(out[m], func(t string) bool { return strings.EqualFold(t, theme) }) {
			out[m] = append(out[m], theme)
		}
	}
	for m, themes := range src.Practices {
		for _, th := range themes {
			add(m, th)
		}
	}
	labels := map[int64]map[int64]string{} // campaign → story → theme label
	for m, refs := range src.Stories {
		for _, ref := range refs {
			if _, ok := labels[ref.CampaignID]; !ok {
				if labels[ref.CampaignID], err = p.storyThemes(ctx, ref.CampaignID); err != nil {
					return nil, err
				}
			}
			add(m, labels[ref.CampaignID][ref.StoryID])
		}
	}
	return out, nil
}

// storyThemes maps each story of a campaign's latest theme run to its
// theme's label; empty when the campaign was never themed.
func (p *Planner) storyThemes(ctx context.Context, campaignID int64) (map[int64]string, error) {
	run, err := p.Store.LatestThemeRun(ctx, campaignID)
	switch {
	case kindred.ErrorCode(err) == kindred.ENOTFOUND:
		return map[int64]string{}, nil
	case err != nil:
		return nil, err
	}
	out := map[int64]string{}
	for _, th := range run.Result.Themes {
		for _, id := range th.Members {
			out[id] = th.Label
		}
	}
	return out, nil
}

// addThemes gives prob's guests their themes and counts every pair the
// ledger already connects as having met, so the theme bonus goes to
// people who share a theme and are not yet connected.
func (p *Planner) addThemes(ctx context.Context, r *Roster, prob *seating.Problem) error {
	ids := make([]int64, 0, len(prob.Guests))
	for _, g := range prob.Guests {
		ids = append(ids, r.member[g.ID])
	}
	themes, err := p.memberThemes(ctx, ids)
	if err != nil {
		return fmt.Errorf("tables by theme: %w", err)
	}
	for i := range prob.Guests {
		prob.Guests[i].Themes = themes[ids[i]]
	}
	connected, err := p.Store.ConnectedPairs(ctx, ids)
	if err != nil {
		return err
	}
	met := map[[2]string]bool{}
	for _, h := range prob.History {
		met[[2]string{h.A, h.B}], met[[2]string{h.B, h.A}] = true, true
	}
	for pair := range connected {
		a, b := r.seatID[pair[0]], r.seatID[pair[1]]
		if !met[[2]string{a, b}] {
			prob.History = append(prob.History, seating.Meeting{A: a, B: b, Times: 1})
		}
	}
	slices.SortFunc(prob.History, func(x, y seating.Meeting) int { return strings.Compare(x.A+"\x00"+x.B, y.A+"\x00"+y.B) })
	return nil
}

// TableThemes returns, for a plan by theme, the theme each table shares
// (TableThemes[r][t], round and table from 0; nil where guests share
// none) with the bright spots its prompt card prints: those every member
// of the network may read (public or network consent), never a teller's
// name. A plan not by theme has none.
func (p *Planner) TableThemes(ctx context.Context, r *Roster, plan *kindred.TablePlan) ([][]*TableTheme, error) {
	if !plan.ByTheme || len(plan.Seats) == 0 {
		return nil, nil
	}
	scored, err := p.evaluate(ctx, r, plan)
	if err != nil {
		return nil, err
	}
	out := make([][]*TableTheme, len(scored.TableThemes))
	var names []string
	for ri, tables := range scored.TableThemes {
		out[ri] = make([]*TableTheme, len(tables))
		for ti, shared := range tables {
			if len(shared) > 0 {
				out[ri][ti] = &TableTheme{Theme: shared[0].Theme, Guests: shared[0].Guests}
				names = append(names, shared[0].Theme)
			}
		}
	}
	spots, err := p.Store.BrightSpots(ctx, names)
	if err != nil {
		return nil, err
	}
	for _, tables := range out {
		for _, tt := range tables {
			for _, b := range spots {
				if tt != nil && strings.EqualFold(b.Theme, tt.Theme) && len(tt.BrightSpots) < maxBrightSpots {
					tt.BrightSpots = append(tt.BrightSpots, b)
				}
			}
		}
	}
	return out, nil
}
