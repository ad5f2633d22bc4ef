package password

import "testing"

func TestHashAndCheck(t *testing.T) {
	t.Parallel()
	h := Fast()
	hash, err := h.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		pw   string
		want bool
	}{{"correct horse battery", true}, {"wrong", false}, {"", false}} {
		got, err := h.Check(tt.pw, hash)
		if err != nil || got != tt.want {
			t.Errorf("Check(%q) = %v, %v; want %v", tt.pw, got, err, tt.want)
		}
	}
	if _, err := h.Check("x", "not-a-hash"); err == nil {
		t.Errorf("malformed hash: want an error")
	}
}
