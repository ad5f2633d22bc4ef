package kindred

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// NotifyKind is a kind of news Kindred emails about.
type NotifyKind string

// The kinds of conversation news, each with its own setting: new posts in
// conversations one follows, and posts that mention one.
const (
	NotifyReplies  NotifyKind = "replies"
	NotifyMentions NotifyKind = "mentions"
)

// NotifyKinds lists the kinds in the order the settings show them.
var NotifyKinds = []NotifyKind{NotifyReplies, NotifyMentions}

// Describe says in plain words what the kind of news is.
func (k NotifyKind) Describe() string {
	switch k {
	case NotifyReplies:
		return "New posts in conversations you follow"
	case NotifyMentions:
		return "When someone mentions you with @"
	}
	return string(k)
}

// NotifyMode is how an account hears of one kind of news.
type NotifyMode string

// Modes: an email for each post, one daily digest, or nothing.
const (
	NotifyEach   NotifyMode = "each"
	NotifyDigest NotifyMode = "digest"
	NotifyOff    NotifyMode = "off"
)

// NotifyModes lists the modes in the order forms offer them.
var NotifyModes = []NotifyMode{NotifyEach, NotifyDigest, NotifyOff}

// Describe says what the mode does, for forms.
func (m NotifyMode) Describe() string {
	switch m {
	case NotifyEach:
		return "An email for each post"
	case NotifyDigest:
		return "One daily digest"
	case NotifyOff:
		return "Off"
	}
	return string(m)
}

// NotifySettings maps each kind to its mode; missing kinds are NotifyEach.
type NotifySettings map[NotifyKind]NotifyMode

// Of returns the mode of kind k.
func (s NotifySettings) Of(k NotifyKind) NotifyMode {
	if m, ok := s[k]; ok {
		return m
	}
	return NotifyEach
}

// Validate checks every kind and mode, naming the kind as the field.
func (s NotifySettings) Validate() error {
	var p Problems
	for k, m := range s {
		if !knownKind(k) {
			p.Add(string(k), "is not a kind of notification")
			continue
		}
		if m != NotifyEach && m != NotifyDigest && m != NotifyOff {
			p.Add(string(k), "must be each, digest or off")
		}
	}
	return p.Err()
}

func knownKind(k NotifyKind) bool {
	for _, x := range NotifyKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Unsubscribe lists: what a one-click unsubscribe link turns off. Besides
// the conversation kinds, the daily digest (every kind set to digest) and
// the weekly practice digest.
const (
	UnsubscribeDigest    = "digest"
	UnsubscribePractices = "practices"
)

// UnsubscribeToken is what a List-Unsubscribe link carries: whose mail and
// which list. Signed with a key kept in the database, it works without
// signing in (RFC 8058 one-click) and never expires, like the mail it came
// in.
type UnsubscribeToken struct {
	AccountID int64
	List      string // a NotifyKind, UnsubscribeDigest or UnsubscribePractices
}

// Sign returns the token as a URL-safe string signed with key.
func (t UnsubscribeToken) Sign(key []byte) string {
	body := strconv.FormatInt(t.AccountID, 10) + "." + t.List
	return base64.RawURLEncoding.EncodeToString([]byte(body)) + "." + macOf(key, "unsubscribe:"+body, 18)
}

// ParseUnsubscribeToken checks s against key. A token that was altered,
// cut short or names no list is EINVALID, with a sentence saying what to do.
func ParseUnsubscribeToken(s string, key []byte) (UnsubscribeToken, error) {
	invalid := Errorf(EINVALID, "This unsubscribe link is not valid: it may have been copied incompletely. Use the link in your latest email, or change your notifications on your account page.")
	enc, mac, ok := strings.Cut(s, ".")
	if !ok {
		return UnsubscribeToken{}, invalid
	}
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil || !hmac.Equal([]byte(mac), []byte(macOf(key, "unsubscribe:"+string(raw), 18))) {
		return UnsubscribeToken{}, invalid
	}
	id, list, ok := strings.Cut(string(raw), ".")
	n, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || n <= 0 || !unsubscribeList(list) {
		return UnsubscribeToken{}, invalid
	}
	return UnsubscribeToken{AccountID: n, List: list}, nil
}

func unsubscribeList(l string) bool {
	return knownKind(NotifyKind(l)) || l == UnsubscribeDigest || l == UnsubscribePractices
}

// DescribeList says in plain words what an unsubscribe link stops.
func DescribeList(list string) string {
	switch list {
	case UnsubscribeDigest:
		return "the daily digest of conversations"
	case UnsubscribePractices:
		return "the weekly digest of the practice library"
	case string(NotifyReplies):
		return "emails about new posts in conversations you follow"
	case string(NotifyMentions):
		return "emails when someone mentions you"
	}
	return list
}

// ReplyAddress is who may post by replying to a notification, and where:
// its local part, "reply+THREAD.ACCOUNT.MAC", is signed with a key kept in
// the database, so an address cannot be guessed or altered. The MAC is
// lower-case hex, because mail servers may change the case of local parts.
type ReplyAddress struct {
	ThreadID  int64
	AccountID int64
}

// ReplyAboveLine opens the text of every notification that takes replies:
// what a reply holds below it is the quoted notification, which is cut off
// before the reply is posted.
const ReplyAboveLine = "## Reply above this line to answer in the conversation ##"

// replyPrefix starts every reply address's local part.
const replyPrefix = "reply+"

// Local returns the address's signed local part.
func (r ReplyAddress) Local(key []byte) string {
	body := fmt.Sprintf("%d.%d", r.ThreadID, r.AccountID)
	return replyPrefix + body + "." + replyMAC(key, body)
}

func replyMAC(key []byte, body string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("reply:" + body))
	return hex.EncodeToString(m.Sum(nil)[:12])
}

// ParseReplyLocal checks a reply address's local part against key, in any
// case. An address that is not a reply address, or whose signature does not
// match (unsigned or forged), is EINVALID.
func ParseReplyLocal(local string, key []byte) (ReplyAddress, error) {
	invalid := Errorf(EINVALID, "This is not a valid reply address: it is unsigned or was altered.")
	rest, ok := strings.CutPrefix(strings.ToLower(local), replyPrefix)
	if !ok {
		return ReplyAddress{}, invalid
	}
	i := strings.LastIndexByte(rest, '.')
	if i < 0 {
		return ReplyAddress{}, invalid
	}
	body, mac := rest[:i], rest[i+1:]
	if !hmac.Equal([]byte(mac), []byte(replyMAC(key, body))) {
		return ReplyAddress{}, invalid
	}
	thread, account, ok := strings.Cut(body, ".")
	t, err1 := strconv.ParseInt(thread, 10, 64)
	a, err2 := strconv.ParseInt(account, 10, 64)
	if !ok || err1 != nil || err2 != nil || t <= 0 || a <= 0 {
		return ReplyAddress{}, invalid
	}
	return ReplyAddress{ThreadID: t, AccountID: a}, nil
}

// macOf is a URL-safe HMAC-SHA256 of msg, cut to n bytes.
func macOf(key []byte, msg string, n int) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:n])
}
