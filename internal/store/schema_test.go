package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// engineOnlyTables are tables one engine has by design: SQLite's FTS5
// search index (PostgreSQL keeps a tsvector column instead), and the
// migration tools' and job queue's own bookkeeping.
var engineOnlyTables = map[string]bool{
	"search_fts": true, "goose_db_version": true,
}

// engineOnlyColumns are columns one engine has by design.
var engineOnlyColumns = map[string]bool{
	"search_docs.tsv": true, // PostgreSQL's generated tsvector; SQLite searches search_fts
}

// TestSchemasMatch migrates SQLite and PostgreSQL and compares what they
// hold: tables, columns with normalized types and nullability, foreign keys
// with their ON DELETE, unique constraints and indexes. The two migration
// trees are written by hand in lockstep; this is what notices a slip.
func TestSchemasMatch(t *testing.T) {
	if testutil.PostgresDSN(t) == "" {
		t.Skip("KINDRED_TEST_POSTGRES is not set: one engine has nothing to compare with")
	}
	t.Parallel()
	lite := describe(t, testutil.OpenStore(t, ":memory:"))
	pg := describe(t, testutil.OpenStore(t, testutil.FreshPostgres(t)))
	for _, part := range []struct {
		name     string
		lite, pg []string
	}{
		{"tables", lite.tables, pg.tables},
		{"columns", lite.columns, pg.columns},
		{"foreign keys", lite.foreignKeys, pg.foreignKeys},
		{"unique constraints and indexes", lite.indexes, pg.indexes},
	} {
		onlyLite, onlyPG := difference(part.lite, part.pg), difference(part.pg, part.lite)
		if len(onlyLite)+len(onlyPG) > 0 {
			t.Errorf("%s differ:\n  only on SQLite:     %s\n  only on PostgreSQL: %s", part.name,
				strings.Join(onlyLite, "\n                      "), strings.Join(onlyPG, "\n                      "))
		}
	}
}

// schema is one engine's schema as comparable lines.
type schema struct {
	tables, columns, foreignKeys, indexes []string
}

func describe(t *testing.T, s *store.Store) schema {
	t.Helper()
	db := s.DB()
	var sc schema
	var err error
	if s.Engine() == "postgres" {
		err = describePostgres(db, &sc)
	} else {
		err = describeSQLite(db, &sc)
	}
	if err != nil {
		t.Fatalf("describe %s schema: %v", s.Engine(), err)
	}
	for _, l := range []*[]string{&sc.tables, &sc.columns, &sc.foreignKeys, &sc.indexes} {
		slices.Sort(*l)
	}
	return sc
}

func skipTable(name string) bool {
	return engineOnlyTables[name] || strings.HasPrefix(name, "river_") || strings.HasPrefix(name, "search_fts_") ||
		strings.HasPrefix(name, "sqlite_")
}

// normalType folds each engine's spelling of a type into one word.
func normalType(t string) string {
	t = strings.ToLower(t)
	switch {
	case strings.Contains(t, "int"), t == "boolean", t == "bool": // SQLite keeps booleans as integers
		return "integer"
	case strings.Contains(t, "char"), t == "text", t == "json", t == "jsonb":
		return "text"
	case strings.Contains(t, "time"), t == "date":
		return "time"
	case t == "real", strings.Contains(t, "double"), strings.Contains(t, "float"), t == "numeric":
		return "real"
	case t == "blob", t == "bytea":
		return "blob"
	}
	return t
}

func describeSQLite(db *sql.DB, sc *schema) error {
	ctx := context.Background()
	tables, err := strings1(db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`))
	if err != nil {
		return err
	}
	for _, tbl := range tables {
		if skipTable(tbl) {
			continue
		}
		sc.tables = append(sc.tables, tbl)
		if err := sqliteColumns(db, tbl, sc); err != nil {
			return err
		}
		if err := sqliteForeignKeys(db, tbl, sc); err != nil {
			return err
		}
		if err := sqliteIndexes(db, tbl, sc); err != nil {
			return err
		}
	}
	return nil
}

func sqliteColumns(db *sql.DB, tbl string, sc *schema) error {
	rows, err := db.Query(`SELECT name, type, "notnull", pk FROM pragma_table_info(?)`, tbl)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var name, typ string
		var notNull, pk int
		if err := rows.Scan(&name, &typ, &notNull, &pk); err != nil {
			return err
		}
		if engineOnlyColumns[tbl+"."+name] {
			continue
		}
		null := notNull == 0 && pk == 0
		sc.columns = append(sc.columns, column(tbl, name, normalType(typ), null))
	}
	return rows.Err()
}

func sqliteForeignKeys(db *sql.DB, tbl string, sc *schema) error {
	rows, err := db.Query(`SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list(?)`, tbl)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var ref, from string
		var to sql.NullString
		var onDelete string
		if err := rows.Scan(&ref, &from, &to, &onDelete); err != nil {
			return err
		}
		target := to.String
		if target == "" {
			target = "id"
		}
		sc.foreignKeys = append(sc.foreignKeys, foreignKey(tbl, from, ref, target, onDelete))
	}
	return rows.Err()
}

func sqliteIndexes(db *sql.DB, tbl string, sc *schema) error {
	rows, err := db.Query(`SELECT name, "unique", origin, partial FROM pragma_index_list(?)`, tbl)
	if err != nil {
		return err
	}
	type idx struct {
		name    string
		unique  bool
		partial bool
	}
	var idxs []idx
	for rows.Next() {
		var name, origin string
		var unique, partial int
		if err := rows.Scan(&name, &unique, &origin, &partial); err != nil {
			rows.Close()
			return err
		}
		if origin != "pk" {
			idxs = append(idxs, idx{name, unique == 1, partial == 1})
		}
	}
	rows.Close()
	for _, ix := range idxs {
		cols, err := sqliteIndexColumns(db, ix.name)
		if err != nil {
			return err
		}
		sc.indexes = append(sc.indexes, index(tbl, cols, ix.unique, ix.partial))
	}
	return nil
}

func sqliteIndexColumns(db *sql.DB, name string) ([]string, error) {
	rows, err := db.Query(`SELECT cid, name, "desc" FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno`, name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var cid, desc int
		var col sql.NullString
		if err := rows.Scan(&cid, &col, &desc); err != nil {
			return nil, err
		}
		c := col.String
		if cid == -2 {
			c = "(expression)"
		}
		if desc == 1 {
			c += " desc"
		}
		cols = append(cols, c)
	}
	return cols, rows.Err()
}

func describePostgres(db *sql.DB, sc *schema) error {
	ctx := context.Background()
	tables, err := strings1(db.QueryContext(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`))
	if err != nil {
		return err
	}
	for _, tbl := range tables {
		if !skipTable(tbl) {
			sc.tables = append(sc.tables, tbl)
		}
	}
	if err := pgColumns(db, sc); err != nil {
		return err
	}
	if err := pgForeignKeys(db, sc); err != nil {
		return err
	}
	return pgIndexes(db, sc)
}

