package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// network is a small directory for page tests.
type network struct {
	chicago, boston kindred.City
	union, clinic   *kindred.Organization
	maria, kwame    *kindred.Member
}

func seedNetwork(t *testing.T, s *store.Store) network {
	t.Helper()
	ctx := context.Background()
	var n network
	err := s.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		if n.chicago, err = tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"}); err != nil {
			return err
		}
		if n.boston, err = tx.CreateCity(ctx, kindred.City{Name: "Boston", Slug: "boston", TimeZone: "America/New_York"}); err != nil {
			return err
		}
		if n.union, err = tx.CreateOrganization(ctx, kindred.Organization{Name: "Teachers Union Local 7", Kind: "union", CityIDs: []int64{n.chicago.ID}}); err != nil {
			return err
		}
		if n.clinic, err = tx.CreateOrganization(ctx, kindred.Organization{Name: "Northside Clinic", Kind: "nonprofit", CityIDs: []int64{n.boston.ID}}); err != nil {
			return err
		}
		n.maria = &kindred.Member{Name: "María Estrada", Email: "maria@example.org", Pronouns: "she/her", CityID: n.chicago.ID,
			Bio: "Secret bio about relational meetings.", Tags: []string{"relational organizing"}, Asks: []string{"SMS outreach"},
			Offers: []string{"one-to-ones"}, Languages: []string{"es", "en"}, Needs: kindred.Needs{Diet: "halal-only-secret"},
			Visibility:   kindred.Visibility{kindred.FieldBio: kindred.LevelPrivate, kindred.FieldNeeds: kindred.LevelOrganizers},
			Affiliations: []kindred.Affiliation{{OrganizationID: n.union.ID, Role: "Lead organizer", Since: "2019"}}}
		if _, err = tx.CreateMember(ctx, n.maria); err != nil {
			return err
		}
		n.kwame = &kindred.Member{Name: "Kwame Mensah", Email: "kwame@example.org", CityID: n.boston.ID, Tags: []string{"fundraising"},
			Affiliations: []kindred.Affiliation{{OrganizationID: n.clinic.ID, Role: "Director"}}}
		_, err = tx.CreateMember(ctx, n.kwame)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDirectoryInBrowser(t *testing.T) {
	t.Parallel()
	testutil.ForOneServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		n := seedNetwork(t, srv.Store)
		admin := testutil.CreateAccount(t, srv.Store, "robin.okafor@example.org", kindred.RoleAdmin)
		b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
		testutil.SignIn(t, b, srv, admin.ID)

		b.Open(srv.URL + "/network")
		b.CheckA11y()
		b.Screenshot("directory")
		if got := b.Text("#results"); !strings.Contains(got, "María Estrada") || !strings.Contains(got, "Kwame Mensah") {
			t.Fatalf("directory lists %q", got)
		}
		b.Open(srv.URL + "/network?q=relational")
		if got := b.Text("#results"); !strings.Contains(got, "María") || strings.Contains(got, "Kwame") {
			t.Errorf("search 'relational': %q", got)
		}
		b.Open(srv.URL + fmt.Sprintf("/network?city=%d", n.boston.ID))
		if got := b.Text("#results"); strings.Contains(got, "María") || !strings.Contains(got, "Kwame") {
			t.Errorf("filter Boston: %q", got)
		}
		b.Open(srv.URL + fmt.Sprintf("/network/members/%d", n.maria.ID))
		b.CheckA11y()
		b.Screenshot("member")
		if got := b.Text("main"); !strings.Contains(got, "Lead organizer at Teachers Union Local 7") {
			t.Errorf("member page: %q", got)
		}
		b.Open(srv.URL + "/network/organizations/teachers-union-local-7")
		b.CheckA11y()
		if !strings.Contains(b.Text("main"), "María Estrada") {
			t.Errorf("organization page lacks its member")
		}
		b.Open(srv.URL + "/network/cities/boston")
		b.CheckA11y()
		if !strings.Contains(b.Text("main"), "Kwame Mensah") {
			t.Errorf("city page lacks its member")
		}
		b.Open(srv.URL + "/network/organizations")
		b.CheckA11y()
		b.Open(srv.URL + "/network/cities")
		b.CheckA11y()
	})
}

