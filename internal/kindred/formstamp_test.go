package kindred_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// TestFormStamp: a signed stamp comes back as it was issued; one altered,
// signed with another key, for another campaign, from the future, cut
// short or empty is ErrFormStamp; one older than a day is ErrFormExpired.
func TestFormStamp(t *testing.T) {
	key, other := []byte("0123456789abcdef0123456789abcdef"), []byte("another key, another server.....")
	now := time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC)
	f := kindred.NewFormStamp(7, 3, now.Add(-time.Minute))
	good := f.Sign(key)
	got, err := kindred.ParseFormStamp(good, key, 7, now)
	if err != nil || got != f {
		t.Fatalf("good stamp: %+v, %v; want %+v", got, err, f)
	}
	if again := kindred.NewFormStamp(7, 3, now.Add(-time.Minute)); again.Nonce == f.Nonce {
		t.Errorf("two stamps share the nonce %q", f.Nonce)
	}
	enc, mac, _ := strings.Cut(good, ".")
	for _, tc := range []struct {
		name, stamp string
		campaign    int64
		now         time.Time
		want        error
	}{
		{"other campaign", good, 8, now, kindred.ErrFormStamp},
		{"other key", f.Sign(other), 7, now, kindred.ErrFormStamp},
		{"altered mac", enc + "." + strings.Repeat("A", len(mac)), 7, now, kindred.ErrFormStamp},
		{"backdated body", kindred.FormStamp{CampaignID: 7, LiveID: 3, Issued: now.Add(-time.Hour), Nonce: f.Nonce}.Sign(other)[:len(enc)] + "." + mac, 7, now, kindred.ErrFormStamp},
		{"no mac", enc, 7, now, kindred.ErrFormStamp},
		{"empty", "", 7, now, kindred.ErrFormStamp},
		{"bare unix time", "1765000000", 7, now, kindred.ErrFormStamp},
		{"from the future", kindred.NewFormStamp(7, 0, now.Add(time.Hour)).Sign(key), 7, now, kindred.ErrFormStamp},
		{"a day and a second old", good, 7, now.Add(kindred.FormStampTTL - time.Minute + time.Second), kindred.ErrFormExpired},
		{"just under a day old", good, 7, now.Add(kindred.FormStampTTL - time.Minute - time.Second), nil},
	} {
		if _, err := kindred.ParseFormStamp(tc.stamp, key, tc.campaign, tc.now); !errors.Is(err, tc.want) && !(tc.want == nil && err == nil) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}

// TestLiveSessionOpenAt: a live session takes forms from its start up to,
// not including, its end.
func TestLiveSessionOpenAt(t *testing.T) {
	start := time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC)
	l := &kindred.LiveSession{StartsAt: start, EndsAt: start.Add(3 * time.Hour)}
	for _, tc := range []struct {
		at   time.Time
		want bool
	}{
		{start.Add(-time.Microsecond), false}, {start, true}, {start.Add(2 * time.Hour), true},
		{start.Add(3*time.Hour - time.Microsecond), true}, {start.Add(3 * time.Hour), false},
	} {
		if got := l.OpenAt(tc.at); got != tc.want {
			t.Errorf("OpenAt(%s) = %v, want %v", tc.at.Format(time.RFC3339Nano), got, tc.want)
		}
	}
}
