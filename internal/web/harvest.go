package web

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// registerHarvest adds the harvest of a gathering: the overview, one page per
// table where its note-taker writes notes from a phone, and the hosts' setup
// of prompt cards and note-takers.
func (s *Server) registerHarvest(mux Mux) {
	mux.Handle("GET /gatherings/{id}/harvest", s.signedIn(s.harvestPage))
	mux.Handle("GET /gatherings/{id}/harvest/setup", s.signedIn(s.harvestSetupPage))
	mux.Handle("POST /gatherings/{id}/harvest/setup", s.signedIn(s.harvestSetup))
	mux.Handle("GET /gatherings/{id}/harvest/{table}", s.signedIn(s.harvestTablePage))
	mux.Handle("POST /gatherings/{id}/harvest/{table}/notes", s.signedIn(s.addHarvestNote))
	mux.Handle("POST /gatherings/{id}/harvest/{table}/notes/{note}", s.signedIn(s.changeHarvestNote))
	mux.Handle("GET /gatherings/{id}/harvest/{table}/people", s.signedIn(s.tablePeoplePage))
	mux.Handle("POST /gatherings/{id}/harvest/{table}/people", s.signedIn(s.setTablePeople))
	s.registerFollowUps(mux)
}

// harvestView is what the harvest pages know about the viewer and the
// gathering.
type harvestView struct {
	G        *kindred.Gathering
	MemberID int64 // the viewer's member id, 0 without a profile
	IsHost   bool  // a host of the gathering or an organizer of its city
	HasPlan  bool
	Tables   []int // table numbers to choose from
	Prompts  []string
}

