package embeddings

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func tinyTable() []byte {
	var b bytes.Buffer
	b.WriteString("KVEC\x01")
	binary.Write(&b, binary.LittleEndian, uint32(2))
	binary.Write(&b, binary.LittleEndian, uint32(2))
	for _, w := range []string{"garden", "food"} {
		b.WriteByte(byte(len(w)))
		b.WriteString(w)
	}
	for _, v := range [][2]int8{{127, -64}, {0, 10}} {
		binary.Write(&b, binary.LittleEndian, float32(0.5))
		binary.Write(&b, binary.LittleEndian, v)
	}
	return b.Bytes()
}

func TestParse(t *testing.T) {
	t.Parallel()
	tab, err := Parse(tinyTable())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tab.Vector("garden"), []float64{63.5, -32}; got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Vector(garden) = %v, want %v", got, want)
	}
	if r, ok := tab.Rank("food"); !ok || r != 1 {
		t.Errorf("Rank(food) = %d, %v; want 1, true", r, ok)
	}
	if tab.Vector("nope") != nil {
		t.Error("Vector(nope) != nil")
	}
	bad := [][]byte{nil, []byte("KVEC\x02........"), tinyTable()[:20], append(tinyTable(), 0)}
	for _, b := range bad {
		if _, err := Parse(b); err == nil {
			t.Errorf("Parse(%q) error = nil, want one", b)
		}
	}
}

func cosine(a, b []float64) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab, aa, bb = ab+a[i]*b[i], aa+a[i]*a[i], bb+b[i]*b[i]
	}
	return ab / math.Sqrt(aa*bb)
}

func TestEnglishTable(t *testing.T) {
	t.Parallel()
	tab, err := English()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tab.Len(), 100000; got != want {
		t.Errorf("Len = %d, want %d", got, want)
	}
	near, far := cosine(tab.Vector("garden"), tab.Vector("gardens")), cosine(tab.Vector("garden"), tab.Vector("election"))
	if near < 0.6 || far > near {
		t.Errorf("cos(garden, gardens) = %.2f, cos(garden, election) = %.2f; want the first high and larger", near, far)
	}
}

func TestRemote(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req embedRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || r.URL.Path != "/v1/embeddings" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		var resp embedResponse
		for i := len(req.Input) - 1; i >= 0; i-- { // answer out of order
			resp.Data = append(resp.Data, struct {
				Index     int       `json:"index"`
				Embedding []float64 `json:"embedding"`
			}{i, []float64{float64(len(req.Input[i])), 1}})
		}
		json.NewEncoder(w).Encode(resp)
	}))
	defer srv.Close()
	r := &Remote{URL: srv.URL + "/v1", Model: "m", Batch: 2}
	got, err := r.Embed(context.Background(), []string{"a", "bb", "ccc"})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range got {
		if v[0] != float64(i+1) {
			t.Errorf("vector %d = %v, want first value %d", i, v, i+1)
		}
	}
	bad := &Remote{URL: srv.URL + "/wrong", Model: "m"}
	if _, err := bad.Embed(context.Background(), []string{"a"}); err == nil || !strings.Contains(err.Error(), "400") {
		t.Errorf("error = %v, want the 400 status", err)
	}
}
