package web

import (
	"fmt"
	"html/template"
	"strconv"
	"time"

	"github.com/kindredhq/kindred/internal/diffusion"
)

// travelView is the Emergence page's figure of how practices travel: a
// sentence first, then the statistics behind it. Aggregates only: no
// organization or person is named.
type travelView struct {
	Say     string
	Enough  bool
	Bars    template.HTML
	Details []string
}

// travelWords says in plain words what a snapshot's travel figure found,
// as of at.
func travelWords(f diffusion.Figure, at time.Time) *travelView {
	v := &travelView{Enough: f.Enough()}
	share, chance := pct(f.Share()), pct(f.Chance)
	switch {
	case !f.Enough():
		v.Say = fmt.Sprintf("Too few adoptions to tell yet: %s tried a practice another organization had tried before (the figure needs %d).",
			countWords(f.Adoptions, "organization", "organizations"), diffusion.MinAdoptions)
	case f.P < 0.05 && f.Share() > f.Chance && f.Share() >= 0.5:
		v.Say = fmt.Sprintf("Most adoptions came after people met someone already trying the practice at a gathering: %s, where chance would give %s.", share, chance)
	case f.P < 0.05 && f.Share() > f.Chance:
		v.Say = fmt.Sprintf("%s of adoptions came after people met someone already trying the practice at a gathering, where chance would give %s: practices travel along the ties made there.", capitalize(share), chance)
	default:
		v.Say = fmt.Sprintf("%s of adoptions came after people met someone already trying the practice at a gathering; chance alone would give about %s, so we cannot say yet that the gatherings help practices travel.", capitalize(share), chance)
	}
	if f.Adoptions == 0 {
		return v
	}
	v.Bars = travelBars(f)
	v.Details = []string{
		fmt.Sprintf("%d of %d adoptions came after a tie made at a gathering — sitting at the same table, or both choosing to follow up — between people of the adopting organization and people of an organization that was already trying the practice. Only an organization's first adoption of a practice counts, and only when another organization had tried it before.",
			f.Followed, f.Adoptions),
		fmt.Sprintf("Chance: the same organizations adopting the same practices, with each practice's adoption dates shuffled among them %s times (seed %d). On average %s of adoptions then came after such a tie.",
			groupThousands(f.Permutations), f.Seed, chance),
		fmt.Sprintf("p = %.3f: the share of shuffles in which at least as many adoptions followed such a tie. Below 0.05, chance alone is an unlikely explanation.", f.P),
		fmt.Sprintf("Counted as of %s: ties neither person hid or left unconfirmed, and affiliations everyone in the network can see.", at.Format("2 January 2006")),
	}
	return v
}

// travelBars draws the observed share beside chance's (SVG, so it prints).
func travelBars(f diffusion.Figure) template.HTML {
	const w, label, barH = 460.0, 150.0, 22.0
	bar := func(y float64, name string, share float64, color string) string {
		return fmt.Sprintf(`<text x="0" y="%.0f" font-size="13" fill="#5d5a6b">%s</text><rect x="%.0f" y="%.0f" width="%.1f" height="%.0f" rx="3" fill="%s"/>`+
			`<text x="%.1f" y="%.0f" font-size="13" fill="#1d1b26">%s</text>`,
			y+15, name, label, y, max(1, share*(w-label-50)), barH, color, label+share*(w-label-50)+6, y+15, pct(share))
	}
	return template.HTML(fmt.Sprintf(`<svg class="travel-bars" viewBox="0 0 %.0f 64" role="img" aria-label="%s of adoptions came after a gathering tie; chance would give %s">%s%s</svg>`,
		w, pct(f.Share()), pct(f.Chance), bar(4, "After a gathering", f.Share(), "#5b3cc4"), bar(36, "By chance", f.Chance, "#b9b3cc")))
}

// groupThousands writes n with commas between thousands: 1,000.
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
