package web

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// maxImportRows bounds one import; bigger files are split by the organizer.
const maxImportRows = 20000

// export writes a campaign's stories as CSV (default) or JSON. Organizers
// export everything, or what a reader would see with ?for=network|public:
// the file to share beyond organizers holds only stories consented for it,
// masked and without names.
func (l *listening) export(w http.ResponseWriter, r *http.Request) {
	c, ok := l.campaign(w, r)
	if !ok {
		return
	}
	reader := kindred.ReaderOrganizer
	switch r.URL.Query().Get("for") {
	case "network":
		reader = kindred.ReaderMember
	case "public":
		reader = kindred.ReaderPublic
	}
	list, err := l.Store.Stories(r.Context(), c.ID, store.StoryQuery{Reader: reader})
	if err != nil {
		l.serverError(w, r, err)
		return
	}
	name := c.Slug + "-stories"
	if f := r.URL.Query().Get("for"); f != "" {
		name += "-" + f
	}
	if r.URL.Query().Get("format") == "json" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.json"`)
		_ = writeStoriesJSON(w, list)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	_ = writeStoriesCSV(w, c, list, reader == kindred.ReaderOrganizer)
}

// storyColumns are the fixed CSV columns; signifiers (sig.KEY) and context
// (ctx.KEY) follow. Import reads the same header.
var storyColumns = []string{"id", "created_at", "lang", "consent", "anonymous", "state", "pii", "source", "name", "email", "text"}

func writeStoriesCSV(w io.Writer, c *kindred.Campaign, list []kindred.Story, organizer bool) error {
	cw := csv.NewWriter(w)
	header := append([]string{}, storyColumns...)
	if !organizer {
		header = append(header[:8], "text") // no name or email beyond organizers
	}
	for _, s := range c.Signifiers {
		header = append(header, "sig."+s.Key)
	}
	for _, q := range c.Context {
		header = append(header, "ctx."+q.Key)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, st := range list {
		row := []string{strconv.FormatInt(st.ID, 10), st.CreatedAt.Format(time.RFC3339), st.Lang, string(st.Consent),
			strconv.FormatBool(st.Anonymous), string(st.State), strconv.FormatBool(st.PII), st.Source}
		if organizer {
			row = append(row, st.Name, st.Email)
		}
		row = append(row, st.Text)
		for _, s := range c.Signifiers {
			row = append(row, st.Signifiers[s.Key].Text())
		}
		for _, q := range c.Context {
			row = append(row, st.Context[q.Key])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeStoriesJSON(w io.Writer, list []kindred.Story) error {
	type storyOut struct {
		ID         int64             `json:"id"`
		CreatedAt  time.Time         `json:"created_at"`
		Text       string            `json:"text"`
		Lang       string            `json:"lang"`
		Consent    string            `json:"consent"`
		Anonymous  bool              `json:"anonymous"`
		Name       string            `json:"name,omitempty"`
		Email      string            `json:"email,omitempty"`
		State      string            `json:"state"`
		PII        bool              `json:"pii"`
		Source     string            `json:"source"`
		Signifiers map[string]any    `json:"signifiers"`
		Context    map[string]string `json:"context"`
	}
	out := make([]storyOut, 0, len(list))
	for _, st := range list {
		sigs := map[string]any{}
		for k, v := range st.Signifiers {
			sigs[k] = v.Plain()
		}
		out = append(out, storyOut{st.ID, st.CreatedAt, st.Text, st.Lang, string(st.Consent), st.Anonymous, st.Name, st.Email,
			string(st.State), st.PII, st.Source, sigs, st.Context})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{"stories": out})
}

// importRow is one good row of an import, with its line number.
type importRow struct {
	Line  int
	Story kindred.NewStory
}

// rowProblem is one bad row: its line and what is wrong, field by field.
type rowProblem struct {
	Line     int
	Problems []string
}

// importResult is what the import page shows after a dry run or an import.
type importResult struct {
	Good     int
	Bad      []rowProblem
	Ignored  []string // header columns that are not read
	Imported bool
}

// parseStoryCSV reads stories from CSV with a header: text is required;
// lang, consent, anonymous, name, email, created_at, sig.KEY and ctx.KEY
// are read when present (a bare KEY works too). defaults fill lang and
// consent when their cells are empty.
func parseStoryCSV(c *kindred.Campaign, r io.Reader, lang string, consent kindred.Consent) ([]importRow, importResult, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, importResult{}, kindred.Errorf(kindred.EINVALID, "The file has no header row: %v", err)
	}
	cols, ignored := mapColumns(c, header)
	if _, ok := cols["text"]; !ok {
		return nil, importResult{}, &kindred.Error{Code: kindred.EINVALID, Message: "The header has no text column.",
			Fields: map[string]string{"file": "needs a text column"}}
	}
	res := importResult{Ignored: ignored}
	var rows []importRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			res.Bad = append(res.Bad, rowProblem{line, []string{err.Error()}})
			continue
		}
		if len(rows)+len(res.Bad) >= maxImportRows {
			return nil, res, kindred.Errorf(kindred.EINVALID, "The file has more than %d rows; please split it.", maxImportRows)
		}
		n, probs := storyFromRow(c, cols, rec, lang, consent)
		if len(probs) > 0 {
			res.Bad = append(res.Bad, rowProblem{line, probs})
			continue
		}
		rows = append(rows, importRow{line, n})
	}
	res.Good = len(rows)
	return rows, res, nil
}

// mapColumns maps the names the import reads to column indexes.
func mapColumns(c *kindred.Campaign, header []string) (map[string]int, []string) {
	known := map[string]bool{"text": true, "lang": true, "consent": true, "anonymous": true, "name": true, "email": true, "created_at": true}
	for _, s := range c.Signifiers {
		known["sig."+s.Key] = true
	}
	for _, q := range c.Context {
		known["ctx."+q.Key] = true
	}
	cols := map[string]int{}
	var ignored []string
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		switch {
		case known[h]:
			cols[h] = i
		case known["sig."+h]:
			cols["sig."+h] = i
		case known["ctx."+h]:
			cols["ctx."+h] = i
		default:
			ignored = append(ignored, h)
		}
	}
	return cols, ignored
}

