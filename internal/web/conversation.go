package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/kindredhq/kindred/internal/conversations"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// registerConversations adds the conversation pages: a thread per
// gathering, practice, city and campaign theme, with posting, editing,
// moderation and following.
func (s *Server) registerConversations(mux Mux) {
	const base = "/conversations/{kind}/{ref}"
	mux.Handle("GET "+base, s.signedIn(s.handle(s.conversationPage)))
	mux.Handle("POST "+base, s.signedIn(s.handle(s.addPost)))
	mux.Handle("POST "+base+"/lock", s.signedIn(s.handle(s.lockConversation)))
	mux.Handle("POST "+base+"/follow", s.signedIn(s.handle(s.followConversation)))
	mux.Handle("POST "+base+"/members", s.signedIn(s.handle(s.membersJoin)))
	mux.Handle("GET "+base+"/posts/{post}", s.signedIn(s.handle(s.postHistory)))
	mux.Handle("POST "+base+"/posts/{post}", s.signedIn(s.handle(s.editPost)))
	mux.Handle("POST "+base+"/posts/{post}/delete", s.signedIn(s.handle(s.deletePost)))
	mux.Handle("POST "+base+"/posts/{post}/hide", s.signedIn(s.handle(s.hidePost)))
	s.registerNotifications(mux)
}

// conversationPath is the address of the conversation on a gathering,
// practice, city (by id) or a campaign's theme (its id and the theme's
// label), for the links on their pages.
func conversationPath(kind string, id int64, label ...string) string {
	p := kindred.Place{Kind: kindred.PlaceKind(kind), RefID: id}
	if len(label) > 0 {
		p.Topic = kindred.ThemeTopic(label[0])
	}
	return p.Path()
}

// conversationData is what a thread's page shows.
type conversationData struct {
	T     *conversations.Thread
	Posts []postItem
	// Earlier and Later are the addresses of the pages around this one
	// ("" when there are none).
	Earlier, Later string
	Editing        int64 // the post whose edit form came back with a problem
	// Refusal says why the viewer may not write here ("" when they may).
	Refusal string
}

// postItem is a post as its page shows it, flat (templates look fields up
// by reflection, and a page shows many posts).
type postItem struct {
	ID                      int64
	AuthorID                int64 // the author's profile the viewer may open; 0 for none
	AuthorName, Body, Via   string
	CreatedAt               time.Time
	Edited, Hidden, Deleted bool
	ShowsBody, Mine         bool
	HTML                    template.HTML
}

// itemOf flattens a post for the page.
func itemOf(pv conversations.PostView) postItem {
	it := postItem{ID: pv.ID, AuthorName: pv.AuthorName, Body: pv.Body, Via: pv.Via, CreatedAt: pv.CreatedAt,
		Edited: pv.EditedAt != nil, Hidden: pv.HiddenAt != nil, Deleted: pv.DeletedAt != nil, ShowsBody: pv.ShowsBody, Mine: pv.Mine}
	if pv.Author != nil {
		it.AuthorID = pv.Author.ID
	}
	return it
}

// placeOf reads the conversation's place from the address.
func placeOf(r *http.Request) (kindred.Place, error) {
	return kindred.ParsePlace(r.PathValue("kind"), r.PathValue("ref"))
}

// postPage reads the page of a thread the address asks for: ?from=ID or
// ?before=ID, the newest otherwise.
func postPage(q url.Values) store.PostPage {
	from, _ := strconv.ParseInt(q.Get("from"), 10, 64)
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	return store.PostPage{From: max(from, 0), Before: max(before, 0), Limit: conversations.PageSize}
}

func (s *Server) conversationPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderConversation(w, r, http.StatusOK, nil, 0)
}

// renderConversation shows a page of the thread; formErr (with the
// request's form) comes back from a refused post or edit of post editing.
func (s *Server) renderConversation(w http.ResponseWriter, r *http.Request, status int, formErr error, editing int64) error {
	p, err := placeOf(r)
	if err != nil {
		return err
	}
	t, err := s.Conversations.Read(r.Context(), viewerFrom(r), p, postPage(r.URL.Query()))
	if err != nil {
		return err
	}
	d := conversationData{T: t, Editing: editing}
	if t.PostRefusal != nil {
		d.Refusal = kindred.ErrorMessage(t.PostRefusal)
	}
	for _, pv := range t.Posts {
		item := itemOf(pv)
		if pv.ShowsBody {
			if item.HTML, err = s.Markdown.Render(pv.Body); err != nil {
				return err
			}
		}
		d.Posts = append(d.Posts, item)
	}
	if n := len(t.Posts); n > 0 {
		if t.Earlier {
			d.Earlier = fmt.Sprintf("%s?before=%d#posts", p.Path(), t.Posts[0].ID)
		}
		if t.Later {
			d.Later = fmt.Sprintf("%s?from=%d#posts", p.Path(), t.Posts[n-1].ID+1)
		}
	}
	pg := page{Title: t.Title + " · Conversation", Nav: navOf(p.Kind), Data: d}
	if formErr != nil {
		pg.Error, pg.Errors, pg.Form = kindred.ErrorMessage(formErr), kindred.ErrorFields(formErr), r.PostForm
	}
	s.render(w, r, status, "conversation", pg)
	return nil
}

