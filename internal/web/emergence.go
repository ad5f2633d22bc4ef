package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/directory"
	"github.com/kindredhq/kindred/internal/emergence"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/network"
)

// registerEmergence adds the Emergence area and the ledger pages.
func (s *Server) registerEmergence(mux Mux) {
	mux.Handle("GET /emergence", s.signedIn(s.handle(s.emergencePage)))
	mux.Handle("POST /emergence/snapshots", s.signedIn(s.handle(s.requestSnapshot)))
	mux.Handle("GET /emergence/map.json", s.signedIn(s.handle(s.networkMap)))
	mux.Handle("GET /emergence/network", s.signedIn(s.handle(s.exportNetwork)))
	mux.Handle("POST /emergence/introductions", s.signedIn(s.handle(s.sendIntroduction)))
	mux.HandleFunc("GET /introductions/accept", s.acceptIntroductionPage)
	mux.HandleFunc("POST /introductions/accept", s.handle(s.acceptIntroduction))
	mux.Handle("GET /me/ties", s.signedIn(s.handle(s.myTies)))
	mux.Handle("POST /me/ties/{id}", s.signedIn(s.handle(s.hideTie)))
	mux.Handle("POST /me/ties/{id}/confirm", s.signedIn(s.handle(s.answerTie(true))))
	mux.Handle("POST /me/ties/{id}/decline", s.signedIn(s.handle(s.answerTie(false))))
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
	Periods    []time.Time // snapshot dates, oldest first, for the map's timeline
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
	// People is what the viewer may see of those the report names (their
	// organization as the viewer may see it), by member id.
	People map[string]directory.Person
	// Introductions are the report's suggestions the viewer may send.
	Introductions []network.Introduction
	// Plain says what the measures mean in sentences; Measures are the
	// statistics behind them, each with a plain explanation, under "details".
	Plain    []string
	Measures []measure
	// Travel is how often adoptions followed gathering ties (nil in
	// snapshots taken before it was measured).
	Travel *travelView
}

// measure is one statistic and what it means.
type measure struct{ Name, Value, Meaning string }

// trend is one measure over the snapshots, drawn as a sparkline.
type trend struct {
	Label string
	Last  string
	Spark template.HTML
}

// emergencePage shows the latest snapshot of the relationship network.
func (s *Server) emergencePage(w http.ResponseWriter, r *http.Request) error {
	viewer := viewerFrom(r)
	history, err := s.reports.History(r.Context(), s.Store, 24)
	if err != nil {
		return err
	}
	d := emergenceData{Organizer: viewer.OrganizesSomewhere()}
	if len(history) > 0 {
		d.fill(history)
		if err := s.namePeople(r, &d); err != nil {
			return err
		}
		fb, err := s.Gatherings.NetworkFeedback(r.Context())
		if err != nil {
			return err
		}
		d.Plain = append(d.Plain, meetAgainWords(fb)...)
	}
	if d.Cities, err = s.Store.Cities(r.Context()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "emergence", page{Title: "Emergence", Nav: "emergence", Data: d})
	return nil
}

// namePeople looks up what the viewer may see of the people an organizer's
// part of the page names, and keeps the introductions the viewer may send.
func (s *Server) namePeople(r *http.Request, d *emergenceData) error {
	if !d.Organizer {
		return nil
	}
	rep := d.Report
	var ids []int64
	for id := range rep.Names {
		n, _ := strconv.ParseInt(id, 10, 64)
		ids = append(ids, n)
	}
	people, err := s.Directory.People(r.Context(), viewerFrom(r), ids)
	if err != nil {
		return err
	}
	d.People = make(map[string]directory.Person, len(people))
	for id, p := range people {
		d.People[strconv.FormatInt(id, 10)] = p
	}
	for _, in := range rep.Weaving.Introductions {
		if d.People[in.A].Introducible && d.People[in.B].Introducible {
			d.Introductions = append(d.Introductions, in)
		}
	}
	return nil
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
	for _, h := range history {
		d.Periods = append(d.Periods, h.At)
	}
	d.Plain, d.Measures = plainWords(rep, d.Org)
	if rep.Travel != nil {
		d.Travel = travelWords(*rep.Travel, rep.At)
	}
	for _, b := range rep.Analysis.Bridging {
		if b.Attribute == "city" || b.Attribute == "role" {
			d.Others = append(d.Others, bridgingTableOf(b))
		}
	}
}

