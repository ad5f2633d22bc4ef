package store

import (
	"context"
	"fmt"
	"testing"
)

// TestStmtCacheKeepsAtMostItsLimit runs more distinct reads than the cache
// keeps: each answers correctly, prepared or not, and the cache stops
// growing at maxCachedStmts.
func TestStmtCacheKeepsAtMostItsLimit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range maxCachedStmts + 20 {
		var got int
		if err := s.queryRow(ctx, fmt.Sprintf("SELECT ? + %d", i), 1).Scan(&got); err != nil || got != i+1 {
			t.Fatalf("query %d: %d, %v", i, got, err)
		}
		rows, err := s.query(ctx, fmt.Sprintf("SELECT ? * %d", i), 2)
		if err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	if n := len(s.stmts.m); n != maxCachedStmts {
		t.Errorf("%d statements kept, want %d", n, maxCachedStmts)
	}
	if _, err := s.query(ctx, "SELECT * FROM no_such_table"); err == nil {
		t.Error("a query that does not prepare gave no error")
	}
}
