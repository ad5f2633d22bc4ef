package web

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/tableplan"
)

// registerTables adds the table composer's pages: hosts compose, edit and
// lock a gathering's table plan and print its place cards.
func (s *Server) registerTables(mux Mux) {
	mux.Handle("GET /gatherings/{id}/tables", s.signedIn(s.handle(s.tablesPage)))
	mux.Handle("POST /gatherings/{id}/tables", s.signedIn(s.handle(s.composeTables)))
	mux.Handle("POST /gatherings/{id}/tables/move", s.signedIn(s.handle(s.moveGuest)))
	mux.Handle("POST /gatherings/{id}/tables/pin", s.signedIn(s.handle(s.pinGuest)))
	mux.Handle("POST /gatherings/{id}/tables/lock", s.signedIn(s.handle(s.lockTables)))
	mux.Handle("POST /gatherings/{id}/tables/ties", s.signedIn(s.handle(s.writeTableTies)))
	mux.Handle("GET /gatherings/{id}/tables/cards", s.signedIn(s.handle(s.placeCards)))
}

func (s *Server) planner() *tableplan.Planner {
	return &tableplan.Planner{Store: s.Store, Queue: s.Queue}
}

// tablesData is what the table plan page shows.
type tablesData struct {
	G          *kindred.Gathering
	When       string
	Plan       *kindred.TablePlan // nil before the first composition
	Rounds     []roundView
	Assessed   *tableplan.Assessment // nil on the place cards, which show no scores
	Coming     int
	Seated     []tableplan.Guest // for the move form, by name
	Guests     []tableplan.Guest // coming, by name, for the seating rules form
	Rules      []kindred.SeatingRule
	Held       bool
	RoundNums  []int
	TableCount int
	roster     *tableplan.Roster
}

// Revision is the plan's revision, which every form changing the plan sends
// back; 0 before the first composition.
func (d *tablesData) Revision() int {
	if d.Plan == nil {
		return 0
	}
	return d.Plan.Revision
}

// name is the name of a guest, for messages.
func (d *tablesData) name(memberID int64) string { return d.roster.Guest(memberID).Name }

// roundView is one round's tables.
type roundView struct {
	Number int
	Tables []tableView
}

// tableView is one table card.
type tableView struct {
	Number int
	Orgs   int
	Seats  []seatView
	Theme  *themeView // the theme the table shares, in a plan by theme
}

// seatView is one guest at a table.
type seatView struct {
	tableplan.Guest
	Pinned  bool
	Explain string
}

// tablesDetails reads the gathering's plan (if any) and lays it out; with
// assess, it also scores the plan and explains each seat, as the tables page
// shows.
func (s *Server) tablesDetails(r *http.Request, g *kindred.Gathering, assess bool) (*tablesData, error) {
	ctx := r.Context()
	d := &tablesData{G: g, When: jobs.WhenText(g), Held: g.Status == kindred.GatheringHeld}
	p := s.planner()
	var err error
	if d.roster, err = p.Roster(ctx, g); err != nil {
		return nil, err
	}
	d.Coming = len(d.roster.Coming)
	d.Rules = d.roster.Rules
	d.Guests = byName(slices.Clone(d.roster.Coming))
	d.Plan, err = s.Store.TablePlan(ctx, g.ID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return d, nil
	}
	if err != nil {
		return nil, err
	}
	var explain map[int64]string
	if assess {
		if d.Assessed, err = p.Assess(ctx, d.roster, d.Plan); err != nil {
			return nil, err
		}
		explain = d.Assessed.Explain
	}
	d.TableCount = d.Plan.TableCount()
	for i, tables := range d.Plan.Layout() {
		d.RoundNums = append(d.RoundNums, i+1)
		d.Rounds = append(d.Rounds, layoutRound(i+1, tables, d.roster, explain))
	}
	for _, id := range d.Plan.MemberIDs() {
		d.Seated = append(d.Seated, d.roster.Guest(id))
	}
	byName(d.Seated)
	return d, s.addTableThemes(ctx, d)
}

// byName sorts guests by name for the pages' menus, and returns them.
func byName(gs []tableplan.Guest) []tableplan.Guest {
	slices.SortStableFunc(gs, func(a, b tableplan.Guest) int { return strings.Compare(a.Name, b.Name) })
	return gs
}

