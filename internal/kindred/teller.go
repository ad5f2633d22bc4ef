package kindred

import (
	"crypto/hmac"
	"encoding/base64"
	"strconv"
	"strings"
)

// TellerToken is what the link in a "report published" email carries: the
// story whose teller it was sent to. Signed with a key kept in the
// database, it lets the teller read where their story went without the
// edit secret (which is never stored, so a later mail cannot carry it) and
// grants nothing else: no editing, no withdrawing. It does not expire,
// like the mail it came in; a withdrawn story's link leads nowhere.
type TellerToken struct {
	StoryID int64
}

// Sign returns the token as a URL-safe string signed with key.
func (t TellerToken) Sign(key []byte) string {
	body := strconv.FormatInt(t.StoryID, 10)
	return base64.RawURLEncoding.EncodeToString([]byte(body)) + "." + macOf(key, "teller:"+body, 18)
}

// ParseTellerToken checks s against key. A token that was altered or cut
// short is ENOTFOUND, as an unknown edit link is: a link either leads to a
// story or to nothing, and says no more.
func ParseTellerToken(s string, key []byte) (TellerToken, error) {
	gone := Errorf(ENOTFOUND, "This link no longer works: the story was withdrawn or the link is incomplete.")
	enc, mac, ok := strings.Cut(s, ".")
	if !ok {
		return TellerToken{}, gone
	}
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil || !hmac.Equal([]byte(mac), []byte(macOf(key, "teller:"+string(raw), 18))) {
		return TellerToken{}, gone
	}
	id, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil || id <= 0 {
		return TellerToken{}, gone
	}
	return TellerToken{StoryID: id}, nil
}