func TestEditOwnProfileWithNeedsInBrowser(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	n := seedNetwork(t, srv.Store)
	testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
	acct := testutil.CreateAccount(t, srv.Store, "amara.diallo@example.org", kindred.RoleMember)
	b := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	testutil.SignIn(t, b, srv, acct.ID)

	b.Open(srv.URL + "/me/profile")
	b.CheckA11y()
	b.Submit("form[action='/me/profile'] button")
	if got := b.Text("h1"); got != "Edit profile" {
		t.Fatalf("after creating a profile: h1 = %q", got)
	}
	b.CheckA11y()
	b.Fill("#pronouns", "she/they")
	b.Fill("#bio", strings.Repeat("long ", 500))
	b.Fill("#tags", "digital tools, base building")
	b.Fill("#diet", "vegan")
	b.Fill("#accessibility", "step-free access")
	b.Do(setSelect("#aff-org-0", fmt.Sprint(n.clinic.ID)))
	b.Fill("#aff-role-0", "Volunteer coordinator")
	b.Fill("#aff-since-0", "2021")
	b.Submit("form.form button.button-wide")
	if got := b.Text(".alert"); !strings.Contains(got, "About you is too long") {
		t.Errorf("long bio: alert = %q", got)
	}
	if b.Value("#diet") != "vegan" || b.Value("#tags") != "digital tools, base building" || b.Value("#aff-role-0") != "Volunteer coordinator" {
		t.Errorf("typed values lost: diet %q tags %q role %q", b.Value("#diet"), b.Value("#tags"), b.Value("#aff-role-0"))
	}
	b.CheckA11y()
	b.Screenshot("member-form-phone")
	b.Fill("#bio", "I coordinate volunteers.")
	b.Submit("form.form button.button-wide")
	if got := b.Text(".flash"); !strings.Contains(got, "Profile saved") {
		t.Fatalf("save: flash = %q", got)
	}
	m, err := srv.Store.MemberByAccount(context.Background(), acct.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Needs.Diet != "vegan" || m.Needs.Accessibility != "step-free access" || len(m.Affiliations) != 1 || m.Pronouns != "she/they" {
		t.Errorf("stored profile = %+v", m)
	}
}

func setSelect(sel, value string) chromedpAction {
	return evalAction(fmt.Sprintf(`document.querySelector(%q).value = %q`, sel, value))
}

// TestPrivateFieldsNeverReachOtherMembers reads every directory page as a
// member of another city and checks that restricted fields do not appear.
func TestPrivateFieldsNeverReachOtherMembers(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		n := seedNetwork(t, srv.Store)
		testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
		viewers := map[string]*kindred.Account{
			"member":              testutil.CreateAccount(t, srv.Store, "someone@example.org", kindred.RoleMember),
			"organizer-elsewhere": organizerOf(t, srv.Store, "org.boston@example.org", n.boston.ID),
		}
		secrets := []string{"Secret bio", "halal-only-secret"}
		pages := []string{"/network", "/network?q=secret", "/network?q=relational", fmt.Sprintf("/network/members/%d", n.maria.ID),
			"/network/organizations/teachers-union-local-7", "/network/cities/chicago"}
		for name, v := range viewers {
			c := testutil.SignedInClient(t, srv, v.ID)
			for _, p := range pages {
				_, body := get(t, c, srv.URL+p)
				for _, secret := range secrets {
					if strings.Contains(body, secret) {
						t.Errorf("%s sees %q on %s", name, secret, p)
					}
				}
			}
		}
		// The organizer of Chicago sees the organizers-level needs, not the private bio.
		chi := testutil.SignedInClient(t, srv, (organizerOf(t, srv.Store, "org.chicago@example.org", n.chicago.ID)).ID)
		_, body := get(t, chi, srv.URL+fmt.Sprintf("/network/members/%d", n.maria.ID))
		if !strings.Contains(body, "halal-only-secret") || strings.Contains(body, "Secret bio") {
			t.Errorf("Chicago organizer: needs shown=%v, private bio shown=%v", strings.Contains(body, "halal-only-secret"), strings.Contains(body, "Secret bio"))
		}
	})
}

