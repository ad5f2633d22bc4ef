package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const seatGuests = `id,org,host,lang
ana,Acme,1,en;es
bo,Acme,,en
cy,Beta,yes,en
di,Beta,0,es|en
ed,Gamma,,en
fa,Delta,,
gu,Delta,,en
hi,Eps,,en
iv,Zeta,,
`

// seatFiles writes named files into a temporary directory and returns a
// function that turns a name into its path.
func seatFiles(t *testing.T, files map[string]string) func(string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return func(name string) string { return filepath.Join(dir, name) }
}

func runSeatCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(context.Background(), append([]string{"seat"}, args...), stdio{in: strings.NewReader(""), out: &out, err: &errb})
	return code, out.String(), errb.String()
}

func TestSeatCommand(t *testing.T) {
	path := seatFiles(t, map[string]string{
		"g.csv":          seatGuests,
		"h.csv":          "a,b,times\nana,cy,2\nbo,ed,1\n",
		"c.csv":          "a,b,rule\nana,di,apart\nfa,gu,together\n",
		"unknown.csv":    "id,org,colour,x\na,A,red,1\n",
		"noorg.csv":      "id,org\na,A\nb,\nc,C\nd,D\n",
		"hosts.csv":      "id,org,host\na,A,1\nb,B,1\nc,C,1\nd,D,0\n",
		"badhost.csv":    "id,org,host\na,A,maybe\nb,B,\nc,C,\nd,D,\n",
		"clash.csv":      "a,b,rule\nana,di,apart\ndi,ana,together\n",
		"badrule.csv":    "a,b,rule\nana,di,never\n",
		"hunknown.csv":   "a,b,times\nana,zed,1\n",
		"htimes.csv":     "a,b,times\nana,bo,often\n",
		"nocols.csv":     "id\nana\n",
		"emptyfile.csv":  "",
		"rowcount.csv":   "id,org\na,A,extra\nb,B\nc,C\nd,D\n",
		"duplicates.csv": "id,org\na,A\nb,B\na,C\nd,D\n",
		"languages.csv":  "id,org,lang\na,A,fr\nb,B,it\nc,C,pt\nd,D,pt;it\ne,E,pt|fr\nf,F,it;fr\n",
	})
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  []string // substrings of stderr
	}{
		{"plan", []string{"--guests", path("g.csv"), "--history", path("h.csv"), "--constraints", path("c.csv"), "--table-size", "3", "--rounds", "2"},
			0, []string{"new cross-org pairs", "repeat pairs", "same-org pairs", "constraint violations   0", "new people per guest", "upper bound"}},
		{"tables instead of size", []string{"--guests", path("g.csv"), "--tables", "3"}, 0, []string{"at 3 tables"}},
		{"extra hosts allowed", []string{"--guests", path("hosts.csv"), "--tables", "2", "--extra-hosts"}, 0, nil},
		{"missing guests flag", []string{"--table-size", "3"}, 2, []string{"--guests is required"}},
		{"size and tables", []string{"--guests", path("g.csv"), "--table-size", "3", "--tables", "3"}, 2, []string{"exactly one of --table-size and --tables"}},
		{"no size", []string{"--guests", path("g.csv")}, 2, []string{"exactly one of"}},
		{"table size below 2", []string{"--guests", path("g.csv"), "--table-size", "1"}, 2, []string{"--table-size 1 is below 2"}},
		{"bad flag", []string{"--guests", path("g.csv"), "--table-size", "x"}, 2, []string{"invalid value"}},
		{"help", []string{"-h"}, 2, []string{"usage: kindred seat"}},
		{"stray argument", []string{"--guests", path("g.csv"), "--table-size", "3", "extra"}, 2, []string{"unexpected arguments: extra"}},
		{"missing file", []string{"--guests", path("nope.csv"), "--table-size", "3"}, 2, []string{"nope.csv"}},
		{"unknown columns", []string{"--guests", path("unknown.csv"), "--table-size", "2"}, 2, []string{`unknown columns "colour", "x"`}},
		{"missing column", []string{"--guests", path("nocols.csv"), "--table-size", "2"}, 2, []string{`missing column "org"`}},
		{"empty file", []string{"--guests", path("emptyfile.csv"), "--table-size", "2"}, 2, []string{"empty file"}},
		{"no organization", []string{"--guests", path("noorg.csv"), "--table-size", "2"}, 2, []string{`line 3: guest "b" has no organization`}},
		{"bad host", []string{"--guests", path("badhost.csv"), "--table-size", "2"}, 2, []string{`host "maybe"`}},
		{"wrong field count", []string{"--guests", path("rowcount.csv"), "--table-size", "2"}, 2, []string{"line 2: has 3 fields"}},
		{"duplicate ids", []string{"--guests", path("duplicates.csv"), "--table-size", "2"}, 2, []string{`line 4: duplicate id "a" (first on line 2)`}},
		{"more hosts than tables", []string{"--guests", path("hosts.csv"), "--tables", "2"}, 2, []string{"3 hosts but only 2 tables (hosts: a, b, c)"}},
		{"together and apart", []string{"--guests", path("g.csv"), "--constraints", path("clash.csv"), "--table-size", "3"}, 2,
			[]string{`"di" and "ana" are both keep-together and do-not-seat`}},
		{"no shared language", []string{"--guests", path("languages.csv"), "--table-size", "3"}, 2, []string{"infeasible seating constraints", "language at round 1"}},
		{"bad rule", []string{"--guests", path("g.csv"), "--constraints", path("badrule.csv"), "--table-size", "3"}, 2, []string{`rule "never" is not apart or together`}},
		{"unknown history guest", []string{"--guests", path("g.csv"), "--history", path("hunknown.csv"), "--table-size", "3"}, 2, []string{`unknown guest "zed"`}},
		{"bad times", []string{"--guests", path("g.csv"), "--history", path("htimes.csv"), "--table-size", "3"}, 2, []string{`times "often"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runSeatCLI(tt.args...)
			if code != tt.wantCode {
				t.Fatalf("exit code = %d, want %d; stderr:\n%s", code, tt.wantCode, stderr)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr = %q, want it to contain %q", stderr, w)
				}
			}
			if tt.wantCode != 0 && stdout != "" {
				t.Errorf("stdout = %q on failure, want nothing", stdout)
			}
		})
	}
}

func TestSeatCommandPlan(t *testing.T) {
	path := seatFiles(t, map[string]string{"g.csv": seatGuests, "c.csv": "a,b,rule\nana,di,apart\nfa,gu,together\n"})
	args := []string{"--guests", path("g.csv"), "--constraints", path("c.csv"), "--table-size", "3", "--rounds", "2", "--seed", "9"}
	code, stdout, stderr := runSeatCLI(args...)
	if code != 0 {
		t.Fatalf("exit code = %d, stderr:\n%s", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatalf("plan is not CSV: %v", err)
	}
	if got, want := rows[0], []string{"round", "table", "id"}; !slices.Equal(got, want) {
		t.Fatalf("header = %v, want %v", got, want)
	}
	table := map[string]string{} // round/id -> table
	for _, r := range rows[1:] {
		table[r[0]+"/"+r[2]] = r[1]
	}
	if got, want := len(rows)-1, 18; got != want || len(table) != want {
		t.Errorf("plan has %d rows (%d distinct), want %d", got, len(table), want)
	}
	for _, round := range []string{"1", "2"} {
		if table[round+"/ana"] == table[round+"/di"] {
			t.Errorf("round %s seats do-not-seat ana and di together", round)
		}
		if table[round+"/fa"] != table[round+"/gu"] {
			t.Errorf("round %s splits keep-together fa and gu", round)
		}
		if table[round+"/ana"] == table[round+"/cy"] {
			t.Errorf("round %s seats both hosts at one table", round)
		}
	}
	explain := path("explain.csv")
	_, again, _ := runSeatCLI(append(args, "--explain", explain)...)
	if again != stdout {
		t.Errorf("same seed gave a different plan:\n%s\nwant\n%s", again, stdout)
	}
	body, err := os.ReadFile(explain)
	if err != nil {
		t.Fatalf("read explanations: %v", err)
	}
	if got := string(body); !strings.HasPrefix(got, "id,tables,new_people") || !strings.Contains(got, "ana,") || !strings.Contains(got, "new people from") {
		t.Errorf("explanations = %q, want a row per guest", got)
	}
}

func TestParseGuests(t *testing.T) {
	got, err := parseGuests(strings.NewReader("\ufeffID, Org ,lang,host\n a , A , en; es |fr,TRUE\nb,B,,\n"))
	if err != nil {
		t.Fatalf("parseGuests() error = %v", err)
	}
	if len(got) != 2 || got[0].ID != "a" || got[0].Org != "A" || !got[0].Host || got[1].Host {
		t.Fatalf("parseGuests() = %+v", got)
	}
	if want := []string{"en", "es", "fr"}; !slices.Equal(got[0].Languages, want) {
		t.Errorf("languages = %v, want %v", got[0].Languages, want)
	}
}

func FuzzParseGuests(f *testing.F) {
	f.Add(seatGuests)
	f.Add("id,org\na,A\nb,B\n")
	f.Add("id,org,host,lang\na,A,1,en;es|fr\n")
	f.Add("id,org\n\"a,b\",A\n")
	f.Add("id,org,colour\na,A,red\n")
	f.Add("org,id\n,\n")
	f.Add("\ufeffid,org\na,A\na,B\n")
	f.Add("id,org,lang\na,A,;|;\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		guests, err := parseGuests(strings.NewReader(in))
		if err != nil {
			if guests != nil {
				t.Errorf("parseGuests() = %v with error %v, want nil", guests, err)
			}
			return
		}
		seen := map[string]bool{}
		for _, g := range guests {
			if g.ID == "" || g.Org == "" || seen[g.ID] {
				t.Errorf("parseGuests() accepted guest %+v (seen before: %v)", g, seen[g.ID])
			}
			seen[g.ID] = true
			for _, l := range g.Languages {
				if l == "" || strings.TrimSpace(l) != l || strings.ContainsAny(l, ";|") {
					t.Errorf("parseGuests() accepted language %q", l)
				}
			}
		}
	})
}
