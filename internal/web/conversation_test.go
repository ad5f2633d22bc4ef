package web_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/smtp"
	"net/textproto"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/conversations"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// talkFixture is an invite-only dinner in Chicago with two people on its
// list (a guest and a friend) and one member who is not.
type talkFixture struct {
	place                  kindred.Place
	guest, friend, outside *kindred.Account
}

// newTalkFixture stores the dinner and its people; emails are unique, so
// tests sharing a mailpit never see each other's mail.
func newTalkFixture(t *testing.T, srv *testutil.Server) talkFixture {
	t.Helper()
	ctx := context.Background()
	var f talkFixture
	people := []struct {
		acct **kindred.Account
		name string
	}{{&f.guest, "Ada Guest"}, {&f.friend, "Femi Friend"}, {&f.outside, "Otto Outside"}}
	members := make([]*kindred.Member, len(people))
	for _, p := range people {
		*p.acct = testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail(strings.Fields(p.name)[0]), kindred.RoleMember)
	}
	err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		city, err := tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"})
		if err != nil {
			return err
		}
		for i, p := range people {
			members[i] = &kindred.Member{Name: p.name, Email: (*p.acct).Email, AccountID: (*p.acct).ID, CityID: city.ID}
			if _, err := tx.CreateMember(ctx, members[i]); err != nil {
				return err
			}
		}
		start := tx.Now().Add(96 * time.Hour)
		g, err := tx.CreateGathering(ctx, kindred.Gathering{CityID: city.ID, Title: "Supper on Halsted", Capacity: 8,
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), Status: kindred.GatheringOpen, Visibility: kindred.VisibilityInvite})
		if err != nil {
			return err
		}
		f.place = kindred.Place{Kind: kindred.PlaceGathering, RefID: g.ID}
		for _, m := range members[:2] {
			if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: m.ID, Status: kindred.RSVPGoing}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestConversationInBrowser: a guest opens the dinner's conversation from
// its page, a post with no text is refused naming the field, a post
// mentioning the friend appears and emails the friend (through mailpit)
// with a signed reply address and a one-click unsubscribe link; a member
// who is not on the list gets nothing, on the page or through the API.
func TestConversationInBrowser(t *testing.T) {
	t.Parallel()
	mp := testutil.StartedMailpit(t)
	srv := testutil.StartServer(t, testutil.ServerOptions{SMTPURL: mp.SMTPURL, ReplyByMail: true})
	f := newTalkFixture(t, srv)
	b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
	testutil.SignIn(t, b, srv, f.guest.ID)

	b.Open(fmt.Sprintf("%s/gatherings/%d", srv.URL, f.place.RefID))
	if got := b.Text(`a[href="` + f.place.Path() + `"]`); got != "Conversation" {
		t.Errorf("the dinner's page links its conversation as %q", got)
	}
	b.Open(srv.URL + f.place.Path())
	b.Submit("#write button[type=submit]")
	if msg := b.Text(".field-error"); !strings.Contains(msg, "empty") {
		t.Errorf("an empty post says %q, want it to say it is empty", msg)
	}
	b.Fill("#body", "Looking forward to it! **@Femi Friend** could you bring the bread?")
	b.Submit("#write button[type=submit]")
	if got := b.Text(".post-body"); !strings.Contains(got, "could you bring the bread?") {
		t.Fatalf("the thread shows %q, want the new post", got)
	}
	if got := b.Text(".post-body strong"); got == "" {
		t.Errorf("the post's Markdown was not rendered")
	}
	b.CheckA11y()
	b.Screenshot("conversation")

	msgs := mp.WaitFor(t, f.friend.Email, 1, 20*time.Second)
	if len(msgs) != 1 || !strings.Contains(msgs[0].Subject, "mentioned you") {
		t.Fatalf("the friend got %+v, want one mail saying they were mentioned", msgs)
	}
	h := mp.Headers(t, msgs[0].ID)
	if got := strings.Join(h["List-Unsubscribe-Post"], ""); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post = %q", got)
	}
	unsub := strings.Trim(strings.Join(h["List-Unsubscribe"], ""), "<>")
	if !strings.HasPrefix(unsub, srv.URL+"/unsubscribe/") {
		t.Errorf("List-Unsubscribe = %q, want a link to this server", unsub)
	}
	if reply := strings.Join(h["Reply-To"], ""); !strings.Contains(reply, "reply+") || !strings.Contains(reply, testutil.ReplyDomain) {
		t.Errorf("Reply-To = %q, want a signed reply address", reply)
	}

	outsider := testutil.SignedInClient(t, srv, f.outside.ID)
	for _, path := range []string{f.place.Path(), fmt.Sprintf("/gatherings/%d", f.place.RefID)} {
		resp, body := get(t, outsider, srv.URL+path)
		if resp.StatusCode != http.StatusNotFound || strings.Contains(body, "bring the bread") {
			t.Errorf("%s for a member not on the list: status %d (want 404), shows the post: %v", path, resp.StatusCode, strings.Contains(body, "bring the bread"))
		}
	}
	resp, _ := postForm(t, outsider, srv.URL+f.place.Path(), url.Values{"body": {"Can I come?"}})
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("a post by a member not on the list: status %d, want 404", resp.StatusCode)
	}

	// One click, without signing in (RFC 8058), stops mentions for the friend.
	req, _ := http.NewRequest(http.MethodPost, unsub, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := testutil.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("one-click unsubscribe: status %d", resp.StatusCode)
	}
	v, err := srv.Store.Viewer(context.Background(), f.friend)
	if err != nil {
		t.Fatal(err)
	}
	if s, err := srv.UseCases.Conversations.Settings(context.Background(), v); err != nil || s.Of(kindred.NotifyMentions) != kindred.NotifyOff {
		t.Errorf("after unsubscribing, mentions are %q (%v), want off", s.Of(kindred.NotifyMentions), err)
	}
}