// loadHarvest reads the gathering and the viewer's standing; a gathering
// whose harvest has not opened answers 404 (nothing to see yet).
func (s *Server) loadHarvest(w http.ResponseWriter, r *http.Request) (*harvestView, bool) {
	g, ok := s.loadGathering(w, r)
	if !ok {
		return nil, false
	}
	if !kindred.HarvestOpen(g, s.Now()) {
		s.errorPage(w, r, http.StatusNotFound, "Notes can be taken once the gathering has started.")
		return nil, false
	}
	v := &harvestView{G: g, IsHost: accountFrom(r.Context()).CanOrganize(g.CityID)}
	if m, err := s.memberOf(r, accountFrom(r.Context())); err == nil {
		v.MemberID = m.ID
		v.IsHost = v.IsHost || slices.Contains(g.HostIDs, m.ID)
	}
	var err error
	if v.HasPlan, err = s.Store.HasTablePlan(r.Context(), g.ID); err == nil {
		v.Prompts, err = s.Store.HarvestPrompts(r.Context(), g.ID)
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	for t := 1; t <= max(1, (g.Capacity+g.TableSize-1)/g.TableSize); t++ {
		v.Tables = append(v.Tables, t)
	}
	return v, true
}

// reader is the viewer as a reader of the gathering's notes.
func (v *harvestView) reader(r *http.Request) kindred.NoteReader {
	return kindred.NoteReader{Account: accountFrom(r.Context()), MemberID: v.MemberID}
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

// harvestSetupData is what the hosts' setup page shows. It lists guests but
// no notes, so who took which table's notes stays off the note pages.
type harvestSetupData struct {
	*harvestView
	Takers map[int]int64
	Guests []*kindred.RSVP
}

// harvestPage shows every note the viewer may read, by table, and the way
// to one's table's note page.
func (s *Server) harvestPage(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadHarvest(w, r)
	if !ok {
		return
	}
	d := harvestData{harvestView: v}
	var err error
	d.Notes, err = s.Store.NotesFor(r.Context(), v.reader(r), v.G.ID, 0)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "harvest", page{Title: "Harvest · " + v.G.Title, Nav: "gatherings", Data: d})
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
}

func (s *Server) harvestTable(w http.ResponseWriter, r *http.Request) (*harvestTableData, bool) {
	v, ok := s.loadHarvest(w, r)
	if !ok {
		return nil, false
	}
	table, err := strconv.Atoi(r.PathValue("table"))
	if err != nil || table < 1 || table > kindred.MaxTables {
		s.NotFound(w, r)
		return nil, false
	}
	d := &harvestTableData{harvestView: v, Table: table, ClientKey: rand.Text()}
	if err := s.fillHarvestTable(r, d); err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	return d, true
}

// harvestTableForm is harvestTable for a posted form, which it reads.
func (s *Server) harvestTableForm(w http.ResponseWriter, r *http.Request) (*harvestTableData, bool) {
	d, ok := s.harvestTable(w, r)
	if !ok {
		return nil, false
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return nil, false
	}
	return d, true
}

// fillHarvestTable works out whether the viewer writes here and loads the
// notes they may read. The table's people are shown only to themselves.
func (s *Server) fillHarvestTable(r *http.Request, d *harvestTableData) error {
	ctx := r.Context()
	people, err := s.Store.TablePeople(ctx, d.G.ID, d.Table)
	if err != nil {
		return err
	}
	d.IsPerson = d.MemberID != 0 && slices.Contains(people, d.MemberID)
	if d.CanWrite, d.Why, err = s.canTakeNotes(r, d.harvestView, d.Table); err != nil {
		return err
	}
	if d.IsPerson {
		for _, id := range people {
			m, err := s.Store.Member(ctx, id)
			if err != nil {
				return err
			}
			d.People = append(d.People, m)
		}
	}
	d.Notes, err = s.Store.NotesFor(ctx, d.reader(r), d.G.ID, d.Table)
	return err
}

// mayListTablePeople refuses (and reports false) unless the viewer is the
// table's note-taker and there is no seating plan to say who sat there.
func (s *Server) mayListTablePeople(w http.ResponseWriter, r *http.Request, d *harvestTableData) bool {
	if !d.CanWrite || d.HasPlan {
		s.errorPage(w, r, http.StatusForbidden, "Only the table's note-taker lists who sat there, and only when there is no seating plan.")
		return false
	}
	return true
}

// tablePeoplePage lets the note-taker tick who sat at the table when there
// is no seating plan. It lists the guests and shows no notes, so no name
// stands next to a note that must not carry one.
func (s *Server) tablePeoplePage(w http.ResponseWriter, r *http.Request) {
	d, ok := s.harvestTable(w, r)
	if !ok {
		return
	}
	if !s.mayListTablePeople(w, r, d) {
		return
	}
	var err error
	if d.Guests, err = s.Store.ListRSVPs(r.Context(), d.G.ID, kindred.RSVPGoing, kindred.RSVPAttended); err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Notes = nil
	s.render(w, r, http.StatusOK, "harvest_people", page{Title: fmt.Sprintf("Who sat at table %d?", d.Table), Nav: "gatherings", Data: d})
}

// canTakeNotes: a table's assigned note-taker writes its notes. Without
// one, anyone seated there writes (with a table plan); without a plan, the
// first guest or host to write claims the table for its people.
func (s *Server) canTakeNotes(r *http.Request, v *harvestView, table int) (bool, string, error) {
	if v.MemberID == 0 {
		return false, "Notes are taken by guests with a profile in the directory.", nil
	}
	taker, err := s.Store.NoteTaker(r.Context(), v.G.ID, table)
	if err != nil || taker != 0 {
		return taker == v.MemberID, fmt.Sprintf("A host asked someone else to take the notes at table %d.", table), err
	}
	people, err := s.Store.TablePeople(r.Context(), v.G.ID, table)
	if err != nil || v.HasPlan || len(people) > 0 {
		return slices.Contains(people, v.MemberID), fmt.Sprintf("Notes at table %d are taken by the people who sat there.", table), err
	}
	if slices.Contains(v.G.HostIDs, v.MemberID) {
		return true, "", nil
	}
	rsvp, err := s.Store.RSVPOf(r.Context(), v.G.ID, v.MemberID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return false, "Only the gathering's guests take notes.", nil
	}
	going := err == nil && (rsvp.Status == kindred.RSVPGoing || rsvp.Status == kindred.RSVPAttended)
	return going, "Only the gathering's guests take notes.", err
}

func (s *Server) harvestTablePage(w http.ResponseWriter, r *http.Request) {
	d, ok := s.harvestTable(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "harvest_table", tableNotesPage(d))
}

// tableNotesPage is the page of one table's notes.
func tableNotesPage(d *harvestTableData) page {
	return page{Title: fmt.Sprintf("Table %d · %s", d.Table, d.G.Title), Nav: "gatherings", Data: d}
}

// addHarvestNote stores the note-taker's note; a problem shows the page
// again with everything typed kept (and the same client key, so a resent
// form is still stored once).
func (s *Server) addHarvestNote(w http.ResponseWriter, r *http.Request) {
	d, ok := s.harvestTableForm(w, r)
	if !ok {
		return
	}
	if !d.CanWrite {
		s.errorPage(w, r, http.StatusForbidden, d.Why)
		return
	}
	f := r.PostForm
	n := &kindred.HarvestNote{GatheringID: d.G.ID, Table: d.Table, AuthorID: d.MemberID, Prompt: f.Get("prompt"),
		Text: f.Get("text"), Consent: kindred.NoteConsent(f.Get("consent")), ClientKey: f.Get("client_key")}
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		_, err := tx.AddHarvestNote(r.Context(), n)
		return err
	})
	if err != nil {
		if f.Get("client_key") != "" {
			d.ClientKey = f.Get("client_key")
		}
		s.failHarvestTable(w, r, d, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", "Note saved. Add the next one whenever you're ready.")
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d/harvest/%d#notes", d.G.ID, d.Table), http.StatusSeeOther)
}

// changeHarvestNote lets a note's author change its consent (when the
// table asks to take it off the record, say) or delete it.
func (s *Server) changeHarvestNote(w http.ResponseWriter, r *http.Request) {
	d, ok := s.harvestTable(w, r)
	if !ok {
		return
	}
	noteID, ok := pathID(r, "note")
	if !ok || d.MemberID == 0 {
		s.NotFound(w, r)
		return
	}
	deleting := r.PostFormValue("delete") != ""
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		if deleting {
			return tx.DeleteHarvestNote(r.Context(), noteID, d.MemberID)
		}
		return tx.SetNoteConsent(r.Context(), noteID, d.MemberID, kindred.NoteConsent(r.PostFormValue("consent")))
	})
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		s.errorPage(w, r, http.StatusNotFound, "Only the person who wrote a note can change it.")
		return
	}
	if err != nil {
		s.failHarvestTable(w, r, d, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", map[bool]string{true: "Note deleted.", false: "Note updated: it now reads as chosen."}[deleting])
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d/harvest/%d#notes", d.G.ID, d.Table), http.StatusSeeOther)
}

// failHarvestTable shows the table page again with the problem and what was
// typed.
func (s *Server) failHarvestTable(w http.ResponseWriter, r *http.Request, d *harvestTableData, err error) {
	s.fail(w, r, "harvest_table", tableNotesPage(d), err)
}

// setTablePeople records who sat at the table, when there is no table plan;
// only the table's note-taker does this.
func (s *Server) setTablePeople(w http.ResponseWriter, r *http.Request) {
	d, ok := s.harvestTableForm(w, r)
	if !ok {
		return
	}
	if !s.mayListTablePeople(w, r, d) {
		return
	}
	ids := formIDs(r, "people")
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		return tx.SetListedPeople(r.Context(), d.G.ID, d.Table, ids)
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", "Saved who sat at your table.")
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d/harvest/%d", d.G.ID, d.Table), http.StatusSeeOther)
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

// loadHarvestHost is loadHarvest for the hosts' pages.
func (s *Server) loadHarvestHost(w http.ResponseWriter, r *http.Request) (*harvestView, bool) {
	v, ok := s.loadHarvest(w, r)
	if ok && !v.IsHost {
		s.errorPage(w, r, http.StatusForbidden, "Only the gathering's hosts and organizers set up the harvest.")
		return nil, false
	}
	return v, ok
}

// harvestSetupPage lets hosts set the prompt cards and a note-taker per table.
func (s *Server) harvestSetupPage(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadHarvestHost(w, r)
	if !ok {
		return
	}
	s.renderHarvestSetup(w, r, v, nil)
}

// renderHarvestSetup shows the setup form: the stored choices, or after a
// problem (err) what the host sent, with the problem.
func (s *Server) renderHarvestSetup(w http.ResponseWriter, r *http.Request, v *harvestView, err error) {
	d := harvestSetupData{harvestView: v, Takers: map[int]int64{}}
	tables, lerr := s.Store.HarvestTables(r.Context(), v.G.ID)
	if lerr == nil {
		d.Guests, lerr = s.Store.ListRSVPs(r.Context(), v.G.ID, kindred.RSVPGoing, kindred.RSVPAttended)
	}
	if lerr != nil {
		s.serverError(w, r, lerr)
		return
	}
	for _, t := range tables {
		d.Takers[t.Table] = t.NoteTakerID
	}
	p := page{Title: "Set up the harvest", Nav: "gatherings", Data: d}
	if err == nil {
		s.render(w, r, http.StatusOK, "harvest_setup", p)
		return
	}
	p.Form = r.PostForm
	for _, t := range v.Tables {
		if id, perr := strconv.ParseInt(r.PostForm.Get(fmt.Sprintf("taker_%d", t)), 10, 64); perr == nil {
			d.Takers[t] = id
		}
	}
	p.Data = d
	s.fail(w, r, "harvest_setup", p, err)
}

// harvestSetup saves the hosts' prompt cards and note-takers.
func (s *Server) harvestSetup(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadHarvestHost(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		if err := tx.SetHarvestPrompts(r.Context(), v.G.ID, kindred.SplitLines(r.PostForm.Get("prompts"), false)); err != nil {
			return err
		}
		for _, t := range v.Tables {
			key := fmt.Sprintf("taker_%d", t)
			if _, sent := r.PostForm[key]; !sent {
				continue
			}
			id, _ := strconv.ParseInt(r.PostForm.Get(key), 10, 64)
			if err := tx.SetNoteTaker(r.Context(), v.G.ID, t, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.renderHarvestSetup(w, r, v, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", "Harvest set up.")
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d/harvest", v.G.ID), http.StatusSeeOther)
}
