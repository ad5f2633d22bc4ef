package kindred_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// FuzzParseRSVPToken feeds arbitrary link tokens to the parser: it never
// panics; what it accepts carries the signature of exactly what it returns;
// a token signed with another key is refused; a signed token comes back with
// what was signed, and flipping any byte of it never yields another answer.
func FuzzParseRSVPToken(f *testing.F) {
	key := []byte("0123456789abcdef0123456789abcdef")
	now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	good := kindred.RSVPToken{GatheringID: 7, MemberID: 42, Expires: now.Add(time.Hour)}.Sign(key)
	for _, s := range []string{good, good[:len(good)-1], "", ".", "..", "hello", "Ny40Mi4x.AAAA", good + ".x", "%%%.%%%"} {
		f.Add(s, int64(7), int64(42), int64(3600), 0)
	}
	f.Fuzz(func(t *testing.T, s string, gathering, member, ttl int64, flip int) {
		if got, err := kindred.ParseRSVPToken(s, key, now); err == nil {
			_, mac, _ := strings.Cut(s, ".")
			if _, want, _ := strings.Cut(got.Sign(key), "."); mac != want {
				t.Errorf("ParseRSVPToken(%q) = %+v, whose signature is %s", s, got, want)
			}
		}
		if _, err := kindred.ParseRSVPToken(s, []byte("another key of thirty-two bytes!"), now); err == nil {
			t.Errorf("ParseRSVPToken(%q) accepted a token not signed with the key", s)
		}
		ttl %= 1e6
		if ttl < 0 {
			ttl = -ttl
		}
		signed := kindred.RSVPToken{GatheringID: gathering, MemberID: member, Expires: now.Add(time.Duration(ttl+1) * time.Second)}
		str := signed.Sign(key)
		if got, err := kindred.ParseRSVPToken(str, key, now); err != nil || !sameToken(got, signed) {
			t.Fatalf("round trip of %+v: got %+v, %v", signed, got, err)
		}
		i := flip % len(str)
		if i < 0 {
			i = -i
		}
		tampered := []byte(str)
		tampered[i] ^= 1 + byte(uint(flip)>>8)%127
		if got, err := kindred.ParseRSVPToken(string(tampered), key, now); err == nil && !sameToken(got, signed) {
			t.Errorf("tampered token %q accepted as %+v", tampered, got)
		}
	})
}

func sameToken(a, b kindred.RSVPToken) bool {
	return a.GatheringID == b.GatheringID && a.MemberID == b.MemberID && a.Expires.Equal(b.Expires)
}
