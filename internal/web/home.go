package web

import (
	"context"
	"net/http"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/network"
	"github.com/kindredhq/kindred/internal/store"
)

// welcomeLinkTTL is how long the link in a welcome email works.
const welcomeLinkTTL = 72 * time.Hour

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
}

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
	_, err = s.memberOf(r, a)
	d.HasProfile = err == nil
	return d, nil
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
