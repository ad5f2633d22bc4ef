package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

func upload(t *testing.T, c *http.Client, u, csvText string, confirm bool) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "stories.csv")
	_, _ = fw.Write([]byte(csvText))
	_ = mw.WriteField("lang", "en")
	_ = mw.WriteField("consent", "organizers")
	if confirm {
		_ = mw.WriteField("confirm", "1")
	}
	mw.Close()
	req, _ := http.NewRequest("POST", u, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, readAll(t, resp)
}

// TestListeningImportExport imports offline stories from CSV — a dry run
// that names bad rows by line and stores nothing, then an import of the good
// rows only — and exports them again as CSV with signifiers and consent.
func TestListeningImportExport(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		c := createBrightSpots(t, srv.Store, nil)
		org := testutil.SignedInClient(t, srv, testutil.CreateAccount(t, srv.Store, "organizer@example.org", kindred.RoleAdmin).ID)
		file := "text,lang,consent,anonymous,energy,sig.drivers,scale,ctx.region,created_at,notes\n" +
			"\"Paper form, page 1\",es,public,false,70,2/1/1,Local,Europe,2026-01-15,typed by Ana\n" +
			",en,public,,,,,,,\n" + // line 3: no text
			"Interview two,,,true,150,1/1/1,Local,,,\n" + // line 4: slider out of range
			"\"Multi\nline\",pt,network,yes,10,,Mars,,,\n" + // line 5-6: unknown option
			"Good again,fr,,1,,0;0;5,Global,Africa,,\n"
		status, body := upload(t, org, srv.URL+"/listening/bright-spots/import", file, false)
		if status != 200 || !strings.Contains(body, "Dry run") || !strings.Contains(body, "2 good rows, 3 bad rows") {
			t.Fatalf("dry run: %d %s", status, body)
		}
		for _, line := range []string{"<td>3</td>", "<td>4</td>", "<td>5</td>", "notes"} {
			if !strings.Contains(body, line) {
				t.Errorf("dry run report lacks %s", line)
			}
		}
		if n, _ := srv.Store.CountStories(context.Background(), c.ID); n != 0 {
			t.Fatalf("dry run stored %d stories", n)
		}
		status, body = upload(t, org, srv.URL+"/listening/bright-spots/import", file, true)
		if status != 200 || !strings.Contains(body, "Imported 2 stories") {
			t.Fatalf("import: %d %s", status, body)
		}
		stories, err := srv.Store.Stories(context.Background(), c.ID, store.StoryQuery{Reader: kindred.ReaderOrganizer})
		if err != nil || len(stories) != 2 {
			t.Fatalf("stored %d stories, %v", len(stories), err)
		}
		first := stories[0]
		if first.Lang != "es" || first.Consent != kindred.ConsentPublic || first.Source != "import" ||
			first.CreatedAt.Format("2006-01-02") != "2026-01-15" || first.Context["region"] != "Europe" {
			t.Errorf("imported %+v", first)
		}
		if stories[1].Consent != kindred.ConsentOrganizers || stories[1].Signifiers["drivers"].Text() != "0/0/100" {
			t.Errorf("defaults or triad: %+v", stories[1])
		}
		status, body = getPage(t, org, srv.URL+"/listening/bright-spots/export")
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if status != 200 || err != nil || len(rows) != 3 {
			t.Fatalf("export: %d %v %q", status, err, body)
		}
		header := strings.Join(rows[0], ",")
		if !strings.Contains(header, "consent") || !strings.Contains(header, "sig.drivers") || !strings.Contains(header, "ctx.region") {
			t.Errorf("export header = %s", header)
		}
		if !strings.Contains(strings.Join(rows[1], ","), "50/25/25") {
			t.Errorf("export row = %v", rows[1])
		}
	})
}

// TestListeningEditLink: a teller who leaves an email gets, in their
// language, a link to edit or withdraw the story; withdrawing erases it.
func TestListeningEditLink(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	c := createBrightSpots(t, srv.Store, nil)
	client := testutil.Client()
	form := map[string][]string{"text": {"Mi historia original"}, "lang": {"es"}, "consent": {"public"}, "ui": {"es"},
		"name": {"Lucía"}, "email": {"lucia@example.org"}, "stamp": {testutil.FormStamp(t, srv.Store, c.ID, time.Hour)}}
	resp, err := client.PostForm(srv.URL+"/c/bright-spots", form)
	if err != nil || resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "mail=1") {
		t.Fatalf("tell: %v %v", resp.Header.Get("Location"), err)
	}
	resp.Body.Close()
	m := testutil.LastMailTo(t, srv.Store, "lucia@example.org")
	i := strings.Index(m.Text, srv.URL+"/s/")
	if i < 0 || !strings.Contains(m.Subject, "Tu historia") {
		t.Fatalf("mail %q: %q", m.Subject, m.Text)
	}
	link := strings.Fields(m.Text[i:])[0]
	status, body := getPage(t, client, link)
	if status != 200 || !strings.Contains(body, "Mi historia original") || !strings.Contains(body, `lang="es"`) {
		t.Fatalf("edit page: %d", status)
	}
	path := strings.TrimPrefix(strings.Split(link, "?")[0], srv.URL)
	resp, err = client.PostForm(srv.URL+path, map[string][]string{"text": {"Mi historia corregida"}, "ui": {"es"}})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("edit: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	resp, err = client.PostForm(srv.URL+path+"/withdraw", map[string][]string{"ui": {"es"}})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("withdraw: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	if status, _ := getPage(t, client, link); status != 404 {
		t.Errorf("link after withdrawal: %d, want 404", status)
	}
	list, _ := srv.Store.Stories(context.Background(), c.ID, store.StoryQuery{Reader: kindred.ReaderOrganizer})
	if len(list) != 0 {
		t.Errorf("withdrawn story still listed: %+v", list)
	}
}