// navOf is the area a conversation's page belongs to.
func navOf(k kindred.PlaceKind) string {
	switch k {
	case kindred.PlaceGathering:
		return "gatherings"
	case kindred.PlacePractice:
		return "practices"
	case kindred.PlaceTheme:
		return "listening"
	}
	return "network"
}

func (s *Server) addPost(w http.ResponseWriter, r *http.Request) error {
	p, err := placeOf(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	post, err := s.Conversations.Post(r.Context(), viewerFrom(r), conversations.NewPost{Place: p, Body: r.PostForm.Get("body"), Via: kindred.ViaWeb})
	if kindred.ErrorCode(err) == kindred.EINVALID {
		return s.renderConversation(w, r, http.StatusUnprocessableEntity, err, 0)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("%s#post-%d", p.Path(), post.ID), http.StatusSeeOther)
	return nil
}

// postOf reads the place and the post id from the address.
func postOf(r *http.Request) (kindred.Place, int64, error) {
	p, err := placeOf(r)
	if err != nil {
		return p, 0, err
	}
	id, ok := pathID(r, "post")
	if !ok {
		return p, 0, kindred.Errorf(kindred.ENOTFOUND, "There is no such post.")
	}
	return p, id, nil
}

func (s *Server) editPost(w http.ResponseWriter, r *http.Request) error {
	p, id, err := postOf(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	_, err = s.Conversations.Edit(r.Context(), viewerFrom(r), p, id, r.PostForm.Get("body"))
	if kindred.ErrorCode(err) == kindred.EINVALID {
		return s.renderConversation(w, r, http.StatusUnprocessableEntity, err, id)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("%s?from=%d#post-%d", p.Path(), id, id), http.StatusSeeOther)
	return nil
}

func (s *Server) deletePost(w http.ResponseWriter, r *http.Request) error {
	p, id, err := postOf(r)
	if err != nil {
		return err
	}
	if err := s.Conversations.Delete(r.Context(), viewerFrom(r), p, id); err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), "flash", "Your post was deleted.")
	http.Redirect(w, r, p.Path()+"#posts", http.StatusSeeOther)
	return nil
}

func (s *Server) hidePost(w http.ResponseWriter, r *http.Request) error {
	p, id, err := postOf(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	hidden := r.PostForm.Get("hidden") != "off"
	if err := s.Conversations.Hide(r.Context(), viewerFrom(r), p, id, hidden); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("%s?from=%d#post-%d", p.Path(), id, id), http.StatusSeeOther)
	return nil
}

func (s *Server) lockConversation(w http.ResponseWriter, r *http.Request) error {
	return s.conversationSwitch(w, r, "locked", s.Conversations.Lock, "The conversation is locked: only organizers can post.", "The conversation is open again.")
}

func (s *Server) followConversation(w http.ResponseWriter, r *http.Request) error {
	return s.conversationSwitch(w, r, "follow", s.Conversations.Follow, "You follow this conversation: new posts reach you as your notification settings say.", "You no longer follow this conversation.")
}

func (s *Server) membersJoin(w http.ResponseWriter, r *http.Request) error {
	return s.conversationSwitch(w, r, "members", s.Conversations.SetMembersJoin, "Members can now read and join the conversations on this campaign's themes.", "Only organizers see the conversations on this campaign's themes now.")
}

// conversationSwitch turns one of a conversation's switches on (the form
// field set to anything but "off") or off, and goes back to it.
func (s *Server) conversationSwitch(w http.ResponseWriter, r *http.Request, field string,
	set func(ctx context.Context, v *kindred.Viewer, p kindred.Place, on bool) error, onMsg, offMsg string) error {
	p, err := placeOf(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	on := r.PostForm.Get(field) != "off"
	if err := set(r.Context(), viewerFrom(r), p, on); err != nil {
		return err
	}
	msg := offMsg
	if on {
		msg = onMsg
	}
	s.Sessions.Put(r.Context(), "flash", msg)
	http.Redirect(w, r, p.Path(), http.StatusSeeOther)
	return nil
}

// historyData is what a post's history page shows.
type historyData struct {
	Place    kindred.Place
	Title    string
	Post     *conversations.PostView
	HTML     template.HTML
	Versions []kindred.PostVersion
}

func (s *Server) postHistory(w http.ResponseWriter, r *http.Request) error {
	p, id, err := postOf(r)
	if err != nil {
		return err
	}
	pv, versions, err := s.Conversations.History(r.Context(), viewerFrom(r), p, id)
	if err != nil {
		return err
	}
	d := historyData{Place: p, Post: pv, Versions: versions}
	if pv.ShowsBody {
		if d.HTML, err = s.Markdown.Render(pv.Body); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "conversation_history", page{Title: "Post history", Nav: navOf(p.Kind), Data: d})
	return nil
}
