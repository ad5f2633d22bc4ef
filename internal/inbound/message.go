package inbound

import (
	"errors"
	"fmt"
	"io"
	"strings"

	_ "github.com/emersion/go-message/charset" // decode the charsets mail programs use
	"github.com/emersion/go-message/mail"
	"golang.org/x/net/html"
)

// reply is what Kindred reads of an emailed reply.
type reply struct {
	From      string // the From header's address, lower case
	MessageID string
	Auto      string // why it is an automatic message; "" for a person's
	Text      string // the plain text (or the HTML's text) as sent
}

// maxTextBytes bounds how much of a text part is read: a reply's own words
// are short, and a post holds at most kindred.MaxPostRunes.
const maxTextBytes = 256 << 10

// readReply reads a message: its sender, Message-ID, whether it was sent
// automatically, and its text, preferring text/plain to HTML. A message
// that cannot be parsed is an error.
func readReply(r io.Reader) (*reply, error) {
	mr, err := mail.CreateReader(r)
	if err != nil && mr == nil {
		return nil, fmt.Errorf("read message: %w", err)
	}
	defer mr.Close()
	out := &reply{Auto: automatic(mr.Header)}
	if from, err := mr.Header.AddressList("From"); err == nil && len(from) == 1 {
		out.From = strings.ToLower(from[0].Address)
	}
	out.MessageID, _ = mr.Header.MessageID()
	var plain, htmlText string
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if p == nil {
			return nil, fmt.Errorf("read message part: %w", err)
		}
		h, ok := p.Header.(*mail.InlineHeader)
		if !ok {
			continue
		}
		ct, _, _ := h.ContentType()
		b, err := io.ReadAll(io.LimitReader(p.Body, maxTextBytes))
		if err != nil {
			return nil, fmt.Errorf("read message part: %w", err)
		}
		switch {
		case ct == "text/plain" && plain == "":
			plain = string(b)
		case ct == "text/html" && htmlText == "":
			htmlText = htmlToText(string(b))
		}
	}
	out.Text = plain
	if strings.TrimSpace(out.Text) == "" {
		out.Text = htmlText
	}
	return out, nil
}

// automatic says why a message was sent by a machine — an auto-reply, a
// list, a delivery report — or "" when a person wrote it (RFC 3834's
// Auto-Submitted, the older Precedence and X-Autoreply headers, RFC 6522
// reports).
func automatic(h mail.Header) string {
	if v := strings.ToLower(strings.TrimSpace(h.Get("Auto-Submitted"))); v != "" && v != "no" {
		return "Auto-Submitted: " + v
	}
	switch v := strings.ToLower(strings.TrimSpace(h.Get("Precedence"))); v {
	case "bulk", "junk", "list", "auto_reply":
		return "Precedence: " + v
	}
	for _, k := range []string{"X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress"} {
		if v := h.Get(k); v != "" && (k != "X-Auto-Response-Suppress" || strings.Contains(strings.ToLower(v), "all")) {
			return k + ": " + v
		}
	}
	if ct, _, _ := h.ContentType(); ct == "multipart/report" {
		return "a delivery report"
	}
	return ""
}

// htmlToText returns the text of an HTML reply, leaving out quoted
// messages (blockquote, and the quote containers mail programs add),
// scripts and styles, with line breaks where blocks end.
func htmlToText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0 // depth inside a left-out element
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttrs := z.TagName()
			n := string(name)
			void := tt == html.SelfClosingTagToken || voidElement(n)
			switch {
			case skip > 0:
				if !void {
					skip++
				}
			case n == "br":
				b.WriteByte('\n')
			default:
				switch leftOut(n, hasAttrs, z) {
				case rest:
					return b.String()
				case element:
					skip = boolInt(!void)
				}
			}
		case html.EndTagToken:
			if skip > 0 {
				skip--
				continue
			}
			switch name, _ := z.TagName(); string(name) {
			case "p", "div", "li", "tr", "h1", "h2", "h3", "h4":
				b.WriteByte('\n')
			}
		}
	}
}

// voidElement reports whether an HTML element has no end tag.
func voidElement(name string) bool {
	switch name {
	case "br", "img", "hr", "meta", "link", "input", "wbr", "col", "area", "base", "source":
		return true
	}
	return false
}

// What of an HTML reply an element leaves out.
const (
	nothing = iota
	element // the element and what it holds: a quote, a script or style
	rest    // everything from here on: Outlook's quoted message
)

// leftOut says what an element leaves out of the reply's text: a quote, a
// script or style, or a mail program's quote container (Gmail, Thunderbird,
// Yahoo), or, from Outlook's quote marker on, the rest.
func leftOut(name string, hasAttrs bool, z *html.Tokenizer) int {
	switch name {
	case "blockquote", "script", "style", "head", "title":
		return element
	}
	for hasAttrs {
		k, v, more := z.TagAttr()
		val := string(v)
		switch string(k) {
		case "class":
			if strings.Contains(val, "gmail_quote") || strings.Contains(val, "moz-cite-prefix") || strings.Contains(val, "yahoo_quoted") {
				return element
			}
		case "id":
			if val == "divRplyFwdMsg" || val == "appendonsend" {
				return rest
			}
		}
		hasAttrs = more
	}
	return nothing
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
