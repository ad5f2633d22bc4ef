package inbound

import (
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
)

func TestReplyText(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct{ in, want string }{
		"gmail":               {"I'll bring a tart.\n\nOn Mon, 7 Dec 2026 at 18:30, Kindred <noreply@kindred.test> wrote:\n> Who brings dessert?\n", "I'll bring a tart."},
		"wrapped attribution": {"Yes!\r\n\r\nOn Mon, 7 Dec 2026 at 18:30, Kindred Notifications\r\n<noreply@kindred.test> wrote:\r\n> Hello", "Yes!"},
		"french":              {"Avec plaisir.\n\nLe lun. 7 déc. 2026, Kindred a écrit :\n> Bonjour", "Avec plaisir."},
		"marker":              {"Count me in.\n\n" + kindred.ReplyAboveLine + "\nHello Femi,", "Count me in."},
		"outlook": {"See you there\n\nFrom: Kindred <noreply@kindred.test>\nSent: Monday, December 7, 2026 6:30 PM\nTo: Femi\nSubject: Ada wrote\n\nHello",
			"See you there"},
		"signature":        {"Sounds good.\n-- \nFemi Friend\nTenants United", "Sounds good."},
		"phone":            {"On my way\n\nSent from my iPhone", "On my way"},
		"inline quote":     {"> Who brings bread?\nI do.\n> And cheese?\nAlso me.", "I do.\nAlso me."},
		"only a quote":     {"\n\nOn Mon, Ada wrote:\n> Hello", ""},
		"keeps paragraphs": {"First.\n\nSecond line,\nthird.", "First.\n\nSecond line,\nthird."},
	} {
		if got := ReplyText(c.in); got != c.want {
			t.Errorf("%s: ReplyText = %q, want %q", name, got, c.want)
		}
	}
}

func TestReadReply(t *testing.T) {
	t.Parallel()
	html := "From: Femi <Femi@Example.org>\r\nMessage-ID: <m1@example.org>\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Yes, <b>I</b> come.</p><blockquote>Who comes?</blockquote>\r\n--b--\r\n"
	r, err := readReply(strings.NewReader(html))
	if err != nil {
		t.Fatal(err)
	}
	if r.From != "femi@example.org" || r.MessageID != "m1@example.org" || r.Auto != "" || !strings.Contains(r.Text, "Yes, I come.") || strings.Contains(r.Text, "Who comes") {
		t.Errorf("readReply = %+v, want the sender lower-cased, the id, and the HTML's text without the quote", r)
	}
	for _, h := range []string{"Auto-Submitted: auto-replied", "Precedence: bulk", "X-Autoreply: yes"} {
		msg := "From: a@example.org\r\n" + h + "\r\nContent-Type: text/plain\r\n\r\nI am away.\r\n"
		if r, err := readReply(strings.NewReader(msg)); err != nil || r.Auto == "" {
			t.Errorf("%s: Auto = %q (%v), want it marked automatic", h, r.Auto, err)
		}
	}
}
