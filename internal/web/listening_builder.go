package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

// builderRow is one signifier or context question of the campaign form's
// builder, kept as typed (labels and options one per line) so a form sent
// back shows exactly what was typed.
type builderRow struct {
	N                    int // its place, from 1
	Kind                 string
	Key, Prompt, Labels  string
	Tr                   map[string]rowText // translations by language
	Preview              kindred.ShownQuestion
	PreviewKind, Section string // "signifiers" or "context"
}

type rowText struct{ Prompt, Labels string }

// builder is the campaign form's questions and translations.
type builder struct {
	Signifiers  []builderRow
	Context     []builderRow
	Langs       []langOption // the languages to translate into
	Title       map[string]string
	Prompt      map[string]string
	PreviewLang string
	Errors      map[string]string
}

// maxRows bounds the questions the form reads, so a crafted form cannot
// make the page loop.
const maxRows = 40

// builderFrom reads the builder's fields from the form.
func builderFrom(f url.Values, langs []langOption) *builder {
	b := &builder{Langs: langs, Title: map[string]string{}, Prompt: map[string]string{}, PreviewLang: f.Get("preview_lang")}
	for _, l := range langs {
		b.Title[l.Code] = f.Get("translations." + l.Code + ".title")
		b.Prompt[l.Code] = f.Get("translations." + l.Code + ".prompt")
	}
	b.Signifiers = readRows(f, "signifiers", "labels", langs)
	b.Context = readRows(f, "context", "options", langs)
	return b
}

func readRows(f url.Values, section, labels string, langs []langOption) []builderRow {
	var out []builderRow
	for n := 1; n <= maxRows; n++ {
		p := section + "." + strconv.Itoa(n) + "."
		if _, ok := f[p+"prompt"]; !ok {
			break
		}
		row := builderRow{Kind: f.Get(p + "kind"), Key: f.Get(p + "key"), Prompt: f.Get(p + "prompt"), Labels: f.Get(p + labels),
			Tr: map[string]rowText{}}
		for _, l := range langs {
			tp := "translations." + l.Code + "." + p
			row.Tr[l.Code] = rowText{Prompt: f.Get(tp + "prompt"), Labels: f.Get(tp + labels)}
		}
		out = append(out, row)
	}
	return out
}

// builderOf fills the builder from a stored campaign.
func builderOf(c *kindred.Campaign, langs []langOption) *builder {
	b := &builder{Langs: langs, Title: map[string]string{}, Prompt: map[string]string{}}
	for _, l := range langs {
		t := c.Translations[l.Code]
		b.Title[l.Code], b.Prompt[l.Code] = t.Title, t.Prompt
	}
	for _, s := range c.Signifiers {
		row := builderRow{Kind: string(s.Kind), Key: s.Key, Prompt: s.Prompt, Labels: strings.Join(s.Labels, "\n"), Tr: map[string]rowText{}}
		for _, l := range langs {
			st := c.Translations[l.Code].Signifiers[s.Key]
			row.Tr[l.Code] = rowText{Prompt: st.Prompt, Labels: strings.Join(st.Labels, "\n")}
		}
		b.Signifiers = append(b.Signifiers, row)
	}
	for _, q := range c.Context {
		row := builderRow{Key: q.Key, Prompt: q.Prompt, Labels: strings.Join(q.Options, "\n"), Tr: map[string]rowText{}}
		for _, l := range langs {
			ct := c.Translations[l.Code].Context[q.Key]
			row.Tr[l.Code] = rowText{Prompt: ct.Prompt, Labels: strings.Join(ct.Options, "\n")}
		}
		b.Context = append(b.Context, row)
	}
	return b
}

