package kindred_test

import (
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
)

// TestTellerToken: a signed teller link reads back its story; one altered,
// cut short, signed with another key or naming no story leads nowhere
// (ENOTFOUND, as an unknown edit link does).
func TestTellerToken(t *testing.T) {
	t.Parallel()
	key, other := []byte("0123456789abcdef0123456789abcdef"), []byte("fedcba9876543210fedcba9876543210")
	good := kindred.TellerToken{StoryID: 42}.Sign(key)
	got, err := kindred.ParseTellerToken(good, key)
	if err != nil || got.StoryID != 42 {
		t.Fatalf("ParseTellerToken(good) = %+v, %v; want story 42", got, err)
	}
	enc, mac, _ := strings.Cut(good, ".")
	for name, tok := range map[string]string{
		"other key":     kindred.TellerToken{StoryID: 42}.Sign(other),
		"other story":   strings.Split(kindred.TellerToken{StoryID: 43}.Sign(key), ".")[0] + "." + mac,
		"cut short":     good[:len(good)-3],
		"no signature":  enc,
		"empty":         "",
		"not base64":    "***." + mac,
		"story zero":    kindred.TellerToken{StoryID: 0}.Sign(key),
		"negative":      kindred.TellerToken{StoryID: -1}.Sign(key),
		"trailing junk": good + "x",
	} {
		if _, err := kindred.ParseTellerToken(tok, key); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("%s: %v, want ENOTFOUND", name, err)
		}
	}
}