// TestConversationOnPhone pictures a thread of a few posts at phone width
// (the page must not scroll sideways) and checks the history of an
// edited post.
func TestConversationOnPhone(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	f := newTalkFixture(t, srv)
	ctx := context.Background()
	var firstID int64
	for _, p := range []struct {
		who  *kindred.Account
		body string
	}{
		{f.guest, "Is anyone coming from the South Side? I can share a car."},
		{f.friend, "Yes! I'm near **63rd and Cottage Grove**. A long link to see it wrap: https://example.org/a/very/long/path/that/should/wrap/on/a/phone"},
		{f.guest, "Great, I'll pick you up at 6."},
	} {
		v, err := srv.Store.Viewer(ctx, p.who)
		if err != nil {
			t.Fatal(err)
		}
		pv, err := srv.UseCases.Conversations.Post(ctx, v, conversations.NewPost{Place: f.place, Body: p.body})
		if err != nil {
			t.Fatal(err)
		}
		if firstID == 0 {
			firstID = pv.ID
		}
	}
	b := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	testutil.SignIn(t, b, srv, f.guest.ID)
	b.Open(srv.URL + f.place.Path())
	b.Do(evalAction(`document.querySelector('.post-tools details').open = true`))
	b.Fill(".post-tools textarea", "Is anyone coming from the South Side? I can share a car (I have room for three).")
	b.Submit(".post-tools form button[type=submit]")
	if got := b.Text("#posts"); !strings.Contains(got, "room for three") || !strings.Contains(got, "edited") {
		t.Errorf("after the edit the thread shows %q, want the new text marked edited", got)
	}
	b.CheckA11y()
	b.Screenshot("conversation-phone")
	b.Open(fmt.Sprintf("%s%s/posts/%d", srv.URL, f.place.Path(), firstID))
	if got := b.Text("main"); !strings.Contains(got, "I can share a car.") {
		t.Errorf("the history shows %q, want the earlier text", got)
	}
}

