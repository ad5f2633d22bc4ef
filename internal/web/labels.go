package web

import (
	"html"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// Field problems name the field as its page's label names it ("City is
// required", not "City id is required"). The labels are read from the
// templates themselves when they are parsed, so a renamed label renames
// its problems too.
var (
	labelFor    = regexp.MustCompile(`<label[^>]*\bfor="([a-z_.]+)"[^>]*>\s*([^<{]+)`)
	legendField = regexp.MustCompile(`(?s)<legend[^>]*>\s*([^<{]+?)\s*<.*?fieldCtx \. "([a-z_.]+)"`)
)

// pageLabels reads, for each page template, the label of each field: the
// text of its <label for="…">, or the <legend> of the fieldset whose
// field-error it shows.
func pageLabels(files fs.FS, names []string) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	for _, f := range names {
		b, err := fs.ReadFile(files, f)
		if err != nil {
			return nil, err
		}
		labels := map[string]string{}
		src := string(b)
		for _, fieldset := range strings.Split(src, "<fieldset")[1:] {
			fieldset, _, _ = strings.Cut(fieldset, "</fieldset>")
			if m := legendField.FindStringSubmatch(fieldset); m != nil {
				labels[m[2]] = cleanLabel(m[1])
			}
		}
		for _, m := range labelFor.FindAllStringSubmatch(src, -1) {
			if _, ok := labels[m[1]]; !ok && cleanLabel(m[2]) != "" {
				labels[m[1]] = cleanLabel(m[2])
			}
		}
		out[strings.TrimSuffix(path.Base(f), ".html")] = labels
	}
	return out, nil
}

func cleanLabel(s string) string {
	return strings.TrimRight(strings.Join(strings.Fields(html.UnescapeString(s)), " "), ":")
}

// fieldLabel names a field as the page's label does; a field without a
// label on the page is named from its key, without an "id" ("city_id" →
// "City").
func fieldLabel(labels map[string]string, field string) string {
	if l, ok := labels[field]; ok {
		return l
	}
	if l, ok := sharedLabels[field]; ok {
		return l
	}
	return titleCase(strings.TrimSuffix(strings.TrimSuffix(field, "_id"), "_ids"))
}

// sharedLabels name the fields a page shows under no label of their own
// (a date and a time typed apart make one instant).
var sharedLabels = map[string]string{
	"starts_at":   "Start",
	"ends_at":     "End",
	"happened_on": "Date",
	"member_a":    "First person",
	"member_b":    "Second person",
	"event_types": "Events",
}
