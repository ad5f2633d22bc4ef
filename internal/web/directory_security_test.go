package web_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// The regression tests of the directory's part of the privacy and security
// review: each failed on the code before its fix (see docs/security.md).

// addMember stores m and returns it with its id.
func addMember(t *testing.T, s *store.Store, m *kindred.Member) *kindred.Member {
	t.Helper()
	err := s.WithTx(context.Background(), func(tx *store.Tx) error {
		_, err := tx.CreateMember(context.Background(), m)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// addSharedTie records a tie both members show.
func addSharedTie(t *testing.T, s *store.Store, a, b int64) {
	t.Helper()
	err := s.WithTx(context.Background(), func(tx *store.Tx) error {
		_, err := tx.AddTie(context.Background(), kindred.Tie{A: a, B: b, Kind: kindred.TieCollaborated, Source: kindred.SourceGathering,
			SourceRef: "Spring dinner", HappenedOn: tx.Now()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// apiToken makes an API token for a.
func apiToken(t *testing.T, s *store.Store, a *kindred.Account) string {
	t.Helper()
	var secret string
	err := s.WithTx(context.Background(), func(tx *store.Tx) error {
		var err error
		secret, _, err = tx.CreateAPIToken(context.Background(), a.ID, "test")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

// postFile uploads a file in field as multipart form data with fields.
func postFile(t *testing.T, c *http.Client, u, field, name string, data []byte, fields url.Values) (*http.Response, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, err := http.NewRequest(http.MethodPost, u, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return do(t, c, req)
}

// TestImportChangesOnlyWhomTheFormMayChange is issue 14 item 5: a CSV
// import changes exactly the members the profile form lets the importer
// change. An organizer with no city organizes nothing, and an organizer of
// Chicago does not overwrite a member who has no city (visibility
// included).
func TestImportChangesOnlyWhomTheFormMayChange(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		n := seedNetwork(t, srv.Store)
		lena := addMember(t, srv.Store, &kindred.Member{Name: "Lena Cityless", Email: "lena@example.org", Bio: "Kept to myself.",
			Visibility: kindred.Visibility{kindred.FieldBio: kindred.LevelPrivate}})
		cityless := testutil.CreateAccount(t, srv.Store, "cityless.organizer@example.org", kindred.RoleOrganizer)
		chicago := organizerOf(t, srv.Store, "chicago.organizer@example.org", n.chicago.ID)
		csv := "email,name,bio,visibility\nlena@example.org,Lena Overwritten,Everyone may read this.,bio=network\n"
		for name, who := range map[string]*kindred.Account{"organizer with no city": cityless, "organizer of Chicago": chicago} {
			c := testutil.SignedInClient(t, srv, who.ID)
			postFile(t, c, srv.URL+"/network/import", "file", "members.csv", []byte(csv), url.Values{"kind": {"members"}, "skip_bad": {"1"}})
			got, err := srv.Store.Member(context.Background(), lena.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != "Lena Cityless" || got.Bio != "Kept to myself." || got.Visibility.Of(kindred.FieldBio) != kindred.LevelPrivate {
				t.Errorf("%s imported over a member with no city: %q, %q, bio %s", name, got.Name, got.Bio, got.Visibility.Of(kindred.FieldBio))
			}
		}
	})
}

// TestDirectoryFiltersRevealNoHiddenField is issue 14 item 6: the filter
// menu lists no private tag, the "not shown" notice reads the same whether
// or not a hidden field matches, and the API's cursor never names a member
// the filter hid.
func TestDirectoryFiltersRevealNoHiddenField(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		seedNetwork(t, srv.Store)
		private := kindred.Visibility{kindred.FieldTags: kindred.LevelPrivate}
		addMember(t, srv.Store, &kindred.Member{Name: "Aaron Visible", Tags: []string{"mutual aid"}})
		addMember(t, srv.Store, &kindred.Member{Name: "Bella Hidden", Tags: []string{"mutual aid", "quiet-tag-4b1e"}, Visibility: private})
		addMember(t, srv.Store, &kindred.Member{Name: "Zed Visible", Tags: []string{"mutual aid"}})
		viewer := testutil.CreateAccount(t, srv.Store, "viewer@example.org", kindred.RoleMember)
		c := testutil.SignedInClient(t, srv, viewer.ID)

		if _, body := get(t, c, srv.URL+"/network"); strings.Contains(body, "quiet-tag-4b1e") {
			t.Errorf("the filter menu lists a private tag")
		}
		_, hit := get(t, c, srv.URL+"/network?tag=quiet-tag-4b1e")
		_, miss := get(t, c, srv.URL+"/network?tag=no-one-has-this-tag")
		if results(hit) != results(miss) {
			t.Errorf("filtering on a private tag answers differently from a tag no one has:\n%s\n---\n%s", results(hit), results(miss))
		}

		token := apiToken(t, srv.Store, viewer)
		var names []string
		next := ""
		for range 5 {
			status, body := apiGet(t, srv.URL+"/api/v1/members?tag=mutual+aid&limit=2&next="+url.QueryEscape(next), token)
			if status != 200 {
				t.Fatalf("members: %d %s", status, body)
			}
			var page struct {
				Items []struct{ Name string }
				Next  string
			}
			if err := json.Unmarshal(body, &page); err != nil {
				t.Fatal(err)
			}
			for _, it := range page.Items {
				names = append(names, it.Name)
			}
			cursor, _ := base64.RawURLEncoding.DecodeString(page.Next)
			if strings.Contains(string(cursor), "Bella") {
				t.Errorf("the cursor %q names the member the filter hid", cursor)
			}
			if next = page.Next; next == "" {
				break
			}
		}
		if strings.Join(names, ", ") != "Aaron Visible, Zed Visible" {
			t.Errorf("paging through the tag lists %v", names)
		}
	})
}

// results is the directory's result list, without the rest of the page.
func results(body string) string {
	_, after, _ := strings.Cut(body, `<div id="results"`)
	before, _, _ := strings.Cut(after, "</main>")
	return before
}

// apiGet sends an authenticated GET to the API.
func apiGet(t *testing.T, u, token string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, body := do(t, testutil.Client(), req)
	return resp.StatusCode, []byte(body)
}

// TestMapAndIntroductionsShowWhatTheViewerMaySee is issue 14 item 7: the
// map colours no one by an affiliation they hid, its city filter does not
// place anyone by a city they hid, and an introduction names the other
// person's organization only when the recipient may see it.
func TestMapAndIntroductionsShowWhatTheViewerMaySee(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		n := seedNetwork(t, srv.Store)
		var hidden *kindred.Organization
		err := srv.Store.WithTx(context.Background(), func(tx *store.Tx) error {
			var err error
			hidden, err = tx.CreateOrganization(context.Background(), kindred.Organization{Name: "Undisclosed Union", Kind: "union"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		quiet := addMember(t, srv.Store, &kindred.Member{Name: "Quinn Quiet", Email: "quinn@example.org", CityID: n.chicago.ID,
			Affiliations: []kindred.Affiliation{{OrganizationID: hidden.ID, Role: "Steward"}},
			Visibility:   kindred.Visibility{kindred.FieldAffiliations: kindred.LevelPrivate, kindred.FieldCity: kindred.LevelPrivate}})
		addSharedTie(t, srv.Store, quiet.ID, n.kwame.ID)
		addSharedTie(t, srv.Store, quiet.ID, n.maria.ID)
		viewer := testutil.CreateAccount(t, srv.Store, "viewer@example.org", kindred.RoleMember)
		c := testutil.SignedInClient(t, srv, viewer.ID)

		_, body := get(t, c, srv.URL+"/emergence/map.json")
		if !strings.Contains(body, "Quinn Quiet") {
			t.Fatalf("the map lacks the tie: %s", body)
		}
		if strings.Contains(body, "Undisclosed Union") {
			t.Errorf("the map colours a member by an affiliation they hid: %s", body)
		}
		if _, body := get(t, c, srv.URL+fmt.Sprintf("/emergence/map.json?city=%d", n.chicago.ID)); strings.Contains(body, "Quinn Quiet") {
			t.Errorf("the map's city filter places a member by a city they hid: %s", body)
		}

		kwame := testutil.CreateAccount(t, srv.Store, "kwame@example.org", kindred.RoleMember)
		linkMember(t, srv.Store, n.kwame.ID, kwame.ID)
		admin := testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
		resp, _ := postForm(t, testutil.SignedInClient(t, srv, admin.ID), srv.URL+"/emergence/introductions",
			url.Values{"a": {itoa(quiet.ID)}, "b": {itoa(n.kwame.ID)}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("introduce: %d", resp.StatusCode)
		}
		if m := testutil.LastMailTo(t, srv.Store, "kwame@example.org"); strings.Contains(m.Text+m.HTML, "Undisclosed Union") {
			t.Errorf("the introduction names an affiliation its recipient may not see:\n%s", m.Text)
		}
		if m := testutil.LastMailTo(t, srv.Store, "quinn@example.org"); !strings.Contains(m.Text, "Kwame Mensah (Northside Clinic)") {
			t.Errorf("the introduction leaves out an affiliation everyone may see:\n%s", m.Text)
		}
	})
}

// linkMember gives member the account, as signing up with its email does.
func linkMember(t *testing.T, s *store.Store, memberID, accountID int64) {
	t.Helper()
	ctx := context.Background()
	m, err := s.Member(ctx, memberID)
	if err != nil {
		t.Fatal(err)
	}
	m.AccountID = accountID
	if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateMember(ctx, m) }); err != nil {
		t.Fatal(err)
	}
}

// jpegWithGPS encodes a small JPEG and inserts an EXIF segment holding a
// GPS position, as a phone camera writes.
func jpegWithGPS(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 16, 12))
	for x := range 16 {
		img.Set(x, 3, color.RGBA{200, 40, 40, 255})
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	// EXIF: a TIFF header and one IFD holding the GPSInfo pointer, and a GPS IFD
	// with a latitude reference; the marker text makes a leak easy to find.
	var tiff bytes.Buffer
	le := binary.LittleEndian
	tiff.WriteString("II")
	_ = binary.Write(&tiff, le, uint16(42))
	_ = binary.Write(&tiff, le, uint32(8))
	_ = binary.Write(&tiff, le, uint16(1))                                                      // IFD0: one entry
	_ = binary.Write(&tiff, le, []uint16{0x8825, 4})                                            // GPSInfo, LONG
	_ = binary.Write(&tiff, le, []uint32{1, 26})                                                // count 1, offset of the GPS IFD
	_ = binary.Write(&tiff, le, uint32(0))                                                      // no next IFD
	_ = binary.Write(&tiff, le, uint16(1))                                                      // GPS IFD: one entry
	_ = binary.Write(&tiff, le, []uint16{0x0001, 2})                                            // GPSLatitudeRef, ASCII
	_ = binary.Write(&tiff, le, []uint32{2, uint32('N')})                                       // "N\0" inline
	_ = binary.Write(&tiff, le, uint32(0))                                                      // no next IFD
	tiff.WriteString("GPS-POSITION-41.8781N-87.6298W")                                          // a marker to look for
	app1 := append([]byte("Exif\x00\x00"), tiff.Bytes()...)                                     // the APP1 payload
	seg := append([]byte{0xFF, 0xE1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)}, app1...) // the APP1 segment
	data := buf.Bytes()
	return append(append(append([]byte{}, data[:2]...), seg...), data[2:]...)
}

// TestPhotosLoseTheirMetadata is issue 14 item 12: an uploaded photo is
// stored re-encoded, without the EXIF (GPS) segment it came with.
func TestPhotosLoseTheirMetadata(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		n := seedNetwork(t, srv.Store)
		admin := testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
		c := testutil.SignedInClient(t, srv, admin.ID)
		upload := jpegWithGPS(t)
		if _, err := jpeg.Decode(bytes.NewReader(upload)); err != nil {
			t.Fatalf("the test photo is not a JPEG: %v", err)
		}
		resp, _ := postFile(t, c, srv.URL+fmt.Sprintf("/network/members/%d/photo", n.maria.ID), "photo", "me.jpg", upload, nil)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload: %d", resp.StatusCode)
		}
		ct, stored, err := srv.Store.MemberPhoto(context.Background(), n.maria.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, leak := range []string{"Exif", "GPS-POSITION"} {
			if bytes.Contains(stored, []byte(leak)) {
				t.Errorf("the stored photo keeps %q", leak)
			}
		}
		if img, _, err := image.Decode(bytes.NewReader(stored)); err != nil || img.Bounds().Dx() != 16 || ct != "image/jpeg" {
			t.Errorf("the stored photo is not the picture: %s, %v", ct, err)
		}
	})
}

// TestOneSidedTiesCountOnceConfirmed is issue 14 item 15 (ties): "we know
// each other" shows on no map and in no measure until the other person
// confirms it; a declined one is gone.
func TestOneSidedTiesCountOnceConfirmed(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		n := seedNetwork(t, srv.Store)
		admin := testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
		maria := testutil.CreateAccount(t, srv.Store, "maria@example.org", kindred.RoleMember)
		kwame := testutil.CreateAccount(t, srv.Store, "kwame@example.org", kindred.RoleMember)
		linkMember(t, srv.Store, n.maria.ID, maria.ID)
		linkMember(t, srv.Store, n.kwame.ID, kwame.ID)
		mc, kc := testutil.SignedInClient(t, srv, maria.ID), testutil.SignedInClient(t, srv, kwame.ID)
		ac := testutil.SignedInClient(t, srv, admin.ID)
		if resp, _ := postForm(t, mc, srv.URL+"/network/members/"+itoa(n.kwame.ID)+"/know", url.Values{}); resp.StatusCode != 303 {
			t.Fatalf("know: %d", resp.StatusCode)
		}
		if _, body := get(t, ac, srv.URL+"/emergence/map.json"); strings.Contains(body, "Kwame") {
			t.Errorf("an unconfirmed tie shows on the map: %s", body)
		}
		if ties, _ := srv.Store.Ledger(context.Background(), store.LedgerFilter{SharedOnly: true}); len(ties) != 0 {
			t.Errorf("an unconfirmed tie counts in the network's measures: %+v", ties)
		}
		ties, _ := srv.Store.TiesOf(context.Background(), n.kwame.ID)
		if len(ties) != 1 {
			t.Fatalf("ties = %+v", ties)
		}
		if _, body := get(t, kc, srv.URL+"/me/ties"); !strings.Contains(body, "/me/ties/"+itoa(ties[0].ID)+"/confirm") {
			t.Errorf("Kwame is not asked to confirm")
		}
		if resp, _ := postForm(t, mc, srv.URL+"/me/ties/"+itoa(ties[0].ID)+"/confirm", url.Values{}); resp.StatusCode != 404 {
			t.Errorf("María confirmed her own claim: %d", resp.StatusCode)
		}
		if resp, _ := postForm(t, kc, srv.URL+"/me/ties/"+itoa(ties[0].ID)+"/confirm", url.Values{}); resp.StatusCode != 303 {
			t.Fatalf("confirm: %d", resp.StatusCode)
		}
		if _, body := get(t, ac, srv.URL+"/emergence/map.json"); !strings.Contains(body, "Kwame") {
			t.Errorf("a confirmed tie is not on the map: %s", body)
		}

		// Saying it again adds nothing; a claim the other declines is gone.
		if resp, _ := postForm(t, kc, srv.URL+"/network/members/"+itoa(n.maria.ID)+"/know", url.Values{}); resp.StatusCode != 303 {
			t.Fatalf("know again: %d", resp.StatusCode)
		}
		if ties, _ := srv.Store.TiesOf(context.Background(), n.kwame.ID); len(ties) != 1 {
			t.Errorf("claiming a confirmed tie again added one: %+v", ties)
		}
		ana := addMember(t, srv.Store, &kindred.Member{Name: "Ana Claims", Email: "ana@example.org"})
		anaAcct := testutil.CreateAccount(t, srv.Store, "ana@example.org", kindred.RoleMember)
		linkMember(t, srv.Store, ana.ID, anaAcct.ID)
		if resp, _ := postForm(t, testutil.SignedInClient(t, srv, anaAcct.ID), srv.URL+"/network/members/"+itoa(n.kwame.ID)+"/know", url.Values{}); resp.StatusCode != 303 {
			t.Fatalf("Ana's claim: %d", resp.StatusCode)
		}
		claims, _ := srv.Store.TiesOf(context.Background(), ana.ID)
		if len(claims) != 1 {
			t.Fatalf("Ana's ties = %+v", claims)
		}
		if resp, _ := postForm(t, kc, srv.URL+"/me/ties/"+itoa(claims[0].ID)+"/decline", url.Values{}); resp.StatusCode != 303 {
			t.Fatalf("decline: %d", resp.StatusCode)
		}
		if claims, _ := srv.Store.TiesOf(context.Background(), ana.ID); len(claims) != 0 {
			t.Errorf("a declined claim stays in the ledger: %+v", claims)
		}
	})
}

// TestIntroductionsStayInTheIntroducersCities is issue 14 item 15
// (introductions): an organizer introduces people of the cities they
// organize; across cities it takes the network-wide grant.
func TestIntroductionsStayInTheIntroducersCities(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		n := seedNetwork(t, srv.Store)
		ana := addMember(t, srv.Store, &kindred.Member{Name: "Ana Chicago", Email: "ana@example.org", CityID: n.chicago.ID})
		pair := url.Values{"a": {itoa(n.maria.ID)}, "b": {itoa(ana.ID)}}
		for _, c := range []struct {
			name string
			who  *kindred.Account
			want int
		}{
			{"organizer of Boston", organizerOf(t, srv.Store, "boston.organizer@example.org", n.boston.ID), http.StatusForbidden},
			{"organizer with no city", testutil.CreateAccount(t, srv.Store, "cityless@example.org", kindred.RoleOrganizer), http.StatusForbidden},
			{"organizer of Chicago", organizerOf(t, srv.Store, "chicago.organizer@example.org", n.chicago.ID), http.StatusSeeOther},
		} {
			before := len(mailsTo(t, srv.Store, "ana@example.org"))
			resp, _ := postForm(t, testutil.SignedInClient(t, srv, c.who.ID), srv.URL+"/emergence/introductions", pair)
			sent := len(mailsTo(t, srv.Store, "ana@example.org")) - before
			if resp.StatusCode != c.want || (sent > 0) != (c.want == http.StatusSeeOther) {
				t.Errorf("%s introducing two Chicago members: status %d (want %d), %d mails", c.name, resp.StatusCode, c.want, sent)
			}
		}
		// Across cities: María (Chicago) and Kwame (Boston).
		chi := organizerOf(t, srv.Store, "chicago.two@example.org", n.chicago.ID)
		resp, _ := postForm(t, testutil.SignedInClient(t, srv, chi.ID), srv.URL+"/emergence/introductions",
			url.Values{"a": {itoa(n.maria.ID)}, "b": {itoa(n.kwame.ID)}})
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("an organizer of Chicago introducing across cities: %d", resp.StatusCode)
		}
	})
}

// mailsTo lists the outbox's messages to addr.
func mailsTo(t *testing.T, s *store.Store, addr string) []*kindred.Mail {
	t.Helper()
	all, err := s.ListMail(context.Background(), 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	var out []*kindred.Mail
	for _, m := range all {
		if m.To == addr {
			out = append(out, m)
		}
	}
	return out
}

// TestOrganizersWithoutCityOrganizeNothing extends the authorization matrix
// to the organizer with no city (and no network-wide grant), beside an
// organizer of Chicago: everything organizers do in the directory and the
// network view is refused to the first, pages and API alike.
func TestOrganizersWithoutCityOrganizeNothing(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		n := seedNetwork(t, srv.Store)
		var unplaced *kindred.Organization
		err := srv.Store.WithTx(context.Background(), func(tx *store.Tx) error {
			var err error
			unplaced, err = tx.CreateOrganization(context.Background(), kindred.Organization{Name: "Unplaced Collective"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		ana := addMember(t, srv.Store, &kindred.Member{Name: "Ana Chicago", Email: "ana@example.org", CityID: n.chicago.ID})
		roles := map[string]*kindred.Account{
			"cityless": testutil.CreateAccount(t, srv.Store, "cityless@example.org", kindred.RoleOrganizer),
			"chicago":  organizerOf(t, srv.Store, "chicago@example.org", n.chicago.ID),
		}
		chicago := itoa(n.chicago.ID)
		for _, c := range []struct {
			method, path, body string
			cityless, chicago  int
		}{
			{"GET", "/network/members/new", "", 403, 200},
			{"POST", "/network/members", "name=New+Person&city_id=" + chicago, 403, 303},
			{"GET", "/network/organizations/new", "", 403, 200},
			{"POST", "/network/organizations", "name=New+Collective", 403, 303},
			{"GET", "/network/organizations/" + unplaced.Slug + "/edit", "", 403, 200},
			{"GET", "/network/import", "", 403, 200},
			{"POST", "/network/import", "kind=members", 403, 422},
			{"POST", "/emergence/snapshots", "", 403, 303},
			{"POST", "/emergence/introductions", "a=" + itoa(n.maria.ID) + "&b=" + itoa(ana.ID), 403, 303},
			{"POST", "/api/v1/members", `{"name":"Api Person","city_id":` + chicago + `}`, 403, 201},
			{"POST", "/api/v1/organizations", `{"name":"Api Collective"}`, 403, 201},
		} {
			for name, who := range roles {
				want := c.cityless
				if name == "chicago" {
					want = c.chicago
				}
				if got := sendAs(t, srv, who, c.method, c.path, c.body); got != want {
					t.Errorf("%s %s as the organizer of %s: %d, want %d", c.method, c.path, name, got, want)
				}
			}
		}
		_, body := get(t, testutil.SignedInClient(t, srv, roles["cityless"].ID), srv.URL+"/network")
		if strings.Contains(body, `href="/network/members/new"`) {
			t.Errorf("the directory offers an organizer with no city to add members")
		}
	})
}

// sendAs sends one request as a: with a's session on pages, a's token on
// the API. It returns the status.
func sendAs(t *testing.T, srv *testutil.Server, a *kindred.Account, method, path, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	client := testutil.SignedInClient(t, srv, a.ID)
	switch {
	case strings.HasPrefix(path, "/api/"):
		client = testutil.Client()
		req.Header.Set("Authorization", "Bearer "+apiToken(t, srv.Store, a))
		req.Header.Set("Content-Type", "application/json")
	case method == http.MethodPost:
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, _ := do(t, client, req)
	return resp.StatusCode
}

// TestAnswerAConnectionInBrowser: on a phone, a member sees who says they
// know them, confirms one and declines the other; the page passes axe.
func TestAnswerAConnectionInBrowser(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	n := seedNetwork(t, srv.Store)
	testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
	kwame := testutil.CreateAccount(t, srv.Store, "kwame@example.org", kindred.RoleMember)
	maria := testutil.CreateAccount(t, srv.Store, "maria@example.org", kindred.RoleMember)
	linkMember(t, srv.Store, n.kwame.ID, kwame.ID)
	linkMember(t, srv.Store, n.maria.ID, maria.ID)
	ana := addMember(t, srv.Store, &kindred.Member{Name: "Ana Claims", Email: "ana@example.org"})
	anaAcct := testutil.CreateAccount(t, srv.Store, "ana@example.org", kindred.RoleMember)
	linkMember(t, srv.Store, ana.ID, anaAcct.ID)
	for _, who := range []*kindred.Account{maria, anaAcct} {
		if resp, _ := postForm(t, testutil.SignedInClient(t, srv, who.ID), srv.URL+"/network/members/"+itoa(n.kwame.ID)+"/know", url.Values{}); resp.StatusCode != 303 {
			t.Fatalf("claim: %d", resp.StatusCode)
		}
	}
	b := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	testutil.SignIn(t, b, srv, kwame.ID)
	b.Open(srv.URL + "/me/ties")
	if got := b.Text("main"); !strings.Contains(got, "Do you know each other?") || !strings.Contains(got, "María Estrada") || !strings.Contains(got, "Ana Claims") {
		t.Fatalf("connections page: %q", got)
	}
	b.CheckA11y()
	b.Screenshot("ties-confirm-phone")
	ties, _ := srv.Store.TiesOf(context.Background(), n.kwame.ID)
	ids := map[string]int64{}
	for _, tie := range ties {
		_, name := tie.Other(n.kwame.ID)
		ids[name] = tie.ID
	}
	b.Submit(fmt.Sprintf("form[action='/me/ties/%d/confirm'] button", ids["María Estrada"]))
	if got := b.Text(".flash"); !strings.Contains(got, "Confirmed") {
		t.Errorf("after confirming: flash %q", got)
	}
	b.Submit(fmt.Sprintf("form[action='/me/ties/%d/decline'] button", ids["Ana Claims"]))
	if got := b.Text("main"); strings.Contains(got, "Do you know each other?") || !strings.Contains(got, "shown") {
		t.Errorf("after answering both: %q", got)
	}
	b.CheckA11y()
}

// TestOrganizerEditsOnlyWhatTheyMaySee: the profile form an organizer opens
// shows no field the member keeps from them, and saving it keeps those.
func TestOrganizerEditsOnlyWhatTheyMaySee(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	n := seedNetwork(t, srv.Store)
	chicago := organizerOf(t, srv.Store, "chicago@example.org", n.chicago.ID)
	b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
	testutil.SignIn(t, b, srv, chicago.ID)
	b.Open(srv.URL + fmt.Sprintf("/network/members/%d/edit", n.maria.ID))
	if html := pageHTML(t, b); strings.Contains(html, "Secret bio") || strings.Contains(html, `id="bio"`) || strings.Contains(html, "Who sees what") {
		t.Errorf("the organizer's form shows the private bio or the visibility settings")
	}
	if got := b.Text("main"); !strings.Contains(got, "Kept from you by the member") {
		t.Errorf("the form does not say what it leaves out: %q", got)
	}
	b.CheckA11y()
	b.Screenshot("member-form-organizer")
	b.Fill("#pronouns", "ella")
	b.Submit("form.form button.button-wide")
	if got := b.Text(".flash"); !strings.Contains(got, "Profile saved") {
		t.Fatalf("save: flash %q", got)
	}
	m, err := srv.Store.Member(context.Background(), n.maria.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Pronouns != "ella" || m.Bio != "Secret bio about relational meetings." || m.Visibility.Of(kindred.FieldBio) != kindred.LevelPrivate {
		t.Errorf("after the organizer's save: pronouns %q, bio %q, %s", m.Pronouns, m.Bio, m.Visibility.Of(kindred.FieldBio))
	}
}