// storyFromRow reads one record; problems are sentences naming the column.
func storyFromRow(c *kindred.Campaign, cols map[string]int, rec []string, lang string, consent kindred.Consent) (kindred.NewStory, []string) {
	get := func(name string) string {
		if i, ok := cols[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	n := kindred.NewStory{Text: get("text"), Lang: or(get("lang"), lang), Consent: kindred.Consent(or(get("consent"), string(consent))),
		Name: get("name"), Email: get("email"), Source: "import", Signifiers: map[string]kindred.SignifierValue{}, Context: map[string]string{}}
	var probs []string
	switch strings.ToLower(get("anonymous")) {
	case "", "0", "false", "no":
	case "1", "true", "yes":
		n.Anonymous = true
	default:
		probs = append(probs, "anonymous: must be true or false")
	}
	if s := get("created_at"); s != "" {
		t, err := parseWhen(s)
		if err != nil {
			probs = append(probs, "created_at: is not a date (like 2026-03-01)")
		}
		n.ToldAt = &t
	}
	for _, s := range c.Signifiers {
		cell := get("sig." + s.Key)
		if cell == "" {
			continue
		}
		v, ok := s.ParseText(cell)
		if !ok {
			probs = append(probs, fmt.Sprintf("sig.%s: %q does not fit a %s", s.Key, cell, s.Kind))
			continue
		}
		n.Signifiers[s.Key] = v
	}
	for _, q := range c.Context {
		if cell := get("ctx." + q.Key); cell != "" {
			n.Context[q.Key] = cell
		}
	}
	for f, msg := range kindred.ErrorFields(kindred.StoryError(c.CheckStory(&n))) {
		probs = append(probs, f+": "+msg)
	}
	return n, probs
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func parseWhen(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

// importPage shows the import form.
func (l *listening) importPage(w http.ResponseWriter, r *http.Request) {
	c, ok := l.campaign(w, r)
	if !ok {
		return
	}
	l.render(w, r, http.StatusOK, "listening_import", page{Title: "Import stories", Nav: "listening",
		Form: map[string][]string{"lang": {"en"}, "consent": {"organizers"}}, Data: map[string]any{"Campaign": c}})
}

// importStories checks an uploaded CSV and, when asked to, imports its good
// rows in one transaction; bad rows are listed with their line numbers.
func (l *listening) importStories(w http.ResponseWriter, r *http.Request) {
	c, ok := l.campaign(w, r)
	if !ok {
		return
	}
	p := page{Title: "Import stories", Nav: "listening", Data: map[string]any{"Campaign": c}}
	file, _, err := r.FormFile("file")
	if err != nil {
		l.fail(w, r, "listening_import", p, &kindred.Error{Code: kindred.EINVALID, Message: "Choose a CSV file to import.",
			Fields: map[string]string{"file": "is required"}})
		return
	}
	defer file.Close()
	consent := kindred.ParseConsent(r.FormValue("consent"))
	rows, res, err := parseStoryCSV(c, file, r.FormValue("lang"), consent)
	if err != nil {
		l.fail(w, r, "listening_import", p, err)
		return
	}
	if r.FormValue("confirm") == "1" && len(rows) > 0 {
		err = l.Store.WithTx(r.Context(), func(tx *store.Tx) error {
			for _, row := range rows {
				if _, _, err := tx.CreateStory(r.Context(), c, row.Story); err != nil {
					return fmt.Errorf("line %d: %w", row.Line, err)
				}
			}
			return nil
		})
		if err != nil {
			l.fail(w, r, "listening_import", p, err)
			return
		}
		res.Imported = true
	}
	p.Data = map[string]any{"Campaign": c, "Result": res}
	p.Form = r.MultipartForm.Value
	l.render(w, r, http.StatusOK, "listening_import", p)
}