// layoutRound makes the table cards of one round from its seats by table,
// explaining each seat when explain has a sentence for the guest.
func layoutRound(number int, tables [][]kindred.Seat, roster *tableplan.Roster, explain map[int64]string) roundView {
	rv := roundView{Number: number, Tables: make([]tableView, len(tables))}
	for i, seats := range tables {
		tv := tableView{Number: i + 1, Seats: make([]seatView, len(seats))}
		orgs := map[string]bool{}
		for j, seat := range seats {
			gu := roster.Guest(seat.MemberID)
			tv.Seats[j] = seatView{Guest: gu, Pinned: seat.Pinned, Explain: explain[seat.MemberID]}
			if gu.Org != "" {
				orgs[gu.Org] = true
			}
		}
		// Hosts first, then by name, so each card reads like a place setting.
		sort.SliceStable(tv.Seats, func(i, j int) bool {
			if tv.Seats[i].Host != tv.Seats[j].Host {
				return tv.Seats[i].Host
			}
			return tv.Seats[i].Name < tv.Seats[j].Name
		})
		tv.Orgs = len(orgs)
		rv.Tables[i] = tv
	}
	return rv
}

// tablesDefaults is the compose form's starting values: the plan's settings, or
// one round at the gathering's table size.
func tablesDefaults(d *tablesData) url.Values {
	rounds, size := 1, d.G.TableSize
	if d.Plan != nil {
		rounds, size = d.Plan.Rounds, d.Plan.TableSize
	}
	languages := "1"
	if d.Plan != nil && !d.Plan.ByLanguage {
		languages = "0"
	}
	form := url.Values{"rounds": {strconv.Itoa(rounds)}, "table_size": {strconv.Itoa(size)}, "languages": {languages}, "round": {"1"}}
	if d.Plan != nil && d.Plan.ByTheme {
		form.Set("by_theme", "1")
	}
	return form
}

// tablesPage shows the table plan with its figures, or the form to compose one.
func (s *Server) tablesPage(w http.ResponseWriter, r *http.Request) error {
	g, err := s.organized(r)
	if err != nil {
		return err
	}
	s.renderTables(w, r, g, http.StatusOK, nil, nil)
	return nil
}

// renderTables renders the page; with err, it shows the problem and keeps
// what was typed. When someone else changed the plan first, the page shows
// the plan as it is now, saying who changed it, when, and that what (the
// host's change) was not applied.
func (s *Server) renderTables(w http.ResponseWriter, r *http.Request, g *kindred.Gathering, status int, err error, what attempt) {
	d, derr := s.tablesDetails(r, g, true)
	if derr != nil {
		s.serverError(w, r, derr)
		return
	}
	p := page{Title: "Tables · " + g.Title, Nav: "gatherings", Data: d, Form: tablesDefaults(d)}
	if err == nil {
		s.render(w, r, status, "tables", p)
		return
	}
	var changed *kindred.PlanChanged
	if errors.As(err, &changed) {
		err = kindred.Errorf(kindred.ECONFLICT, "%s", s.changedMessage(r, d, changed, what))
	}
	for k, v := range r.PostForm {
		p.Form[k] = v
	}
	s.fail(w, r, "tables", p, err)
}

// attempt words a change a host asked of the plan, naming guests from d, for
// the message when someone else changed the plan first: "your move of Ana
// Souza to table 3".
type attempt func(d *tablesData) string

// changedMessage tells a host their change was not applied because the plan
// changed first: who changed it and when, in the gathering's time zone.
func (s *Server) changedMessage(r *http.Request, d *tablesData, c *kindred.PlanChanged, what attempt) string {
	who := c.By
	switch {
	case c.ByID != 0 && c.ByID == accountFrom(r.Context()).ID:
		who = "You (in another tab or window)"
	case who == "":
		who = "Someone"
	}
	zone := d.G.Location()
	at, now := c.At.In(zone), s.Now().In(zone)
	when := "at " + at.Format("15:04 MST")
	if at.Format(time.DateOnly) != now.Format(time.DateOnly) {
		when = "on " + at.Format("2 Jan") + " " + when
	}
	change := "your change"
	if what != nil {
		change = what(d)
	}
	return fmt.Sprintf("%s changed this plan %s — %s was not applied; here is the plan as it is now.", who, when, change)
}

