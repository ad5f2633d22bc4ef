// Package i18n translates the public story form's own text. Each language
// is one JSON file of key → text in this folder (en.json is the reference);
// adding a language is adding a file. Missing keys fall back to English.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"golang.org/x/text/language"
)

//go:embed *.json
var files embed.FS

// Fallback is the language used when nothing better matches.
const Fallback = "en"

// Catalog holds every language's messages.
type Catalog struct {
	msgs  map[string]map[string]string
	langs []string // sorted, Fallback first
}

// Load reads the embedded translation files. It fails on a file that is
// not a JSON object of strings or when English is missing.
func Load() (*Catalog, error) {
	names, err := fs.Glob(files, "*.json")
	if err != nil {
		return nil, err
	}
	c := &Catalog{msgs: map[string]map[string]string{}}
	for _, n := range names {
		b, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("translations %s: %w", n, err)
		}
		c.msgs[strings.TrimSuffix(n, ".json")] = m
	}
	if c.msgs[Fallback] == nil {
		return nil, fmt.Errorf("translations: %s.json is missing", Fallback)
	}
	for l := range c.msgs {
		c.langs = append(c.langs, l)
	}
	sort.Slice(c.langs, func(i, j int) bool {
		return c.langs[i] == Fallback || (c.langs[j] != Fallback && c.langs[i] < c.langs[j])
	})
	return c, nil
}

// Languages lists the languages with a translation file, English first.
func (c *Catalog) Languages() []string { return c.langs }

// Missing returns the keys of English that lang lacks, for tests.
func (c *Catalog) Missing(lang string) []string {
	var out []string
	for k := range c.msgs[Fallback] {
		if _, ok := c.msgs[lang][k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Match picks the language to speak among offered (languages the caller
// allows; nil means all): an explicit choice (?lang=) when offered, else the
// best match for the Accept-Language header, else the first offered.
func (c *Catalog) Match(explicit, acceptLanguage string, offered []string) string {
	var avail []string
	for _, l := range c.langs {
		if offered == nil || contains(offered, l) {
			avail = append(avail, l)
		}
	}
	if len(avail) == 0 {
		return Fallback
	}
	if contains(avail, explicit) {
		return explicit
	}
	tags := make([]language.Tag, len(avail))
	for i, l := range avail {
		tags[i] = language.Make(l)
	}
	want, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(want) == 0 {
		return avail[0]
	}
	_, i, conf := language.NewMatcher(tags).Match(want...)
	if conf == language.No {
		return avail[0]
	}
	return avail[i]
}

// Has reports whether the reference language (English) has key, so a
// page may ask for a more particular sentence and fall back otherwise.
func (c *Catalog) Has(key string) bool {
	_, ok := c.msgs[Fallback][key]
	return ok
}

// T returns the text for key in lang, falling back to English and then to
// the key itself, so a missing translation shows but never breaks a page.
func (c *Catalog) T(lang, key string) string {
	if s, ok := c.msgs[lang][key]; ok {
		return s
	}
	if s, ok := c.msgs[Fallback][key]; ok {
		return s
	}
	return key
}

// Dir returns "rtl" or "ltr" for lang.
func (c *Catalog) Dir(lang string) string {
	if c.T(lang, "dir") == "rtl" {
		return "rtl"
	}
	return "ltr"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
