package kindred

import (
	"slices"
	"strings"
)

// MayPlanSeason checks that v may compose and re-plan the season of the
// series whose gatherings are gs: the table plans of all of them at once.
// A season is the series' organizers' to plan: administrators, and
// organizers of every city the series meets in (one gathering v may not
// manage is enough to refuse, since composing the season rewrites its
// plan). It returns EFORBIDDEN otherwise, naming the cities; a series
// without gatherings is planned by administrators only.
func (sr *Series) MayPlanSeason(v *Viewer, gs []*Gathering) error {
	if v.IsAdmin() {
		return nil
	}
	var missing []string
	for _, g := range gs {
		if !v.CanOrganize(g.CityID) && !slices.Contains(missing, cityName(g)) {
			missing = append(missing, cityName(g))
		}
	}
	if len(missing) == 0 && len(gs) > 0 {
		return nil
	}
	if len(gs) == 0 {
		return Errorf(EFORBIDDEN, "Only administrators can plan the season of %s: it has no gatherings yet.", sr.Name)
	}
	return Errorf(EFORBIDDEN, "Only organizers of every city %s meets in (%s) and administrators can plan its season.",
		sr.Name, strings.Join(missing, ", "))
}

func cityName(g *Gathering) string {
	if g.CityName == "" {
		return "its city"
	}
	return g.CityName
}
