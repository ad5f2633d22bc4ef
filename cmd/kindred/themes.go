package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/csvx"
	"github.com/kindredhq/kindred/internal/embeddings"
	"github.com/kindredhq/kindred/internal/themes"
)

const themesUsage = `usage: kindred themes [-k N] [--seed S] [--lang L] [--summary FILE.json] IN.csv > OUT.csv

IN.csv has a header with id and text columns (lang is used when present, other
columns are ignored); "-" reads standard input. OUT.csv is id,theme,label, one
row per input row in the same order; theme 0 marks a story without words.
Without -k the number of themes is chosen automatically.
Each story's language is detected (the lang column and --lang are hints);
stories in Spanish, French, Portuguese, German, Arabic, Swahili, Hindi and
Russian are carried into English words through a built-in dictionary, so
themes follow topics across languages; labels and keywords are then English,
quotes stay verbatim in the teller's language.
KINDRED_EMBEDDINGS_URL (and _MODEL, _KEY) may name an OpenAI-compatible
embeddings endpoint that replaces the built-in English word vectors.
`

// themesFlags are the options of kindred themes.
type themesFlags struct {
	k       int
	seed    uint64
	lang    string
	summary string
	in      string
}

// runThemes implements kindred themes: CSV of stories in, CSV of themes out.
// Bad input answers with exit status 2 and a message naming the problem.
func runThemes(ctx context.Context, args []string, sio stdio) error {
	f, err := parseThemesFlags(args, sio.err)
	if err != nil {
		return err
	}
	stories, err := readStoriesFile(f.in, sio.in)
	if err != nil {
		return err
	}
	res, err := findThemes(ctx, stories, f)
	if err != nil {
		return err
	}
	warnLanguages(res, sio.err)
	if err := writeThemes(sio.out, stories, res); err != nil {
		return fmt.Errorf("write themes: %w", err)
	}
	if f.summary != "" {
		if err := writeSummaryFile(f.summary, stories, res); err != nil {
			return err
		}
	}
	fmt.Fprintf(sio.err, "%d stories, %d themes (%s), %d weak signals, silhouette %.3f\n",
		len(stories), len(res.Themes), chosenWord(res.ChosenK), len(res.WeakSignals), res.Silhouette)
	return nil
}

func chosenWord(chosen bool) string {
	if chosen {
		return "chosen automatically"
	}
	return "as asked"
}

// parseThemesFlags accepts flags before and after the input file name.
func parseThemesFlags(args []string, stderr io.Writer) (themesFlags, error) {
	var f themesFlags
	fs := flag.NewFlagSet("themes", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, themesUsage); fs.PrintDefaults() }
	fs.IntVar(&f.k, "k", 0, "number of themes (default: choose)")
	fs.Uint64Var(&f.seed, "seed", 1, "random seed; the same seed gives the same themes")
	fs.StringVar(&f.lang, "lang", "", "language of the stories (default: lang column, else detected)")
	fs.StringVar(&f.summary, "summary", "", "write themes with labels, keywords, sizes and quotes to this JSON file")
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return f, err
			}
			return f, usageError("%v", err)
		}
		if fs.NArg() == 0 {
			break
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(rest) != 1 {
		fs.Usage()
		return f, usageError("want exactly one input file, got %d", len(rest))
	}
	if f.k < 0 {
		return f, usageError("-k must be positive, got %d", f.k)
	}
	f.in = rest[0]
	return f, nil
}

func readStoriesFile(name string, stdin io.Reader) ([]themes.Story, error) {
	r := stdin
	if name != "-" {
		file, err := os.Open(name)
		if err != nil {
			return nil, usageError("read stories: %w", err)
		}
		defer file.Close()
		r = file
	}
	stories, err := readStories(r)
	if err != nil {
		return nil, usageError("%s: %w", name, err)
	}
	return stories, nil
}

