package testutil

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/listening"
	"github.com/kindredhq/kindred/internal/store"
)

// FormStamp returns a story-form stamp for the campaign with id, signed
// with st's key as if the form had been shown age ago: a test that posts
// the form without showing it, or must not wait out the fill time.
func FormStamp(t testing.TB, st *store.Store, campaignID int64, age time.Duration) string {
	t.Helper()
	return kindred.NewFormStamp(campaignID, 0, st.Now().Add(-age)).Sign(stampKey(t, st))
}

// BackdateStamp returns stamp (as the form carries it) signed again as if
// shown by earlier, keeping its campaign, live session and nonce.
func BackdateStamp(t testing.TB, st *store.Store, stamp string, by time.Duration) string {
	t.Helper()
	enc, _, _ := strings.Cut(stamp, ".")
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		t.Fatalf("stamp %q: %v", stamp, err)
	}
	var f kindred.FormStamp
	var us int64
	parts := strings.SplitN(string(raw), ".", 4)
	if len(parts) != 4 {
		t.Fatalf("stamp %q: %q", stamp, raw)
	}
	if _, err := fmt.Sscanf(strings.Join(parts[:3], " "), "%d %d %d", &f.CampaignID, &f.LiveID, &us); err != nil {
		t.Fatalf("stamp %q: %v", stamp, err)
	}
	f.Issued, f.Nonce = time.UnixMicro(us).Add(-by), parts[3]
	return f.Sign(stampKey(t, st))
}

func stampKey(t testing.TB, st *store.Store) []byte {
	t.Helper()
	key, err := st.LinkKey(context.Background(), listening.StampLinkKey)
	if err != nil {
		t.Fatal(err)
	}
	return key
}
