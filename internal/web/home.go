package web

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/network"
	"github.com/kindredhq/kindred/internal/store"
)

// area is one part of Kindred in the navigation.
type area struct {
	Slug  string
	Name  string
	Blurb string
	Built bool // has its own pages; otherwise a placeholder says it is coming
}

// areas are the parts of the loop Kindred closes, in the order people use them.
var areas = []area{
	{"network", "Network", "Who is in the network: members, their organizations and cities, what they ask for and offer.", true},
	{"gatherings", "Gatherings", "Community of Practice dinners and other convenings, from invitation to check-in.", true},
	{"practices", "Practices", "The library of emerging practices: where each came from and who tried it.", true},
	{"listening", "Listening", "Campaigns that collect bright spots from across the network, in many languages.", true},
	{"emergence", "Emergence", "The relationship network as it grows, and the introductions that would help most.", true},
}

// homeData is what the home page shows a signed-in person.
type homeData struct {
	Counts     store.NetworkCounts
	Practices  []store.PracticeHit
	Campaigns  []store.CampaignSummary
	Stage      string
	HasProfile bool
	Work       *organizerWork // nil for someone who organizes nothing
}

// organizerWork is what waits for an organizer, each a count and a link,
// only for the cities and campaigns they organize.
type organizerWork struct {
	*store.OrganizerWork
	Stories        []store.CampaignSummary // campaigns they organize with stories to moderate
	StoriesPending int
	Proposals      int // member-proposed dinners waiting for their review
}

// Empty reports whether nothing waits.
func (w *organizerWork) Empty() bool {
	return w.Upcoming == 0 && w.Pending == 0 && w.Waitlist == 0 && w.StoriesPending == 0 && w.NotesTotal == 0 && w.Proposals == 0
}

// homeListLimit is how many gatherings each list of an organizer's home
// names; the count says how many there are in all.
const homeListLimit = 3

// notesWindow is how far back an organizer's home looks for harvest notes.
const notesWindow = 30 * 24 * time.Hour

// home is the landing page for visitors and the dashboard for members.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	a := accountFrom(r.Context())
	if a == nil {
		s.render(w, r, http.StatusOK, "home", page{Title: "Kindred"})
		return
	}
	d, err := s.homeData(r, a)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "home", page{Title: "Kindred", Data: d})
}

// homeShared is the part of the dashboard that is the same for everyone.
type homeShared struct {
	counts    store.NetworkCounts
	practices []store.PracticeHit
	campaigns []store.CampaignSummary
	stage     string
}

// homeTables are the tables homeShared is read from: it is reloaded when one
// of them changes (see store.Cached), so counting the whole network no longer
// happens on every visit to the home page.
var homeTables = []string{"members", "organizations", "cities", "practices", "adoptions", "ties",
	"campaigns", "stories", "network_snapshots"}

func (s *Server) homeData(r *http.Request, a *kindred.Account) (*homeData, error) {
	ctx := r.Context()
	sh, err := s.homeCache.Get(s.Store, homeTables, func() (homeShared, error) { return s.loadHomeShared(ctx) })
	if err != nil {
		return nil, err
	}
	d := &homeData{Counts: sh.counts, Practices: sh.practices, Stage: sh.stage}
	today := s.Now().Format(time.DateOnly)
	for _, c := range sh.campaigns {
		if c.OpenOn(today) == nil && len(d.Campaigns) < 3 {
			d.Campaigns = append(d.Campaigns, c)
		}
	}
	v := viewerFrom(r)
	d.HasProfile = v.Member != nil
	if d.Work, err = s.organizerWork(ctx, v, sh.campaigns); err != nil {
		return nil, err
	}
	return d, nil
}

// organizerWork reads what waits for v in the cities and campaigns v
// organizes (kindred.Viewer.OrganizedCities, kindred.Campaign.OrganizedBy);
// nil when v organizes nothing.
func (s *Server) organizerWork(ctx context.Context, v *kindred.Viewer, campaigns []store.CampaignSummary) (*organizerWork, error) {
	if !v.IsOrganizer() {
		return nil, nil
	}
	every, ids := v.OrganizedCities()
	now := s.Now()
	w, err := s.Store.OrganizerWork(ctx, store.CityScope{Every: every, IDs: ids}, now, now.Add(-notesWindow), homeListLimit)
	if err != nil {
		return nil, fmt.Errorf("organizer work: %w", err)
	}
	out := &organizerWork{OrganizerWork: w}
	if out.Proposals, err = s.waitingProposals(ctx, v); err != nil {
		return nil, err
	}
	for _, c := range campaigns {
		if c.Pending > 0 && c.OrganizedBy(v) {
			out.Stories = append(out.Stories, c)
			out.StoriesPending += c.Pending
		}
	}
	return out, nil
}

func (s *Server) loadHomeShared(ctx context.Context) (homeShared, error) {
	var sh homeShared
	var err error
	if sh.counts, err = s.Store.Counts(ctx); err != nil {
		return sh, err
	}
	if sh.practices, err = s.Store.ListPractices(ctx, store.PracticeFilter{Limit: 3}); err != nil {
		return sh, err
	}
	if sh.campaigns, err = s.Store.Campaigns(ctx); err != nil {
		return sh, err
	}
	if idx, err := s.Store.SnapshotIndex(ctx, 1); err == nil && len(idx) == 1 {
		sh.stage = stageWords[network.Stage(idx[0].Stage)].Title
	}
	return sh, nil
}

// areaPage shows an area of Kindred.
func (s *Server) areaPage(a area) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusOK, "area", page{Title: a.Name, Nav: a.Slug, Data: a})
	}
}
