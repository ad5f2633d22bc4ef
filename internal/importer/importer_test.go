package importer

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
)

const membersHeader = "email,name,pronouns,bio,city,languages,tags,asks,offers,diet,accessibility,preferred_language,organization,role\n"

func TestParseMembersGood(t *testing.T) {
	t.Parallel()
	in := "\uFEFF" + membersHeader +
		"Ana@Example.org, Ana Souza ,ela/dela,\"Organizadora, \"\"rede\"\"\nsegunda linha\",São Paulo,pt;en; ,relational organizing;SMS outreach,fundraising,data and CRM,vegetarian,wheelchair access,pt,Rede Paulista,Coordenadora\n" +
		"\n" +
		"kwame@example.org,Kwame Mensah,,,,,,,,,,,,\n"
	rows, bad, err := ParseMembers(strings.NewReader(in))
	if err != nil || len(bad) != 0 {
		t.Fatalf("ParseMembers: err %v, bad %v", err, bad)
	}
	want := []MemberRow{
		{Line: 2, Member: kindred.Member{
			Email: "ana@example.org", Name: "Ana Souza", Pronouns: "ela/dela", Bio: "Organizadora, \"rede\"\nsegunda linha",
			CityName: "São Paulo", Languages: []string{"pt", "en"}, Tags: []string{"relational organizing", "SMS outreach"},
			Asks: []string{"fundraising"}, Offers: []string{"data and CRM"},
			Needs:        kindred.Needs{Diet: "vegetarian", Accessibility: "wheelchair access", PreferredLanguage: "pt"},
			Affiliations: []kindred.Affiliation{{OrganizationName: "Rede Paulista", Role: "Coordenadora", Primary: true}},
		}},
		{Line: 5, Member: kindred.Member{Email: "kwame@example.org", Name: "Kwame Mensah", Languages: []string{}, Tags: []string{}, Asks: []string{}, Offers: []string{}}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("got  %+v\nwant %+v", rows, want)
	}
}

func TestParseMembersBadRows(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		row  string
		want []RowError
	}{
		{"bad email", "ana(at)example.org,Ana,,,,,,,,,,,,", []RowError{{2, "email", "is not an email address (like name@example.org)"}}},
		{"no email", ",Ana,,,,,,,,,,,,", []RowError{{2, "email", "is required (members are matched by email)"}}},
		{"no name", "ana@example.org, ,,,,,,,,,,,,", []RowError{{2, "name", "is required"}}},
		{"long pronouns", "ana@example.org,Ana," + strings.Repeat("x", 41) + ",,,,,,,,,,,", []RowError{{2, "pronouns", "is too long (41 characters; the limit is 40)"}}},
		{"role without organization", "ana@example.org,Ana,,,,,,,,,,,,Director", []RowError{{2, "organization", "is required when a role is given"}}},
		{"too many tags", "ana@example.org,Ana,,,,,a;b;c;d;e;f;g;h;i;j;k;l;m;n;o;p;q;r;s;t;u,,,,,,,", []RowError{{2, "tags", "has more than 20 entries"}}},
		{"too few cells", "ana@example.org,Ana", []RowError{{2, "", "has 2 values but the header has 14 columns; a value that contains a comma must be in double quotes"}}},
		{"too many cells", "ana@example.org,Ana,,,,,,,,,,,,,x", []RowError{{2, "", "has 15 values but the header has 14 columns; a value that contains a comma must be in double quotes"}}},
		{"several fields", "x,,,,,,,,,,,,,", []RowError{{2, "email", "is not an email address (like name@example.org)"}, {2, "name", "is required"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, got, err := ParseMembers(strings.NewReader(membersHeader + tt.row + "\n"))
			if err != nil || len(rows) != 0 {
				t.Fatalf("err %v, rows %v", err, rows)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestParseMembersVisibilityAndDuplicates(t *testing.T) {
	t.Parallel()
	in := "Name,EMAIL,Visibility\n" +
		"Ana,ana@example.org,email=private; Bio=Organizers\n" +
		"Bo,bo@example.org,email\n" +
		"Cy,cy@example.org,email=everyone\n" +
		"Ana again,ANA@example.org,\n" +
		"Di,di@example.org,\n"
	rows, got, err := ParseMembers(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []RowError{
		{3, "visibility", "write field=level pairs separated by ; (like email=private;bio=organizers)"},
		{4, "visibility", "email must be network, organizers or private"},
		{5, "email", "a member with this email is already on line 2"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("row errors:\ngot  %v\nwant %v", got, want)
	}
	if len(rows) != 2 || rows[1].Line != 6 {
		t.Fatalf("rows %+v", rows)
	}
	wantVis := kindred.Visibility{kindred.FieldEmail: kindred.LevelPrivate, kindred.FieldBio: kindred.LevelOrganizers}
	if got := rows[0].Member.Visibility; !reflect.DeepEqual(got, wantVis) {
		t.Errorf("visibility got %v, want %v", got, wantVis)
	}
}

func TestParseOrganizations(t *testing.T) {
	t.Parallel()
	in := "name,kind,size_band,website,description,cities\n" +
		"Rede Paulista,Movement,11-50,redepaulista.example.org,\"Rede de organizações\nda Zona Leste\",São Paulo; são paulo;Campinas\n" +
		"Bad Band,,12-40,,,\n" +
		"rede paulista,,,,,\n" +
		"Bad Site,,,ftp://x,,\n"
	rows, bad, err := ParseOrganizations(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []OrgRow{{Line: 2, Organization: kindred.Organization{Name: "Rede Paulista", Slug: "rede-paulista", Kind: "movement", SizeBand: "11-50",
		Website: "https://redepaulista.example.org", Description: "Rede de organizações\nda Zona Leste"}, Cities: []string{"São Paulo", "Campinas"}}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows:\ngot  %+v\nwant %+v", rows, want)
	}
	wantBad := []RowError{
		{4, "size_band", "must be one of 1-10, 11-50, 51-200, 201-1000, 1000+"},
		{5, "name", "an organization with this name is already on line 2"},
		{6, "website", "is not a web address (like https://example.org)"},
	}
	if !reflect.DeepEqual(bad, wantBad) {
		t.Errorf("row errors:\ngot  %v\nwant %v", bad, wantBad)
	}
}

func TestParseAffiliations(t *testing.T) {
	t.Parallel()
	in := "email,organization,role,since,until,primary\n" +
		"ana@example.org,Rede Paulista,Coordenadora,2019-04,,1\n" +
		"ana@example.org,Bay Tenants,Board member,2021,,no\n" +
		"ana@example.org,Old Org,Organizer,2012-03-15,2018,0\n" +
		"ana@example.org,Other,Staff,2020,,yes\n" +
		"bo@example.org,Org,,19,,\n" +
		"bo@example.org,Org,,2020,2019,\n" +
		"bo@example.org,Org,,,,maybe\n" +
		"bo@example.org,,,,,\n" +
		"ana@example.org,rede paulista,coordenadora,2019-04,,0\n"
	rows, bad, err := ParseAffiliations(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []AffiliationRow{
		{2, "ana@example.org", kindred.Affiliation{OrganizationName: "Rede Paulista", Role: "Coordenadora", Since: "2019-04", Primary: true}},
		{3, "ana@example.org", kindred.Affiliation{OrganizationName: "Bay Tenants", Role: "Board member", Since: "2021"}},
		{4, "ana@example.org", kindred.Affiliation{OrganizationName: "Old Org", Role: "Organizer", Since: "2012-03", Until: "2018"}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows:\ngot  %+v\nwant %+v", rows, want)
	}
	wantBad := []RowError{
		{5, "primary", "another primary affiliation for this email is already on line 2"},
		{6, "since", "dates must look like 2019 or 2019-04"},
		{7, "until", "an affiliation cannot end before it starts"},
		{8, "primary", "must be 1 or 0 (or yes/no, true/false)"},
		{9, "organization", "is required"},
		{10, "", "the same affiliation is already on line 2"},
	}
	if !reflect.DeepEqual(bad, wantBad) {
		t.Errorf("row errors:\ngot  %v\nwant %v", bad, wantBad)
	}
}

func TestLineNumbersWithMultilineCells(t *testing.T) {
	t.Parallel()
	in := "name,description\n" +
		"A,\"one\ntwo\nthree\"\n" + // lines 2-4
		"\n" + // line 5, blank
		"B,\"x\r\ny\"\r\n" + // lines 6-7
		",,\n" + // line 8, empty cells
		",\"desc\nmore\"\n" + // lines 9-10: no name
		"C,c\n" // line 11
	rows, bad, err := ParseOrganizations(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, r := range rows {
		got = append(got, r.Line)
	}
	if want := []int{2, 6, 11}; !reflect.DeepEqual(got, want) {
		t.Errorf("lines got %v, want %v", got, want)
	}
	if want := []RowError{{9, "name", "is required"}}; !reflect.DeepEqual(bad, want) {
		t.Errorf("row errors got %v, want %v", bad, want)
	}
}

func TestFileErrors(t *testing.T) {
	t.Parallel()
	latin1 := "email,name\nana@example.org,S\xe3o Jo\xe3o\n"
	utf16 := "\xff\xfee\x00m\x00a\x00i\x00l\x00"
	tests := []struct {
		name, in string
		want     []string // substrings of the message
	}{
		{"empty", "", []string{"The file is empty"}},
		{"only spaces", "   \n\n", []string{"The header row is missing the required column(s) \"email\", \"name\""}},
		{"missing and unknown", "E-mail,full name,city\n", []string{`missing the required column(s) "email", "name"`, `unknown column(s) "E-mail", "full name"`}},
		{"duplicate column", "email,name,Email\n", []string{`The column "email" appears twice`}},
		{"bare quote", "email,name\nana@example.org,Ana \"the\" Great\n", []string{"Line 2, column 21: a double quote appears inside a value"}},
		{"unterminated quote", "email,name\nana@example.org,\"Ana\nbo@example.org,Bo\n", []string{"Line 2: a quoted value starts here and does not end properly"}},
		{"text after quote", "email,name\nana@example.org,\"Ana\"x\n", []string{"Line 2, column 21: a quoted value has text after its closing double quote"}},
		{"latin-1", latin1, []string{"Line 2 is not UTF-8 text", `"São João" reads as Windows-1252`, "CSV UTF-8"}},
		{"latin-1 header", "email,name,g\xeanero\n", []string{"Line 1 is not UTF-8 text"}},
		{"utf-16 bom", utf16, []string{"UTF-16", "CSV UTF-8"}},
		{"utf-16 no bom", "e\x00m\x00a\x00i\x00l\x00,\x00n\x00", []string{"looks like UTF-16"}},
		{"xlsx", "PK\x03\x04\x14\x00", []string{"workbook (.xlsx)"}},
		{"long field", "email,name\nana@example.org," + strings.Repeat("é", MaxFieldChars+1) + "\n", []string{"Line 2, column 2: the value is longer than 10000 characters"}},
		{"too many rows", "email,name\n" + strings.Repeat("a@example.org,A\n", MaxRows+1), []string{"more than 50000 rows"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, bad, err := ParseMembers(strings.NewReader(tt.in))
			if err == nil || rows != nil || bad != nil {
				t.Fatalf("got rows %v, bad %v, err %v; want a file error", rows, bad, err)
			}
			if kindred.ErrorCode(err) != kindred.EINVALID {
				t.Errorf("code got %q, want %q", kindred.ErrorCode(err), kindred.EINVALID)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message %q does not contain %q", err.Error(), w)
				}
			}
		})
	}
}

func TestSeparators(t *testing.T) {
	t.Parallel()
	for _, sep := range []string{",", ";", "\t"} {
		in := strings.Join([]string{"email", "name", "tags"}, sep) + "\r\n" +
			strings.Join([]string{"ana@example.org", "Ana", `"a;b"`}, sep) + "\r\n"
		rows, bad, err := ParseMembers(strings.NewReader(in))
		if err != nil || len(bad) != 0 || len(rows) != 1 {
			t.Fatalf("separator %q: rows %v, bad %v, err %v", sep, rows, bad, err)
		}
		if got, want := rows[0].Member.Tags, []string{"a", "b"}; !reflect.DeepEqual(got, want) {
			t.Errorf("separator %q: tags got %v, want %v", sep, got, want)
		}
	}
}

func testMembers() []*kindred.Member {
	ms := []*kindred.Member{
		{Email: "ana@example.org", Name: "Ana Souza", Pronouns: "ela/dela", Bio: "=cmd|' /C calc'!A0\nsecond line, with \"quotes\"",
			CityName: "São Paulo", Languages: []string{"pt", "en"}, Tags: []string{"-relational organizing", "SMS outreach"},
			Asks: []string{"@fundraising"}, Offers: []string{"'+data and CRM"},
			Needs:      kindred.Needs{Diet: "halal", Accessibility: "large print", PreferredLanguage: "pt"},
			Visibility: kindred.Visibility{kindred.FieldEmail: kindred.LevelPrivate, kindred.FieldNeeds: kindred.LevelPrivate},
			Affiliations: []kindred.Affiliation{
				{OrganizationID: 1, OrganizationName: "Rede Paulista", Role: "Coordenadora", Since: "2019-04", Primary: true},
				{OrganizationID: 2, OrganizationName: "+Old, Org", Role: "Organizer", Since: "2010", Until: "2018-12"},
			}},
		{Email: "wanjiru@example.org", Name: "Wanjiru Kamau", CityName: "Nairobi", Languages: []string{"sw", "en"},
			Affiliations: []kindred.Affiliation{{OrganizationID: 3, OrganizationName: "Sauti Trust", Role: "Board member", Since: "2022"}}},
		{Email: "x@example.org", Name: "Xu Ming"},
	}
	for _, m := range ms {
		if err := m.Validate(); err != nil {
			panic(err)
		}
	}
	return ms
}

func TestMembersRoundTrip(t *testing.T) {
	t.Parallel()
	ms := testMembers()
	var buf bytes.Buffer
	if err := WriteMembers(&buf, ms); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), ",=cmd") {
		t.Errorf("formula not escaped:\n%s", buf.String())
	}
	rows, bad, err := ParseMembers(&buf)
	if err != nil || len(bad) != 0 || len(rows) != len(ms) {
		t.Fatalf("rows %d, bad %v, err %v", len(rows), bad, err)
	}
	for i, r := range rows {
		got, want := comparable(&r.Member), comparable(ms[i])
		if !reflect.DeepEqual(got, want) {
			t.Errorf("member %d:\ngot  %+v\nwant %+v", i, got, want)
		}
	}
}

// comparable keeps what members.csv carries: the profile and the current
// primary affiliation, by name.
func comparable(m *kindred.Member) kindred.Member {
	c := kindred.Member{Email: m.Email, Name: m.Name, Pronouns: m.Pronouns, Bio: m.Bio, CityName: m.CityName,
		Languages: nonNil(m.Languages), Tags: nonNil(m.Tags), Asks: nonNil(m.Asks), Offers: nonNil(m.Offers),
		Needs: m.Needs, Visibility: m.Visibility}
	if a, ok := m.PrimaryAffiliation(); ok && a.Current() {
		c.Affiliations = []kindred.Affiliation{{OrganizationName: a.OrganizationName, Role: a.Role, Primary: true}}
	}
	return c
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func TestAffiliationsRoundTrip(t *testing.T) {
	t.Parallel()
	ms := testMembers()
	hidden := &kindred.Member{Name: "Hidden", Affiliations: []kindred.Affiliation{{OrganizationID: 1, OrganizationName: "Org"}}}
	var buf bytes.Buffer
	if err := WriteAffiliations(&buf, append(ms, hidden)); err != nil {
		t.Fatal(err)
	}
	rows, bad, err := ParseAffiliations(&buf)
	if err != nil || len(bad) != 0 {
		t.Fatalf("bad %v, err %v", bad, err)
	}
	var got, want []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s|%s|%s|%s|%s|%v", r.Email, r.Affiliation.OrganizationName, r.Affiliation.Role, r.Affiliation.Since, r.Affiliation.Until, r.Affiliation.Primary))
	}
	for _, m := range ms {
		for _, a := range m.Affiliations {
			want = append(want, fmt.Sprintf("%s|%s|%s|%s|%s|%v", m.Email, a.OrganizationName, a.Role, a.Since, a.Until, a.Primary))
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

func TestOrganizationsRoundTrip(t *testing.T) {
	t.Parallel()
	orgs := []kindred.Organization{
		{Name: "Rede Paulista", Kind: "movement", SizeBand: "11-50", Website: "https://rede.example.org", Description: "Rede, \"de\"\norganizações", CityIDs: []int64{5, 9}},
		{Name: "-Minus Collective", CityIDs: []int64{7}},
		{Name: "Plain"},
	}
	names := map[int64]string{5: "São Paulo", 7: "Nairobi"}
	var want []OrgRow
	for i := range orgs {
		if err := orgs[i].Validate(); err != nil {
			t.Fatal(err)
		}
	}
	want = []OrgRow{
		{Line: 2, Organization: orgs[0], Cities: []string{"São Paulo"}},
		{Line: 4, Organization: orgs[1], Cities: []string{"Nairobi"}},
		{Line: 5, Organization: orgs[2]},
	}
	var buf bytes.Buffer
	if err := WriteOrganizations(&buf, orgs, func(id int64) string { return names[id] }); err != nil {
		t.Fatal(err)
	}
	rows, bad, err := ParseOrganizations(&buf)
	if err != nil || len(bad) != 0 {
		t.Fatalf("bad %v, err %v", bad, err)
	}
	for i := range rows {
		rows[i].Organization.CityIDs = orgs[i].CityIDs
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("got  %+v\nwant %+v", rows, want)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, fmt.Errorf("disk full") }

func TestWriteError(t *testing.T) {
	t.Parallel()
	err := WriteMembers(failingWriter{}, testMembers())
	if err == nil || !strings.Contains(err.Error(), "write members: disk full") {
		t.Errorf("got %v, want a wrapped write error", err)
	}
}

func TestBlankHeaderColumns(t *testing.T) {
	t.Parallel()
	in := "email,name,,\nana@example.org,Ana,,\nbo@example.org,Bo,,stray\n"
	rows, bad, err := ParseMembers(strings.NewReader(in))
	if err != nil || len(rows) != 1 {
		t.Fatalf("rows %v, err %v", rows, err)
	}
	want := []RowError{{3, "", "has a value in column 4, which has no name in the header"}}
	if !reflect.DeepEqual(bad, want) {
		t.Errorf("got %v, want %v", bad, want)
	}
}

func TestWriteHeader(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := WriteAffiliations(&buf, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "\uFEFFemail,organization,role,since,until,primary\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	rows, bad, err := ParseAffiliations(&buf)
	if err != nil || rows != nil || bad != nil {
		t.Errorf("a header-only file: rows %v, bad %v, err %v; want nothing", rows, bad, err)
	}
}
