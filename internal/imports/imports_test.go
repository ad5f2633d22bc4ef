package imports_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/imports"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

const orgsCSV = `name,kind,size_band,website,description,cities
Teachers Union Local 7,union,201-1000,union7.example.org,Chicago teachers,Chicago
Northside Clinic,nonprofit,11-50,,"A clinic, on the north side",Chicago;Boston
`

const membersCSV = `email,name,pronouns,bio,city,languages,tags,asks,offers,diet,accessibility,preferred_language,organization,role
maria@example.org,María Estrada,she/her,"Organizer, teacher",Chicago,es;en,relational organizing,SMS outreach,one-to-ones,vegetarian,,es,Teachers Union Local 7,Lead organizer
kwame@example.org,Kwame Mensah,,,Boston,en,fundraising,,,,,,Northside Clinic,Director
`

const affiliationsCSV = `email,organization,role,since,until,primary
maria@example.org,Northside Clinic,Board member,2021,,0
kwame@example.org,Teachers Union Local 7,Volunteer,2015,2018,no
`

// operator imports as the command line does: an administrator without an
// account.
func operator() *kindred.Viewer { return &kindred.Viewer{Account: imports.Operator} }

func seedCities(t *testing.T, s *store.Store) {
	t.Helper()
	err := s.WithTx(context.Background(), func(tx *store.Tx) error {
		for _, c := range []kindred.City{{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"}, {Name: "Boston", Slug: "boston", TimeZone: "America/New_York"}} {
			if _, err := tx.CreateCity(context.Background(), c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, s *store.Store, kind imports.Kind, csv string, opts imports.Options) imports.Report {
	t.Helper()
	rep, err := imports.Run(context.Background(), s, kind, strings.NewReader(csv), opts)
	if err != nil {
		t.Fatalf("import %s: %v", kind, err)
	}
	return rep
}

func importAll(t *testing.T, s *store.Store) {
	t.Helper()
	for _, f := range []struct {
		kind imports.Kind
		csv  string
	}{{imports.Organizations, orgsCSV}, {imports.Members, membersCSV}, {imports.Affiliations, affiliationsCSV}} {
		rep := run(t, s, f.kind, f.csv, imports.Options{Viewer: operator()})
		if !rep.Applied || len(rep.Errors) != 0 {
			t.Fatalf("import %s: %+v", f.kind, rep)
		}
	}
}

func TestImportAndReimport(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seedCities(t, s)
		dry := run(t, s, imports.Organizations, orgsCSV, imports.Options{DryRun: true, Viewer: operator()})
		if dry.Applied || dry.Created != 2 {
			t.Errorf("dry run: %+v", dry)
		}
		if orgs, _ := s.ListOrganizations(ctx, store.OrganizationFilter{}); len(orgs) != 0 {
			t.Fatalf("a dry run wrote %d organizations", len(orgs))
		}
		importAll(t, s)
		m, err := s.MemberByEmail(ctx, "maria@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Affiliations) != 2 || m.CityName != "Chicago" || m.Needs.Diet != "vegetarian" || len(m.Languages) != 2 {
			t.Errorf("imported member = %+v", m)
		}
		if p, _ := m.PrimaryAffiliation(); p.Role != "Lead organizer" {
			t.Errorf("primary = %+v", p)
		}
		// Importing the same files again changes nothing.
		before := exportAll(t, s)
		for kind, csv := range map[imports.Kind]string{imports.Organizations: orgsCSV, imports.Members: membersCSV, imports.Affiliations: affiliationsCSV} {
			rep := run(t, s, kind, csv, imports.Options{Viewer: operator()})
			if rep.Created != 0 {
				t.Errorf("re-import %s created %d", kind, rep.Created)
			}
		}
		if after := exportAll(t, s); after != before {
			t.Errorf("re-import changed the data:\n%s\n---\n%s", before, after)
		}
	})
}

func exportAll(t *testing.T, s *store.Store) string {
	t.Helper()
	var b bytes.Buffer
	for _, k := range []imports.Kind{imports.Organizations, imports.Members, imports.Affiliations} {
		if err := imports.Export(context.Background(), s, k, &b, imports.Operator); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

func TestExportRoundTrips(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		seedCities(t, s)
		importAll(t, s)
		var orgs, members, affs bytes.Buffer
		ctx := context.Background()
		for k, b := range map[imports.Kind]*bytes.Buffer{imports.Organizations: &orgs, imports.Members: &members, imports.Affiliations: &affs} {
			if err := imports.Export(ctx, s, k, b, imports.Operator); err != nil {
				t.Fatal(err)
			}
		}
		fresh := testutil.OpenStore(t, ":memory:")
		seedCities(t, fresh)
		for _, f := range []struct {
			kind imports.Kind
			csv  string
		}{{imports.Organizations, orgs.String()}, {imports.Members, members.String()}, {imports.Affiliations, affs.String()}} {
			if rep := run(t, fresh, f.kind, f.csv, imports.Options{Viewer: operator()}); !rep.Applied || len(rep.Errors) > 0 {
				t.Fatalf("re-import %s: %+v", f.kind, rep)
			}
		}
		if a, b := exportAll(t, s), exportAll(t, fresh); a != b {
			t.Errorf("export → import → export differs:\n%s\n---\n%s", a, b)
		}
	})
}

func TestBadRowsImportNothingUnlessAsked(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seedCities(t, s)
		run(t, s, imports.Organizations, orgsCSV, imports.Options{Viewer: operator()})
		csv := membersCSV + "ana@example.org,Ana,,,Atlantis,,,,,,,,,\nbo@example.org,Bo,,,,,,,,,,,Unknown Org,Chair\nnot-an-email,X,,,,,,,,,,,,\n"
		rep := run(t, s, imports.Members, csv, imports.Options{Viewer: operator()})
		if rep.Applied || len(rep.Errors) != 3 {
			t.Fatalf("report = %+v", rep)
		}
		wantLines := []int{4, 5, 6}
		for i, e := range rep.Errors {
			if e.Line != wantLines[i] {
				t.Errorf("error %d on line %d, want %d: %v", i, e.Line, wantLines[i], e)
			}
		}
		if !strings.Contains(rep.Errors[0].Message, "Atlantis") || !strings.Contains(rep.Errors[1].Message, "Unknown Org") {
			t.Errorf("messages: %v", rep.Errors)
		}
		if ms, _, _ := s.ListMembers(ctx, store.MemberFilter{}); len(ms) != 0 {
			t.Fatalf("bad rows half-imported %d members", len(ms))
		}
		rep = run(t, s, imports.Members, csv, imports.Options{SkipBad: true, Viewer: operator()})
		if !rep.Applied || rep.Created != 2 {
			t.Errorf("skip bad rows: %+v", rep)
		}
	})
}

func TestWholeFileProblems(t *testing.T) {
	t.Parallel()
	s := testutil.OpenStore(t, ":memory:")
	for name, csv := range map[string]string{
		"wrong columns": "mail,fullname\nx@example.org,X\n",
		"latin-1":       "email,name\nx@example.org,Jos\xe9\n",
		"broken quotes": "email,name\n\"x@example.org,X\n",
		"empty":         "",
	} {
		_, err := imports.Run(context.Background(), s, imports.Members, strings.NewReader(csv), imports.Options{Viewer: operator()})
		if kindred.ErrorCode(err) != kindred.EINVALID || kindred.ErrorMessage(err) == "" {
			t.Errorf("%s: err = %v, want EINVALID with a message", name, err)
		}
	}
}

func TestExportHidesWhatTheViewerMayNotSee(t *testing.T) {
	t.Parallel()
	s := testutil.OpenStore(t, ":memory:")
	seedCities(t, s)
	importAll(t, s)
	ctx := context.Background()
	m, _ := s.MemberByEmail(ctx, "maria@example.org")
	m.Visibility = kindred.Visibility{kindred.FieldBio: kindred.LevelPrivate, kindred.FieldAffiliations: kindred.LevelOrganizers}
	if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateMember(ctx, m) }); err != nil {
		t.Fatal(err)
	}
	viewer := &kindred.Account{ID: 999, Role: kindred.RoleMember}
	for _, k := range []imports.Kind{imports.Members, imports.Affiliations} {
		var b bytes.Buffer
		if err := imports.Export(ctx, s, k, &b, viewer); err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"Organizer, teacher", "maria@example.org", "vegetarian", "Board member"} {
			if strings.Contains(b.String(), secret) {
				t.Errorf("%s export by a member contains %q", k, secret)
			}
		}
	}
}

