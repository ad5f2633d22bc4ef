package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// memberData is what the member page shows.
type memberData struct {
	Member  *kindred.Member // already filtered for the viewer
	CanEdit bool
	IsSelf  bool
}

// memberPage shows a profile, with what the viewer may see of it.
func (s *Server) memberPage(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	viewer := accountFrom(r.Context())
	d := memberData{Member: m.VisibleTo(viewer), CanEdit: m.CanEdit(viewer), IsSelf: m.AccountID != 0 && m.AccountID == viewer.ID}
	s.render(w, r, http.StatusOK, "member", page{Title: m.Name, Nav: "network", Data: d})
}

// loadMember reads the {id} member or answers 404.
func (s *Server) loadMember(w http.ResponseWriter, r *http.Request) (*kindred.Member, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return nil, false
	}
	m, err := s.Store.Member(r.Context(), id)
	if err != nil {
		if kindred.ErrorCode(err) == kindred.ENOTFOUND {
			s.NotFound(w, r)
		} else {
			s.serverError(w, r, err)
		}
		return nil, false
	}
	return m, true
}

// memberFormData is what the profile form needs.
type memberFormData struct {
	Member       *kindred.Member // as stored or as typed
	New          bool
	Cities       []kindred.City
	Orgs         []*kindred.Organization
	Fields       []kindred.Field
	Levels       []kindred.Level
	CanEditEmail bool
	Action       string
}

// renderMemberForm shows the profile form for m with any problems.
func (s *Server) renderMemberForm(w http.ResponseWriter, r *http.Request, status int, m *kindred.Member, isNew bool, err error) {
	ctx := r.Context()
	cities, cerr := s.Store.Cities(ctx)
	orgs, oerr := s.Store.OrganizationChoices(ctx)
	if cerr != nil || oerr != nil {
		s.serverError(w, r, errors.Join(cerr, oerr))
		return
	}
	// An empty row lets people add an affiliation without JavaScript.
	show := *m
	show.Affiliations = append(append([]kindred.Affiliation{}, m.Affiliations...), kindred.Affiliation{})
	d := memberFormData{Member: &show, New: isNew, Cities: cities, Orgs: orgs, Fields: kindred.Fields, Levels: kindred.Levels,
		CanEditEmail: canManage(accountFrom(ctx)), Action: fmt.Sprintf("/network/members/%d", m.ID)}
	if isNew {
		d.Action = "/network/members"
	}
	p := page{Title: "Edit profile", Nav: "network", Data: d}
	if isNew {
		p.Title = "Add a member"
	}
	if err != nil {
		p.Error, p.Errors = kindred.ErrorMessage(err), kindred.ErrorFields(err)
	}
	s.render(w, r, status, "member_form", p)
}

// editMemberPage shows the profile form to those who may edit it.
func (s *Server) editMemberPage(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	if !m.CanEdit(accountFrom(r.Context())) {
		s.errorPage(w, r, http.StatusForbidden, "Only the member, their city's organizers and administrators can edit this profile.")
		return
	}
	s.renderMemberForm(w, r, http.StatusOK, m, false, nil)
}

