package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// storyCSV builds a CSV of n stories cycling through three topics.
func storyCSV(n int) string {
	topics := []string{
		"Our community garden grew tomatoes and beans; volunteers water the garden plants every morning.",
		"The food bank served hot meals to families, and volunteers packed food boxes for the winter.",
		"We trained young organizers to run phone banks and canvass voters before the city election.",
	}
	var b strings.Builder
	b.WriteString("id,text,region\n")
	for i := range n {
		fmt.Fprintf(&b, "s%d,\"Story %d. %s\",north\n", i, i, topics[i%3])
	}
	return b.String()
}

func runThemesCmd(t *testing.T, input string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "in.csv")
	if err := os.WriteFile(path, []byte(input), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code = run(context.Background(), append(append([]string{"themes"}, args...), path), stdio{in: strings.NewReader(""), out: &out, err: &errb})
	return code, out.String(), errb.String()
}

func TestThemesBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, input string
		args        []string
		wantMsg     string
	}{
		{"empty file", "", nil, "empty file"},
		{"no text column", "id,body\n1,hello\n", nil, "header must have id and text"},
		{"no id column", "text\nhello\n", nil, "header must have id and text"},
		{"duplicate ids", "id,text\na,one story\nb,two\na,three\n", nil, `line 4: duplicate id "a" (first on line 2)`},
		{"empty id", "id,text\n,one story\n", nil, "line 2: empty id"},
		{"all texts empty", "id,text\na,\nb,  \n", nil, "no story has text"},
		{"k too large", storyCSV(3), []string{"-k", "5"}, "-k 5"},
		{"negative k", storyCSV(3), []string{"-k", "-1"}, "-k must be positive"},
		{"short row", "id,x,text\na,1\n", nil, "line 2"},
		{"bad quote", "id,text\na,\"unterminated\n", nil, "read stories"},
		{"unknown flag", storyCSV(3), []string{"--nope"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runThemesCmd(t, tt.input, tt.args...)
			if code != 2 {
				t.Errorf("exit code = %d, want 2 (stderr %q)", code, stderr)
			}
			if !strings.Contains(stderr, tt.wantMsg) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.wantMsg)
			}
		})
	}
}

func TestThemesFlagsAfterFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "in.csv")
	if err := os.WriteFile(path, []byte(storyCSV(9)), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"themes", path, "-k", "3", "--seed", "2"}, stdio{out: &out, err: &errb})
	if code != 0 {
		t.Fatalf("exit code = %d, want 0 (stderr %q)", code, errb.String())
	}
	if !strings.Contains(errb.String(), "3 themes (as asked)") {
		t.Errorf("stderr = %q, want 3 themes as asked", errb.String())
	}
}

func TestThemesStdin(t *testing.T) {
	t.Parallel()
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"themes", "-"}, stdio{in: strings.NewReader(storyCSV(6)), out: &out, err: &errb})
	if code != 0 {
		t.Fatalf("exit code = %d, want 0 (stderr %q)", code, errb.String())
	}
	if got, want := strings.Count(out.String(), "\n"), 7; got != want {
		t.Errorf("output lines = %d, want %d", got, want)
	}
}

func TestThemesMissingFile(t *testing.T) {
	t.Parallel()
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"themes", filepath.Join(t.TempDir(), "nope.csv")}, stdio{out: &out, err: &errb})
	if code != 2 {
		t.Errorf("exit code = %d, want 2", code)
	}
}

func readOutput(t *testing.T, stdout string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, stdout)
	}
	return recs
}

func TestThemesOutput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		input     string
		args      []string
		wantIDs   []string
		wantTheme map[string]string // id → theme, where fixed
	}{
		{"single story", "id,text\nonly,We planted a garden.\n", nil, []string{"only"}, map[string]string{"only": "1"}},
		{"empty text gets theme 0", "id,text\na,We planted a garden.\nb,\nc,Gardens need water.\n", nil,
			[]string{"a", "b", "c"}, map[string]string{"b": "0"}},
		{"k equals stories", "id,text\na,garden water\nb,food bank meals\n", []string{"-k", "2"}, []string{"a", "b"}, nil},
		{"three short stories", "id,text\na,garden water\nb,food bank meals\nc,garden plants\n", nil, []string{"a", "b", "c"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runThemesCmd(t, tt.input, tt.args...)
			if code != 0 {
				t.Fatalf("exit code = %d, want 0 (stderr %q)", code, stderr)
			}
			recs := readOutput(t, stdout)
			if got, want := strings.Join(recs[0], ","), "id,theme,label"; got != want {
				t.Errorf("header = %q, want %q", got, want)
			}
			var gotIDs []string
			for _, r := range recs[1:] {
				gotIDs = append(gotIDs, r[0])
				if want, ok := tt.wantTheme[r[0]]; ok && r[1] != want {
					t.Errorf("story %s: theme = %s, want %s", r[0], r[1], want)
				}
			}
			if got, want := strings.Join(gotIDs, ","), strings.Join(tt.wantIDs, ","); got != want {
				t.Errorf("ids = %q, want %q", got, want)
			}
		})
	}
}

