package kindred

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// conversationViewers are the people the conversation rules are checked
// for: a guest on the dinner's list, a member who is not, organizers of the
// dinner's city (7) and of another (8), a network-wide organizer, an
// administrator and someone anonymous.
func conversationViewers() map[string]*Viewer {
	return map[string]*Viewer{
		"anon":     {},
		"guest":    {Account: &Account{ID: 1, Role: RoleMember}, Member: &Member{ID: 11}},
		"member":   {Account: &Account{ID: 2, Role: RoleMember}, Member: &Member{ID: 12}},
		"org7":     {Account: &Account{ID: 3, Role: RoleOrganizer, CityIDs: []int64{7}}},
		"org8":     {Account: &Account{ID: 4, Role: RoleOrganizer, CityIDs: []int64{8}}},
		"network":  {Account: &Account{ID: 5, Role: RoleOrganizer, NetworkWide: true}},
		"admin":    {Account: &Account{ID: 6, Role: RoleAdmin}},
		"noprofil": {Account: &Account{ID: 7, Role: RoleMember}},
	}
}

func dinnerConversation(visibility string, status GatheringStatus) *Conversation {
	return &Conversation{Place: Place{Kind: PlaceGathering, RefID: 9},
		Gathering: &Gathering{ID: 9, CityID: 7, Visibility: visibility, Status: status},
		OnList:    func(id int64) bool { return id == 11 }}
}

// TestConversationRules checks who reads, writes in and moderates each
// kind of conversation: a conversation has exactly its parent's visibility.
func TestConversationRules(t *testing.T) {
	t.Parallel()
	theme := func(join bool) *Conversation {
		return &Conversation{Place: Place{Kind: PlaceTheme, RefID: 3, Topic: "housing"}, Campaign: &Campaign{ID: 3, CityID: 7}, MembersJoin: join}
	}
	for _, c := range []struct {
		name string
		conv *Conversation
		// per viewer: r = reads, w = writes, m = moderates, - = nothing
		want map[string]string
	}{
		{"invite-only dinner", dinnerConversation(VisibilityInvite, GatheringOpen), map[string]string{
			"anon": "-", "guest": "rw", "member": "-", "org7": "rwm", "org8": "-", "network": "-", "admin": "rwm", "noprofil": "-"}},
		{"network dinner", dinnerConversation(VisibilityNetwork, GatheringHeld), map[string]string{
			"anon": "-", "guest": "rw", "member": "r", "org7": "rwm", "org8": "r", "network": "r", "admin": "rwm", "noprofil": "r"}},
		{"draft dinner", dinnerConversation(VisibilityNetwork, GatheringDraft), map[string]string{
			"anon": "-", "guest": "-", "member": "-", "org7": "rwm", "org8": "-", "network": "-", "admin": "rwm", "noprofil": "-"}},
		{"practice", &Conversation{Place: Place{Kind: PlacePractice, RefID: 4}}, map[string]string{
			"anon": "-", "guest": "rw", "member": "rw", "org7": "rw", "org8": "rw", "network": "rwm", "admin": "rwm", "noprofil": "rw"}},
		{"city", &Conversation{Place: Place{Kind: PlaceCity, RefID: 7}, CityID: 7}, map[string]string{
			"anon": "-", "guest": "rw", "member": "rw", "org7": "rwm", "org8": "rw", "network": "rw", "admin": "rwm", "noprofil": "rw"}},
		{"theme, organizers only", theme(false), map[string]string{
			"anon": "-", "guest": "-", "member": "-", "org7": "rwm", "org8": "-", "network": "rwm", "admin": "rwm", "noprofil": "-"}},
		{"theme, members join", theme(true), map[string]string{
			"anon": "-", "guest": "rw", "member": "rw", "org7": "rwm", "org8": "rw", "network": "rwm", "admin": "rwm", "noprofil": "rw"}},
	} {
		for name, v := range conversationViewers() {
			got := ""
			if c.conv.VisibleTo(v) {
				got += "r"
			}
			if c.conv.MayPost(v) == nil {
				got += "w"
			}
			if c.conv.MayModerate(v) {
				got += "m"
			}
			if got == "" {
				got = "-"
			}
			if got != c.want[name] {
				t.Errorf("%s as %s: %q, want %q", c.name, name, got, c.want[name])
			}
		}
	}
}

// TestConversationRefusals checks the codes a refused writer gets: 404 for
// a conversation they may not read (its existence stays hidden), 403 for
// one they read but may not write in, and a locked conversation's 403 for
// all but its moderators.
func TestConversationRefusals(t *testing.T) {
	t.Parallel()
	vs := conversationViewers()
	invite := dinnerConversation(VisibilityInvite, GatheringOpen)
	if got := ErrorCode(invite.MayPost(vs["member"])); got != ENOTFOUND {
		t.Errorf("non-guest on an invite-only dinner: %q, want not_found", got)
	}
	network := dinnerConversation(VisibilityNetwork, GatheringOpen)
	if got := ErrorCode(network.MayPost(vs["member"])); got != EFORBIDDEN {
		t.Errorf("non-guest on a network dinner: %q, want forbidden", got)
	}
	locked := &Conversation{Place: Place{Kind: PlaceCity, RefID: 7}, CityID: 7, Thread: &Thread{ID: 1, Locked: true}}
	if got := ErrorCode(locked.MayPost(vs["member"])); got != EFORBIDDEN {
		t.Errorf("member in a locked thread: %q, want forbidden", got)
	}
	if err := locked.MayPost(vs["org7"]); err != nil {
		t.Errorf("the city's organizer in a locked thread: %v", err)
	}
}

