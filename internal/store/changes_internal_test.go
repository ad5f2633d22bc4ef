package store

import "testing"

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
