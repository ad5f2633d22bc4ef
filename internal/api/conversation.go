package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kindredhq/kindred/internal/conversations"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// conversationRoutes are the conversation endpoints (see Routes).
func (a *API) conversationRoutes() []Route {
	const base = "/conversations/{kind}/{ref}"
	return []Route{
		{Method: "GET", Path: base, Handler: a.handle(a.getConversation)},
		{Method: "POST", Path: base + "/posts", Handler: a.handle(a.createPost)},
		{Method: "POST", Path: base + "/posts/{id}", Handler: a.handle(a.editPost)},
		{Method: "DELETE", Path: base + "/posts/{id}", Handler: a.handle(a.deletePost)},
		{Method: "POST", Path: base + "/posts/{id}/moderation", Handler: a.handle(a.moderatePost)},
		{Method: "POST", Path: base + "/lock", Handler: a.handle(a.lockConversation)},
	}
}

// conversationJSON is a page of a conversation as the token's account sees it.
type conversationJSON struct {
	Kind      string     `json:"kind"`
	Ref       string     `json:"ref"`
	Title     string     `json:"title"`
	Locked    bool       `json:"locked"`
	CanPost   bool       `json:"can_post"`
	Moderator bool       `json:"moderator"`
	Posts     []postJSON `json:"posts"`
	// Earlier and Later are the query strings of the pages around this
	// one ("" when there are none).
	Earlier string `json:"earlier"`
	Later   string `json:"later"`
}

// postJSON is a post; body is empty when the post is deleted or hidden
// from the reader.
type postJSON struct {
	ID       int64      `json:"id"`
	Author   string     `json:"author"`
	MemberID int64      `json:"member_id,omitempty"`
	Body     string     `json:"body"`
	Via      string     `json:"via"`
	Created  time.Time  `json:"created_at"`
	Edited   *time.Time `json:"edited_at,omitempty"`
	Hidden   bool       `json:"hidden"`
	Deleted  bool       `json:"deleted"`
}

func toPost(pv *conversations.PostView) postJSON {
	out := postJSON{ID: pv.ID, Author: pv.AuthorName, Body: pv.Body, Via: pv.Via, Created: pv.CreatedAt,
		Edited: pv.EditedAt, Hidden: pv.HiddenAt != nil, Deleted: pv.DeletedAt != nil}
	if pv.Author != nil {
		out.MemberID = pv.Author.ID
	}
	return out
}

// place reads the conversation's place from the path.
func place(r *http.Request) (kindred.Place, error) {
	return kindred.ParsePlace(r.PathValue("kind"), r.PathValue("ref"))
}

// placeAndPost reads the place and the post's id from the path.
func placeAndPost(r *http.Request) (kindred.Place, int64, error) {
	p, err := place(r)
	if err != nil {
		return p, 0, err
	}
	id, err := pathID(r)
	return p, id, err
}

// invalid is a problem with one field of the request.
func invalid(field, problem string) error {
	var p kindred.Problems
	p.Add(field, problem)
	return p.Err()
}

func (a *API) getConversation(w http.ResponseWriter, r *http.Request) error {
	p, err := place(r)
	if err != nil {
		return err
	}
	var pg store.PostPage
	if pg.From, err = queryID(r, "from"); err != nil {
		return err
	}
	if pg.Before, err = queryID(r, "before"); err != nil {
		return err
	}
	if pg.Limit, err = queryLimit(r); err != nil {
		return err
	}
	t, err := a.Conversations.Read(r.Context(), kindred.ViewerFrom(r.Context()), p, pg)
	if err != nil {
		return err
	}
	out := conversationJSON{Kind: string(p.Kind), Ref: p.Ref(), Title: t.Title, Locked: t.Thread != nil && t.Thread.Locked,
		CanPost: t.PostRefusal == nil, Moderator: t.Moderator, Posts: []postJSON{}}
	for i := range t.Posts {
		out.Posts = append(out.Posts, toPost(&t.Posts[i]))
	}
	if n := len(t.Posts); n > 0 {
		limit := "&limit=" + strconv.Itoa(pg.Limit)
		if t.Earlier {
			out.Earlier = "before=" + strconv.FormatInt(t.Posts[0].ID, 10) + limit
		}
		if t.Later {
			out.Later = "from=" + strconv.FormatInt(t.Posts[n-1].ID+1, 10) + limit
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// postIn is the body that writes or changes a post.
type postIn struct {
	Body string `json:"body"`
}

func (a *API) createPost(w http.ResponseWriter, r *http.Request) error {
	p, err := place(r)
	if err != nil {
		return err
	}
	var in postIn
	if err := decode(r, &in); err != nil {
		return err
	}
	pv, err := a.Conversations.Post(r.Context(), kindred.ViewerFrom(r.Context()), conversations.NewPost{Place: p, Body: in.Body, Via: kindred.ViaAPI})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toPost(pv))
	return nil
}

func (a *API) editPost(w http.ResponseWriter, r *http.Request) error {
	p, id, err := placeAndPost(r)
	if err != nil {
		return err
	}
	var in postIn
	if err := decode(r, &in); err != nil {
		return err
	}
	pv, err := a.Conversations.Edit(r.Context(), kindred.ViewerFrom(r.Context()), p, id, in.Body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPost(pv))
	return nil
}

func (a *API) deletePost(w http.ResponseWriter, r *http.Request) error {
	p, id, err := placeAndPost(r)
	if err != nil {
		return err
	}
	if err := a.Conversations.Delete(r.Context(), kindred.ViewerFrom(r.Context()), p, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// moderationIn hides a post or shows it again.
type moderationIn struct {
	Hidden *bool `json:"hidden"`
}

func (a *API) moderatePost(w http.ResponseWriter, r *http.Request) error {
	p, id, err := placeAndPost(r)
	if err != nil {
		return err
	}
	var in moderationIn
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Hidden == nil {
		return invalid("hidden", "is required: true hides the post, false shows it again")
	}
	v := kindred.ViewerFrom(r.Context())
	if err := a.Conversations.Hide(r.Context(), v, p, id, *in.Hidden); err != nil {
		return err
	}
	pv, _, err := a.Conversations.History(r.Context(), v, p, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPost(pv))
	return nil
}

// lockIn locks a conversation or opens it again.
type lockIn struct {
	Locked *bool `json:"locked"`
}

func (a *API) lockConversation(w http.ResponseWriter, r *http.Request) error {
	p, err := place(r)
	if err != nil {
		return err
	}
	var in lockIn
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Locked == nil {
		return invalid("locked", "is required: true locks the conversation, false opens it again")
	}
	if err := a.Conversations.Lock(r.Context(), kindred.ViewerFrom(r.Context()), p, *in.Locked); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