// TestImportersKeepToWhatTheFormLetsThemChange: an organizer of Boston
// importing members cannot add a member to Chicago or to no city, move or
// change a Chicago member, or change a Chicago member's affiliations;
// Boston rows go through, as on the profile form.
func TestImportersKeepToWhatTheFormLetsThemChange(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seedCities(t, s)
		importAll(t, s)
		cities, err := s.CityIDsByName(ctx)
		if err != nil {
			t.Fatal(err)
		}
		boston := &kindred.Viewer{Account: &kindred.Account{Role: kindred.RoleOrganizer, CityIDs: []int64{cities["boston"]}}}
		members := "email,name,city\n" +
			"new.chicago@example.org,New Chicago,Chicago\n" +
			"maria@example.org,María Estrada,Boston\n" +
			"new.boston@example.org,New Boston,Boston\n" +
			"kwame@example.org,Kwame Mensah,Boston\n" +
			"nowhere@example.org,No City,\n"
		rep := run(t, s, imports.Members, members, imports.Options{SkipBad: true, Viewer: boston})
		if len(rep.Errors) != 3 || rep.Errors[0].Line != 2 || rep.Errors[1].Line != 3 || rep.Errors[2].Line != 6 || rep.Created != 1 || rep.Updated != 1 {
			t.Errorf("members report = %+v, want lines 2, 3 and 6 refused, 1 created, 1 updated", rep)
		}
		if m, err := s.MemberByEmail(ctx, "maria@example.org"); err != nil || m.CityID != cities["chicago"] {
			t.Errorf("María moved by an organizer of Boston: %+v %v", m, err)
		}
		for _, email := range []string{"new.chicago@example.org", "nowhere@example.org"} {
			if _, err := s.MemberByEmail(ctx, email); kindred.ErrorCode(err) != kindred.ENOTFOUND {
				t.Errorf("%s added by an organizer of Boston: %v", email, err)
			}
		}
		orgs := "name,kind,cities\n" +
			"teachers union local 7,union,Boston\n" + // works only in Chicago: refused
			"Northside Clinic,nonprofit,Boston\n" + // works in Boston too: kept
			"Boston Food Co-op,co-op,Boston\n" // new: kept
		rep = run(t, s, imports.Organizations, orgs, imports.Options{SkipBad: true, Viewer: boston})
		if len(rep.Errors) != 1 || rep.Errors[0].Line != 2 || rep.Errors[0].Field != "name" || rep.Created != 1 || rep.Updated != 1 {
			t.Errorf("organizations report = %+v, want line 2 refused (name), 1 created, 1 updated", rep)
		}
		if got, err := s.OrganizationCitiesByName(ctx); err != nil || !slices.Equal(got["teachers union local 7"], []int64{cities["chicago"]}) {
			t.Errorf("the union's cities after an organizer of Boston imported it: %v, %v", got["teachers union local 7"], err)
		}
		affs := "email,organization,role\nmaria@example.org,Northside Clinic,Spy\nkwame@example.org,Northside Clinic,Treasurer\n"

		rep = run(t, s, imports.Affiliations, affs, imports.Options{SkipBad: true, Viewer: boston})
		if len(rep.Errors) != 1 || rep.Errors[0].Line != 2 {
			t.Errorf("affiliations report = %+v, want line 2 refused", rep)
		}
		// Without SkipBad, one refused row imports nothing.
		rep = run(t, s, imports.Members, "email,name,city\nnew.boston2@example.org,Two,Boston\nmaria@example.org,M,Boston\n",
			imports.Options{Viewer: boston})
		if rep.Applied || rep.Created != 0 || len(rep.Errors) != 1 {
			t.Errorf("a refused row without skipping: %+v", rep)
		}
		if _, err := s.MemberByEmail(ctx, "new.boston2@example.org"); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("a refused row let the others in: %v", err)
		}
	})
}