// TestPostRules checks editing and reading posts: only the author edits,
// nobody edits a deleted post, a locked thread stops edits, hidden posts
// show to their author and the moderators only.
func TestPostRules(t *testing.T) {
	t.Parallel()
	vs := conversationViewers()
	c := &Conversation{Place: Place{Kind: PlaceCity, RefID: 7}, CityID: 7, Thread: &Thread{ID: 1}}
	mine := &Post{AuthorAccountID: 1, AuthorMemberID: 11}
	byProfile := &Post{AuthorMemberID: 11}
	if err := mine.MayEdit(vs["guest"], c); err != nil {
		t.Errorf("author: %v", err)
	}
	if err := byProfile.MayEdit(vs["guest"], c); err != nil {
		t.Errorf("author by profile: %v", err)
	}
	for _, who := range []string{"member", "org7", "admin", "anon"} {
		if got := ErrorCode(mine.MayEdit(vs[who], c)); got != EFORBIDDEN {
			t.Errorf("%s edits another's post: %q, want forbidden", who, got)
		}
	}
	now := time.Now()
	if got := ErrorCode((&Post{AuthorAccountID: 1, DeletedAt: &now}).MayEdit(vs["guest"], c)); got != ENOTFOUND {
		t.Errorf("deleted post: %q, want not_found", got)
	}
	lockedC := &Conversation{Place: c.Place, CityID: 7, Thread: &Thread{ID: 1, Locked: true}}
	if got := ErrorCode(mine.MayEdit(vs["guest"], lockedC)); got != EFORBIDDEN {
		t.Errorf("edit in a locked thread: %q, want forbidden", got)
	}
	hidden := &Post{AuthorAccountID: 1, HiddenAt: &now}
	for who, want := range map[string]bool{"guest": true, "member": false} {
		if got := hidden.ShowsBody(vs[who], false); got != want {
			t.Errorf("hidden post to %s: %v, want %v", who, got, want)
		}
	}
	if !hidden.ShowsBody(vs["member"], true) {
		t.Error("a moderator should read a hidden post")
	}
	if (&Post{AuthorAccountID: 1, DeletedAt: &now}).ShowsBody(vs["guest"], true) {
		t.Error("nobody reads a deleted post")
	}
}

func TestParsePlace(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind, ref string
		want      Place
		ok        bool
	}{
		{"gathering", "12", Place{Kind: PlaceGathering, RefID: 12}, true},
		{"practice", "4", Place{Kind: PlacePractice, RefID: 4}, true},
		{"city", "3", Place{Kind: PlaceCity, RefID: 3}, true},
		{"theme", "7-housing-justice", Place{Kind: PlaceTheme, RefID: 7, Topic: "housing-justice"}, true},
		{"theme", "7-vivienda-día", Place{Kind: PlaceTheme, RefID: 7, Topic: "vivienda-día"}, true},
		{"theme", "7", Place{}, false},
		{"theme", "7-Housing", Place{}, false},
		{"gathering", "0", Place{}, false},
		{"gathering", "-3", Place{}, false},
		{"gathering", "12abc", Place{}, false},
		{"story", "12", Place{}, false},
	} {
		got, err := ParsePlace(c.kind, c.ref)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParsePlace(%q, %q) = %+v, %v; want %+v (ok %v)", c.kind, c.ref, got, err, c.want, c.ok)
		}
		if c.ok && got.Ref() != c.ref {
			t.Errorf("Ref() = %q, want %q", got.Ref(), c.ref)
		}
	}
}

func TestThemeTopic(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Housing & tenant organizing": "housing-tenant-organizing",
		"  Vivienda digna, ya ":       "vivienda-digna-ya",
		"تنظيم المستأجرين":            "تنظيم-المستأجرين",
		"a/b\\c?d#e":                  "a-b-c-d-e",
		"!!!":                         "",
	} {
		if got := ThemeTopic(in); got != want {
			t.Errorf("ThemeTopic(%q) = %q, want %q", in, got, want)
		}
	}
	if n := len([]rune(ThemeTopic(strings.Repeat("word ", 100)))); n > 80 {
		t.Errorf("a long label's topic has %d characters, want at most 80", n)
	}
}

func TestCleanPostBody(t *testing.T) {
	t.Parallel()
	if got, err := CleanPostBody("  hello\r\nthere  "); err != nil || got != "hello\nthere" {
		t.Errorf("CleanPostBody = %q, %v", got, err)
	}
	for _, bad := range []string{"", "   \n ", strings.Repeat("x", MaxPostRunes+1)} {
		if _, err := CleanPostBody(bad); ErrorFields(err)["body"] == "" {
			t.Errorf("CleanPostBody(%d chars) = %v, want a problem on body", len(bad), err)
		}
	}
}

func TestMentions(t *testing.T) {
	t.Parallel()
	body := "Thanks @María López! Ask **@Kwame** or (@Ana Silva Costa), not ana@example.org or @Nobody."
	phrases := MentionPhrases(body)
	for _, want := range []string{"María", "María López", "Kwame", "Ana Silva Costa"} {
		if !slices.Contains(phrases, want) {
			t.Errorf("MentionPhrases = %q, want it to hold %q", phrases, want)
		}
	}
	if slices.Contains(phrases, "example.org") {
		t.Errorf("an email address was read as a mention: %q", phrases)
	}
	named := map[string][]int64{"María López": {1}, "Kwame": {2}, "Ana Silva Costa": {3}, "Nobody": {4, 5}}
	if got := ResolveMentions(body, named); !slices.Equal(got, []int64{1, 2, 3}) {
		t.Errorf("ResolveMentions = %v, want [1 2 3] (a name two members share mentions neither)", got)
	}
}
