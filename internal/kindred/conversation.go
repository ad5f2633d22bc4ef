package kindred

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// PlaceKind names what a conversation is attached to.
type PlaceKind string

// The things people talk about: a gathering (its guests, before and
// after), a practice (the network), a city, and a theme of a listening
// campaign (its organizers and, where the campaign allows, members).
const (
	PlaceGathering PlaceKind = "gathering"
	PlacePractice  PlaceKind = "practice"
	PlaceCity      PlaceKind = "city"
	PlaceTheme     PlaceKind = "theme"
)

// Place names one conversation: its kind, the id of the gathering,
// practice, city or campaign, and for a theme the theme's topic (see
// ThemeTopic). Every conversation is addressed by its place, so a link to it
// works before anyone has written.
type Place struct {
	Kind  PlaceKind
	RefID int64
	Topic string
}

// ParsePlace reads a place as its address writes it: the kind, and the id
// ("12"), or for a theme the campaign's id and the topic ("7-housing").
// Anything else is ENOTFOUND: there is no such conversation.
func ParsePlace(kind, ref string) (Place, error) {
	none := Errorf(ENOTFOUND, "There is no such conversation.")
	p := Place{Kind: PlaceKind(kind)}
	id := ref
	if p.Kind == PlaceTheme {
		var ok bool
		if id, p.Topic, ok = strings.Cut(ref, "-"); !ok || p.Topic == "" || ThemeTopic(p.Topic) != p.Topic {
			return Place{}, none
		}
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return Place{}, none
	}
	p.RefID = n
	switch p.Kind {
	case PlaceGathering, PlacePractice, PlaceCity, PlaceTheme:
		return p, nil
	}
	return Place{}, none
}

// Ref is the place's id as its address writes it (see ParsePlace).
func (p Place) Ref() string {
	ref := strconv.FormatInt(p.RefID, 10)
	if p.Kind == PlaceTheme {
		ref += "-" + p.Topic
	}
	return ref
}

// Path is the address of the place's conversation page.
func (p Place) Path() string { return "/conversations/" + string(p.Kind) + "/" + p.Ref() }

// String names the place in audit entries and events, e.g. "gathering:12".
func (p Place) String() string { return string(p.Kind) + ":" + p.Ref() }

// maxTopicRunes bounds a theme's topic, so addresses stay short.
const maxTopicRunes = 80

// ThemeTopic is how a theme's label names its conversation: lower case,
// letters and digits of any script kept, everything else a single dash.
// A theme found again by a later run under the same label keeps its
// conversation.
func ThemeTopic(label string) string {
	var b strings.Builder
	dash, n := false, 0
	for _, r := range strings.ToLower(label) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			sep := dash && b.Len() > 0
			if sep && n+2 > maxTopicRunes || n+1 > maxTopicRunes {
				break
			}
			if sep {
				b.WriteByte('-')
				n++
			}
			b.WriteRune(r)
			dash = false
			n++
			continue
		}
		dash = true
	}
	return b.String()
}

// Thread is a stored conversation. A place has none until its first post.
type Thread struct {
	ID        int64
	Place     Place
	Title     string // the theme's label when the thread began (themes only)
	Locked    bool
	LockedAt  *time.Time
	CreatedAt time.Time
}

// Conversation is a place's conversation with what its rules look at: the
// thing it is attached to. Title is what the place is called now.
type Conversation struct {
	Place  Place
	Thread *Thread // nil until the first post
	Title  string
	// Parent is the address of the page of what it is attached to.
	Parent string
	// Gathering is the gathering of a gathering's conversation.
	Gathering *Gathering
	// OnList tells whether a member is on the gathering's list (invited,
	// answered, or hosting); asked only when the answer depends on it.
	OnList func(memberID int64) bool
	// CityID is the city of a city's conversation.
	CityID int64
	// Campaign is the campaign of a theme's conversation; MembersJoin says
	// whether its organizers let members read and join.
	Campaign    *Campaign
	MembersJoin bool
}

// VisibleTo reports whether v may read the conversation. A conversation has
// exactly the visibility of what it is attached to: a gathering's follows
// Gathering.VisibleTo (an invite-only dinner's is for its list), a
// practice's and a city's are the network's, a theme's is its campaign's
// organizers' and, when the campaign allows it, every member's.
func (c *Conversation) VisibleTo(v *Viewer) bool {
	if !v.SignedIn() {
		return false
	}
	switch c.Place.Kind {
	case PlaceGathering:
		return c.Gathering != nil && c.Gathering.VisibleTo(v, func() bool { return c.listed(v) })
	case PlacePractice, PlaceCity:
		return true
	case PlaceTheme:
		return c.Campaign != nil && (c.Campaign.OrganizedBy(v) || c.MembersJoin)
	}
	return false
}

