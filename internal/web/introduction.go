package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// sendIntroduction emails two members an introduction with a link each to
// accept it (organizers).
func (s *Server) sendIntroduction(w http.ResponseWriter, r *http.Request) {
	viewer := accountFrom(r.Context())
	if !canManage(viewer) {
		s.errorPage(w, r, http.StatusForbidden, "Only organizers and administrators can send introductions.")
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	a, b, err := s.introductionPair(r)
	if err == nil {
		err = s.Store.WithTx(r.Context(), func(tx *store.Tx) error { return s.introduce(r, tx, viewer, a, b) })
	}
	if err != nil {
		if httpx.Status(err) >= 500 {
			s.serverError(w, r, err)
			return
		}
		s.Sessions.Put(r.Context(), "flash", kindred.ErrorMessage(err))
		http.Redirect(w, r, "/emergence", http.StatusSeeOther)
		return
	}
	s.Sessions.Put(r.Context(), "flash", fmt.Sprintf("Introduction sent to %s and %s.", a.Name, b.Name))
	http.Redirect(w, r, "/emergence", http.StatusSeeOther)
}

// introductionPair reads the two members; both need an email address.
func (s *Server) introductionPair(r *http.Request) (*kindred.Member, *kindred.Member, error) {
	var out [2]*kindred.Member
	for i, f := range []string{"a", "b"} {
		id, _ := strconv.ParseInt(r.PostForm.Get(f), 10, 64)
		m, err := s.Store.Member(r.Context(), id)
		if kindred.ErrorCode(err) == kindred.ENOTFOUND {
			return nil, nil, kindred.Errorf(kindred.EINVALID, "One of the two members no longer exists.")
		}
		if err != nil {
			return nil, nil, err
		}
		if m.Email == "" {
			return nil, nil, kindred.Errorf(kindred.EINVALID, "%s has no email address, so Kindred cannot introduce them by email.", m.Name)
		}
		out[i] = m
	}
	return out[0], out[1], nil
}

// introduce records the introduction and queues one email to each member.
func (s *Server) introduce(r *http.Request, tx *store.Tx, by *kindred.Account, a, b *kindred.Member) error {
	ctx := r.Context()
	in, tokA, tokB, err := tx.CreateIntroduction(ctx, a.ID, b.ID, by.ID, r.PostForm.Get("message"))
	if err != nil {
		return err
	}
	for _, p := range []struct {
		to, other *kindred.Member
		token     string
	}{{a, b, tokA}, {b, a, tokB}} {
		org := ""
		if af, ok := p.other.PrimaryAffiliation(); ok {
			org = af.OrganizationName
		}
		m, err := s.Mail.Compose("introduction", p.to.Email, map[string]any{"Name": p.to.Name, "Other": p.other.Name, "OtherOrg": org,
			"By": by.DisplayName(), "Reasons": r.PostForm.Get("reasons"), "Message": in.Message,
			"URL": s.Config.BaseURL + "/introductions/accept?token=" + url.QueryEscape(p.token)})
		if err != nil {
			return err
		}
		if _, err := s.Queue.SendMail(ctx, tx, m); err != nil {
			return err
		}
	}
	return tx.Audit(ctx, by.ID, "introduction.send", fmt.Sprintf("introduction %d", in.ID), a.Name+" ↔ "+b.Name)
}

// acceptIntroductionPage shows the button that accepts (links in emails must
// not act on GET: mail scanners follow them).
func (s *Server) acceptIntroductionPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "introduction", page{Title: "Introduction", Form: url.Values{"token": {r.URL.Query().Get("token")}}})
}

// acceptIntroduction records the acceptance; no sign-in is needed.
func (s *Server) acceptIntroduction(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	var in store.Introduction
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		var err error
		in, err = tx.AcceptIntroduction(r.Context(), r.PostForm.Get("token"))
		return err
	})
	if err != nil {
		if httpx.Status(err) >= 500 {
			s.serverError(w, r, err)
			return
		}
		s.errorPage(w, r, httpx.Status(err), kindred.ErrorMessage(err))
		return
	}
	s.render(w, r, http.StatusOK, "introduction", page{Title: "Introduction", Data: in})
}
