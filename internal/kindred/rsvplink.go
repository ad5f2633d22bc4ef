package kindred

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
)

// RSVPToken is what a personal RSVP link carries: who, for which gathering,
// until when. Signed with a key kept in the database, it lets a member answer
// from their email without signing in.
type RSVPToken struct {
	GatheringID int64
	MemberID    int64
	Expires     time.Time
}

// Sign returns the token as a URL-safe string signed with key.
func (t RSVPToken) Sign(key []byte) string {
	body := fmt.Sprintf("%d.%d.%d", t.GatheringID, t.MemberID, t.Expires.Unix())
	return base64.RawURLEncoding.EncodeToString([]byte(body)) + "." + rsvpMAC(key, body)
}

func rsvpMAC(key []byte, body string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("rsvp:" + body))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// ParseRSVPToken checks s against key at now. A token that was tampered with
// or mistyped is EINVALID; one past its expiry is EGONE. Both messages say
// what to do next.
func ParseRSVPToken(s string, key []byte, now time.Time) (RSVPToken, error) {
	var t RSVPToken
	invalid := Errorf(EINVALID, "This RSVP link is not valid: it may have been copied incompletely. Open the link from your latest email, or sign in to answer.")
	enc, mac, ok := strings.Cut(s, ".")
	if !ok {
		return t, invalid
	}
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil || !hmac.Equal([]byte(mac), []byte(rsvpMAC(key, string(raw)))) {
		return t, invalid
	}
	var exp int64
	if _, err := fmt.Sscanf(string(raw), "%d.%d.%d", &t.GatheringID, &t.MemberID, &exp); err != nil {
		return t, invalid
	}
	t.Expires = time.Unix(exp, 0).UTC()
	if now.After(t.Expires) {
		return t, Errorf(EGONE, "This RSVP link has expired because the gathering is over.")
	}
	return t, nil
}
