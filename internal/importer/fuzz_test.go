package importer

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
)

var fuzzMemberSeeds = []string{
	membersHeader + "ana@example.org,Ana Souza,ela/dela,\"Bio, \"\"quoted\"\"\nline\",São Paulo,pt;en,a;b,c,d,vegan,large print,pt,Rede,Coord\n",
	"\uFEFFEmail;Name;Visibility\r\nbo@example.org;Bo;email=private;bio=organizers\r\n",
	"email,name\nana@example.org,Ana\nANA@example.org,Ana 2\n",
	"email,name,role\nx,,Director\n,,\n\n",
	"email,name\nana@example.org,\"Ana\nbo@example.org,Bo\n",
	"email,name\nana@example.org,Ana \"the\" Great\n",
	"email,name\nana@example.org,S\xe3o\n",
	"\xff\xfee\x00m\x00",
	"email,name,visibility\nana@example.org,Ana,email=secret\n",
	"email,name,tags\nana@example.org,'=SUM(A1),'-x;'+y\n",
	"email,name,,\nana@example.org,Ana,,x\n",
	"",
}

func FuzzParseMembers(f *testing.F) {
	for _, s := range fuzzMemberSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		rows, bad, err := ParseMembers(strings.NewReader(in))
		checkContract(t, err, rows == nil && bad == nil, bad)
		seen := map[string]bool{}
		for _, r := range rows {
			if r.Line < 2 || r.Member.Email == "" || seen[r.Member.Email] {
				t.Fatalf("row line %d, email %q (repeated: %v)", r.Line, r.Member.Email, seen[r.Member.Email])
			}
			seen[r.Member.Email] = true
			mustValidate(t, r.Member)
		}
		if err == nil {
			checkMembersRoundTrip(t, rows)
		}
	})
}

// mustValidate checks that m passes kindred's validation once its
// organizations have ids, and that validating again changes nothing.
func mustValidate(t *testing.T, m kindred.Member) {
	t.Helper()
	c := m
	c.Affiliations = append([]kindred.Affiliation(nil), m.Affiliations...)
	for i := range c.Affiliations {
		c.Affiliations[i].OrganizationID = 1
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("returned member does not validate: %v (%+v)", err, m)
	}
}

func checkMembersRoundTrip(t *testing.T, rows []MemberRow) {
	t.Helper()
	ms := make([]*kindred.Member, len(rows))
	for i := range rows {
		ms[i] = &rows[i].Member
	}
	var buf bytes.Buffer
	if err := WriteMembers(&buf, ms); err != nil {
		t.Fatal(err)
	}
	again, bad, err := ParseMembers(&buf)
	if err != nil || len(bad) != 0 || len(again) != len(rows) {
		t.Fatalf("re-parse: %d rows (want %d), bad %v, err %v\n%q", len(again), len(rows), bad, err, buf.String())
	}
	for i := range again {
		if got, want := comparable(&again[i].Member), comparable(ms[i]); !reflect.DeepEqual(got, want) {
			t.Fatalf("round trip:\ngot  %#v\nwant %#v", got, want)
		}
	}
}

// checkContract checks that a file error comes alone and row errors have lines.
func checkContract(t *testing.T, err error, empty bool, bad []RowError) {
	t.Helper()
	if err != nil && !empty {
		t.Fatalf("file error %v with rows or row errors", err)
	}
	if err != nil && kindred.ErrorCode(err) != kindred.EINVALID {
		t.Fatalf("file error %v has code %q", err, kindred.ErrorCode(err))
	}
	for _, e := range bad {
		if e.Line < 2 || e.Message == "" {
			t.Fatalf("row error %+v", e)
		}
	}
}

func FuzzParseOrganizations(f *testing.F) {
	f.Add("name,kind,size_band,website,description,cities\nRede,movement,11-50,rede.example.org,\"a\nb\",São Paulo;Nairobi\n")
	f.Add("NAME;Cities\r\nA;\"x;y\"\r\na;z\r\n")
	f.Add("name,size_band,website\nA,12,ftp://x\n,,\n")
	f.Add("name\n\"A\n")
	f.Add("name,description\nA,-=1+2\n")
	f.Fuzz(func(t *testing.T, in string) {
		rows, bad, err := ParseOrganizations(strings.NewReader(in))
		checkContract(t, err, rows == nil && bad == nil, bad)
		for _, r := range rows {
			o := r.Organization
			if err := o.Validate(); err != nil || r.Line < 2 {
				t.Fatalf("line %d: returned organization does not validate: %v", r.Line, err)
			}
		}
	})
}

func FuzzParseAffiliations(f *testing.F) {
	f.Add("email,organization,role,since,until,primary\nana@example.org,Rede,Coord,2019-04,,1\nana@example.org,Old,Org,2010-01-31,2012,no\n")
	f.Add("email,organization,primary\nana@example.org,A,1\nana@example.org,B,yes\n")
	f.Add("email,organization,since,until\nx,,19,2019-13\nb@example.org,A,2020,2019\n")
	f.Fuzz(func(t *testing.T, in string) {
		rows, bad, err := ParseAffiliations(strings.NewReader(in))
		checkContract(t, err, rows == nil && bad == nil, bad)
		for _, r := range rows {
			a := r.Affiliation
			a.OrganizationID = 1
			m := kindred.Member{Name: "x", Email: r.Email, Affiliations: []kindred.Affiliation{a}}
			if err := m.Validate(); err != nil || r.Line < 2 || a.OrganizationName == "" {
				t.Fatalf("line %d: returned affiliation does not validate: %v", r.Line, err)
			}
		}
	})
}