// composeTables seats the guests: "compose" keeps the pins and the seed,
// "shuffle" keeps the pins and tries a new seed.
func (s *Server) composeTables(w http.ResponseWriter, r *http.Request) error {
	g, err := s.organizedForm(r)
	if err != nil {
		return err
	}
	ch, shuffle := planChange(r), r.PostForm.Get("action") == "shuffle"
	set, err := composeSettings(r.PostForm)
	msg := "The tables are composed."
	if err == nil {
		set.Seed, set.KeepPins = s.composeSeed(r, g, shuffle), true
		var plan *kindred.TablePlan
		if plan, err = s.planner().Compose(r.Context(), g, ch, set); err == nil {
			msg = strings.Join(append([]string{msg}, plan.Relaxed...), " ")
		}
	}
	what := "your re-run around the pins"
	switch {
	case shuffle:
		what = "your shuffle"
	case ch.Against == 0:
		what = "your composition of the tables"
	}
	return s.afterTableEdit(w, r, g, err, msg, func(*tablesData) string { return what })
}

// planChange is who changes the plan from a form, and the revision the form
// was made against. A form naming none was made against no plan, so it can
// never overwrite one.
func planChange(r *http.Request) tableplan.Change {
	against, _ := strconv.Atoi(r.PostForm.Get("revision"))
	return tableplan.Change{Viewer: viewerFrom(r), Against: against}
}

// composeSeed is the stored plan's seed, so composing again gives the same
// tables for the same guests, or a new one when shuffling or composing the
// first time.
func (s *Server) composeSeed(r *http.Request, g *kindred.Gathering, shuffle bool) int64 {
	if old, err := s.Store.TablePlan(r.Context(), g.ID); err == nil && !shuffle {
		return old.Seed
	}
	if !shuffle {
		return g.ID
	}
	return rand.Int64N(1 << 53)
}

func composeSettings(f url.Values) (tableplan.Settings, error) {
	var pr kindred.Problems
	rounds, err := strconv.Atoi(f.Get("rounds"))
	if err != nil {
		pr.Add("rounds", "must be a whole number")
	}
	size, err := strconv.Atoi(f.Get("table_size"))
	if err != nil {
		pr.Add("table_size", "must be a whole number")
	}
	return tableplan.Settings{Rounds: rounds, TableSize: size, IgnoreLanguages: f.Get("languages") == "0", ByTheme: f.Get("by_theme") == "1"}, pr.Err()
}

// seatForm reads the guest and round a seat form names.
func seatForm(f url.Values) (member int64, round int, err error) {
	var pr kindred.Problems
	if member, err = strconv.ParseInt(f.Get("member"), 10, 64); err != nil {
		pr.Add("member", "must be chosen from the list")
	}
	if round, err = strconv.Atoi(f.Get("round")); err != nil {
		pr.Add("round", "must be a whole number")
	}
	return member, round, pr.Err()
}

// moveGuest seats a guest at another table and pins them there.
func (s *Server) moveGuest(w http.ResponseWriter, r *http.Request) error {
	g, err := s.organizedForm(r)
	if err != nil {
		return err
	}
	member, round, err := seatForm(r.PostForm)
	table, terr := strconv.Atoi(r.PostForm.Get("table"))
	if err == nil && terr != nil {
		err = &kindred.Error{Code: kindred.EINVALID, Message: "Please give a table number.",
			Fields: map[string]string{"table": "must be a table number"}}
	}
	if err == nil {
		_, err = s.planner().Move(r.Context(), g, planChange(r), member, round, table)
	}
	return s.afterTableEdit(w, r, g, err, fmt.Sprintf("Moved to table %d and pinned there.", table), func(d *tablesData) string {
		return fmt.Sprintf("your move of %s to table %d", d.name(member), table)
	})
}

// pinGuest pins a guest to their table (or unpins them).
func (s *Server) pinGuest(w http.ResponseWriter, r *http.Request) error {
	g, err := s.organizedForm(r)
	if err != nil {
		return err
	}
	member, round, err := seatForm(r.PostForm)
	pin := r.PostForm.Get("pin") == "1"
	if err == nil {
		_, err = s.planner().SetPinned(r.Context(), g, planChange(r), member, round, pin)
	}
	msg, what := "Unpinned: re-running may move them.", "your unpinning of %s"
	if pin {
		msg, what = "Pinned: re-running keeps them at this table.", "your pinning of %s"
	}
	return s.afterTableEdit(w, r, g, err, msg, func(d *tablesData) string { return fmt.Sprintf(what, d.name(member)) })
}

