package seating

import (
	"errors"
	"strings"
	"testing"
)

func guests(spec ...string) []Guest {
	// spec entries are "id:org" or "id:org:host".
	var gs []Guest
	for _, s := range spec {
		parts := strings.Split(s, ":")
		g := Guest{ID: parts[0], Org: parts[1]}
		if len(parts) > 2 && parts[2] == "host" {
			g.Host = true
		}
		gs = append(gs, g)
	}
	return gs
}

func TestValidate(t *testing.T) {
	t.Parallel()
	six := guests("a:A", "b:B", "c:C", "d:A", "e:B", "f:C")
	tests := []struct {
		name    string
		p       Problem
		wantErr error
		want    []string // substrings of the message
	}{
		{"ok", Problem{Guests: six, TableSize: 3}, nil, nil},
		{"no organization", Problem{Guests: append(guests("a:A", "b:B", "c:C"), Guest{ID: "x"}), TableSize: 2},
			ErrInvalid, []string{`guest "x" has no organization`}},
		{"duplicate id", Problem{Guests: guests("a:A", "b:B", "a:C", "d:D"), TableSize: 2},
			ErrInvalid, []string{`duplicate guest id "a"`}},
		{"empty id", Problem{Guests: append(guests("a:A", "b:B", "c:C"), Guest{Org: "Z"}), TableSize: 2},
			ErrInvalid, []string{"guest 4 has no id"}},
		{"table size below 2", Problem{Guests: six, TableSize: 1}, ErrInvalid, []string{"table size 1 is below 2"}},
		{"too many tables", Problem{Guests: six, Tables: 4}, ErrInvalid, []string{"fewer than 2 people"}},
		{"size and tables", Problem{Guests: six, Tables: 2, TableSize: 3}, ErrInvalid, []string{"not both"}},
		{"neither size nor tables", Problem{Guests: six}, ErrInvalid, []string{"set a table size or a number of tables"}},
		{"negative tables", Problem{Guests: six, Tables: -1}, ErrInvalid, []string{"number of tables -1 is below 1"}},
		{"negative rounds", Problem{Guests: six, TableSize: 3, Rounds: -1}, ErrInvalid, []string{"rounds -1"}},
		{"more hosts than tables", Problem{Guests: guests("a:A:host", "b:B:host", "c:C:host", "d:D"), TableSize: 2},
			ErrInvalid, []string{"3 hosts but only 2 tables", "a, b, c"}},
		{"extra hosts allowed", Problem{Guests: guests("a:A:host", "b:B:host", "c:C:host", "d:D"), TableSize: 2, ExtraHosts: true}, nil, nil},
		{"unknown history id", Problem{Guests: six, TableSize: 3, History: []Meeting{{"a", "zz", 1}}},
			ErrInvalid, []string{`history names unknown guest "zz"`}},
		{"history with itself", Problem{Guests: six, TableSize: 3, History: []Meeting{{"a", "a", 1}}},
			ErrInvalid, []string{`pairs guest "a" with itself`}},
		{"negative history", Problem{Guests: six, TableSize: 3, History: []Meeting{{"a", "b", -2}}},
			ErrInvalid, []string{"negative times"}},
		{"unknown apart id", Problem{Guests: six, TableSize: 3, Apart: []Pair{{"q", "a"}}},
			ErrInvalid, []string{`do-not-seat names unknown guest "q"`}},
		{"unknown together id", Problem{Guests: six, TableSize: 3, Together: []Pair{{"a", "q"}}},
			ErrInvalid, []string{`keep-together names unknown guest "q"`}},
		{"together and apart", Problem{Guests: six, TableSize: 3, Apart: []Pair{{"a", "b"}}, Together: []Pair{{"b", "a"}}},
			ErrInfeasible, []string{`"b" and "a" are both keep-together and do-not-seat`}},
		{"apart inside a group", Problem{Guests: six, TableSize: 3, Apart: []Pair{{"a", "c"}}, Together: []Pair{{"a", "b"}, {"b", "c"}}},
			ErrInfeasible, []string{`"a" and "c" are do-not-seat but in the same keep-together group`}},
		{"group larger than a table", Problem{Guests: six, TableSize: 2, Together: []Pair{{"a", "b"}, {"b", "c"}}},
			ErrInfeasible, []string{"keep-together group a, b, c has 3 guests"}},
		{"group without language", Problem{Guests: []Guest{{ID: "a", Org: "A", Languages: []string{"fr"}}, {ID: "b", Org: "B", Languages: []string{"de"}}, {ID: "c", Org: "C"}, {ID: "d", Org: "D"}},
			TableSize: 2, Together: []Pair{{"a", "b"}}}, ErrInfeasible, []string{"keep-together group a, b shares no language"}},
		{"no shared language possible", Problem{Guests: []Guest{{ID: "a", Org: "A", Languages: []string{"fr"}}, {ID: "b", Org: "B", Languages: []string{"de"}}, {ID: "c", Org: "C", Languages: []string{"de"}}, {ID: "d", Org: "D", Languages: []string{"de"}}},
			TableSize: 2}, ErrInfeasible, []string{`guest "a" shares a language with only 0 others`}},
		{"pin unknown guest", Problem{Guests: six, TableSize: 3, Pins: []Pin{{"zz", 0, 0}}}, ErrInvalid, []string{`pin names unknown guest "zz"`}},
		{"pin bad table", Problem{Guests: six, TableSize: 3, Pins: []Pin{{"a", 0, 2}}}, ErrInvalid, []string{"names table 3 of 2"}},
		{"pin bad round", Problem{Guests: six, TableSize: 3, Pins: []Pin{{"a", 1, 0}}}, ErrInvalid, []string{"names round 2 of 1"}},
		{"pins overfill", Problem{Guests: six, TableSize: 3, Pins: []Pin{{"a", 0, 0}, {"b", 0, 0}, {"c", 0, 0}, {"d", 0, 0}}},
			ErrInfeasible, []string{"4 guests pinned to table 1"}},
		{"pins apart together", Problem{Guests: six, TableSize: 3, Apart: []Pair{{"a", "b"}}, Pins: []Pin{{"a", 0, 1}, {"b", 0, 1}}},
			ErrInfeasible, []string{`do-not-seat guests "a" and "b" are pinned to table 2`}},
		{"group pinned apart", Problem{Guests: six, TableSize: 3, Together: []Pair{{"a", "b"}}, Pins: []Pin{{"a", 0, 0}, {"b", 0, 1}}},
			ErrInfeasible, []string{`guest "b" is pinned to tables 1 and 2`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.p)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("Validate() error = %v, want %v", err, tt.wantErr)
			}
			for _, w := range tt.want {
				if got := err.Error(); !strings.Contains(got, w) {
					t.Errorf("Validate() error = %q, want it to contain %q", got, w)
				}
			}
		})
	}
}

func TestValidateListsEveryProblem(t *testing.T) {
	t.Parallel()
	p := Problem{Guests: []Guest{{ID: "a"}, {ID: "b", Org: "B"}, {ID: "c"}}, TableSize: 2}
	err := Validate(p)
	for _, want := range []string{`"a" has no organization`, `"c" has no organization`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() error = %v, want it to contain %q", err, want)
		}
	}
}
