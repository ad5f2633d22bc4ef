package csvx

import (
	"encoding/csv"
	"strings"
	"testing"
)

func TestEscapeRoundTrips(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "plain", "=SUM(A1)", "+1", "-2", "@x", "\tx", "\rx", "'", "'=x", "''+x", "'plain", "a=b",
		`=HYPERLINK("http://evil.example","x")`, "éclair", "+44 20 7946 0958"} {
		esc := Escape(in)
		if formulaStart(esc) {
			t.Errorf("Escape(%q) = %q still starts a formula", in, esc)
		}
		if got := Unescape(esc); got != in {
			t.Errorf("Unescape(Escape(%q)) = %q", in, got)
		}
	}
	tests := []struct{ in, want string }{
		{"=HYPERLINK()", "'=HYPERLINK()"}, {"@SUM(1)", "'@SUM(1)"}, {"plain", "plain"}, {"'plain", "'plain"}, {"'=x", "''=x"},
	}
	for _, tc := range tests {
		if got := Escape(tc.in); got != tc.want {
			t.Errorf("Escape(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWriterEscapesEveryCell(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	w := NewWriter(&b)
	rec := []string{"=1+1", "ok", "-x"}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if rec[0] != "=1+1" {
		t.Errorf("Write changed its record: %v", rec)
	}
	got, err := csv.NewReader(strings.NewReader(b.String())).Read()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"'=1+1", "ok", "'-x"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("wrote %q, want %q", got, want)
	}
}
