package network_test

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kindredhq/kindred/internal/network"
)

// referenceClean is the cleaning Export documents, written plainly as an
// oracle: invalid UTF-8 runs become U+FFFD; C0 and C1 controls other than
// tab, newline and carriage return, and U+FFFE/U+FFFF, are removed.
func referenceClean(s string) string {
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		control := r < 0x20 || (r >= 0x7f && r <= 0x9f)
		if (control && r != '\t' && r != '\n' && r != '\r') || r == 0xfffe || r == 0xffff {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// referenceLabel is referenceClean with XML white space collapsed.
func referenceLabel(s string) string {
	fields := strings.FieldsFunc(referenceClean(s), func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' })
	return strings.Join(fields, " ")
}

// hostileGraph puts label on a member, value on a member's and a tie's
// attribute, and id on a second member.
func hostileGraph(id, label, value string) *network.ExportGraph {
	return &network.ExportGraph{
		Nodes: []network.ExportNode{
			{ID: "a", Label: label, Attrs: map[string]string{"note": value}},
			{ID: id, Label: "b"},
		},
		Edges: []network.ExportEdge{{Source: "a", Target: id, Attrs: map[string]string{"how": value}}},
	}
}

// checkHostile exports the graph in every format, reads it back and checks
// the label and values came back cleaned, and nothing else changed.
func checkHostile(t *testing.T, id, label, value string) {
	t.Helper()
	wantLabel, wantValue := referenceLabel(label), referenceClean(value)
	for _, f := range network.Formats() {
		var buf bytes.Buffer
		if err := network.Export(&buf, f, hostileGraph(id, label, value)); err != nil {
			t.Fatalf("%s: export: %v", f, err)
		}
		if !utf8.Valid(buf.Bytes()) {
			t.Fatalf("%s: the file is not valid UTF-8", f)
		}
		g, _, err := network.Import(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("%s: import: %v", f, err)
		}
		l := wantLabel
		if l == "" && f == network.FormatKumu {
			l = "a"
		}
		if got := g.Nodes[0].Label; got != l {
			t.Errorf("%s: label = %q, want %q", f, clip(got), clip(l))
		}
		if got := g.Nodes[0].Attrs["note"]; got != wantValue {
			t.Errorf("%s: node value = %q, want %q", f, clip(got), clip(wantValue))
		}
		if got := g.Edges[0].Attrs["how"]; got != wantValue {
			t.Errorf("%s: tie value = %q, want %q", f, clip(got), clip(wantValue))
		}
		if g.Nodes[1].ID != id || g.Edges[0].Target != id {
			t.Errorf("%s: id = %q, tie to %q; want %q", f, g.Nodes[1].ID, g.Edges[0].Target, id)
		}
	}
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

func TestExportHostileText(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Å<&>\"' ", 40_000) // 320 kB, beyond any line or token buffer
	tests := []struct {
		name, label, wantLabel string
	}{
		{"markup", `<script>alert("x")</script> & 'y' ]]>`, `<script>alert("x")</script> & 'y' ]]>`},
		{"control characters", "a\x00b\x01c\x1bd\x7fe\u0085f\u009fg", "abcdefg"},
		{"invalid UTF-8", "bad \xff\xfe utf8 \xc3", "bad \uFFFD utf8 \uFFFD"},
		{"white space", "  spaced \t out\n\r\nlabel  ", "spaced out label"},
		{"non-characters", "\uFFFE\uFFFF non-characters", "non-characters"},
		{"only controls", "\x01\x02\x03", ""},
		{"bidi override and emoji", "\u202Eevil\u202C 👩🏽‍🌾", "\u202Eevil\u202C 👩🏽‍🌾"},
		{"entity lookalikes", "&amp; &#0; &#x1; &lt;", "&amp; &#0; &#x1; &lt;"},
		{"very long", long, strings.TrimSpace(long)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := referenceLabel(tt.label); got != tt.wantLabel {
				t.Fatalf("oracle: %q, want %q", clip(got), clip(tt.wantLabel))
			}
			checkHostile(t, "b", tt.label, tt.label)
		})
	}
}

func TestExportIDsWithMarkup(t *testing.T) {
	t.Parallel()
	for _, id := range []string{`a "quoted" <id> & more`, "ünïcödé-42", "  spaced  ", "1e5", "{}", "[]"} {
		checkHostile(t, id, "label", "value")
	}
}

// FuzzExportText checks every format against the oracle for any label,
// value and id: the file is valid UTF-8 and reads back cleaned. Ids that
// Export refuses (control characters, invalid UTF-8) are skipped.
func FuzzExportText(f *testing.F) {
	f.Add("b", "Ana <&>", "value\n")
	f.Add("x y", "\x00\xff\uFFFE", "\r\n\t")
	f.Add("]]>", "  ", "&#0;")
	f.Add("ü", "\u2028\u2029", `\u0000"`)
	f.Fuzz(func(t *testing.T, id, label, value string) {
		if id == "" || id == "a" || !utf8.ValidString(id) || strings.ContainsFunc(id, func(r rune) bool {
			return r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == 0xfffe || r == 0xffff
		}) {
			t.Skip()
		}
		checkHostile(t, id, label, value)
	})
}
