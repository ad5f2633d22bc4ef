package i18n_test

import (
	"testing"

	"github.com/kindredhq/kindred/internal/web/i18n"
)

func TestEveryLanguageIsComplete(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Languages()) < 10 {
		t.Errorf("languages = %v, want at least en es fr pt de ar sw hi zh id", c.Languages())
	}
	for _, l := range c.Languages() {
		if m := c.Missing(l); len(m) > 0 {
			t.Errorf("%s lacks %v", l, m)
		}
	}
	if c.Dir("ar") != "rtl" || c.Dir("es") != "ltr" {
		t.Errorf("dir ar=%s es=%s", c.Dir("ar"), c.Dir("es"))
	}
}

func TestMatch(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		explicit, accept string
		offered          []string
		want             string
	}{
		{"", "es-MX,es;q=0.9,en;q=0.5", nil, "es"},
		{"", "pt-BR", nil, "pt"},
		{"", "ar-EG", nil, "ar"},
		{"fr", "es", nil, "fr"},
		{"xx", "de", nil, "de"},
		{"", "sw-KE", nil, "sw"},
		{"", "hi-IN,en;q=0.5", nil, "hi"},
		{"", "zh-CN", nil, "zh"},
		{"", "zh-Hans-CN", nil, "zh"},
		{"", "id-ID", nil, "id"},
		{"", "yo-NG", nil, "en"},
		{"", "de", []string{"es", "fr"}, "es"},
		{"ar", "", []string{"en", "es"}, "en"},
		{"", "garbage;;q=", nil, "en"},
	}
	for _, tc := range tests {
		if got := c.Match(tc.explicit, tc.accept, tc.offered); got != tc.want {
			t.Errorf("Match(%q, %q, %v) = %q, want %q", tc.explicit, tc.accept, tc.offered, got, tc.want)
		}
	}
}