// listed reports whether v's member profile is on the gathering's list.
func (c *Conversation) listed(v *Viewer) bool {
	return c.OnList != nil && v.MemberID() != 0 && c.OnList(v.MemberID())
}

// MayModerate reports whether v may hide posts and lock the conversation:
// the organizers of the place — a gathering's and a city's city organizers,
// a theme's campaign organizers, the network's organizers for a practice —
// and administrators everywhere.
func (c *Conversation) MayModerate(v *Viewer) bool {
	if !v.SignedIn() {
		return false
	}
	switch c.Place.Kind {
	case PlaceGathering:
		return c.Gathering != nil && v.CanOrganize(c.Gathering.CityID)
	case PlaceCity:
		return v.CanOrganize(c.CityID)
	case PlacePractice:
		return v.OrganizesNetwork()
	case PlaceTheme:
		return c.Campaign != nil && c.Campaign.OrganizedBy(v)
	}
	return false
}

// MayPost checks that v may write in the conversation: whoever reads it,
// except that a gathering's conversation is for its guests and hosts (and
// its organizers), and a locked one takes posts from its moderators only.
// ENOTFOUND when v may not even read it, EFORBIDDEN otherwise.
func (c *Conversation) MayPost(v *Viewer) error {
	if !c.VisibleTo(v) {
		return Errorf(ENOTFOUND, "There is no such conversation.")
	}
	moderator := c.MayModerate(v)
	if c.Thread != nil && c.Thread.Locked && !moderator {
		return Errorf(EFORBIDDEN, "This conversation is locked: an organizer closed it to new posts.")
	}
	if c.Place.Kind == PlaceGathering && !moderator && !c.listed(v) {
		return Errorf(EFORBIDDEN, "Only the gathering's guests and hosts take part in its conversation.")
	}
	return nil
}

// OpenToNetwork reports whether everyone signed in may read the
// conversation, so what happens in it may be told beyond it (events).
func (c *Conversation) OpenToNetwork() bool {
	switch c.Place.Kind {
	case PlacePractice, PlaceCity:
		return true
	case PlaceGathering:
		return c.Gathering != nil && c.Gathering.OpenToNetwork()
	}
	return false
}

// Via says where a post was written.
const (
	ViaWeb   = "web"
	ViaAPI   = "api"
	ViaEmail = "email"
)

// Post is one message in a conversation. Body is Markdown. The author is a
// member profile (shown through Member.VisibleTo) and the account that
// wrote it; either may be 0.
type Post struct {
	ID              int64
	ThreadID        int64
	AuthorAccountID int64
	AuthorMemberID  int64
	Body            string
	Via             string
	MessageID       string // the email's Message-ID, for posts sent by mail
	CreatedAt       time.Time
	EditedAt        *time.Time
	DeletedAt       *time.Time
	HiddenAt        *time.Time
	HiddenBy        int64
}

// PostVersion is an earlier text of an edited post.
type PostVersion struct {
	Body      string
	WrittenAt time.Time
}

// MaxPostRunes bounds a post (about three pages).
const MaxPostRunes = 10000

// CleanPostBody trims a post's text and checks it, naming the field body.
func CleanPostBody(body string) (string, error) {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	var p Problems
	switch n := utf8.RuneCountInString(body); {
	case n == 0:
		p.Add("body", "is empty: write something first")
	case n > MaxPostRunes:
		p.Add("body", "is longer than 10,000 characters")
	}
	return body, p.Err()
}

// WrittenBy reports whether v wrote the post.
func (p *Post) WrittenBy(v *Viewer) bool {
	return (p.AuthorAccountID != 0 && p.AuthorAccountID == v.AccountID()) || v.Is(p.AuthorMemberID)
}

// MayEdit checks that v may change or delete the post: its author, while
// the post is there and the conversation is not locked. ENOTFOUND for a
// deleted post, EFORBIDDEN otherwise.
func (p *Post) MayEdit(v *Viewer, c *Conversation) error {
	switch {
	case p.DeletedAt != nil:
		return Errorf(ENOTFOUND, "This post was deleted.")
	case !v.SignedIn() || !p.WrittenBy(v):
		return Errorf(EFORBIDDEN, "Only its author can change a post.")
	case c.Thread != nil && c.Thread.Locked && !c.MayModerate(v):
		return Errorf(EFORBIDDEN, "This conversation is locked: an organizer closed it to changes.")
	}
	return nil
}

// ShowsBody reports whether v may read the post's text: nobody once it is
// deleted; its author and the moderators while it is hidden; everyone who
// reads the conversation otherwise.
func (p *Post) ShowsBody(v *Viewer, moderator bool) bool {
	if p.DeletedAt != nil {
		return false
	}
	return p.HiddenAt == nil || moderator || p.WrittenBy(v)
}