// readStories parses the CSV: a header naming id and text (any order,
// case-insensitive, optional lang), then one story per row. It returns an
// error naming the line for malformed CSV, missing columns, empty or
// duplicate ids, and when no row has text.
func readStories(r io.Reader) ([]themes.Story, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("empty file: want a header with id and text columns")
	}
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	cols, err := storyColumns(header)
	if err != nil {
		return nil, err
	}
	return readStoryRows(cr, cols)
}

type storyCols struct{ id, text, lang int }

func storyColumns(header []string) (storyCols, error) {
	c := storyCols{-1, -1, -1}
	for i, h := range header {
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) {
		case "id":
			c.id = i
		case "text":
			c.text = i
		case "lang", "language":
			c.lang = i
		}
	}
	if c.id < 0 || c.text < 0 {
		return c, fmt.Errorf("line 1: header must have id and text columns, found %q", strings.Join(header, ","))
	}
	return c, nil
}

func readStoryRows(cr *csv.Reader, c storyCols) ([]themes.Story, error) {
	var stories []themes.Story
	firstLine := map[string]int{}
	withText := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read stories: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if max(c.id, c.text) >= len(rec) {
			return nil, fmt.Errorf("line %d: %d fields, want at least %d", line, len(rec), max(c.id, c.text)+1)
		}
		s := themes.Story{ID: strings.TrimSpace(csvx.Unescape(rec[c.id])), Text: csvx.Unescape(rec[c.text]), Quotable: true}
		if c.lang >= 0 && c.lang < len(rec) {
			s.Lang = rec[c.lang]
		}
		if s.ID == "" {
			return nil, fmt.Errorf("line %d: empty id", line)
		}
		if prev, ok := firstLine[s.ID]; ok {
			return nil, fmt.Errorf("line %d: duplicate id %q (first on line %d)", line, s.ID, prev)
		}
		firstLine[s.ID] = line
		if strings.TrimSpace(s.Text) != "" {
			withText++
		}
		stories = append(stories, s)
	}
	if withText == 0 {
		return nil, errors.New("no story has text")
	}
	return stories, nil
}

// warnLanguages tells the organizer when stories stayed in several
// languages after the pivot into English: themes then tend to follow
// language rather than content for them.
func warnLanguages(res *themes.Result, stderr io.Writer) {
	counts := map[string]int{}
	for i, l := range res.Langs {
		if res.Pivoted[i] {
			l = "en"
		}
		if l != "" {
			counts[l]++
		}
	}
	if len(counts) < 2 {
		return
	}
	langs := make([]string, 0, len(counts))
	for l := range counts {
		langs = append(langs, l)
	}
	sort.Slice(langs, func(i, j int) bool {
		return counts[langs[i]] > counts[langs[j]] || counts[langs[i]] == counts[langs[j]] && langs[i] < langs[j]
	})
	if counts[langs[1]]*20 < len(res.Langs) {
		return // a stray story in another language: not worth a warning
	}
	parts := make([]string, len(langs))
	for i, l := range langs {
		parts[i] = fmt.Sprintf("%s %d", l, counts[l])
	}
	fmt.Fprintf(stderr, "warning: stories stay in several languages after translating what the built-in dictionary can (%s); themes may follow language, theme each language separately for better results\n", strings.Join(parts, ", "))
}

func findThemes(ctx context.Context, stories []themes.Story, f themesFlags) (*themes.Result, error) {
	opt := themes.Options{K: f.k, Seed: f.seed, Lang: f.lang, Embedder: embedderFromEnv(os.Getenv)}
	res, err := themes.Find(ctx, stories, opt)
	switch {
	case errors.Is(err, themes.ErrTooFew):
		return nil, usageError("no story has words to theme")
	case errors.Is(err, themes.ErrK):
		return nil, usageError("-k %d: %w", f.k, err)
	case err != nil:
		return nil, fmt.Errorf("find themes: %w", err)
	}
	return res, nil
}