// lines splits a textarea into its non-blank lines, trimmed.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// apply writes the builder's questions and translations into c.
func (b *builder) apply(c *kindred.Campaign) {
	c.Signifiers, c.Context, c.Translations = nil, nil, map[string]kindred.CampaignText{}
	for _, r := range b.Signifiers {
		c.Signifiers = append(c.Signifiers, kindred.Signifier{Key: strings.TrimSpace(r.Key), Kind: kindred.SignifierKind(r.Kind),
			Prompt: strings.TrimSpace(r.Prompt), Labels: lines(r.Labels)})
	}
	for _, r := range b.Context {
		c.Context = append(c.Context, kindred.ContextQuestion{Key: strings.TrimSpace(r.Key), Prompt: strings.TrimSpace(r.Prompt),
			Options: lines(r.Labels)})
	}
	for _, l := range b.Langs {
		t := kindred.CampaignText{Title: strings.TrimSpace(b.Title[l.Code]), Prompt: strings.TrimSpace(b.Prompt[l.Code]),
			Signifiers: map[string]kindred.SignifierText{}, Context: map[string]kindred.ContextText{}}
		for i, r := range b.Signifiers {
			if tr := r.Tr[l.Code]; strings.TrimSpace(tr.Prompt) != "" || strings.TrimSpace(tr.Labels) != "" {
				t.Signifiers[c.Signifiers[i].Key] = kindred.SignifierText{Prompt: strings.TrimSpace(tr.Prompt), Labels: lines(tr.Labels)}
			}
		}
		for i, r := range b.Context {
			if tr := r.Tr[l.Code]; strings.TrimSpace(tr.Prompt) != "" || strings.TrimSpace(tr.Labels) != "" {
				t.Context[c.Context[i].Key] = kindred.ContextText{Prompt: strings.TrimSpace(tr.Prompt), Options: lines(tr.Labels)}
			}
		}
		if t.Title != "" || t.Prompt != "" || len(t.Signifiers) > 0 || len(t.Context) > 0 {
			c.Translations[l.Code] = t
		}
	}
}

// change applies one of the builder's buttons: "add.slider" (or triad,
// choice, multi, context), "up.signifiers.2", "down.context.1",
// "remove.signifiers.3". It reports whether op was one of them.
func (b *builder) change(op string) bool {
	verb, rest, _ := strings.Cut(op, ".")
	if verb == "add" {
		switch rest {
		case "slider", "triad", "choice", "multi":
			b.Signifiers = append(b.Signifiers, builderRow{Kind: rest, Tr: map[string]rowText{}})
		case "context":
			b.Context = append(b.Context, builderRow{Tr: map[string]rowText{}})
		default:
			return false
		}
		return true
	}
	section, num, _ := strings.Cut(rest, ".")
	rows := &b.Signifiers
	if section == "context" {
		rows = &b.Context
	}
	i, err := strconv.Atoi(num)
	i--
	if err != nil || i < 0 || i >= len(*rows) {
		return false
	}
	switch verb {
	case "up":
		if i > 0 {
			(*rows)[i-1], (*rows)[i] = (*rows)[i], (*rows)[i-1]
		}
	case "down":
		if i+1 < len(*rows) {
			(*rows)[i+1], (*rows)[i] = (*rows)[i], (*rows)[i+1]
		}
	case "remove":
		*rows = append((*rows)[:i], (*rows)[i+1:]...)
	default:
		return false
	}
	return true
}

// number sets each row's place and preview, in the preview language (the
// campaign's own when none is chosen).
func (b *builder) number(c *kindred.Campaign) {
	lang := b.PreviewLang
	if lang == "" {
		lang = c.OwnLang()
	}
	shown := c.Text(lang)
	for i := range b.Signifiers {
		r := &b.Signifiers[i]
		r.N, r.Section, r.PreviewKind = i+1, "signifiers", r.Kind
		if i < len(c.Signifiers) {
			r.Preview = shown.Signifiers[c.Signifiers[i].Key]
		}
	}
	for i := range b.Context {
		r := &b.Context[i]
		r.N, r.Section, r.PreviewKind = i+1, "context", "context"
		if i < len(c.Context) {
			r.Preview = shown.Context[c.Context[i].Key]
		}
	}
}

// Kinds lists the signifier kinds with their names, for the kind menu.
func (b *builder) Kinds() [][2]string {
	return [][2]string{{"slider", "Slider between two poles"}, {"triad", "Triad of three qualities"},
		{"choice", "One choice"}, {"multi", "Several choices"}}
}

// Err returns the problem with field, or "".
func (b *builder) Err(field string) string { return b.Errors[field] }

