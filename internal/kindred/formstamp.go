package kindred

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
)

// FormStampTTL is how long a story form may stay open: a stamp older than
// this is refused (ErrFormExpired) and the form is shown again with a new
// one. A day covers a form left open over lunch or overnight; a stamp kept
// longer is more likely to be one a script collected.
const FormStampTTL = 24 * time.Hour

// formStampSkew is how far in the future a stamp's issue time may lie:
// instances sharing a database may disagree on the time by a little.
const formStampSkew = time.Minute

// The refusals of a story form's stamp, which pages say in the teller's
// language (compare with errors.Is).
var (
	// ErrFormStamp refuses a form whose stamp is missing, forged, for
	// another campaign, or already used.
	ErrFormStamp = &Error{Code: EINVALID, Message: "This form could not be checked or was already sent: please send it again."}
	// ErrFormExpired refuses a form open longer than FormStampTTL.
	ErrFormExpired = &Error{Code: EINVALID, Message: "This form was open for too long: please send it again."}
)

// FormStamp is what the story form carries from the moment it is shown to
// the moment it is sent: the campaign, when it was shown, a random nonce
// that makes it usable once, and the live session it was opened through
// (0: none). Signed with a key kept in the database, it cannot be made up
// or backdated, so the fill time it proves is the server's own.
type FormStamp struct {
	CampaignID int64
	LiveID     int64
	Issued     time.Time
	Nonce      string
}

// NewFormStamp returns a stamp for a form of campaign shown at now, with a
// fresh random nonce.
func NewFormStamp(campaignID, liveID int64, now time.Time) FormStamp {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return FormStamp{CampaignID: campaignID, LiveID: liveID, Issued: now.UTC().Truncate(time.Microsecond),
		Nonce: base64.RawURLEncoding.EncodeToString(b)}
}

// Sign returns the stamp as a URL-safe string signed with key.
func (f FormStamp) Sign(key []byte) string {
	body := fmt.Sprintf("%d.%d.%d.%s", f.CampaignID, f.LiveID, f.Issued.UnixMicro(), f.Nonce)
	return base64.RawURLEncoding.EncodeToString([]byte(body)) + "." + macOf(key, "formstamp:"+body, 18)
}

// Expires is when the stamp stops being accepted.
func (f FormStamp) Expires() time.Time { return f.Issued.Add(FormStampTTL) }

// ParseFormStamp checks s against key at now for the campaign with id
// campaignID. A stamp that is empty, altered, made up, for another
// campaign or issued in the future is ErrFormStamp; one older than
// FormStampTTL is ErrFormExpired. Whether its nonce was used is the
// store's to say.
func ParseFormStamp(s string, key []byte, campaignID int64, now time.Time) (FormStamp, error) {
	var f FormStamp
	enc, mac, ok := strings.Cut(s, ".")
	if !ok {
		return f, ErrFormStamp
	}
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil || !hmac.Equal([]byte(mac), []byte(macOf(key, "formstamp:"+string(raw), 18))) {
		return f, ErrFormStamp
	}
	parts := strings.Split(string(raw), ".")
	var us int64
	if len(parts) != 4 || parts[3] == "" {
		return f, ErrFormStamp
	}
	if _, err := fmt.Sscanf(parts[0]+" "+parts[1]+" "+parts[2], "%d %d %d", &f.CampaignID, &f.LiveID, &us); err != nil {
		return f, ErrFormStamp
	}
	f.Issued, f.Nonce = time.UnixMicro(us).UTC(), parts[3]
	switch {
	case f.CampaignID != campaignID || f.Issued.After(now.Add(formStampSkew)):
		return f, ErrFormStamp
	case now.After(f.Expires()):
		return f, ErrFormExpired
	}
	return f, nil
}
