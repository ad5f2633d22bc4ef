package web

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"strconv"

	"github.com/kindredhq/kindred/internal/harvest"
	"github.com/kindredhq/kindred/internal/kindred"
)

// registerHarvest adds the harvest of a gathering: the overview, one page per
// table where its note-taker writes notes from a phone, and the hosts' setup
// of prompt cards and note-takers.
func (s *Server) registerHarvest(mux Mux) {
	mux.Handle("GET /gatherings/{id}/harvest", s.signedIn(s.handle(s.harvestPage)))
	mux.Handle("GET /gatherings/{id}/harvest/setup", s.signedIn(s.handle(s.harvestSetupPage)))
	mux.Handle("POST /gatherings/{id}/harvest/setup", s.signedIn(s.handle(s.harvestSetup)))
	mux.Handle("GET /gatherings/{id}/harvest/{table}", s.signedIn(s.handle(s.harvestTablePage)))
	mux.Handle("POST /gatherings/{id}/harvest/{table}/notes", s.signedIn(s.handle(s.addHarvestNote)))
	mux.Handle("POST /gatherings/{id}/harvest/{table}/notes/{note}", s.signedIn(s.handle(s.changeHarvestNote)))
	mux.Handle("GET /gatherings/{id}/harvest/{table}/people", s.signedIn(s.handle(s.tablePeoplePage)))
	mux.Handle("POST /gatherings/{id}/harvest/{table}/people", s.signedIn(s.handle(s.setTablePeople)))
	s.registerFollowUps(mux)
}

// harvestView is what the harvest pages know about the viewer and the
// gathering.
type harvestView struct {
	G        *kindred.Gathering
	MemberID int64 // the viewer's member id, 0 without a profile
	IsHost   bool  // a host of the gathering or an organizer of its city
	Started  bool  // notes can be taken; note-takers can no longer be named
	HasPlan  bool
	Tables   []int // table numbers to choose from
	Prompts  []string
}

// harvestViewOf reads what every harvest page shows about g.
func (s *Server) harvestViewOf(r *http.Request, g *kindred.Gathering) (*harvestView, error) {
	v := viewerFrom(r)
	h := &harvestView{G: g, MemberID: v.MemberID(), IsHost: g.MaySetUpHarvest(v) == nil, Started: kindred.HarvestOpen(g, s.Now())}
	var err error
	if h.HasPlan, err = s.Store.HasTablePlan(r.Context(), g.ID); err == nil {
		h.Prompts, err = s.Store.HarvestPrompts(r.Context(), g.ID)
	}
	if err != nil {
		return nil, err
	}
	for t := 1; t <= max(1, (g.Capacity+g.TableSize-1)/g.TableSize); t++ {
		h.Tables = append(h.Tables, t)
	}
	return h, nil
}

// harvestGatheringID reads the {id} of the path; ENOTFOUND when it is not one.
func harvestGatheringID(r *http.Request) (int64, error) {
	id, ok := pathID(r, "id")
	if !ok {
		return 0, kindred.Errorf(kindred.ENOTFOUND, "There is no page at this address. It may have moved, or the link may be incomplete.")
	}
	return id, nil
}

// harvestNotesView is what the harvest-notes template needs: notes already
// filtered for the viewer by the store.
type harvestNotesView struct {
	Notes  []kindred.HarvestNote
	Viewer int64
}

// harvestData is what the harvest overview shows.
type harvestData struct {
	*harvestView
	Notes []kindred.HarvestNote
}

// harvestPage shows every note the viewer may read, by table, and the way
// to one's table's note page.
func (s *Server) harvestPage(w http.ResponseWriter, r *http.Request) error {
	id, err := harvestGatheringID(r)
	if err != nil {
		return err
	}
	g, err := s.Harvest.OpenHarvest(r.Context(), viewerFrom(r), id)
	if err != nil {
		return err
	}
	v, err := s.harvestViewOf(r, g)
	if err != nil {
		return err
	}
	d := harvestData{harvestView: v}
	if d.Notes, err = s.Store.NotesFor(r.Context(), kindred.ReaderOf(viewerFrom(r)), g.ID, 0); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "harvest", page{Title: "Harvest · " + g.Title, Nav: "gatherings", Data: d})
	return nil
}

// harvestTableData is what one table's page shows.
type harvestTableData struct {
	*harvestView
	Table     int
	CanWrite  bool
	IsPerson  bool // one of the table's people
	People    []*kindred.Member
	Guests    []*kindred.RSVP
	Notes     []kindred.HarvestNote
	ClientKey string
	Why       string // why the viewer cannot write here
	table     *harvest.Table
}