// TestListeningCampaignForm: bad campaign input comes back with each field
// named and everything typed kept; good input creates the campaign in the
// organizer's city; a campaign of the whole network is not a city
// organizer's to run; members may not create one.
func TestListeningCampaignForm(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	n := seedNetwork(t, srv.Store)
	orgAcct := testutil.CreateAccount(t, srv.Store, "organizer@example.org", kindred.RoleOrganizer)
	if err := srv.Store.WithTx(context.Background(), func(tx *store.Tx) error {
		return tx.SetRole(context.Background(), orgAcct.ID, kindred.RoleOrganizer, []int64{n.chicago.ID})
	}); err != nil {
		t.Fatal(err)
	}
	org := testutil.SignedInClient(t, srv, orgAcct.ID)
	member := testutil.SignedInClient(t, srv, testutil.CreateAccount(t, srv.Store, "member@example.org", kindred.RoleMember).ID)
	if status, body := getPage(t, org, srv.URL+"/listening/new"); status != 200 || !strings.Contains(body, ">Chicago<") ||
		strings.Contains(body, ">Boston<") || strings.Contains(body, "The whole network") {
		t.Errorf("new campaign form: %d, or it offers cities the organizer does not run", status)
	}
	form := map[string][]string{"title": {"Spring listening"}, "slug": {"Not A Slug"}, "prompt": {"Tell us about a time…"},
		"audience": {"invited"}, "languages": {"en", "ar"}, "starts_on": {"2026-03-01"}, "ends_on": {"2026-02-01"},
		"signifiers.1.kind": {"slider"}, "signifiers.1.key": {"energy"}, "signifiers.1.prompt": {"Energy?"}, "signifiers.1.labels": {"Staff\nVolunteers"},
		"signifiers.2.kind": {"triad"}, "signifiers.2.key": {"this line is wrong"}, "signifiers.2.prompt": {""}, "signifiers.2.labels": {"A"},
		"context.1.key": {"region"}, "context.1.prompt": {"Region"}, "context.1.options": {"Africa\nEurope"},
		"invited": {"member@example.org"}}
	resp, err := org.PostForm(srv.URL+"/listening", form)
	if err != nil {
		t.Fatal(err)
	}
	body := readAll(t, resp)
	if resp.StatusCode != 422 {
		t.Fatalf("bad campaign: %d", resp.StatusCode)
	}
	for _, want := range []string{"Signifier 2 · Question is required", "Signifier 2 · Key must be lower-case", "must be 3 to 64 lower-case",
		"Spring listening", "Not A Slug", "this line is wrong", "member@example.org"} {
		if !strings.Contains(body, want) {
			t.Errorf("bad campaign page lacks %q", want)
		}
	}
	for _, f := range []string{"kind", "key", "prompt", "labels"} {
		delete(form, "signifiers.2."+f)
	}
	resp, _ = org.PostForm(srv.URL+"/listening", form)
	if body := readAll(t, resp); resp.StatusCode != 422 || !strings.Contains(body, "must be 3 to 64 lower-case") || !strings.Contains(body, "is before the start date") {
		t.Errorf("slug and dates: %d", resp.StatusCode)
	}
	form["slug"], form["ends_on"] = []string{"spring"}, []string{""}
	resp, _ = org.PostForm(srv.URL+"/listening", form)
	if body := readAll(t, resp); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "must be a city you organize") {
		t.Errorf("a campaign of the whole network by a city's organizer: %d, want 403 naming the city", resp.StatusCode)
	}
	form["city_id"] = []string{itoa(n.chicago.ID)}
	resp, _ = org.PostForm(srv.URL+"/listening", form)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("good campaign: %d", resp.StatusCode)
	}
	c, err := srv.Store.CampaignBySlug(context.Background(), "spring")
	if err != nil || c.Audience != kindred.AudienceInvited || len(c.Signifiers) != 1 || c.CityID != n.chicago.ID {
		t.Fatalf("stored %+v, %v", c, err)
	}
	if invited, _ := srv.Store.CampaignInvites(context.Background(), c.ID); len(invited) != 1 {
		t.Errorf("invites = %v", invited)
	}
	resp, _ = member.PostForm(srv.URL+"/listening", form)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("member creating a campaign: %d, want 403", resp.StatusCode)
	}
}
