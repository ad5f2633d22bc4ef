package web

import (
	"net/http"
	"time"
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
	{"practices", "Practices", "The library of emerging practices: where each came from and who tried it.", false},
	{"listening", "Listening", "Campaigns that collect bright spots from across the network, in many languages.", false},
	{"emergence", "Emergence", "The relationship network as it grows, and the introductions that would help most.", false},
}

// home is the landing page for visitors and the dashboard for members.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "home", page{Title: "Kindred"})
}

// areaPage shows an area of Kindred.
func (s *Server) areaPage(a area) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusOK, "area", page{Title: a.Name, Nav: a.Slug, Data: a})
	}
}