// Field names a field of a row: "signifiers.2.prompt".
func (r builderRow) Field(name string) string {
	return r.Section + "." + strconv.Itoa(r.N) + "." + name
}

// TrField names a translated field of a row: "translations.es.signifiers.2.prompt".
func (r builderRow) TrField(lang, name string) string {
	return "translations." + lang + "." + r.Field(name)
}

// TrText returns the row's translation into lang.
func (r builderRow) TrText(lang string) rowText { return r.Tr[lang] }

// LabelList returns the row's labels or options, one per line typed.
func (r builderRow) LabelList() []string { return lines(r.Labels) }

// campaignFieldNames are the labels of the campaign form's fields, as the
// error summary names them.
var campaignFieldNames = map[string]string{
	"title": "Title", "prompt": "Prompt", "slug": "Link", "city_id": "Run by", "audience": "Who may tell stories",
	"invited": "Invited people", "starts_on": "Opens on", "ends_on": "Closes after", "languages": "Form languages",
	"source_lang": "Written in", "min_story_runes": "Shortest story", "translations": "Translations",
	"kind": "Kind", "key": "Key", "labels": "Poles, corners or options", "options": "Options",
}

// campaignFieldLabel names a field as the form labels it:
// "signifiers.2.prompt" is "Signifier 2 · Question",
// "translations.es.context.1.options" is "Español · Context question 1 · Options".
func campaignFieldLabel(field string, langName func(string) string) string {
	parts := strings.Split(field, ".")
	var out []string
	if parts[0] == "translations" && len(parts) > 2 {
		out = append(out, langName(parts[1]))
		parts = parts[2:]
	}
	if len(parts) == 3 && (parts[0] == "signifiers" || parts[0] == "context") {
		what := "Signifier "
		if parts[0] == "context" {
			what = "Context question "
		}
		name := campaignFieldNames[parts[2]]
		if parts[2] == "prompt" {
			name = "Question"
		}
		return strings.Join(append(out, what+parts[1], name), " · ")
	}
	name, ok := campaignFieldNames[parts[0]]
	if !ok {
		name = parts[0]
	}
	return strings.Join(append(out, name), " · ")
}

// rowCtx is what the builder-row and builder-tr templates receive.
type rowCtx struct {
	B    *builder
	Row  builderRow
	Lang string
}

// Row pairs the builder with a row, for the row template.
func (b *builder) Row(r builderRow) rowCtx { return rowCtx{B: b, Row: r} }

// TrCtx pairs the builder with a row and a language, for the translation template.
func (b *builder) TrCtx(r builderRow, lang string) rowCtx { return rowCtx{B: b, Row: r, Lang: lang} }

// errCtx is one field's problem as the builder shows it under the field.
type errCtx struct{ Field, Label, Msg string }

// ErrAt returns field's problem with the field's own label ("Question",
// "Poles, corners or options").
func (b *builder) ErrAt(field string) errCtx {
	parts := strings.Split(field, ".")
	last := parts[len(parts)-1]
	label := campaignFieldNames[last]
	if last == "prompt" && len(parts) > 2 {
		label = "Question"
	}
	if label == "" {
		label = last
	}
	return errCtx{Field: field, Label: label, Msg: b.Errors[field]}
}

// LangHasErrors reports whether a translation into lang has a problem, so
// its section opens.
func (b *builder) LangHasErrors(lang string) bool {
	for f := range b.Errors {
		if strings.HasPrefix(f, "translations."+lang+".") {
			return true
		}
	}
	return false
}

// Translated says how much of the campaign's words are translated into lang.
func (b *builder) Translated(lang string) string {
	done, all := 0, 2+len(b.Signifiers)+len(b.Context)
	for _, s := range []string{b.Title[lang], b.Prompt[lang]} {
		if strings.TrimSpace(s) != "" {
			done++
		}
	}
	for _, rows := range [][]builderRow{b.Signifiers, b.Context} {
		for _, r := range rows {
			if strings.TrimSpace(r.Tr[lang].Prompt) != "" {
				done++
			}
		}
	}
	if done == 0 {
		return "not translated yet"
	}
	return strconv.Itoa(done) + " of " + strconv.Itoa(all) + " translated"
}
