package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"maps"
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
	t.Parallel()
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
		"golf.csv":       "id,org\na,A\nb,B\nc,C\nd,D\n",
	})
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  []string // substrings of stderr
	}{
		{"plan", []string{"--guests", path("g.csv"), "--history", path("h.csv"), "--constraints", path("c.csv"), "--table-size", "3", "--rounds", "2", "--moves", "20000"},
			0, []string{"new cross-org pairs", "repeat pairs", "same-org pairs", "constraint violations   0", "new people per guest", "upper bound",
				"ended by the move cap (reproducible"}},
		{"tables instead of size", []string{"--guests", path("g.csv"), "--tables", "3", "--quick"}, 0, []string{"at 3 tables"}},
		{"quick", []string{"--guests", path("golf.csv"), "--table-size", "2", "--rounds", "4", "--quick"}, 0, []string{"repeat pairs            2", "ended by the end of the quick pass"}},
		{"extra hosts allowed", []string{"--guests", path("hosts.csv"), "--tables", "2", "--extra-hosts", "--moves", "5000"}, 0, nil},
		{"time budget", []string{"--guests", path("golf.csv"), "--table-size", "2", "--rounds", "4", "--seconds", "0.2"},
			0, []string{"ended by the time budget (set --moves"}},
		{"bound", []string{"--guests", path("golf.csv"), "--table-size", "2", "--rounds", "3"}, 0, []string{"repeat pairs            0", "ended by the bound"}},
		{"negative moves", []string{"--guests", path("g.csv"), "--table-size", "3", "--moves", "-1"}, 2, []string{"--moves -1 is negative"}},
		{"held without season", []string{"--guests", path("g.csv"), "--table-size", "3", "--held", path("g.csv")}, 2, []string{"--held needs --season"}},
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
		{"no shared language", []string{"--guests", path("languages.csv"), "--table-size", "3", "--quick"}, 2, []string{"infeasible seating constraints", "language at round 1"}},
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
	t.Parallel()
	path := seatFiles(t, map[string]string{"g.csv": seatGuests, "c.csv": "a,b,rule\nana,di,apart\nfa,gu,together\n"})
	args := []string{"--guests", path("g.csv"), "--constraints", path("c.csv"), "--table-size", "3", "--rounds", "2", "--seed", "9", "--moves", "30000"}
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
	t.Parallel()
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

// seasonCohort is twelve guests from twelve organizations.
const seasonCohort = `id,org
a,A
b,B
c,C
d,D
e,E
f,F
g,G
h,H
i,I
j,J
k,K
l,L
`

func TestSeatSeason(t *testing.T) {
	t.Parallel()
	path := seatFiles(t, map[string]string{
		"g.csv":       seasonCohort,
		"s.csv":       "dinner,id\nmarch,a\nmarch,b\nmarch,c\nmarch,d\nmarch,e\nmarch,f\nmarch,g\nmarch,h\nmarch,i\nmarch,j\nmarch,k\nmarch,l\napril,a\napril,b\napril,c\napril,d\napril,e\napril,f\napril,g\napril,h\napril,i\nmay,a\nmay,b\nmay,c\nmay,d\nmay,e\nmay,f\nmay,g\nmay,h\nmay,i\nmay,j\nmay,k\nmay,l\n",
		"changed.csv": "dinner,id\nmarch,a\napril,a\napril,b\napril,c\napril,d\napril,e\napril,f\nmay,a\nmay,b\nmay,c\nmay,d\nmay,e\nmay,f\nmay,g\nmay,h\nmay,i\n",
		"unknown.csv": "dinner,id\nmarch,a\nmarch,zz\nmarch,b\nmarch,c\n",
		"badheld.csv": "dinner,round,table,id\njune,1,1,a\n",
	})
	base := []string{"--guests", path("g.csv"), "--table-size", "3", "--moves", "20000"}
	code, stdout, stderr := runSeatCLI(append(base, "--season", path("s.csv"))...)
	if code != 0 {
		t.Fatalf("exit code = %d, stderr:\n%s", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatalf("plan is not CSV: %v", err)
	}
	if got, want := rows[0], []string{"dinner", "round", "table", "id"}; !slices.Equal(got, want) {
		t.Fatalf("header = %v, want %v", got, want)
	}
	perDinner := map[string]int{}
	for _, r := range rows[1:] {
		perDinner[r[0]]++
	}
	if got, want := perDinner, map[string]int{"march": 12, "april": 9, "may": 12}; !maps.Equal(got, want) {
		t.Errorf("guests per dinner = %v, want %v", got, want)
	}
	for _, w := range []string{"season of 3 dinners (0 held, 3 planned)", "repeat pairs            0", "repeat pairs by dinner  0 0 0"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("summary = %q, want it to contain %q", stderr, w)
		}
	}

	// March took place; April and May's guest lists changed: re-plan them.
	var march strings.Builder
	march.WriteString("dinner,round,table,id\n")
	for _, r := range rows[1:] {
		if r[0] == "march" {
			march.WriteString(strings.Join(r, ",") + "\n")
		}
	}
	held := path("held.csv")
	if err := os.WriteFile(held, []byte(march.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	code, again, stderr := runSeatCLI(append(base, "--season", path("changed.csv"), "--held", held)...)
	if code != 0 {
		t.Fatalf("re-plan exit code = %d, stderr:\n%s", code, stderr)
	}
	if !strings.HasPrefix(again, march.String()) {
		t.Errorf("re-plan moved the held dinner:\n%s\nwant it to start with\n%s", again, march.String())
	}
	if !strings.Contains(stderr, "(1 held, 2 planned)") {
		t.Errorf("summary = %q, want 1 held dinner", stderr)
	}

	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown guest", []string{"--season", path("unknown.csv")}, `march names guest "zz", who is not in the cohort`},
		{"held unknown dinner", []string{"--season", path("s.csv"), "--held", path("badheld.csv")}, `line 2: dinner "june" is not in the season`},
	} {
		code, stdout, stderr := runSeatCLI(append(base, tt.args...)...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, tt.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want 2, nothing, %q", tt.name, code, stdout, stderr, tt.want)
		}
	}
}

func TestSeatThemes(t *testing.T) {
	t.Parallel()
	path := seatFiles(t, map[string]string{"g.csv": "id,org,themes\na,A,housing\nb,B,youth\nc,C,housing;food\nd,D,youth\ne,E,food\nf,F,housing\n"})
	explain := path("explain.csv")
	code, _, stderr := runSeatCLI("--guests", path("g.csv"), "--table-size", "3", "--moves", "20000", "--explain", explain)
	if code != 0 {
		t.Fatalf("exit code = %d, stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "theme pairs             4") {
		t.Errorf("summary = %q, want the housing trio and a youth pair seated together", stderr)
	}
	body, err := os.ReadFile(explain)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(body); !strings.Contains(got, `shares ""housing"" with c, f`) || !strings.Contains(got, "housing: c f") {
		t.Errorf("explanations = %q, want a's housing match with c and f", got)
	}
}
