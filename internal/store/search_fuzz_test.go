package store_test

import (
	"context"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// FuzzSearch feeds arbitrary search text to the full-text index: whatever
// people type (FTS operators, quotes, stray Unicode) must never be a query
// error.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"organizing", `"unclosed`, "a AND OR NOT", "NEAR(a b)", "x*", "-y", "title:z", "'; DROP TABLE members;--",
		"São Paulo", "ভাষা", "😀 emoji", "a\x00b", "(((", "a:*", "!&|", "\u0301"} {
		f.Add(s)
	}
	s := testutil.OpenStore(f, ":memory:")
	ctx := context.Background()
	if err := s.WithTx(ctx, func(tx *store.Tx) error {
		return tx.IndexDocument(ctx, kindred.SearchDoc{Kind: "practice", RefID: 1, Title: "Relational organizing", Body: "One-to-ones in São Paulo"})
	}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := s.Search(ctx, kindred.SearchQuery{Text: q}); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
	})
}
