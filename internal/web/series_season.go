package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/tableplan"
)

// registerSeason adds the season page of a series: its organizers compose
// the table plans of all its dinners at once and see who meets whom when.
func (s *Server) registerSeason(mux Mux) {
	mux.Handle("GET /series/{id}/season", s.signedIn(s.handle(s.seasonPage)))
	mux.Handle("POST /series/{id}/season", s.signedIn(s.handle(s.composeSeason)))
}

// seasonView is what the season page shows.
type seasonView struct {
	*tableplan.Season
	Dinners []seasonDinnerView
	People  []seasonPersonView
}

// seasonDinnerView is one dinner of the season page.
type seasonDinnerView struct {
	tableplan.SeasonDinner
	When   string
	Status string // in plain words: "Held: its tables stay as they were."
	Tables []seasonTableView
	// UnseatedNames and DepartedNames name who came and went since the plan.
	UnseatedNames, DepartedNames string
}

// seasonTableView is one table of a dinner: "Table 2" (or "Round 2, table
// 1") and who sits there.
type seasonTableView struct{ Label, Names string }

// seasonPersonView is one person's season, with their seats in words.
type seasonPersonView struct {
	tableplan.SeasonPerson
	Seats []seasonSeatView
}

// seasonSeatView is where a person sits at one dinner, and with whom.
type seasonSeatView struct {
	Dinner      string
	GatheringID int64
	Table       int
	Round       int // 0 when the dinner has one round
	With        string
}

// seasonID reads the series id of the path.
func seasonID(r *http.Request) (int64, error) {
	id, ok := pathID(r, "id")
	if !ok {
		return 0, kindred.Errorf(kindred.ENOTFOUND, "There is no such series.")
	}
	return id, nil
}

// seasonPage shows the season of a series to its organizers.
func (s *Server) seasonPage(w http.ResponseWriter, r *http.Request) error {
	id, err := seasonID(r)
	if err != nil {
		return err
	}
	season, err := s.planner().Season(r.Context(), viewerFrom(r), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "series_season", seasonPageOf(season, url.Values{}))
	return nil
}

// composeSeason composes (or re-plans) the season and goes back to its page.
func (s *Server) composeSeason(w http.ResponseWriter, r *http.Request) error {
	id, err := seasonID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	set, err := seasonSettings(r.PostForm)
	var season *tableplan.Season
	if err == nil {
		season, err = s.planner().ComposeSeason(r.Context(), viewerFrom(r), id, set)
	}
	if err != nil {
		code := kindred.ErrorCode(err)
		if code == kindred.EFORBIDDEN || code == kindred.ENOTFOUND {
			return err
		}
		current, rerr := s.planner().Season(r.Context(), viewerFrom(r), id)
		if rerr != nil {
			return rerr
		}
		s.fail(w, r, "series_season", seasonPageOf(current, r.PostForm), err)
		return nil
	}
	msg := fmt.Sprintf("The season is composed: %d %s with tables.", season.Planned, plural(season.Planned, "dinner", "dinners"))
	s.Sessions.Put(r.Context(), "flash", strings.Join(append([]string{msg}, season.Relaxed...), " "))
	http.Redirect(w, r, fmt.Sprintf("/series/%d/season", id), http.StatusSeeOther)
	return nil
}

// seasonSettings reads the compose form; an empty table size keeps each
// dinner's own.
func seasonSettings(f url.Values) (tableplan.SeasonSettings, error) {
	var set tableplan.SeasonSettings
	if v := strings.TrimSpace(f.Get("table_size")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return set, &kindred.Error{Code: kindred.EINVALID, Message: "Please give the people per table as a number, or leave it empty.",
				Fields: map[string]string{"table_size": "must be a whole number, or empty for each dinner's own"}}
		}
		set.TableSize = n
	}
	set.Seed, _ = strconv.ParseInt(f.Get("seed"), 10, 64)
	return set, nil
}

// seasonPageOf lays the season out for the page, with form as typed.
func seasonPageOf(season *tableplan.Season, form url.Values) page {
	v := &seasonView{Season: season}
	for _, d := range season.Dinners {
		v.Dinners = append(v.Dinners, seasonDinnerView{SeasonDinner: d, When: jobs.WhenText(d.Gathering), Status: dinnerStatus(d),
			Tables: seasonTables(d), UnseatedNames: guestNames(d.Unseated), DepartedNames: guestNames(d.Departed)})
	}
	for _, p := range season.People {
		pv := seasonPersonView{SeasonPerson: p}
		for _, seat := range p.Seats {
			d := season.Dinners[seat.Dinner]
			sv := seasonSeatView{Dinner: d.Gathering.Title, GatheringID: d.Gathering.ID, Table: seat.Table, With: guestNames(seat.With)}
			if d.Plan != nil && d.Plan.Rounds > 1 {
				sv.Round = seat.Round
			}
			pv.Seats = append(pv.Seats, sv)
		}
		v.People = append(v.People, pv)
	}
	return page{Title: "Season · " + season.Series.Name, Nav: "gatherings", Data: v, Form: form}
}

// seasonTables lists a dinner's tables with who sits at each.
func seasonTables(d tableplan.SeasonDinner) []seasonTableView {
	var out []seasonTableView
	for r, tables := range d.Rounds {
		for t, guests := range tables {
			label := fmt.Sprintf("Table %d", t+1)
			if len(d.Rounds) > 1 {
				label = fmt.Sprintf("Round %d, table %d", r+1, t+1)
			}
			out = append(out, seasonTableView{Label: label, Names: guestNames(guests)})
		}
	}
	return out
}

// dinnerStatus says where a dinner stands in the season, in plain words.
func dinnerStatus(d tableplan.SeasonDinner) string {
	switch {
	case d.Kept == "held":
		return "Held: its tables stay as they were."
	case d.Kept == "locked":
		return "Its plan is final: composing the season leaves it as it is."
	case d.Kept == "past":
		return "Over: its tables stay as they were."
	case len(d.Coming) < 2:
		return "Fewer than 2 guests going: it is seated once more people come."
	case d.Plan == nil:
		return "To be seated when you compose the season."
	}
	return "Seated; composing again re-plans it."
}

// guestNames lists guests' names: "Ana Souza, Bo Chen and Cy Diallo".
func guestNames(gs []tableplan.Guest) string {
	names := make([]string, len(gs))
	for i, g := range gs {
		names[i] = g.Name
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