// updateMember saves the profile form.
func (s *Server) updateMember(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	viewer := accountFrom(r.Context())
	if !m.CanEdit(viewer) {
		s.errorPage(w, r, http.StatusForbidden, "Only the member, their city's organizers and administrators can edit this profile.")
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	typed := memberFromForm(r, m, canManage(viewer))
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		if err := tx.UpdateMember(r.Context(), typed); err != nil {
			return err
		}
		return s.auditIfManaging(r, tx, "member.update", typed)
	})
	if err != nil {
		s.failMemberForm(w, r, typed, false, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", "Profile saved.")
	http.Redirect(w, r, fmt.Sprintf("/network/members/%d", m.ID), http.StatusSeeOther)
}

// auditIfManaging records changes organizers and admins make to others' profiles.
func (s *Server) auditIfManaging(r *http.Request, tx *store.Tx, action string, m *kindred.Member) error {
	viewer := accountFrom(r.Context())
	if m.AccountID == viewer.ID {
		return nil
	}
	return tx.Audit(r.Context(), viewer.ID, action, fmt.Sprintf("member %d", m.ID), m.Name)
}

func (s *Server) failMemberForm(w http.ResponseWriter, r *http.Request, typed *kindred.Member, isNew bool, err error) {
	status := httpx.Status(err)
	if status >= 500 {
		s.serverError(w, r, err)
		return
	}
	s.renderMemberForm(w, r, status, typed, isNew, err)
}

// newMemberPage lets organizers and admins add someone to the directory.
func (s *Server) newMemberPage(w http.ResponseWriter, r *http.Request) {
	if !canManage(accountFrom(r.Context())) {
		s.errorPage(w, r, http.StatusForbidden, "Only organizers and administrators can add members.")
		return
	}
	s.renderMemberForm(w, r, http.StatusOK, &kindred.Member{}, true, nil)
}

// createMember saves a new member added by an organizer.
func (s *Server) createMember(w http.ResponseWriter, r *http.Request) {
	viewer := accountFrom(r.Context())
	if !canManage(viewer) {
		s.errorPage(w, r, http.StatusForbidden, "Only organizers and administrators can add members.")
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	typed := memberFromForm(r, &kindred.Member{}, true)
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		if typed.CityID != 0 && !viewer.CanOrganize(typed.CityID) {
			return &kindred.Error{Code: kindred.EFORBIDDEN, Message: "You can add members only in the cities you organize.",
				Fields: map[string]string{"city": "is not one of your cities"}}
		}
		if _, err := tx.CreateMember(r.Context(), typed); err != nil {
			return err
		}
		return tx.Audit(r.Context(), viewer.ID, "member.create", fmt.Sprintf("member %d", typed.ID), typed.Name)
	})
	if err != nil {
		s.failMemberForm(w, r, typed, true, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", typed.Name+" is in the directory.")
	http.Redirect(w, r, fmt.Sprintf("/network/members/%d", typed.ID), http.StatusSeeOther)
}

// memberFromForm builds the member the form describes, on top of base (which
// keeps what the form does not show, like the account link).
func memberFromForm(r *http.Request, base *kindred.Member, canEditEmail bool) *kindred.Member {
	f := r.PostForm
	m := *base
	m.Name, m.Pronouns, m.Bio = f.Get("name"), f.Get("pronouns"), f.Get("bio")
	if canEditEmail {
		m.Email = f.Get("email")
	}
	m.CityID, _ = strconv.ParseInt(f.Get("city"), 10, 64)
	m.Languages, m.Tags = kindred.SplitList(f.Get("languages")), kindred.SplitList(f.Get("tags"))
	m.Asks, m.Offers = kindred.SplitList(f.Get("asks")), kindred.SplitList(f.Get("offers"))
	m.Needs = kindred.Needs{Diet: f.Get("diet"), Accessibility: f.Get("accessibility"), PreferredLanguage: f.Get("preferred_language")}
	m.Visibility = kindred.Visibility{}
	for _, field := range kindred.Fields {
		if l := f.Get("vis_" + string(field)); l != "" {
			m.Visibility[field] = kindred.Level(l)
		}
	}
	m.Affiliations = affiliationsFromForm(f)
	return &m
}

// affiliationsFromForm reads the affiliation rows; rows without an
// organization are empty and skipped.
func affiliationsFromForm(f map[string][]string) []kindred.Affiliation {
	orgs, roles, since, until := f["aff_org"], f["aff_role"], f["aff_since"], f["aff_until"]
	primary := ""
	if p := f["aff_primary"]; len(p) > 0 {
		primary = p[0]
	}
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
	m, err := s.Store.MemberByAccount(r.Context(), accountFrom(r.Context()).ID)
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/network/members/%d", m.ID), http.StatusSeeOther)
		return
	}
	if kindred.ErrorCode(err) != kindred.ENOTFOUND {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "profile_start", page{Title: "Your profile", Nav: "network"})
}

// createMyProfile makes the signed-in person's directory profile, linking a
// member already listed with their email if there is one.
func (s *Server) createMyProfile(w http.ResponseWriter, r *http.Request) {
	a := accountFrom(r.Context())
	var id int64
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		var err error
		id, err = tx.LinkOrCreateMember(r.Context(), a)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/network/members/%d/edit", id), http.StatusSeeOther)
}

// memberPhoto serves a photo to those allowed to see it.
func (s *Server) memberPhoto(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	if !m.HasPhoto || !m.CanSee(accountFrom(r.Context()), kindred.FieldPhoto) {
		s.NotFound(w, r)
		return
	}
	ct, data, err := s.Store.MemberPhoto(r.Context(), m.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "private, max-age=300")
	_, _ = w.Write(data)
}

// photoTypes are the image formats accepted for photos, by sniffed type.
var photoTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/webp": true, "image/gif": true}

// uploadPhoto stores a new profile photo (or removes it).
func (s *Server) uploadPhoto(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	if !m.CanEdit(accountFrom(r.Context())) {
		s.errorPage(w, r, http.StatusForbidden, "Only the member, their city's organizers and administrators can change this photo.")
		return
	}
	ct, data, err := readPhoto(r)
	if err == nil {
		err = s.Store.WithTx(r.Context(), func(tx *store.Tx) error { return tx.SetMemberPhoto(r.Context(), m.ID, ct, data) })
	}
	if err != nil {
		s.failMemberForm(w, r, m, false, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", "Photo updated.")
	http.Redirect(w, r, fmt.Sprintf("/network/members/%d", m.ID), http.StatusSeeOther)
}

// readPhoto reads the uploaded image, checking its size and real type.
// A "remove" field means no photo (nil data).
func readPhoto(r *http.Request) (string, []byte, error) {
	bad := func(msg string) error {
		return &kindred.Error{Code: kindred.EINVALID, Message: msg, Fields: map[string]string{"photo": msg}}
	}
	r.Body = http.MaxBytesReader(nil, r.Body, kindred.MaxPhotoBytes+64<<10)
	if err := r.ParseMultipartForm(kindred.MaxPhotoBytes + 64<<10); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return "", nil, bad("is larger than 2 MB; choose a smaller image")
		}
		return "", nil, bad("could not be read; choose an image file")
	}
	if r.PostForm.Get("remove") != "" {
		return "", nil, nil
	}
	file, _, err := r.FormFile("photo")
	if err != nil {
		return "", nil, bad("is missing; choose an image file")
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, kindred.MaxPhotoBytes+1))
	if err != nil {
		return "", nil, bad("could not be read; choose an image file")
	}
	if len(data) > kindred.MaxPhotoBytes {
		return "", nil, bad("is larger than 2 MB; choose a smaller image")
	}
	ct := http.DetectContentType(data)
	if !photoTypes[ct] {
		return "", nil, bad("is not an image (JPEG, PNG, WebP or GIF)")
	}
	return ct, data, nil
}