// TestReplyByEmail: a reply sent over SMTP to Kindred's listener from the
// member's own address is posted in the conversation, without the quoted
// notification; a forged reply address is refused at RCPT, a reply from
// another sender and a bounce are refused too.
func TestReplyByEmail(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{ReplyByMail: true})
	f := newTalkFixture(t, srv)
	ctx := context.Background()
	key, err := srv.Store.LinkKey(ctx, "reply")
	if err != nil {
		t.Fatal(err)
	}
	v, err := srv.Store.Viewer(ctx, f.guest)
	if err != nil {
		t.Fatal(err)
	}
	first, err := srv.UseCases.Conversations.Post(ctx, v, conversations.NewPost{Place: f.place, Body: "Who brings dessert?"})
	if err != nil {
		t.Fatal(err)
	}
	local := kindred.ReplyAddress{ThreadID: first.ThreadID, AccountID: f.friend.ID}.Local(key)
	to := local + "@" + testutil.ReplyDomain
	reply := "From: Femi <" + f.friend.Email + ">\r\nTo: " + to + "\r\nSubject: Re: Supper on Halsted\r\nMessage-ID: <r1@example.org>\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\nI will bring a mango tart.\r\n\r\nOn Mon, Ada wrote:\r\n> Who brings dessert?\r\n"
	if err := smtp.SendMail(srv.SMTPAddr, nil, f.friend.Email, []string{to}, []byte(reply)); err != nil {
		t.Fatalf("sending the reply: %v", err)
	}
	th, err := srv.UseCases.Conversations.Read(ctx, v, f.place, store.PostPage{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	last := th.Posts[len(th.Posts)-1]
	if last.Body != "I will bring a mango tart." || last.Via != kindred.ViaEmail || !last.Mine && last.AuthorName != "Femi Friend" {
		t.Errorf("the last post is %q via %s by %s, want the reply without the quote, by email, by Femi", last.Body, last.Via, last.AuthorName)
	}

	forged := strings.Replace(to, local, local[:len(local)-2]+"xx", 1)
	err = smtp.SendMail(srv.SMTPAddr, nil, f.friend.Email, []string{forged}, []byte(strings.Replace(reply, to, forged, 1)))
	if code := smtpCode(err); code != 550 {
		t.Errorf("a forged reply address: %v, want a 550 refusal", err)
	}
	other := strings.Replace(reply, f.friend.Email, f.outside.Email, 1)
	err = smtp.SendMail(srv.SMTPAddr, nil, f.outside.Email, []string{to}, []byte(strings.Replace(other, "<r1@", "<r2@", 1)))
	if code := smtpCode(err); code != 550 || !strings.Contains(err.Error(), "another member") {
		t.Errorf("a reply from another address: %v, want a 550 naming the address", err)
	}
	err = smtp.SendMail(srv.SMTPAddr, nil, "", []string{to}, []byte(reply))
	if code := smtpCode(err); code != 550 {
		t.Errorf("a bounce: %v, want a 550 refusal", err)
	}
	th, err = srv.UseCases.Conversations.Read(ctx, v, f.place, store.PostPage{Limit: 50})
	if err != nil || len(th.Posts) != 2 {
		t.Errorf("after the refused mail the thread has %d posts (%v), want 2", len(th.Posts), err)
	}
}

// smtpCode is the reply code of an SMTP error, 0 for none.
func smtpCode(err error) int {
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code
	}
	var code int
	_, _ = fmt.Sscanf(err.Error(), "%d", &code)
	return code
}

// TestNotificationSettingsInBrowser: a member chooses the daily digest for
// replies on the settings page, then stops mentions through an unsubscribe
// link's page, which asks before it acts.
func TestNotificationSettingsInBrowser(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	testutil.CreateAccount(t, srv.Store, "first.admin@example.org", kindred.RoleAdmin)
	acct := testutil.CreateAccount(t, srv.Store, "settings.member@example.org", kindred.RoleMember)
	b := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	testutil.SignIn(t, b, srv, acct.ID)

	b.Open(srv.URL + "/me")
	if got := b.Text(`a[href="/me/notifications"]`); got == "" {
		t.Errorf("the account page does not link the notification settings")
	}
	b.Open(srv.URL + "/me/notifications")
	b.Do(evalAction(`document.querySelector('input[name="replies"][value="digest"]').checked = true`))
	b.Submit(`form[action="/me/notifications"] button[type=submit]`)
	if got := b.Text(".flash"); !strings.Contains(got, "saved") {
		t.Errorf("after saving the page says %q", got)
	}
	if got := b.Value(`input[name="replies"]:checked`); got != "digest" {
		t.Errorf("replies are %q after saving, want digest", got)
	}
	b.CheckA11y()
	b.Screenshot("notification-settings-phone")

	key, err := srv.Store.LinkKey(context.Background(), "unsubscribe")
	if err != nil {
		t.Fatal(err)
	}
	token := kindred.UnsubscribeToken{AccountID: acct.ID, List: string(kindred.NotifyMentions)}.Sign(key)
	b.Open(srv.URL + "/unsubscribe/" + token)
	if got := b.Text("main"); !strings.Contains(got, acct.Email) || !strings.Contains(got, "mentions you") {
		t.Errorf("the unsubscribe page says %q, want the address and what stops", got)
	}
	b.CheckA11y()
	b.Submit(`form[action^="/unsubscribe/"] button`)
	if got := b.Text("h1"); got != "You are unsubscribed" {
		t.Errorf("after confirming the page says %q", got)
	}
	b.Open(srv.URL + "/me/notifications")
	if got := b.Value(`input[name="mentions"]:checked`); got != "off" {
		t.Errorf("mentions are %q after unsubscribing, want off", got)
	}
	b.Open(srv.URL + "/unsubscribe/" + token[:len(token)-3] + "abc")
	if got := b.Text("main"); strings.Contains(got, acct.Email) {
		t.Errorf("an altered link shows the account: %q", got)
	}
}
