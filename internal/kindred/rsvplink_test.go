package kindred_test

import (
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

func TestRSVPToken(t *testing.T) {
	t.Parallel()
	key := []byte("0123456789abcdef0123456789abcdef")
	now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	tok := kindred.RSVPToken{GatheringID: 7, MemberID: 42, Expires: now.Add(time.Hour)}
	s := tok.Sign(key)
	got, err := kindred.ParseRSVPToken(s, key, now)
	if err != nil || got.GatheringID != 7 || got.MemberID != 42 {
		t.Fatalf("got %+v, %v", got, err)
	}
	tests := []struct {
		name, token string
		key         []byte
		at          time.Time
		code        string
	}{
		{"expired", s, key, now.Add(2 * time.Hour), kindred.EGONE},
		{"other key", s, []byte("another key of thirty-two bytes!"), now, kindred.EINVALID},
		{"forged member", kindred.RSVPToken{GatheringID: 7, MemberID: 43, Expires: now.Add(time.Hour)}.Sign([]byte("x")), key, now, kindred.EINVALID},
		{"truncated", s[:len(s)-3], key, now, kindred.EINVALID},
		{"garbage", "hello", key, now, kindred.EINVALID},
	}
	for _, tt := range tests {
		if _, err := kindred.ParseRSVPToken(tt.token, tt.key, tt.at); kindred.ErrorCode(err) != tt.code {
			t.Errorf("%s: got %v, want %s", tt.name, err, tt.code)
		}
	}
}