// harvestTable reads the {table} of the {id} gathering's harvest as the
// viewer finds it, with the notes they may read. The table's people are
// shown only to themselves.
func (s *Server) harvestTable(r *http.Request) (*harvestTableData, error) {
	id, err := harvestGatheringID(r)
	if err != nil {
		return nil, err
	}
	number, err := strconv.Atoi(r.PathValue("table"))
	if err != nil {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "There is no such table.")
	}
	viewer := viewerFrom(r)
	t, err := s.Harvest.Table(r.Context(), viewer, id, number)
	if err != nil {
		return nil, err
	}
	v, err := s.harvestViewOf(r, t.Gathering)
	if err != nil {
		return nil, err
	}
	d := &harvestTableData{harvestView: v, Table: t.Number, CanWrite: t.Refusal == nil, IsPerson: t.Has(v.MemberID),
		ClientKey: rand.Text(), table: t}
	if t.Refusal != nil {
		d.Why = kindred.ErrorMessage(t.Refusal)
	}
	if d.IsPerson {
		for _, p := range t.People {
			m, err := s.Store.Member(r.Context(), p.MemberID)
			if err != nil {
				return nil, err
			}
			d.People = append(d.People, m)
		}
	}
	d.Notes, err = s.Store.NotesFor(r.Context(), kindred.ReaderOf(viewer), t.Gathering.ID, t.Number)
	return d, err
}

func (s *Server) harvestTablePage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.harvestTable(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "harvest_table", tableNotesPage(d))
	return nil
}

// tableNotesPage is the page of one table's notes.
func tableNotesPage(d *harvestTableData) page {
	return page{Title: fmt.Sprintf("Table %d · %s", d.Table, d.G.Title), Nav: "gatherings", Data: d}
}

// addHarvestNote stores the note-taker's note; a problem shows the page
// again with everything typed kept (and the same client key, so a resent
// form is still stored once).
func (s *Server) addHarvestNote(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := harvestGatheringID(r)
	if err != nil {
		return err
	}
	table, _ := strconv.Atoi(r.PathValue("table"))
	f := r.PostForm
	_, err = s.Harvest.WriteNote(r.Context(), viewerFrom(r), harvest.NewNote{GatheringID: id, Table: table, Prompt: f.Get("prompt"),
		Text: f.Get("text"), Consent: kindred.NoteConsent(f.Get("consent")), ClientKey: f.Get("client_key")})
	if kindred.ErrorCode(err) == kindred.EINVALID {
		return s.failHarvestTable(w, r, err)
	}
	if err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), "flash", "Note saved. Add the next one whenever you're ready.")
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d/harvest/%d#notes", id, table), http.StatusSeeOther)
	return nil
}

// changeHarvestNote lets a note's author change its consent (when the
// table asks to take it off the record, say) or delete it.
func (s *Server) changeHarvestNote(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := harvestGatheringID(r)
	if err != nil {
		return err
	}
	table, _ := strconv.Atoi(r.PathValue("table"))
	noteID, _ := pathID(r, "note")
	deleting := r.PostForm.Get("delete") != ""
	err = s.Harvest.ChangeNote(r.Context(), viewerFrom(r), harvest.NoteChange{GatheringID: id, Table: table, NoteID: noteID,
		Consent: kindred.NoteConsent(r.PostForm.Get("consent")), Delete: deleting})
	if kindred.ErrorCode(err) == kindred.EINVALID {
		return s.failHarvestTable(w, r, err)
	}
	if err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), "flash", map[bool]string{true: "Note deleted.", false: "Note updated: it now reads as chosen."}[deleting])
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d/harvest/%d#notes", id, table), http.StatusSeeOther)
	return nil
}

// failHarvestTable shows the table page again with the problem and what was
// typed (and the client key sent, so the corrected note is stored once).
func (s *Server) failHarvestTable(w http.ResponseWriter, r *http.Request, problem error) error {
	d, err := s.harvestTable(r)
	if err != nil {
		return err
	}
	if key := r.PostForm.Get("client_key"); key != "" {
		d.ClientKey = key
	}
	s.fail(w, r, "harvest_table", tableNotesPage(d), problem)
	return nil
}

// tablePeoplePage lets the note-taker tick who sat at the table when there
// is no seating plan. It lists the guests and shows no notes, so no name
// stands next to a note that must not carry one.
func (s *Server) tablePeoplePage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.harvestTable(r)
	if err != nil {
		return err
	}
	if err := d.table.MayListPeople(viewerFrom(r), d.G, d.table.Guest); err != nil {
		return err
	}
	if d.Guests, err = s.Store.ListRSVPs(r.Context(), d.G.ID, kindred.RSVPGoing, kindred.RSVPAttended); err != nil {
		return err
	}
	d.Notes = nil
	s.render(w, r, http.StatusOK, "harvest_people", page{Title: fmt.Sprintf("Who sat at table %d?", d.Table), Nav: "gatherings", Data: d})
	return nil
}

