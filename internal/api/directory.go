package api

import (
	"net/http"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// cityJSON is a city as the API shows it.
type cityJSON struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Slug     string `json:"slug"`
	TimeZone string `json:"time_zone"`
}

func toCity(c kindred.City) cityJSON { return cityJSON{c.ID, c.Name, c.Slug, c.TimeZone} }

func (a *API) listCities(w http.ResponseWriter, r *http.Request) {
	cities, err := a.Store.Cities(r.Context())
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	out := list[cityJSON]{Items: []cityJSON{}}
	for _, c := range cities {
		out.Items = append(out.Items, toCity(c))
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) getCity(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var c kindred.City
	if err == nil {
		c, err = a.Store.City(r.Context(), id)
	}
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	writeJSON(w, http.StatusOK, toCity(c))
}

func (a *API) createCity(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name     string `json:"name"`
		TimeZone string `json:"time_zone"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := a.Directory.CreateCity(r.Context(), kindred.ViewerFrom(r.Context()), kindred.City{Name: in.Name, TimeZone: in.TimeZone})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toCity(c))
	return nil
}

// orgJSON is an organization as the API shows it.
type orgJSON struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Slug        string    `json:"slug"`
	Kind        string    `json:"kind"`
	SizeBand    string    `json:"size_band"`
	Website     string    `json:"website"`
	Description string    `json:"description"`
	CityIDs     []int64   `json:"city_ids"`
	CreatedAt   time.Time `json:"created_at"`
}

func toOrg(o *kindred.Organization) orgJSON {
	ids := o.CityIDs
	if ids == nil {
		ids = []int64{}
	}
	return orgJSON{o.ID, o.Name, o.Slug, o.Kind, o.SizeBand, o.Website, o.Description, ids, o.CreatedAt}
}

func (a *API) listOrganizations(w http.ResponseWriter, r *http.Request) {
	limit, err := queryLimit(r)
	var city int64
	if err == nil {
		city, err = queryID(r, "city_id")
	}
	var orgs []*kindred.Organization
	if err == nil {
		orgs, err = a.Store.ListOrganizations(r.Context(), store.OrganizationFilter{CityID: city, After: r.URL.Query().Get("next"), Limit: limit + 1})
	}
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	var next string
	if len(orgs) > limit {
		orgs = orgs[:limit]
		next = orgs[limit-1].Name
	}
	items := make([][]byte, len(orgs))
	for i, o := range orgs {
		items[i] = a.orgJSONFor(o)
	}
	writeList(w, items, next)
}

func (a *API) getOrganization(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var o *kindred.Organization
	if err == nil {
		o, err = a.Store.Organization(r.Context(), id)
	}
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	writeJSON(w, http.StatusOK, toOrg(o))
}

func (a *API) createOrganization(w http.ResponseWriter, r *http.Request) error {
	var in orgJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	made, err := a.Directory.CreateOrganization(r.Context(), kindred.ViewerFrom(r.Context()), kindred.Organization{Name: in.Name,
		Kind: in.Kind, SizeBand: in.SizeBand, Website: in.Website, Description: in.Description, CityIDs: in.CityIDs})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toOrg(made))
	return nil
}
