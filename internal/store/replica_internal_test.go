package store

import (
	"context"
	"slices"
	"testing"
	"time"
)

func TestParseLSN(t *testing.T) {
	for text, want := range map[string]lsn{"0/0": 0, "0/16B3748": 0x16B3748, "16/B374D848": 0x16_B374D848} {
		got, err := parseLSN(text)
		if err != nil || got != want || got.String() != text {
			t.Errorf("parseLSN(%q) = %d (%s), %v; want %d", text, got, got, err, want)
		}
	}
	for _, bad := range []string{"", "16", "x/1", "1/100000000"} {
		if _, err := parseLSN(bad); err == nil {
			t.Errorf("parseLSN(%q) accepted", bad)
		}
	}
}

// TestWritesMarker: the marker of one request's writes is what the next
// request's reads wait for; a missing or malformed marker asks for nothing.
func TestWritesMarker(t *testing.T) {
	ctx, w := TrackWrites(context.Background(), "")
	if w.Marker() != "" || writesFrom(ctx).needs() != 0 {
		t.Fatalf("without writes: marker %q, needs %d", w.Marker(), w.needs())
	}
	maxLSN(&w.wrote, 0x16_B374D848)
	maxLSN(&w.wrote, 0x10) // an earlier position never lowers it
	_, next := TrackWrites(context.Background(), w.Marker())
	if next.needs() != 0x16_B374D848 || next.Marker() != "" {
		t.Errorf("next request: needs %s, marker %q", next.needs(), next.Marker())
	}
	for _, bad := range []string{"zz", "-1", "12345678901234567"} {
		if _, w := TrackWrites(context.Background(), bad); w.needs() != 0 {
			t.Errorf("marker %q: needs %s", bad, w.needs())
		}
	}
}

// TestLagBound: a replica that replayed past a sample of the primary is at
// most that sample's age behind; one behind every sample has no bound from
// them.
func TestLagBound(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	var w walSamples
	for i, pos := range []lsn{100, 200, 300} {
		w.add(walSample{at: t0.Add(time.Duration(i) * time.Second), pos: pos}, time.Hour)
	}
	now := t0.Add(2500 * time.Millisecond)
	for _, c := range []struct {
		replayed lsn
		want     time.Duration
		ok       bool
	}{{300, 500 * time.Millisecond, true}, {250, 1500 * time.Millisecond, true}, {100, 2500 * time.Millisecond, true}, {99, 0, false}} {
		got, ok := w.lagOf(c.replayed, now)
		if got != c.want || ok != c.ok {
			t.Errorf("lagOf(%d) = %s, %v; want %s, %v", c.replayed, got, ok, c.want, c.ok)
		}
	}
	w.add(walSample{at: t0.Add(10 * time.Second), pos: 400}, 3*time.Second)
	if len(w) != 1 || w[0].pos != 400 {
		t.Errorf("samples older than the bound were kept: %v", w)
	}
}

// TestFreshness: a query needs a replica past the latest commit to any
// table it names, or to an unknown table.
func TestFreshness(t *testing.T) {
	var c changes
	q := `SELECT m.id FROM members m JOIN affiliations a ON a.member_id = m.id WHERE a.organization_id = $1`
	if got := c.freshness(q); got != 0 {
		t.Fatalf("no commits: needs %s", got)
	}
	maxLSN(&c.table("affiliations").lsn, 500)
	maxLSN(&c.table("cities").lsn, 900)
	if got := c.freshness(q); got != 500 {
		t.Errorf("after commits to affiliations and cities: needs %s, want 0/1F4", got)
	}
	c.bumpAll(700)
	if got := c.freshness(q); got != 700 {
		t.Errorf("after a commit to an unknown table: needs %s, want 0/2BC", got)
	}
	if got, want := identifiers("SELECT a.id, b.x_1 FROM t1 a, \"T2\" b WHERE a.n = 3"), []string{"select", "a", "id", "b", "x_1", "from", "t1", "t2", "where", "n"}; !slices.Equal(got, want) {
		t.Errorf("identifiers = %q, want %q", got, want)
	}
}