// mergeMember folds a duplicate (named by id or email) into this member.
func (s *Server) mergeMember(w http.ResponseWriter, r *http.Request) {
	keep, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	dup, err := s.findMember(r, strings.TrimSpace(r.PostForm.Get("duplicate")))
	if err == nil {
		err = s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
			if err := tx.MergeMembers(r.Context(), keep, dup); err != nil {
				return err
			}
			return tx.Audit(r.Context(), accountFrom(r.Context()).ID, "member.merge",
				fmt.Sprintf("member %d", keep.ID), fmt.Sprintf("merged member %d (%s)", dup.ID, dup.Name))
		})
	}
	if err != nil {
		s.failMemberForm(w, r, keep, false, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", "Merged "+dup.Name+" into this profile.")
	http.Redirect(w, r, fmt.Sprintf("/network/members/%d", keep.ID), http.StatusSeeOther)
}

// findMember finds a member by id or email for the merge form.
func (s *Server) findMember(r *http.Request, ref string) (*kindred.Member, error) {
	notFound := &kindred.Error{Code: kindred.EINVALID, Message: "No member matches that id or email.",
		Fields: map[string]string{"duplicate": "matches no member"}}
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		m, err := s.Store.Member(r.Context(), id)
		if kindred.ErrorCode(err) == kindred.ENOTFOUND {
			return nil, notFound
		}
		return m, err
	}
	m, err := s.Store.MemberByEmail(r.Context(), ref)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return nil, notFound
	}
	return m, err
}