// lockTables locks the plan (or unlocks it with unlock=1).
func (s *Server) lockTables(w http.ResponseWriter, r *http.Request) error {
	g, err := s.organizedForm(r)
	if err != nil {
		return err
	}
	unlock := r.PostForm.Get("unlock") == "1"
	err = s.planner().SetLocked(r.Context(), g, planChange(r), !unlock)
	msg, what := "The table plan is locked.", "your locking of the plan"
	if unlock {
		msg, what = "The table plan is unlocked and can change again.", "your unlocking of the plan"
	}
	return s.afterTableEdit(w, r, g, err, msg, func(*tablesData) string { return what })
}

// writeTableTies records the table pairs of a held gathering whose plan was
// composed after it was marked held.
func (s *Server) writeTableTies(w http.ResponseWriter, r *http.Request) error {
	g, err := s.organizedForm(r)
	if err != nil {
		return err
	}
	ties, err := s.planner().WriteHeldTies(r.Context(), viewerFrom(r), g)
	return s.afterTableEdit(w, r, g, err, tiesNote(&ties), nil)
}

// tiesNote says what marking a gathering held gave the relationship ledger,
// for the flash; "" when it was not marked held.
func tiesNote(t *tableplan.Ties) string {
	switch {
	case t == nil:
		return ""
	case t.NoPlan:
		return "There is no table plan, so no “sat together” ties were added to the relationship ledger."
	case t.Already:
		return "These table pairs are already in the relationship ledger."
	case t.Written == 0:
		return "No “sat together” ties were added: no two guests who shared a table were checked in."
	}
	return fmt.Sprintf("%d “sat together” %s added to the relationship ledger.", t.Written, plural(t.Written, "tie was", "ties were"))
}

// organizedForm reads the gathering for an organizer of its city and
// parses the form.
func (s *Server) organizedForm(r *http.Request) (*kindred.Gathering, error) {
	g, err := s.organized(r)
	if err != nil {
		return nil, err
	}
	if err := parseForm(r); err != nil {
		return nil, err
	}
	return g, nil
}

// afterTableEdit shows the page again with the problem, or goes back to it
// with msg; what words the change for when the plan changed first.
func (s *Server) afterTableEdit(w http.ResponseWriter, r *http.Request, g *kindred.Gathering, err error, msg string, what attempt) error {
	if err != nil {
		s.renderTables(w, r, g, httpx.Status(err), err, what)
		return nil
	}
	if msg != "" {
		s.Sessions.Put(r.Context(), "flash", msg)
	}
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d/tables", g.ID), http.StatusSeeOther)
	return nil
}

// placeCard is one guest's card: their table in each round.
type placeCard struct {
	tableplan.Guest
	Tables []cardTable
}

// cardTable is a guest's table in one round (0 when they have no seat in it).
type cardTable struct{ Round, Table int }

// placeCards is the printable page: a card per guest and a list per table.
// It shows no scores, so the plan is not assessed.
func (s *Server) placeCards(w http.ResponseWriter, r *http.Request) error {
	g, err := s.organized(r)
	if err != nil {
		return err
	}
	d, err := s.tablesDetails(r, g, false)
	if err != nil {
		return err
	}
	if d.Plan == nil {
		s.Sessions.Put(r.Context(), "flash", "Compose the tables first; the place cards come from the plan.")
		http.Redirect(w, r, fmt.Sprintf("/gatherings/%d/tables", g.ID), http.StatusSeeOther)
		return nil
	}
	s.render(w, r, http.StatusOK, "tables_cards", page{Title: "Place cards · " + g.Title, Nav: "gatherings",
		Data: struct {
			*tablesData
			Cards []placeCard
		}{d, cardsOf(d)}})
	return nil
}

// cardsOf makes a place card per seated guest, in d.Seated's order, from
// one pass over the seats.
func cardsOf(d *tablesData) []placeCard {
	tables := make(map[int64][]cardTable, len(d.Seated))
	for _, seat := range d.Plan.Seats {
		ts := tables[seat.MemberID]
		if ts == nil {
			ts = make([]cardTable, d.Plan.Rounds)
			for i := range ts {
				ts[i].Round = i + 1
			}
			tables[seat.MemberID] = ts
		}
		ts[seat.Round-1].Table = seat.Table
	}
	cards := make([]placeCard, len(d.Seated))
	for i, gu := range d.Seated {
		cards[i] = placeCard{Guest: gu, Tables: tables[gu.MemberID]}
	}
	return cards
}

// plural picks the singular or plural words for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