func organizerOf(t *testing.T, s *store.Store, email string, cityID int64) *kindred.Account {
	a := testutil.CreateAccount(t, s, email, kindred.RoleMember)
	if err := s.WithTx(context.Background(), func(tx *store.Tx) error {
		return tx.SetRole(context.Background(), a.ID, kindred.RoleOrganizer, []int64{cityID})
	}); err != nil {
		t.Fatal(err)
	}
	a.Role, a.CityIDs = kindred.RoleOrganizer, []int64{cityID}
	return a
}

func TestPhotoUploads(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	n := seedNetwork(t, srv.Store)
	admin := testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
	c := testutil.SignedInClient(t, srv, admin.ID)
	path := fmt.Sprintf("/network/members/%d/photo", n.maria.ID)
	var pngBuf bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.RGBA{200, 0, 0, 255})
	_ = png.Encode(&pngBuf, img)
	tests := []struct {
		name   string
		data   []byte
		status int
		want   string
	}{
		{"not an image", []byte("%PDF-1.4 not an image"), 422, "is not an image"},
		{"too large", append(pngBuf.Bytes(), bytes.Repeat([]byte{0}, 2<<20)...), 422, "larger than 2 MB"},
		{"png", pngBuf.Bytes(), 303, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			fw, _ := mw.CreateFormFile("photo", "x.png")
			fw.Write(tt.data)
			mw.Close()
			req, _ := http.NewRequest("POST", srv.URL+path, &body)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			resp, text := do(t, c, req)
			if resp.StatusCode != tt.status || !strings.Contains(text, tt.want) {
				t.Errorf("status %d (want %d), body has %q: %v", resp.StatusCode, tt.status, tt.want, strings.Contains(text, tt.want))
			}
		})
	}
	resp, _ := get(t, c, srv.URL+path)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" {
		t.Errorf("GET photo: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestMergeDuplicateMembers(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	n := seedNetwork(t, srv.Store)
	admin := testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
	c := testutil.SignedInClient(t, srv, admin.ID)
	resp, body := postForm(t, c, srv.URL+fmt.Sprintf("/network/members/%d/merge", n.maria.ID), url.Values{"duplicate": {"nobody@example.org"}})
	if resp.StatusCode != 422 || !strings.Contains(body, "matches no member") {
		t.Errorf("unknown duplicate: %d", resp.StatusCode)
	}
	resp, _ = postForm(t, c, srv.URL+fmt.Sprintf("/network/members/%d/merge", n.maria.ID), url.Values{"duplicate": {"kwame@example.org"}})
	if resp.StatusCode != 303 {
		t.Fatalf("merge: %d", resp.StatusCode)
	}
	m, _ := srv.Store.Member(context.Background(), n.maria.ID)
	if len(m.Affiliations) != 2 {
		t.Errorf("merged affiliations = %+v", m.Affiliations)
	}
	member := testutil.CreateAccount(t, srv.Store, "m@example.org", kindred.RoleMember)
	mc := testutil.SignedInClient(t, srv, member.ID)
	if resp, _ := postForm(t, mc, srv.URL+fmt.Sprintf("/network/members/%d/merge", n.maria.ID), url.Values{"duplicate": {"1"}}); resp.StatusCode != 403 {
		t.Errorf("member merging: %d, want 403", resp.StatusCode)
	}
}