func TestThemesSummaryAndDeterminism(t *testing.T) {
	t.Parallel()
	input := storyCSV(30)
	summaryPath := filepath.Join(t.TempDir(), "s.json")
	code, first, stderr := runThemesCmd(t, input, "-k", "3", "--seed", "7", "--summary", summaryPath)
	if code != 0 {
		t.Fatalf("exit code = %d, want 0 (stderr %q)", code, stderr)
	}
	_, second, _ := runThemesCmd(t, input, "-k", "3", "--seed", "7")
	if first != second {
		t.Errorf("same seed gave different output:\n%s\nvs\n%s", first, second)
	}
	if got, want := len(readOutput(t, first)), 31; got != want {
		t.Errorf("output rows = %d, want %d", got, want)
	}
	raw, err := os.ReadFile(summaryPath)
	if err != nil {
		t.Fatal(err)
	}
	var s summary
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("summary is not JSON: %v", err)
	}
	if got, want := len(s.Themes), 3; got != want {
		t.Fatalf("themes = %d, want %d", got, want)
	}
	texts := map[string]string{}
	recs := readOutput(t, input)
	for _, r := range recs[1:] {
		texts[r[0]] = r[1]
	}
	for _, th := range s.Themes {
		if th.Label == "" || th.Size == 0 || len(th.Quotes) == 0 {
			t.Errorf("theme %d: label %q size %d quotes %d, want all set", th.ID, th.Label, th.Size, len(th.Quotes))
		}
		for _, q := range th.Quotes {
			if !strings.Contains(texts[q.ID], q.Text) {
				t.Errorf("quote %q is not a substring of story %s", q.Text, q.ID)
			}
		}
	}
}

func TestThemesMixedLanguagesWarns(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("id,text\n")
	for i := range 10 {
		fmt.Fprintf(&b, "e%d,The garden volunteers water the plants and the children learn.\n", i)
		fmt.Fprintf(&b, "z%d,花园的志愿者给植物浇水，孩子们学习。\n", i)
	}
	code, _, stderr := runThemesCmd(t, b.String())
	if code != 0 {
		t.Fatalf("exit code = %d, want 0 (stderr %q)", code, stderr)
	}
	if !strings.Contains(stderr, "several languages") || !strings.Contains(stderr, "zh 10") {
		t.Errorf("stderr = %q, want a mixed-language warning naming the Chinese stories", stderr)
	}
}

// TestThemesPivotsSpanish: Spanish stories with a lang column are carried
// into English, so there is no mixed-language warning, the summary counts
// them, and their quotes stay verbatim in Spanish.
func TestThemesPivotsSpanish(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("id,text,lang\n")
	for i := range 8 {
		fmt.Fprintf(&b, "e%d,The volunteers water the plants in the community garden number %d.,en\n", i, i)
		fmt.Fprintf(&b, "s%d,Los voluntarios riegan las plantas del huerto comunitario número %d.,es\n", i, i)
	}
	summaryPath := filepath.Join(t.TempDir(), "s.json")
	code, _, stderr := runThemesCmd(t, b.String(), "-k", "2", "--summary", summaryPath)
	if code != 0 {
		t.Fatalf("exit code = %d, want 0 (stderr %q)", code, stderr)
	}
	if strings.Contains(stderr, "several languages") {
		t.Errorf("stderr = %q, want no mixed-language warning once Spanish is pivoted", stderr)
	}
	raw, err := os.ReadFile(summaryPath)
	if err != nil {
		t.Fatal(err)
	}
	var s summary
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	if s.Pivoted != 8 || s.Languages["es"] != 8 || s.Languages["en"] != 8 || s.Language != "en" {
		t.Errorf("summary pivoted %d languages %v language %q; want 8 Spanish stories pivoted into English", s.Pivoted, s.Languages, s.Language)
	}
	spanishQuote := false
	for _, th := range s.Themes {
		for _, q := range th.Quotes {
			spanishQuote = spanishQuote || strings.HasPrefix(q.ID, "s") && strings.Contains(q.Text, "voluntarios")
		}
	}
	if !spanishQuote {
		t.Errorf("themes %+v: want a verbatim Spanish quote", s.Themes)
	}
}

func TestEmbedderFromEnv(t *testing.T) {
	t.Parallel()
	env := map[string]string{}
	if e := embedderFromEnv(func(k string) string { return env[k] }); e != nil {
		t.Errorf("embedder without URL = %v, want nil", e)
	}
	env["KINDRED_EMBEDDINGS_URL"] = "http://127.0.0.1:11434/v1/"
	if e := embedderFromEnv(func(k string) string { return env[k] }); e == nil {
		t.Error("embedder with URL = nil, want one")
	}
}

func FuzzReadStories(f *testing.F) {
	f.Add("id,text\n1,hello world\n")
	f.Add("\ufeffID,Text,lang\n1,\"a, b\",en\n2,c,es\n")
	f.Add("id,text\n1,a\n1,b\n")
	f.Add("text,id\n\"x\"\"y\",2\n")
	f.Add("id\n1\n")
	f.Add("id,text\n1\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, input string) {
		stories, err := readStories(strings.NewReader(input))
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, s := range stories {
			if s.ID == "" || seen[s.ID] {
				t.Fatalf("accepted empty or duplicate id %q", s.ID)
			}
			seen[s.ID] = true
		}
	})
}
