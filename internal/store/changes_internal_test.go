package store

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestWrittenTable(t *testing.T) {
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
