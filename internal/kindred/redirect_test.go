package kindred

import (
	"strings"
	"testing"
)

func TestSafeNext(t *testing.T) {
	t.Parallel()
	offSite := []string{
		"", "evil.example", "https://evil.example/phish", "http:evil.example", "http:/evil.example", "//evil.example/phish",
		"///evil.example/phish", "////evil.example", "/\\evil.example/phish", "\\\\evil.example/phish", "/\\/evil.example",
		"\\/evil.example", "/\t/evil.example/phish", "/\r/evil.example/phish", "/\n/evil.example/phish", "/\r\n/evil.example/phish",
		"\t//evil.example", " //evil.example", "/ /evil.example", "/\x00/evil.example", "/\x0b/evil.example", "/\x7f/evil.example",
		"/%09/evil.example/phish", "/%0a/evil.example", "/%0D/evil.example", "/%2F/evil.example", "/%2f%2fevil.example",
		"/%5Cevil.example", "/%5c%5cevil.example", "/%00/evil.example", "/%zz", "/\u00a0/evil.example", "/\u3000/evil.example",
		"/\uff0f\uff0fevil.example", "javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>",
		"vbscript:msgbox", "mailto:a@evil.example", "?next=//evil.example", "#//evil.example", "./evil", "../evil",
		"/" + strings.Repeat("a", MaxNextLen),
	}
	for _, next := range offSite {
		if got := SafeNext(next); got != "/" {
			t.Errorf("SafeNext(%q) = %q, want /", next, got)
		}
	}
	onSite := []string{"/", "/me", "/gatherings/12", "/gatherings?when=past", "/network?q=S%C3%A3o+Paulo",
		"/practices/caf%C3%A9", "/listening/bright-spots/stories?state=pending#story-3", "/@someone", "/me?next=//evil.example",
		"/.well-known/x", "/a/b/../c"}
	for _, next := range onSite {
		if got := SafeNext(next); got != next {
			t.Errorf("SafeNext(%q) = %q, want it kept", next, got)
		}
	}
}