func TestNetworksOfOrganizations(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	n := seedNetwork(t, srv.Store)
	admin := testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
	b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
	testutil.SignIn(t, b, srv, admin.ID)
	b.Open(srv.URL + "/network/networks")
	b.CheckA11y()
	b.Submit("form[action='/network/networks'] button")
	if got := b.Text(".alert"); !strings.Contains(got, "Name is required") {
		t.Errorf("empty name: %q", got)
	}
	b.Fill("#name", "Midwest Education Coalition")
	b.Do(evalAction(fmt.Sprintf(`for (const o of document.querySelectorAll('#organization option')) o.selected = ['%d','%d'].includes(o.value)`, n.union.ID, n.clinic.ID)))
	b.Submit("form[action='/network/networks'] button")
	if got := b.Text("main"); !strings.Contains(got, "Midwest Education Coalition") || !strings.Contains(got, "2 organizations") {
		t.Errorf("networks page: %q", got)
	}
	b.Open(srv.URL + "/network/organizations/northside-clinic")
	if !strings.Contains(b.Text("main"), "Part of Midwest Education Coalition") {
		t.Errorf("organization page does not name its network")
	}
}

func TestEditCity(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	seedNetwork(t, srv.Store)
	admin := testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
	c := testutil.SignedInClient(t, srv, admin.ID)
	resp, body := postForm(t, c, srv.URL+"/network/cities/boston", url.Values{"name": {"Boston"}, "time_zone": {"Boston/Harbor"}})
	if resp.StatusCode != 422 || !strings.Contains(body, "not a known time zone") || !strings.Contains(body, `value="Boston/Harbor"`) {
		t.Errorf("bad time zone: %d", resp.StatusCode)
	}
	resp, _ = postForm(t, c, srv.URL+"/network/cities/boston", url.Values{"name": {"Greater Boston"}, "time_zone": {"America/New_York"}})
	if resp.StatusCode != 303 {
		t.Fatalf("save city: %d", resp.StatusCode)
	}
	if city, _ := srv.Store.CityBySlug(context.Background(), "boston"); city.Name != "Greater Boston" {
		t.Errorf("city = %+v", city)
	}
	member := testutil.CreateAccount(t, srv.Store, "m@example.org", kindred.RoleMember)
	if resp, _ := postForm(t, testutil.SignedInClient(t, srv, member.ID), srv.URL+"/network/cities/boston", url.Values{"name": {"X"}}); resp.StatusCode != 403 {
		t.Errorf("member editing a city: %d", resp.StatusCode)
	}
}

// TestDirectoryMenusFollowWrites checks the directory's filter menus, which
// are cached and written outside the templates: the chosen organization and
// tag stay selected, names are escaped, and a new organization shows at once.
func TestDirectoryMenusFollowWrites(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	n := seedNetwork(t, srv.Store)
	admin := testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
	c := testutil.SignedInClient(t, srv, admin.ID)
	_, body := get(t, c, fmt.Sprintf("%s/network?organization=%d&tag=fundraising", srv.URL, n.clinic.ID))
	for _, want := range []string{
		fmt.Sprintf(`<option value="%d" selected>Northside Clinic</option>`, n.clinic.ID),
		fmt.Sprintf(`<option value="%d">Teachers Union Local 7</option>`, n.union.ID),
		`<option selected>fundraising</option>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("directory filtered by the clinic lacks %s", want)
		}
	}
	ctx := context.Background()
	var added *kindred.Organization
	err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		added, err = tx.CreateOrganization(ctx, kindred.Organization{Name: "Parents & <Teachers>", Kind: "nonprofit"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	_, body = get(t, c, srv.URL+"/network")
	if want := fmt.Sprintf(`<option value="%d">Parents &amp; &lt;Teachers&gt;</option>`, added.ID); !strings.Contains(body, want) {
		t.Errorf("directory after adding an organization lacks %s", want)
	}
	if strings.Contains(body, " selected>Northside Clinic") {
		t.Errorf("the clinic is still selected without a filter")
	}
}
