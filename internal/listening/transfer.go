package listening

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/csvx"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// MaxImportRows bounds one import; bigger files are split by the organizer.
const MaxImportRows = 20000

// Export is a campaign's stories as one reader may see them, ready to be
// written as CSV or JSON.
type Export struct {
	Campaign *kindred.Campaign
	Stories  []kindred.Story
	Reader   kindred.Reader
	Name     string // the file's name, without extension
}

// Export reads the campaign's stories for a file. Only its organizers
// export (EFORBIDDEN otherwise): everything, or with forWhom "network" or
// "public" what such a reader would see — the file to share beyond
// organizers holds only stories consented for it, masked and without
// names.
func (s *Service) Export(ctx context.Context, v *kindred.Viewer, slug, forWhom string) (*Export, error) {
	c, err := s.Organized(ctx, v, slug)
	if err != nil {
		return nil, err
	}
	e := &Export{Campaign: c, Reader: kindred.ReaderOrganizer, Name: c.Slug + "-stories"}
	switch forWhom {
	case "network":
		e.Reader = kindred.ReaderMember
	case "public":
		e.Reader = kindred.ReaderPublic
	}
	if forWhom != "" {
		e.Name += "-" + forWhom
	}
	if e.Stories, err = s.Store.Stories(ctx, c.ID, store.StoryQuery{Reader: e.Reader}); err != nil {
		return nil, fmt.Errorf("export stories: %w", err)
	}
	return e, nil
}

// StoryColumns are the fixed CSV columns; signifiers (sig.KEY) and context
// (ctx.KEY) follow. Import reads the same header.
var StoryColumns = []string{"id", "created_at", "lang", "consent", "anonymous", "state", "pii", "source", "name", "email", "text"}

// WriteCSV writes the export as CSV, every cell escaped (csvx): a story
// is anonymous input and must not run as a spreadsheet formula. Beyond
// organizers there is no name or email column. created_at is the day the
// story was told. Errors are the writer's.
func (e *Export) WriteCSV(w io.Writer) error {
	organizer := e.Reader == kindred.ReaderOrganizer
	cw := csvx.NewWriter(w)
	header := append([]string{}, StoryColumns...)
	if !organizer {
		header = append(header[:8], "text")
	}
	for _, s := range e.Campaign.Signifiers {
		header = append(header, "sig."+s.Key)
	}
	for _, q := range e.Campaign.Context {
		header = append(header, "ctx."+q.Key)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, st := range e.Stories {
		row := []string{strconv.FormatInt(st.ID, 10), st.CreatedAt.Format(time.DateOnly), st.Lang, string(st.Consent),
			strconv.FormatBool(st.Anonymous), string(st.State), strconv.FormatBool(st.PII), st.Source}
		if organizer {
			row = append(row, st.Name, st.Email)
		}
		row = append(row, st.Text)
		for _, s := range e.Campaign.Signifiers {
			row = append(row, st.Signifiers[s.Key].Text())
		}
		for _, q := range e.Campaign.Context {
			row = append(row, st.Context[q.Key])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// storyOut is a story in the JSON export.
type storyOut struct {
	ID         int64             `json:"id"`
	CreatedAt  string            `json:"created_at"` // the day, YYYY-MM-DD
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

// WriteJSON writes the export as {"stories": [...]}. Errors are the writer's.
func (e *Export) WriteJSON(w io.Writer) error {
	out := make([]storyOut, 0, len(e.Stories))
	for _, st := range e.Stories {
		sigs := map[string]any{}
		for k, v := range st.Signifiers {
			sigs[k] = v.Plain()
		}
		out = append(out, storyOut{st.ID, st.CreatedAt.Format(time.DateOnly), st.Text, st.Lang, string(st.Consent), st.Anonymous,
			st.Name, st.Email, string(st.State), st.PII, st.Source, sigs, st.Context})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{"stories": out})
}

// ImportInput is an uploaded file of stories and the defaults for its
// empty lang and consent cells. Confirm imports the good rows; without it
// the import is a dry run that stores nothing.
type ImportInput struct {
	File    io.Reader
	Lang    string
	Consent kindred.Consent
	Confirm bool
}

// RowProblem is one bad row: its line and what is wrong, field by field.
type RowProblem struct {
	Line     int
	Problems []string
}

// ImportResult is what an import (or its dry run) found and did.
type ImportResult struct {
	Good     int
	Bad      []RowProblem
	Ignored  []string // header columns that are not read
	Imported bool
}

// importRow is one good row of an import, with its line number.
type importRow struct {
	Line  int
	Story kindred.NewStory
}

// Import reads stories from CSV into the campaign: only its organizers
// import (EFORBIDDEN otherwise). Bad rows are listed with their line
// numbers; with Confirm the good rows are stored in one transaction (one
// audit entry, story.import). A file without a header or a text column,
// or with more than MaxImportRows rows, is EINVALID.
func (s *Service) Import(ctx context.Context, v *kindred.Viewer, slug string, in ImportInput) (*ImportResult, error) {
	c, err := s.Organized(ctx, v, slug)
	if err != nil {
		return nil, err
	}
	rows, res, err := parseStories(c, in.File, in.Lang, in.Consent)
	if err != nil || !in.Confirm || len(rows) == 0 {
		return res, err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		for _, row := range rows {
			if _, _, err := tx.CreateStory(ctx, c, row.Story); err != nil {
				return fmt.Errorf("line %d: %w", row.Line, err)
			}
		}
		return tx.Audit(ctx, v.AccountID(), "story.import", campaignSubject(c), fmt.Sprintf("%d stories", len(rows)))
	})
	if err != nil {
		return nil, fmt.Errorf("import stories: %w", err)
	}
	res.Imported = true
	return res, nil
}

// parseStories reads stories from CSV with a header: text is required;
// lang, consent, anonymous, name, email, created_at, sig.KEY and ctx.KEY
// are read when present (a bare KEY works too), each cell unescaped
// (csvx). lang and consent fill their empty cells. It returns the good
// rows and what it found; a file it cannot read is EINVALID.
func parseStories(c *kindred.Campaign, r io.Reader, lang string, consent kindred.Consent) ([]importRow, *ImportResult, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, nil, kindred.Errorf(kindred.EINVALID, "The file has no header row: %v", err)
	}
	cols, ignored := mapColumns(c, header)
	if _, ok := cols["text"]; !ok {
		return nil, nil, &kindred.Error{Code: kindred.EINVALID, Message: "The header has no text column.",
			Fields: map[string]string{"file": "needs a text column"}}
	}
	res := &ImportResult{Ignored: ignored}
	var rows []importRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			res.Bad = append(res.Bad, RowProblem{line, []string{err.Error()}})
			continue
		}
		if len(rows)+len(res.Bad) >= MaxImportRows {
			return nil, res, kindred.Errorf(kindred.EINVALID, "The file has more than %d rows; please split it.", MaxImportRows)
		}
		n, probs := storyFromRow(c, cols, rec, lang, consent)
		if len(probs) > 0 {
			res.Bad = append(res.Bad, RowProblem{line, probs})
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
			return strings.TrimSpace(csvx.Unescape(rec[i]))
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