func pgColumns(db *sql.DB, sc *schema) error {
	rows, err := db.Query(`SELECT c.table_name, c.column_name, c.data_type, c.is_nullable = 'YES',
			EXISTS (SELECT 1 FROM information_schema.table_constraints tc
				JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name AND k.table_name = tc.table_name
				WHERE tc.table_schema = current_schema() AND tc.constraint_type = 'PRIMARY KEY' AND tc.table_name = c.table_name AND k.column_name = c.column_name)
		FROM information_schema.columns c JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var tbl, name, typ string
		var null, pk bool
		if err := rows.Scan(&tbl, &name, &typ, &null, &pk); err != nil {
			return err
		}
		if skipTable(tbl) || engineOnlyColumns[tbl+"."+name] {
			continue
		}
		sc.columns = append(sc.columns, column(tbl, name, normalType(typ), null && !pk))
	}
	return rows.Err()
}

func pgForeignKeys(db *sql.DB, sc *schema) error {
	rows, err := db.Query(`SELECT cl.relname, a.attname, rc.relname, ra.attname, c.confdeltype
		FROM pg_constraint c
		JOIN pg_class cl ON cl.oid = c.conrelid
		JOIN pg_class rc ON rc.oid = c.confrelid
		JOIN pg_namespace n ON n.oid = cl.relnamespace AND n.nspname = current_schema()
		CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(col, refcol)
		JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col
		JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = k.refcol
		WHERE c.contype = 'f'`)
	if err != nil {
		return err
	}
	defer rows.Close()
	actions := map[string]string{"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
	for rows.Next() {
		var tbl, col, ref, refCol, del string
		if err := rows.Scan(&tbl, &col, &ref, &refCol, &del); err != nil {
			return err
		}
		if skipTable(tbl) {
			continue
		}
		sc.foreignKeys = append(sc.foreignKeys, foreignKey(tbl, col, ref, refCol, actions[del]))
	}
	return rows.Err()
}

func pgIndexes(db *sql.DB, sc *schema) error {
	rows, err := db.Query(`SELECT t.relname, i.indisunique, i.indpred IS NOT NULL,
			array_to_string(ARRAY(
				SELECT CASE WHEN k.attnum = 0 THEN '(expression)' ELSE a.attname END ||
					CASE WHEN i.indoption[k.ord - 1] & 1 = 1 THEN ' desc' ELSE '' END
				FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
				LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
				ORDER BY k.ord), ',')
		FROM pg_index i
		JOIN pg_class t ON t.oid = i.indrelid
		JOIN pg_class ic ON ic.oid = i.indexrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
		JOIN pg_am am ON am.oid = ic.relam
		WHERE NOT i.indisprimary AND am.amname = 'btree'`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var tbl, cols string
		var unique, partial bool
		if err := rows.Scan(&tbl, &unique, &partial, &cols); err != nil {
			return err
		}
		if skipTable(tbl) {
			continue
		}
		sc.indexes = append(sc.indexes, index(tbl, strings.Split(cols, ","), unique, partial))
	}
	return rows.Err()
}

func column(tbl, name, typ string, null bool) string {
	n := "not null"
	if null {
		n = "null"
	}
	return fmt.Sprintf("%s.%s %s %s", tbl, name, typ, n)
}

func foreignKey(tbl, col, ref, refCol, onDelete string) string {
	if onDelete == "" || onDelete == "RESTRICT" {
		onDelete = "NO ACTION" // the same in effect when checked at once
	}
	return fmt.Sprintf("%s.%s → %s.%s on delete %s", tbl, col, ref, refCol, strings.ToLower(onDelete))
}

func index(tbl string, cols []string, unique, partial bool) string {
	kind := "index"
	if unique {
		kind = "unique"
	}
	if partial {
		kind += " (partial)"
	}
	return fmt.Sprintf("%s %s (%s)", tbl, kind, strings.Join(cols, ", "))
}

// difference lists what a holds that b does not (counting repeats).
func difference(a, b []string) []string {
	left := map[string]int{}
	for _, x := range b {
		left[x]++
	}
	var out []string
	for _, x := range a {
		if left[x] > 0 {
			left[x]--
			continue
		}
		out = append(out, x)
	}
	return slices.Sorted(maps.Keys(toSet(out)))
}

func toSet(xs []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func strings1(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