// plainWords says in sentences what the latest report measured, and lists
// the statistics behind them with their meaning.
func plainWords(rep *emergence.Report, org *network.Bridging) ([]string, []measure) {
	a := rep.Analysis
	var say []string
	switch {
	case rep.PeopleWithOrg > 0 && rep.CrossOrg >= 0.5:
		say = append(say, fmt.Sprintf("Most people now know someone in another organization (%s of those with ties).", pct(rep.CrossOrg)))
	case rep.PeopleWithOrg > 0:
		say = append(say, fmt.Sprintf("%s of people know someone in another organization; most connections still stay inside organizations.", capitalize(pct(rep.CrossOrg))))
	case org != nil:
		say = append(say, fmt.Sprintf("%s of connections join people from different organizations.", capitalize(pct(org.CrossShare))))
	}
	if reach := int(a.TwoStepReachShare*float64(a.Members-1) + 0.5); reach > 0 {
		say = append(say, fmt.Sprintf("A person can reach about %d others through a single introduction.", reach))
	}
	switch {
	case a.DegreeCentralization >= network.SingleHubAbove:
		say = append(say, "One person, or very few, holds most connections: if they stepped away, many would lose touch.")
	case a.DegreeCentralization >= 0.2:
		say = append(say, "A few people hold many more connections than most; the network leans on them.")
	default:
		say = append(say, "Connections are spread across many people: no single person holds the network together.")
	}
	if a.Core.CoreSize > 0 && 2*a.Core.CoreSize <= a.Members {
		say = append(say, fmt.Sprintf("A core of %d people know each other well; the others are connected to them more loosely.", a.Core.CoreSize))
	}
	if a.Components > 1 {
		say = append(say, fmt.Sprintf("The largest connected group holds %s of people; the others are in %d smaller groups that do not reach it yet.", pct(a.LargestShare), a.Components-1))
	}
	m := []measure{
		{"Degree centralization", fmt.Sprintf("%.2f", a.DegreeCentralization), "0 when everyone has as many connections as everyone else, 1 when one person holds them all."},
		{"Core–periphery fit", fmt.Sprintf("%.2f (the core's density %.2f)", a.Core.Fit, a.Core.CoreDensity), "How closely the network looks like a tight core with a looser edge around it: 1 is exactly that shape."},
		{"Density", fmt.Sprintf("%.4f (%.1f connections each on average)", a.Density, a.AverageDegree), "The share of all possible pairs of people who are connected."},
		{"Modularity", fmt.Sprintf("%.2f over %d communities", a.Modularity, a.CommunityCount), "How much more connections stay inside communities than chance would give; above 0.3 the communities are distinct."},
	}
	if org != nil {
		m = append(m, measure{"E–I index (organizations)", fmt.Sprintf("%.2f", org.EI), "Krackhardt and Stern's index of connections across groups: −1 when every connection stays inside an organization, +1 when every one crosses."})
	}
	return say, m
}

// pct writes a share as a whole percentage.
func pct(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) }

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
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
func (s *Server) requestSnapshot(w http.ResponseWriter, r *http.Request) error {
	if err := s.Directory.RequestSnapshot(r.Context(), viewerFrom(r)); err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), "flash", "A new snapshot is being taken; it appears here in a minute.")
	http.Redirect(w, r, "/emergence", http.StatusSeeOther)
	return nil
}

// networkMap answers the map's data (directory.Service.NetworkMap): every
// member with shared ties the viewer may see, placed by the server.
func (s *Server) networkMap(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	mq, err := directory.ParseMapQuery(q.Get("city"), q.Get("until"), q.Get("community"), q.Get("q"))
	if err != nil {
		return err
	}
	m, err := s.Directory.NetworkMap(r.Context(), viewerFrom(r), mq)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "private, max-age=60")
	_ = json.NewEncoder(w).Encode(m)
	return nil
}

// exportNetwork downloads the network the viewer may see as a GEXF, GraphML
// or Kumu JSON file (directory.Service.ExportNetwork).
func (s *Server) exportNetwork(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	scope, err := directory.ParseScope(q.Get("city"), q.Get("until"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := s.Directory.ExportNetwork(r.Context(), viewerFrom(r), scope, q.Get("format"), &buf); err != nil {
		return err
	}
	f, _ := directory.ExportFormat(q.Get("format"))
	w.Header().Set("Content-Type", f.MediaType())
	w.Header().Set("Content-Disposition", `attachment; filename="kindred-network`+f.Extension()+`"`)
	_, _ = buf.WriteTo(w)
	return nil
}

// meetAgainWords says in plain words what the after-dinner answers of the
// past year tell of ties forming: how many guests named someone they would
// like to meet again, and how many pairs named each other. They are
// evidence beside the stage, not ties in the map, and never say who.
func meetAgainWords(fb *kindred.FeedbackSummary) []string {
	switch {
	case fb.Answered == 0:
		return nil
	case !fb.Shown:
		return []string{fmt.Sprintf("Fewer than %d guests answered the after-dinner question this past year, so their wishes to meet again are not counted yet.", emergence.MinCell)}
	}
	pairs := "no pair named each other yet"
	if fb.Mutual > 0 {
		pairs = fmt.Sprintf("%d %s named each other", fb.Mutual, map[bool]string{true: "pair", false: "pairs"}[fb.Mutual == 1])
	}
	return []string{fmt.Sprintf("After dinners this past year, %d of the %d guests who answered named someone they'd like to meet again, and %s: "+
		"a sign of ties forming beyond the table. These wishes are counted here only; they are not in the map, and nobody sees who named whom.",
		fb.MeetAgain, fb.Answered, pairs)}
}
