package usecases_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// legacyWrites is what the pages and the API still write themselves, per
// file: the count of transactions they open (WithTx) and of *store.Tx they
// handle. It may only shrink: move a flow into its use-case package and
// lower (or delete) its line. The goal is an empty map.
var legacyWrites = map[string]int{}

// TestHandlersDoNotWrite holds the layering: internal/web and internal/api
// decode, call a use case and render; they open no transaction and touch no
// *store.Tx (every write method hangs off it).
func TestHandlersDoNotWrite(t *testing.T) {
	t.Parallel()
	got := map[string]int{}
	for _, dir := range []string{"web", "api"} {
		files, err := filepath.Glob(filepath.Join("..", dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			if n := writesIn(t, f); n > 0 {
				got[dir+"/"+filepath.Base(f)] = n
			}
		}
	}
	for _, f := range slices.Sorted(maps.Keys(got)) {
		if got[f] > legacyWrites[f] {
			t.Errorf("%s opens transactions or handles *store.Tx %d times (allowed %d): call a use case instead", f, got[f], legacyWrites[f])
		}
	}
	for _, f := range slices.Sorted(maps.Keys(legacyWrites)) {
		if got[f] < legacyWrites[f] {
			t.Errorf("%s now writes %d times, fewer than the %d allowed: lower its line in legacyWrites", f, got[f], legacyWrites[f])
		}
	}
}

// writesIn counts calls of WithTx and mentions of store.Tx in a file.
func writesIn(t *testing.T, path string) int {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	ast.Inspect(f, func(node ast.Node) bool {
		sel, ok := node.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if sel.Sel.Name == "WithTx" {
			n++
		}
		if x, ok := sel.X.(*ast.Ident); ok && x.Name == "store" && sel.Sel.Name == "Tx" {
			n++
		}
		return true
	})
	return n
}

// purePackages are the algorithms of ARCHITECTURE.md: plain values in,
// plain values out. They may import each other and the standard library,
// never the rest of Kindred.
var purePackages = []string{"seating", "themes", "textproc", "network", "embeddings", "diffusion"}

// pureMayImport is what of Kindred the pure packages may import besides
// each other: the cross-lingual path the theme finder uses.
var pureMayImport = []string{"langid", "lexicon", "pivot"}

// TestPurePackagesStayPure fails when a pure package imports any Kindred
// package other than the pure ones (the store, the domain types, a surface).
func TestPurePackagesStayPure(t *testing.T) {
	t.Parallel()
	const prefix = "github.com/kindredhq/kindred/internal/"
	allowed := map[string]bool{}
	for _, p := range append(append([]string{}, purePackages...), pureMayImport...) {
		allowed[prefix+p] = true
	}
	for _, p := range purePackages {
		files, err := filepath.Glob(filepath.Join("..", p, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range file.Imports {
				path := strings.Trim(imp.Path.Value, `"`)
				if strings.HasPrefix(path, "github.com/kindredhq/kindred/") && !allowed[path] {
					t.Errorf("%s imports %s: a pure package may not (ARCHITECTURE.md)", f, path)
				}
			}
		}
	}
}
