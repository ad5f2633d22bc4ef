package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
)

// memberData is what the member page shows.
type memberData struct {
	Member  *kindred.Member // already filtered for the viewer
	CanEdit bool
	IsSelf  bool
}

// memberPage shows a profile, with what the viewer may see of it.
func (s *Server) memberPage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.pathMember(r)
	if err != nil {
		return err
	}
	viewer := accountFrom(r.Context())
	d := memberData{Member: m.VisibleTo(viewer), CanEdit: m.CanEdit(viewer), IsSelf: m.OwnedBy(viewer)}
	s.render(w, r, http.StatusOK, "member", page{Title: m.Name, Nav: "network", Data: d})
	return nil
}

// pathMember reads the {id} member; ENOTFOUND when there is none.
func (s *Server) pathMember(r *http.Request) (*kindred.Member, error) {
	id, ok := pathID(r, "id")
	if !ok {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "No such member.")
	}
	return s.Store.Member(r.Context(), id)
}

// memberFormData is what the profile form needs.
type memberFormData struct {
	Member        *kindred.Member // as the editor may see it, or as typed
	New           bool
	Cities        []kindred.City
	Orgs          []*kindred.Organization
	Fields        []kindred.Field
	Levels        []kindred.Level
	CanEditEmail  bool
	CanSetVisible bool            // the editor may change who sees what
	Hidden        map[string]bool // fields the member keeps from the editor
	HiddenNames   []string        // the same, in words, for the form's note
	Action        string
}

// formFieldWords names the profile fields the form shows, in its words.
var formFieldWords = map[kindred.Field]string{kindred.FieldPronouns: "pronouns", kindred.FieldCity: "city",
	kindred.FieldBio: "about them", kindred.FieldLanguages: "languages", kindred.FieldTags: "expertise",
	kindred.FieldAsks: "what they want to learn", kindred.FieldOffers: "what they can share",
	kindred.FieldAffiliations: "organizations", kindred.FieldNeeds: "needs profile"}

// renderMemberForm shows the profile form for the member stored (nil for a
// new one) with shown in it (as typed, or as the viewer may see the stored
// one), and any problems.
func (s *Server) renderMemberForm(w http.ResponseWriter, r *http.Request, status int, stored, shown *kindred.Member, err error) error {
	ctx, viewer := r.Context(), viewerFrom(r)
	cities, cerr := s.Store.Cities(ctx)
	orgs, oerr := s.Store.OrganizationChoices(ctx)
	if cerr != nil || oerr != nil {
		return errors.Join(cerr, oerr)
	}
	// An empty row lets people add an affiliation without JavaScript.
	show := *shown
	show.Affiliations = append(append([]kindred.Affiliation{}, shown.Affiliations...), kindred.Affiliation{})
	d := memberFormData{Member: &show, New: stored == nil, Cities: cities, Orgs: orgs, Fields: kindred.Fields, Levels: kindred.Levels,
		CanEditEmail: true, CanSetVisible: true, Hidden: map[string]bool{}, Action: "/network/members"}
	p := page{Title: "Add a member", Nav: "network", Data: d}
	if stored != nil {
		d.Action, p.Title = fmt.Sprintf("/network/members/%d", stored.ID), "Edit profile"
		d.CanEditEmail, d.CanSetVisible = stored.EmailEditableBy(viewer), stored.VisibilitySetBy(viewer)
		for _, f := range kindred.Fields {
			if d.Hidden[string(f)] = !stored.CanSee(viewer.Account, f); d.Hidden[string(f)] && formFieldWords[f] != "" {
				d.HiddenNames = append(d.HiddenNames, formFieldWords[f])
			}
		}
		p.Data = d
	}
	if err != nil {
		p.Error, p.Errors = kindred.ErrorMessage(err), kindred.ErrorFields(err)
	}
	s.render(w, r, status, "member_form", p)
	return nil
}

// failMemberForm shows the form again with what was typed and the
// problems (a refused city among them), or hands any other refusal or a
// failure to the error page.
func (s *Server) failMemberForm(w http.ResponseWriter, r *http.Request, stored, typed *kindred.Member, err error) error {
	if !formProblem(err) && (kindred.ErrorCode(err) != kindred.EFORBIDDEN || kindred.ErrorFields(err) == nil) {
		return err
	}
	return s.renderMemberForm(w, r, httpx.Status(err), stored, typed, err)
}

