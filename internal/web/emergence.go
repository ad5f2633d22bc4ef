package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/emergence"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/network"
	"github.com/kindredhq/kindred/internal/store"
)

// registerEmergence adds the Emergence area and the ledger pages.
func (s *Server) registerEmergence(mux Mux) {
	mux.Handle("GET /emergence", s.signedIn(s.emergencePage))
	mux.Handle("POST /emergence/snapshots", s.signedIn(s.requestSnapshot))
	mux.Handle("GET /emergence/map.json", s.signedIn(s.networkMap))
	mux.Handle("POST /emergence/introductions", s.signedIn(s.sendIntroduction))
	mux.HandleFunc("GET /introductions/accept", s.acceptIntroductionPage)
	mux.HandleFunc("POST /introductions/accept", s.acceptIntroduction)
	mux.Handle("GET /me/ties", s.signedIn(s.myTies))
	mux.Handle("POST /me/ties/{id}", s.signedIn(s.hideTie))
}

// stageWords explains each lifecycle stage in plain words.
var stageWords = map[network.Stage]struct{ Title, Meaning string }{
	network.StageFragments:     {"Scattered fragments", "Most people are in small clusters that do not reach each other yet."},
	network.StageSingleHub:     {"A single hub", "One weaver holds the network together: most connections run through them."},
	network.StageMultiHub:      {"Several hubs", "Several weavers each connect their own cluster, and the clusters are starting to link."},
	network.StageCorePeriphery: {"Core and periphery", "A dense core of well-connected people, with a wide periphery reaching new people."},
	network.StagePractice:      {"Communities of practice", "Lasting groups learn together across organizations, and keep their shape month after month."},
	network.StageInfluence:     {"A system of influence", "Communities of practice connect to each other: practices can spread across the whole network."},
}

// emergenceData is what the Emergence page shows.
type emergenceData struct {
	Report     *emergence.Report
	Periods    []time.Time // snapshot dates, newest first, for the map's period filter
	Others     []bridgingTable
	StageTitle string
	Meaning    string
	Org        *network.Bridging
	Groups     []network.GroupBridging // large enough to show
	Hidden     int                     // groups too small to show
	Trends     []trend
	Organizer  bool
	Brokers    []network.NodeMetrics
	Cities     []kindred.City
}

// trend is one measure over the snapshots, drawn as a sparkline.
type trend struct {
	Label string
	Last  string
	Spark template.HTML
}

// emergencePage shows the latest snapshot of the relationship network.
func (s *Server) emergencePage(w http.ResponseWriter, r *http.Request) {
	viewer := accountFrom(r.Context())
	history, err := s.reports.History(r.Context(), s.Store, 24)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := emergenceData{Organizer: canManage(viewer)}
	if len(history) > 0 {
		d.fill(history)
	}
	if d.Cities, err = s.Store.Cities(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "emergence", page{Title: "Emergence", Nav: "emergence", Data: d})
}

func (d *emergenceData) fill(history []*emergence.Report) {
	rep := history[len(history)-1]
	d.Report = rep
	words := stageWords[rep.Stage.Stage]
	d.StageTitle, d.Meaning = words.Title, words.Meaning
	for i := range rep.Analysis.Bridging {
		if b := &rep.Analysis.Bridging[i]; b.Attribute == "organization" {
			d.Org = b
			for _, g := range b.Groups {
				if g.Members >= emergence.MinCell && len(d.Groups) < 25 {
					d.Groups = append(d.Groups, g)
				} else if g.Members < emergence.MinCell {
					d.Hidden++
				}
			}
		}
	}
	if d.Organizer {
		d.Brokers = rep.Brokers[:min(8, len(rep.Brokers))]
	}
	d.Trends = trends(history)
	for i := len(history) - 1; i >= 0; i-- {
		d.Periods = append(d.Periods, history[i].At)
	}
	for _, b := range rep.Analysis.Bridging {
		if b.Attribute == "city" || b.Attribute == "role" {
			d.Others = append(d.Others, bridgingTableOf(b))
		}
	}
}