// embedderFromEnv returns the configured external embeddings endpoint, or
// nil when KINDRED_EMBEDDINGS_URL is unset.
func embedderFromEnv(getenv func(string) string) embeddings.Embedder {
	url := getenv("KINDRED_EMBEDDINGS_URL")
	if url == "" {
		return nil
	}
	model := getenv("KINDRED_EMBEDDINGS_MODEL")
	if model == "" {
		model = "nomic-embed-text"
	}
	return &embeddings.Remote{URL: strings.TrimRight(url, "/"), Model: model, APIKey: getenv("KINDRED_EMBEDDINGS_KEY"),
		Client: &http.Client{Timeout: 2 * time.Minute}}
}

func writeThemes(w io.Writer, stories []themes.Story, res *themes.Result) error {
	labels := map[int]string{0: "(no words)"}
	for _, t := range res.Themes {
		labels[t.ID] = t.Label
	}
	cw := csvx.NewWriter(w)
	cw.Write([]string{"id", "theme", "label"})
	for i, s := range stories {
		cw.Write([]string{s.ID, strconv.Itoa(res.Theme[i]), labels[res.Theme[i]]})
	}
	cw.Flush()
	return cw.Error()
}

func writeSummaryFile(name string, stories []themes.Story, res *themes.Result) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(newSummary(stories, res)); err != nil {
		return fmt.Errorf("encode summary: %w", err)
	}
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}

// summary is the JSON document kindred themes --summary writes.
type summary struct {
	Stories        int                 `json:"stories"`
	Language       string              `json:"language"`
	Languages      map[string]int      `json:"languages"` // stories per detected language
	Pivoted        int                 `json:"pivoted"`   // stories carried into English for theming
	Representation string              `json:"representation"`
	ChosenK        bool                `json:"k_chosen_automatically"`
	Silhouette     float64             `json:"silhouette"`
	Themes         []summaryTheme      `json:"themes"`
	WeakSignals    []summaryWeakSignal `json:"weak_signals"`
	Outliers       []string            `json:"outliers"`
}

type summaryTheme struct {
	ID        int            `json:"id"`
	Label     string         `json:"label"`
	Keywords  []string       `json:"keywords"`
	Size      int            `json:"size"`
	Secondary []string       `json:"also_close"` // ids of stories whose second theme this is
	Quotes    []summaryQuote `json:"quotes"`
}

type summaryQuote struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

type summaryWeakSignal struct {
	Label    string         `json:"label"`
	Keywords []string       `json:"keywords"`
	Stories  []string       `json:"stories"`
	Quotes   []summaryQuote `json:"quotes"`
}

func newSummary(stories []themes.Story, res *themes.Result) summary {
	s := summary{Stories: len(stories), Language: res.Lang, Representation: string(res.Representation),
		ChosenK: res.ChosenK, Silhouette: res.Silhouette, Themes: []summaryTheme{}, WeakSignals: []summaryWeakSignal{},
		Outliers: ids(stories, res.Outliers), Languages: map[string]int{}}
	for i, l := range res.Langs {
		if l == "" {
			l = "und"
		}
		s.Languages[l]++
		if res.Pivoted[i] {
			s.Pivoted++
		}
	}
	for _, t := range res.Themes {
		st := summaryTheme{ID: t.ID, Label: t.Label, Keywords: t.Keywords, Size: t.Size, Secondary: []string{},
			Quotes: quotes(t.Quotes)}
		for i, sec := range res.Secondary {
			if sec == t.ID {
				st.Secondary = append(st.Secondary, stories[i].ID)
			}
		}
		s.Themes = append(s.Themes, st)
	}
	for _, w := range res.WeakSignals {
		s.WeakSignals = append(s.WeakSignals, summaryWeakSignal{Label: w.Label, Keywords: w.Keywords,
			Stories: ids(stories, w.Stories), Quotes: quotes(w.Quotes)})
	}
	return s
}

func ids(stories []themes.Story, idx []int) []string {
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = stories[j].ID
	}
	return out
}

func quotes(qs []themes.Quote) []summaryQuote {
	out := make([]summaryQuote, len(qs))
	for i, q := range qs {
		out[i] = summaryQuote{ID: q.ID, Text: q.Text}
	}
	return out
}