// editMemberPage shows the profile form, with what the editor may see of
// the profile, to those who may edit it.
func (s *Server) editMemberPage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.pathMember(r)
	if err != nil {
		return err
	}
	viewer := viewerFrom(r)
	if err := m.MayEdit(viewer); err != nil {
		return err
	}
	return s.renderMemberForm(w, r, http.StatusOK, m, m.VisibleTo(viewer.Account), nil)
}

// updateMember saves the profile form.
func (s *Server) updateMember(w http.ResponseWriter, r *http.Request) error {
	m, err := s.pathMember(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	typed := memberFromForm(r, m.VisibleTo(viewerFrom(r).Account))
	if _, err := s.Directory.UpdateMember(r.Context(), viewerFrom(r), m.ID, typed); err != nil {
		return s.failMemberForm(w, r, m, typed, err)
	}
	s.Sessions.Put(r.Context(), "flash", "Profile saved.")
	http.Redirect(w, r, fmt.Sprintf("/network/members/%d", m.ID), http.StatusSeeOther)
	return nil
}

// newMemberPage lets organizers and admins add someone to the directory.
func (s *Server) newMemberPage(w http.ResponseWriter, r *http.Request) error {
	if !viewerFrom(r).OrganizesSomewhere() {
		return kindred.Errorf(kindred.EFORBIDDEN, "Only organizers and administrators can add members.")
	}
	return s.renderMemberForm(w, r, http.StatusOK, nil, &kindred.Member{}, nil)
}

// createMember saves a new member added by an organizer.
func (s *Server) createMember(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	typed := memberFromForm(r, &kindred.Member{})
	made, err := s.Directory.CreateMember(r.Context(), viewerFrom(r), typed)
	if err != nil {
		return s.failMemberForm(w, r, nil, typed, err)
	}
	s.Sessions.Put(r.Context(), "flash", made.Name+" is in the directory.")
	http.Redirect(w, r, fmt.Sprintf("/network/members/%d", made.ID), http.StatusSeeOther)
	return nil
}

// memberFromForm builds the member the form describes, on top of base (what
// the form showed): a field the form did not show (one the member keeps from
// the editor) keeps base's value.
func memberFromForm(r *http.Request, base *kindred.Member) *kindred.Member {
	f := r.PostForm
	m := *base
	set := func(dst *string, key string) {
		if _, ok := f[key]; ok {
			*dst = f.Get(key)
		}
	}
	setList := func(dst *[]string, key string) {
		if _, ok := f[key]; ok {
			*dst = kindred.SplitList(f.Get(key))
		}
	}
	m.Name = f.Get("name") // always on the form, and required
	set(&m.Pronouns, "pronouns")
	set(&m.Bio, "bio")
	set(&m.Email, "email")
	if _, ok := f["city_id"]; ok {
		m.CityID, _ = strconv.ParseInt(f.Get("city_id"), 10, 64)
	}
	setList(&m.Languages, "languages")
	setList(&m.Tags, "tags")
	setList(&m.Asks, "asks")
	setList(&m.Offers, "offers")
	set(&m.Needs.Diet, "diet")
	set(&m.Needs.Accessibility, "accessibility")
	set(&m.Needs.PreferredLanguage, "preferred_language")
	if vis := visibilityFromForm(f); vis != nil {
		m.Visibility = vis
	}
	if _, ok := f["aff_org"]; ok {
		m.Affiliations = affiliationsFromForm(f)
	}
	return &m
}

// visibilityFromForm reads the visibility radios; nil when the form had none.
func visibilityFromForm(f map[string][]string) kindred.Visibility {
	var vis kindred.Visibility
	for _, field := range kindred.Fields {
		if l := at(f["vis_"+string(field)], 0); l != "" {
			if vis == nil {
				vis = kindred.Visibility{}
			}
			vis[field] = kindred.Level(l)
		}
	}
	return vis
}

// affiliationsFromForm reads the affiliation rows; rows without an
// organization are empty and skipped.
func affiliationsFromForm(f map[string][]string) []kindred.Affiliation {
	orgs, roles, since, until := f["aff_org"], f["aff_role"], f["aff_since"], f["aff_until"]
	primary := at(f["aff_primary"], 0)
	var out []kindred.Affiliation
	for i, o := range orgs {
		id, _ := strconv.ParseInt(o, 10, 64)
		if id == 0 {
			continue
		}
		out = append(out, kindred.Affiliation{OrganizationID: id, Role: at(roles, i), Since: at(since, i), Until: at(until, i),
			Primary: primary == strconv.Itoa(i)})
	}
	return out
}

func at(xs []string, i int) string {
	if i < len(xs) {
		return xs[i]
	}
	return ""
}

// myProfile sends people to their directory profile, or offers to create one.
func (s *Server) myProfile(w http.ResponseWriter, r *http.Request) {
	if m := viewerFrom(r).Member; m != nil {
		http.Redirect(w, r, fmt.Sprintf("/network/members/%d", m.ID), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "profile_start", page{Title: "Your profile", Nav: "network"})
}

// createMyProfile makes the signed-in person's directory profile, linking a
// member already listed with their email if there is one.
func (s *Server) createMyProfile(w http.ResponseWriter, r *http.Request) error {
	id, err := s.Directory.CreateMyProfile(r.Context(), viewerFrom(r))
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/network/members/%d/edit", id), http.StatusSeeOther)
	return nil
}

// memberPhoto serves a photo to those allowed to see it.
func (s *Server) memberPhoto(w http.ResponseWriter, r *http.Request) error {
	m, err := s.pathMember(r)
	if err != nil {
		return err
	}
	if !m.VisibleTo(accountFrom(r.Context())).HasPhoto {
		return kindred.Errorf(kindred.ENOTFOUND, "No photo.")
	}
	ct, data, err := s.Store.MemberPhoto(r.Context(), m.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "private, max-age=300")
	_, _ = w.Write(data)
	return nil
}

// uploadPhoto stores a new profile photo (or removes it).
func (s *Server) uploadPhoto(w http.ResponseWriter, r *http.Request) error {
	m, err := s.pathMember(r)
	if err != nil {
		return err
	}
	err = s.Directory.SetPhoto(r.Context(), viewerFrom(r), m.ID, func() ([]byte, error) { return readPhoto(r) })
	if err != nil {
		return s.failMemberForm(w, r, m, m.VisibleTo(accountFrom(r.Context())), err)
	}
	s.Sessions.Put(r.Context(), "flash", "Photo updated.")
	http.Redirect(w, r, fmt.Sprintf("/network/members/%d", m.ID), http.StatusSeeOther)
	return nil
}

// readPhoto reads the uploaded file, checking its size; a "remove" field
// means no photo (nil). Whether it is an image is the use case's to say.
func readPhoto(r *http.Request) ([]byte, error) {
	bad := func(msg string) error {
		return &kindred.Error{Code: kindred.EINVALID, Message: "The photo " + msg + ".", Fields: map[string]string{"photo": msg}}
	}
	r.Body = http.MaxBytesReader(nil, r.Body, kindred.MaxPhotoBytes+64<<10)
	if err := r.ParseMultipartForm(kindred.MaxPhotoBytes + 64<<10); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, bad("is larger than 2 MB; choose a smaller image")
		}
		return nil, bad("could not be read; choose an image file")
	}
	if r.PostForm.Get("remove") != "" {
		return nil, nil
	}
	file, _, err := r.FormFile("photo")
	if err != nil {
		return nil, bad("is missing; choose an image file")
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, kindred.MaxPhotoBytes+1))
	if err != nil {
		return nil, bad("could not be read; choose an image file")
	}
	if len(data) > kindred.MaxPhotoBytes {
		return nil, bad("is larger than 2 MB; choose a smaller image")
	}
	return data, nil
}

// mergeMember folds a duplicate (named by id or email) into this member.
func (s *Server) mergeMember(w http.ResponseWriter, r *http.Request) error {
	keep, err := s.pathMember(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	dup, err := s.Directory.MergeMembers(r.Context(), viewerFrom(r), keep.ID, r.PostForm.Get("duplicate"))
	if err != nil {
		return s.failMemberForm(w, r, keep, keep.VisibleTo(accountFrom(r.Context())), err)
	}
	s.Sessions.Put(r.Context(), "flash", "Merged "+dup.Name+" into this profile.")
	http.Redirect(w, r, fmt.Sprintf("/network/members/%d", keep.ID), http.StatusSeeOther)
	return nil
}