// setTablePeople records who sat at the table, when there is no table plan;
// only the table's note-taker does this.
func (s *Server) setTablePeople(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := harvestGatheringID(r)
	if err != nil {
		return err
	}
	table, _ := strconv.Atoi(r.PathValue("table"))
	err = s.Harvest.ListTablePeople(r.Context(), viewerFrom(r), harvest.TablePeopleList{GatheringID: id, Table: table,
		MemberIDs: formIDs(r, "people")})
	if err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), "flash", "Saved who sat at your table.")
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d/harvest/%d", id, table), http.StatusSeeOther)
	return nil
}

// formIDs reads the positive ids posted under name.
func formIDs(r *http.Request, name string) []int64 {
	var ids []int64
	for _, v := range r.PostForm[name] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			ids = append(ids, id)
		}
	}
	return ids
}

// harvestSetupData is what the hosts' setup page shows. It lists guests but
// no notes, so who took which table's notes stays off the note pages.
type harvestSetupData struct {
	*harvestView
	Takers map[int]int64
	Guests []*kindred.RSVP
}

// harvestHost reads the {id} gathering for the hosts' setup page, which
// opens before the gathering: note-takers are named beforehand.
func (s *Server) harvestHost(r *http.Request) (*harvestView, error) {
	id, err := harvestGatheringID(r)
	if err != nil {
		return nil, err
	}
	g, err := s.Harvest.VisibleGathering(r.Context(), viewerFrom(r), id)
	if err != nil {
		return nil, err
	}
	if err := g.MaySetUpHarvest(viewerFrom(r)); err != nil {
		return nil, err
	}
	return s.harvestViewOf(r, g)
}

// harvestSetupPage lets hosts set the prompt cards and a note-taker per table.
func (s *Server) harvestSetupPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.harvestHost(r)
	if err != nil {
		return err
	}
	return s.renderHarvestSetup(w, r, v, nil)
}

// renderHarvestSetup shows the setup form: the stored choices, or after a
// problem (err) what the host sent, with the problem.
func (s *Server) renderHarvestSetup(w http.ResponseWriter, r *http.Request, v *harvestView, problem error) error {
	d := harvestSetupData{harvestView: v, Takers: map[int]int64{}}
	tables, err := s.Store.HarvestTables(r.Context(), v.G.ID)
	if err == nil {
		d.Guests, err = s.Store.ListRSVPs(r.Context(), v.G.ID, kindred.RSVPGoing, kindred.RSVPAttended)
	}
	if err != nil {
		return err
	}
	for _, t := range tables {
		d.Takers[t.Table] = t.NoteTakerID
	}
	p := page{Title: "Set up the harvest", Nav: "gatherings", Data: d}
	if problem == nil {
		s.render(w, r, http.StatusOK, "harvest_setup", p)
		return nil
	}
	p.Form = r.PostForm
	for t, id := range setupTakers(r, v.Tables) {
		d.Takers[t] = id
	}
	p.Data = d
	s.fail(w, r, "harvest_setup", p, problem)
	return nil
}

// setupTakers reads the note-takers the setup form sent, by table.
func setupTakers(r *http.Request, tables []int) map[int]int64 {
	takers := map[int]int64{}
	for _, t := range tables {
		key := fmt.Sprintf("taker_%d", t)
		if _, sent := r.PostForm[key]; sent {
			id, _ := strconv.ParseInt(r.PostForm.Get(key), 10, 64)
			takers[t] = id
		}
	}
	return takers
}

// harvestSetup saves the hosts' prompt cards and note-takers.
func (s *Server) harvestSetup(w http.ResponseWriter, r *http.Request) error {
	v, err := s.harvestHost(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	err = s.Harvest.SetUp(r.Context(), viewerFrom(r), harvest.Setup{GatheringID: v.G.ID,
		Prompts: kindred.SplitLines(r.PostForm.Get("prompts"), false), Takers: setupTakers(r, v.Tables)})
	if kindred.ErrorCode(err) == kindred.EINVALID {
		return s.renderHarvestSetup(w, r, v, err)
	}
	if err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), "flash", "Harvest set up.")
	next := fmt.Sprintf("/gatherings/%d", v.G.ID)
	if v.Started {
		next += "/harvest"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}