// bridgingTable is the E–I table of one attribute, without groups too small
// to show.
type bridgingTable struct {
	Attribute string
	EI        float64
	Groups    []network.GroupBridging
	Hidden    int
}

func bridgingTableOf(b network.Bridging) bridgingTable {
	t := bridgingTable{Attribute: b.Attribute, EI: b.EI}
	for _, g := range b.Groups {
		if g.Members >= emergence.MinCell && len(t.Groups) < 12 {
			t.Groups = append(t.Groups, g)
		} else if g.Members < emergence.MinCell {
			t.Hidden++
		}
	}
	return t
}

// trends turns the history into sparklines.
func trends(history []*emergence.Report) []trend {
	series := []struct {
		label  string
		value  func(*emergence.Report) float64
		format string
	}{
		{"Ties", func(r *emergence.Report) float64 { return float64(r.Analysis.Ties) }, "%.0f"},
		{"People connected", func(r *emergence.Report) float64 { return float64(r.Analysis.Members - r.Analysis.Isolates) }, "%.0f"},
		{"In the largest group", func(r *emergence.Report) float64 { return 100 * r.Analysis.LargestShare }, "%.0f%%"},
		{"Ties across organizations", func(r *emergence.Report) float64 { return 100 * crossShare(r) }, "%.0f%%"},
	}
	var out []trend
	for _, s := range series {
		vals := make([]float64, len(history))
		for i, h := range history {
			vals[i] = s.value(h)
		}
		out = append(out, trend{Label: s.label, Last: fmt.Sprintf(s.format, vals[len(vals)-1]), Spark: sparkline(vals)})
	}
	return out
}

func crossShare(r *emergence.Report) float64 {
	for _, b := range r.Analysis.Bridging {
		if b.Attribute == "organization" {
			return b.CrossShare
		}
	}
	return 0
}

// sparkline draws values as a small SVG line (server-rendered, so it prints).
func sparkline(vals []float64) template.HTML {
	const w, h = 160.0, 36.0
	lo, hi := vals[0], vals[0]
	for _, v := range vals {
		lo, hi = min(lo, v), max(hi, v)
	}
	if hi == lo {
		hi = lo + 1
	}
	var pts []string
	for i, v := range vals {
		x := w / 2
		if len(vals) > 1 {
			x = float64(i) * w / float64(len(vals)-1)
		}
		y := h - 3 - (v-lo)/(hi-lo)*(h-6)
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
	}
	last := pts[len(pts)-1]
	var cx, cy float64
	fmt.Sscanf(last, "%f,%f", &cx, &cy)
	return template.HTML(fmt.Sprintf(`<svg class="spark" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="trend over %d snapshots">`+
		`<polyline fill="none" stroke="currentColor" stroke-width="2" points="%s"/><circle cx="%.1f" cy="%.1f" r="3" fill="currentColor"/></svg>`,
		w, h, w, h, len(vals), strings.Join(pts, " "), cx, cy))
}

// requestSnapshot queues a fresh snapshot (organizers).
func (s *Server) requestSnapshot(w http.ResponseWriter, r *http.Request) {
	if !canManage(accountFrom(r.Context())) {
		s.errorPage(w, r, http.StatusForbidden, "Only organizers and administrators can take snapshots.")
		return
	}
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) error { return s.Queue.TakeSnapshot(r.Context(), tx) })
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", "A new snapshot is being taken; it appears here in a minute.")
	http.Redirect(w, r, "/emergence", http.StatusSeeOther)
}

// MapLimit is the most members the map draws: the most connected ones.
const MapLimit = 400

// networkMap answers the map's data: shared ties only, so it shows nothing a
// member has hidden.
func (s *Server) networkMap(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	city, _ := strconv.ParseInt(q.Get("city"), 10, 64)
	until, _ := time.Parse(time.DateOnly, q.Get("until")) // empty or bad: today
	m, err := emergence.MapOf(r.Context(), s.Store, city, until, q.Get("color") == "community", MapLimit)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "private, max-age=60")
	_ = json.NewEncoder(w).Encode(m)
}
