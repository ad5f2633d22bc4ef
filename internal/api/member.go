package api

import (
	"net/http"
	"time"

	"github.com/kindredhq/kindred/internal/directory"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// affiliationJSON is an affiliation as the API shows it.
type affiliationJSON struct {
	ID             int64  `json:"id"`
	MemberID       int64  `json:"member_id"`
	OrganizationID int64  `json:"organization_id"`
	Organization   string `json:"organization,omitempty"`
	Role           string `json:"role"`
	Since          string `json:"since"`
	Until          string `json:"until"`
	Primary        bool   `json:"primary"`
}

// needsJSON is the needs profile.
type needsJSON struct {
	Diet              string `json:"diet"`
	Accessibility     string `json:"accessibility"`
	PreferredLanguage string `json:"preferred_language"`
}

// memberJSON is a member as the API shows it: fields the caller may not see
// are absent (null or empty), never filled.
type memberJSON struct {
	ID           int64             `json:"id"`
	Name         string            `json:"name"`
	Email        string            `json:"email,omitempty"`
	Pronouns     string            `json:"pronouns,omitempty"`
	Bio          string            `json:"bio,omitempty"`
	CityID       int64             `json:"city_id,omitempty"`
	Languages    []string          `json:"languages"`
	Tags         []string          `json:"tags"`
	Asks         []string          `json:"asks"`
	Offers       []string          `json:"offers"`
	Needs        *needsJSON        `json:"needs,omitempty"`
	Affiliations []affiliationJSON `json:"affiliations"`
	Visibility   map[string]string `json:"visibility,omitempty"`
	HasPhoto     bool              `json:"has_photo"`
	CreatedAt    time.Time         `json:"created_at"`
}

func orEmpty(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// toMember renders m as viewer may see it.
func toMember(m *kindred.Member, viewer *kindred.Account) memberJSON {
	v := m.VisibleTo(viewer)
	out := memberJSON{ID: v.ID, Name: v.Name, Email: v.Email, Pronouns: v.Pronouns, Bio: v.Bio, CityID: v.CityID,
		Languages: orEmpty(v.Languages), Tags: orEmpty(v.Tags), Asks: orEmpty(v.Asks), Offers: orEmpty(v.Offers),
		Affiliations: []affiliationJSON{}, HasPhoto: v.HasPhoto, CreatedAt: v.CreatedAt}
	if v.Needs != (kindred.Needs{}) {
		out.Needs = &needsJSON{v.Needs.Diet, v.Needs.Accessibility, v.Needs.PreferredLanguage}
	}
	for _, af := range v.Affiliations {
		out.Affiliations = append(out.Affiliations, toAffiliation(af))
	}
	if v.Visibility != nil {
		out.Visibility = map[string]string{}
		for _, f := range kindred.Fields {
			out.Visibility[string(f)] = string(v.Visibility.Of(f))
		}
	}
	return out
}

func toAffiliation(af kindred.Affiliation) affiliationJSON {
	return affiliationJSON{af.ID, af.MemberID, af.OrganizationID, af.OrganizationName, af.Role, af.Since, af.Until, af.Primary}
}

// listMembers pages through the directory with the same filters as the
// page, and the same rule: a filter matches only through fields the caller
// may see, and the cursor names only members listed.
func (a *API) listMembers(w http.ResponseWriter, r *http.Request) {
	viewer := kindred.ViewerFrom(r.Context())
	f, err := memberFilter(r)
	var listed directory.MemberPage
	if err == nil {
		listed, err = a.Directory.Members(r.Context(), viewer, f)
	}
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	items := make([][]byte, 0, len(listed.Members))
	for _, m := range listed.Members {
		items = append(items, a.memberJSONFor(m, viewer.Account))
	}
	writeList(w, items, listed.Next)
}

func memberFilter(r *http.Request) (store.MemberFilter, error) {
	q := r.URL.Query()
	f := store.MemberFilter{Query: q.Get("q"), Tag: q.Get("tag"), Language: q.Get("language"), After: q.Get("next")}
	var err error
	if f.Limit, err = queryLimit(r); err != nil {
		return f, err
	}
	if f.CityID, err = queryID(r, "city_id"); err != nil {
		return f, err
	}
	f.OrganizationID, err = queryID(r, "organization_id")
	return f, err
}

func (a *API) getMember(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var m *kindred.Member
	if err == nil {
		m, err = a.Store.Member(r.Context(), id)
	}
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	writeJSON(w, http.StatusOK, toMember(m, accountFrom(r.Context())))
}

// memberInput is the body of POST /members.
type memberInput struct {
	Name         string            `json:"name"`
	Email        string            `json:"email"`
	Pronouns     string            `json:"pronouns"`
	Bio          string            `json:"bio"`
	CityID       int64             `json:"city_id"`
	Languages    []string          `json:"languages"`
	Tags         []string          `json:"tags"`
	Asks         []string          `json:"asks"`
	Offers       []string          `json:"offers"`
	Needs        needsJSON         `json:"needs"`
	Affiliations []affiliationJSON `json:"affiliations"`
	Visibility   map[string]string `json:"visibility"`
}

func (in memberInput) member() *kindred.Member {
	m := &kindred.Member{Name: in.Name, Email: in.Email, Pronouns: in.Pronouns, Bio: in.Bio, CityID: in.CityID,
		Languages: in.Languages, Tags: in.Tags, Asks: in.Asks, Offers: in.Offers,
		Needs: kindred.Needs{Diet: in.Needs.Diet, Accessibility: in.Needs.Accessibility, PreferredLanguage: in.Needs.PreferredLanguage}}
	if in.Visibility != nil {
		m.Visibility = kindred.Visibility{}
		for f, l := range in.Visibility {
			m.Visibility[kindred.Field(f)] = kindred.Level(l)
		}
	}
	for _, af := range in.Affiliations {
		m.Affiliations = append(m.Affiliations, kindred.Affiliation{OrganizationID: af.OrganizationID, Role: af.Role,
			Since: af.Since, Until: af.Until, Primary: af.Primary})
	}
	return m
}

// createMember adds a member (organizers in their cities, admins anywhere).
func (a *API) createMember(w http.ResponseWriter, r *http.Request) error {
	var in memberInput
	if err := decode(r, &in); err != nil {
		return err
	}
	v := kindred.ViewerFrom(r.Context())
	m, err := a.Directory.CreateMember(r.Context(), v, in.member())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toMember(m, v.Account))
	return nil
}

// listAffiliations lists a member's affiliations (?member_id) as the caller may see them.
func (a *API) listAffiliations(w http.ResponseWriter, r *http.Request) {
	id, err := queryID(r, "member_id")
	if err == nil && id == 0 {
		err = badRequest("member_id is required.", map[string]string{"member_id": "is required"})
	}
	var m *kindred.Member
	if err == nil {
		m, err = a.Store.Member(r.Context(), id)
	}
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	out := list[affiliationJSON]{Items: toMember(m, accountFrom(r.Context())).Affiliations}
	writeJSON(w, http.StatusOK, out)
}

// createAffiliation adds an affiliation to a member the caller may edit.
func (a *API) createAffiliation(w http.ResponseWriter, r *http.Request) error {
	var in affiliationJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	created, err := a.Directory.AddAffiliation(r.Context(), kindred.ViewerFrom(r.Context()), in.MemberID, kindred.Affiliation{
		OrganizationID: in.OrganizationID, Role: in.Role, Since: in.Since, Until: in.Until, Primary: in.Primary})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toAffiliation(created))
	return nil
}
