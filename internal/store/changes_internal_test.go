package store

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestWrittenTable(t *testing.T) {
	t.Parallel()
	for q, want := range map[string]string{
		"SELECT id FROM members":                                          "",
		"INSERT INTO member_values (member_id, kind) VALUES (?, ?)":       "member_values",
		"INSERT OR IGNORE INTO ties(a, b) VALUES (?, ?)":                  "ties",
		"\n\t\tUPDATE members SET name = ? WHERE id = ?":                  "members",
		"DELETE FROM affiliations WHERE member_id = ?":                    "affiliations",
		"WITH x AS (SELECT 1) UPDATE members SET name = ''":               anyTable,
		"INSERT INTO search_docs(kind) VALUES (?) ON CONFLICT DO NOTHING": "search_docs",
	} {
		if got := writtenTable(q); got != want {
			t.Errorf("writtenTable(%q) = %q, want %q", q, got, want)
		}
	}
}

// TestCachedMapForgetsFailedKeys: keys whose load fails (unknown tokens) take
// no room, so many of them do not push a good key out.
func TestCachedMapForgetsFailedKeys(t *testing.T) {
	t.Parallel()
	s := &Store{now: time.Now}
	var m CachedMap[int]
	loads := 0
	good := func() (int, error) { loads++; return 7, nil }
	if v, err := m.Get(s, "good", []string{"accounts"}, good); v != 7 || err != nil {
		t.Fatalf("good key: %d, %v", v, err)
	}
	for i := range 2 * cachedMapKeys {
		if _, err := m.Get(s, fmt.Sprint("bad", i), []string{"accounts"}, func() (int, error) { return 0, errors.New("unknown") }); err == nil {
			t.Fatal("a failing load returned no error")
		}
	}
	if v, _ := m.Get(s, "good", []string{"accounts"}, good); v != 7 || loads != 1 {
		t.Errorf("after %d failed keys the good key loaded %d times, want once (still cached)", 2*cachedMapKeys, loads)
	}
}

// TestCachedLoadsOnceForConcurrentMisses: many Gets that miss at once (a
// page opened by many people after a change) read the database once and
// share the answer; a Get after a newer commit loads again.
func TestCachedLoadsOnceForConcurrentMisses(t *testing.T) {
	s := &Store{now: time.Now}
	var c Cached[int]
	var loads atomic.Int32
	release := make(chan struct{})
	load := func() (int, error) { loads.Add(1); <-release; return 42, nil }
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			if v, err := c.Get(s, []string{"ties"}, load); v != 42 || err != nil {
				t.Errorf("Get = %d, %v", v, err)
			}
		})
	}
	waitUntil(t, func() bool { return loads.Load() > 0 })
	time.Sleep(20 * time.Millisecond) // let the other Gets reach the load in flight
	close(release)
	wg.Wait()
	if n := loads.Load(); n != 1 {
		t.Errorf("32 concurrent misses loaded %d times, want once", n)
	}
	s.changes.counter("ties").Add(1)
	if v, _ := c.Get(s, []string{"ties"}, func() (int, error) { loads.Add(1); return 43, nil }); v != 43 || loads.Load() != 2 {
		t.Errorf("after a commit: %d, loads %d", v, loads.Load())
	}
}

func waitUntil(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !ok(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
	}
}
