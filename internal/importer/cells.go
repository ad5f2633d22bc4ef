package importer

import (
	"sort"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

// splitList splits a cell on ";" into trimmed, non-empty items.
func splitList(s string) []string {
	var out []string
	for _, it := range strings.Split(s, ";") {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, it)
		}
	}
	return out
}

// joinList is the inverse of splitList for items without ";".
func joinList(items []string) string {
	return strings.Join(items, ";")
}

// parseVisibility reads "email=private;bio=organizers". Unknown fields and
// levels are left for kindred.Member.Validate to report.
func parseVisibility(s string) (kindred.Visibility, string) {
	items := splitList(s)
	if len(items) == 0 {
		return nil, ""
	}
	v := kindred.Visibility{}
	for _, it := range items {
		field, level, ok := strings.Cut(it, "=")
		if !ok {
			return nil, "write field=level pairs separated by ; (like email=private;bio=organizers)"
		}
		v[kindred.Field(strings.ToLower(strings.TrimSpace(field)))] = kindred.Level(strings.ToLower(strings.TrimSpace(level)))
	}
	return v, ""
}

// formatVisibility writes v in a stable order.
func formatVisibility(v kindred.Visibility) string {
	pairs := make([]string, 0, len(v))
	for f, l := range v {
		pairs = append(pairs, string(f)+"="+string(l))
	}
	sort.Strings(pairs)
	return joinList(pairs)
}

// parseBool reads 1/0, true/false, yes/no; blank is false.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "yes", "y":
		return true, true
	case "", "0", "false", "no", "n":
		return false, true
	}
	return false, false
}

// fieldErrors turns a validation error into row errors, one per field,
// renaming domain fields to column names with rename (nil keeps them).
func fieldErrors(line int, err error, rename map[string]string) []RowError {
	fields := kindred.ErrorFields(err)
	if len(fields) == 0 {
		return []RowError{{Line: line, Message: kindred.ErrorMessage(err)}}
	}
	out := make([]RowError, 0, len(fields))
	for f, msg := range fields {
		if to, ok := rename[f]; ok {
			f = to
		}
		out = append(out, RowError{Line: line, Field: f, Message: msg})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}
