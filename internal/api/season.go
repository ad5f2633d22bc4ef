package api

import (
	"net/http"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/seating"
	"github.com/kindredhq/kindred/internal/tableplan"
)

// seasonJSON is a series' season as the API shows it.
type seasonJSON struct {
	SeriesID int64              `json:"series_id"`
	Name     string             `json:"name"`
	Planned  int                `json:"planned"`
	Score    seasonScoreJSON    `json:"score"`
	Relaxed  []string           `json:"relaxed"`
	Dinners  []seasonDinnerJSON `json:"dinners"`
	People   []seasonPersonJSON `json:"people"`
}

// seasonScoreJSON counts pairs seated together over the season or at a dinner.
type seasonScoreJSON struct {
	SeatedPairs      int     `json:"seated_pairs"`
	NewCrossOrgPairs int     `json:"new_cross_org_pairs"`
	RepeatPairs      int     `json:"repeat_pairs"`
	SameOrgPairs     int     `json:"same_org_pairs"`
	MinNewPeople     int     `json:"min_new_people"`
	MeanNewPeople    float64 `json:"mean_new_people"`
}

// seasonDinnerJSON is one gathering of the season.
type seasonDinnerJSON struct {
	GatheringID int64           `json:"gathering_id"`
	Title       string          `json:"title"`
	StartsAt    time.Time       `json:"starts_at"`
	Kept        string          `json:"kept"`
	Going       int             `json:"going"`
	Tables      [][][]int64     `json:"tables"`
	Score       seasonScoreJSON `json:"score"`
	Unseated    []int64         `json:"unseated"`
	Departed    []int64         `json:"departed"`
}

// seasonPersonJSON is one person's season.
type seasonPersonJSON struct {
	MemberID     int64            `json:"member_id"`
	Name         string           `json:"name"`
	Organization string           `json:"organization"`
	Text         string           `json:"text"`
	NewPeople    int              `json:"new_people"`
	Repeats      int              `json:"repeats"`
	Seats        []seasonSeatJSON `json:"seats"`
}

// seasonSeatJSON is where a person sits at one round of one dinner.
type seasonSeatJSON struct {
	GatheringID int64   `json:"gathering_id"`
	Round       int     `json:"round"`
	Table       int     `json:"table"`
	With        []int64 `json:"with"`
}

func (a *API) planner() *tableplan.Planner { return &tableplan.Planner{Store: a.Store, Queue: a.Queue} }

// getSeason answers the series' season to its organizers.
func (a *API) getSeason(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	season, err := a.planner().Season(r.Context(), kindred.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, seasonOut(season))
	return nil
}

// seasonBody is what composing a season takes; both may be left out.
type seasonBody struct {
	TableSize int   `json:"table_size"`
	Seed      int64 `json:"seed"`
}

// composeSeason composes (or re-plans) the series' season.
func (a *API) composeSeason(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var b seasonBody
	if err := decode(r, &b); err != nil {
		return err
	}
	season, err := a.planner().ComposeSeason(r.Context(), kindred.ViewerFrom(r.Context()), id, tableplan.SeasonSettings{TableSize: b.TableSize, Seed: b.Seed})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, seasonOut(season))
	return nil
}

func seasonOut(s *tableplan.Season) seasonJSON {
	out := seasonJSON{SeriesID: s.Series.ID, Name: s.Series.Name, Planned: s.Planned, Score: scoreOut(s.Score),
		Relaxed: append([]string{}, s.Relaxed...), Dinners: []seasonDinnerJSON{}, People: []seasonPersonJSON{}}
	for _, d := range s.Dinners {
		dj := seasonDinnerJSON{GatheringID: d.Gathering.ID, Title: d.Gathering.Title, StartsAt: d.Gathering.StartsAt, Kept: d.Kept,
			Going: len(d.Coming), Tables: [][][]int64{}, Score: scoreOut(d.Score), Unseated: memberIDs(d.Unseated), Departed: memberIDs(d.Departed)}
		for _, round := range d.Rounds {
			tables := make([][]int64, len(round))
			for t, guests := range round {
				tables[t] = memberIDs(guests)
			}
			dj.Tables = append(dj.Tables, tables)
		}
		out.Dinners = append(out.Dinners, dj)
	}
	for _, p := range s.People {
		pj := seasonPersonJSON{MemberID: p.MemberID, Name: p.Name, Organization: p.Org, Text: p.Text, NewPeople: p.NewPeople,
			Repeats: p.Repeats, Seats: []seasonSeatJSON{}}
		for _, seat := range p.Seats {
			pj.Seats = append(pj.Seats, seasonSeatJSON{GatheringID: s.Dinners[seat.Dinner].Gathering.ID, Round: seat.Round, Table: seat.Table,
				With: memberIDs(seat.With)})
		}
		out.People = append(out.People, pj)
	}
	return out
}

func scoreOut(sc seating.Score) seasonScoreJSON {
	return seasonScoreJSON{SeatedPairs: sc.SeatedPairs, NewCrossOrgPairs: sc.NewCrossOrgPairs, RepeatPairs: sc.RepeatPairs,
		SameOrgPairs: sc.SameOrgPairs, MinNewPeople: sc.MinNewPeople, MeanNewPeople: sc.MeanNewPeople}
}

func memberIDs(gs []tableplan.Guest) []int64 {
	out := make([]int64, len(gs))
	for i, g := range gs {
		out[i] = g.MemberID
	}
	return out
}
