package markdown

import (
	"strings"
	"testing"
)

func TestRenderIsSafe(t *testing.T) {
	t.Parallel()
	r := New()
	tests := []struct {
		name, src string
		want      []string
		never     []string
	}{
		{"basic", "# Relational meetings\n\n**One-to-ones** build trust.\n\n- listen\n- ask", []string{"<h1", "<strong>One-to-ones</strong>", "<li>listen</li>"}, nil},
		{"script", "hi <script>alert(1)</script>", nil, []string{"<script", "alert(1)</script>"}},
		{"js link", "[click](javascript:alert(1))", nil, []string{"javascript:"}},
		{"handler", `<img src=x onerror="alert(1)">`, nil, []string{"onerror"}},
		{"link", "[guide](https://example.org/guide)", []string{`href="https://example.org/guide"`, `rel="nofollow`}, nil},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", []string{"<table>"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := r.Render(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(got), w) {
					t.Errorf("Render(%q) = %q, want it to contain %q", tt.src, got, w)
				}
			}
			for _, n := range tt.never {
				if strings.Contains(string(got), n) {
					t.Errorf("Render(%q) = %q, contains %q", tt.src, got, n)
				}
			}
		})
	}
}

func FuzzRender(f *testing.F) {
	for _, s := range []string{"# x", "<script>x</script>", "[a](javascript:1)", "| a |\n|-|\n| b |", "<a href=\"jav&#x09;ascript:1\">x</a>"} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		out, err := r.Render(src)
		if err != nil {
			t.Fatal(err)
		}
		low := strings.ToLower(string(out))
		if strings.Contains(low, "<script") || strings.Contains(low, "javascript:") || strings.Contains(low, " onerror=") {
			t.Errorf("unsafe output for %q: %q", src, out)
		}
	})
}
