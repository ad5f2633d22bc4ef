package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/testutil"
)

func TestImportDryRunInBrowser(t *testing.T) {
	t.Parallel()
	testutil.ForOneServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		seedNetwork(t, srv.Store)
		admin := testutil.CreateAccount(t, srv.Store, "robin.okafor@example.org", kindred.RoleAdmin)
		file := filepath.Join(t.TempDir(), "new-members.csv")
		csv := "email,name,city,organization,role\n" +
			"ana@example.org,Ana Silva,Chicago,Teachers Union Local 7,Organizer\n" +
			"bad-email,Bo,Chicago,,\n" +
			"cy@example.org,Cy,Atlantis,,\n" +
			"di@example.org,Di,Boston,Ghost Org,Chair\n"
		if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
			t.Fatal(err)
		}
		b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
		testutil.SignIn(t, b, srv, admin.ID)
		b.Open(srv.URL + "/network/import")
		b.CheckA11y()
		b.Do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}))
		b.Submit("#run-import")
		report := b.Text("#row-errors")
		for _, want := range []string{"3", "4", "5", "Atlantis", "Ghost Org"} {
			if !strings.Contains(report, want) {
				t.Errorf("report lacks %q:\n%s", want, report)
			}
		}
		if !strings.Contains(b.Text("main"), "nothing was written") {
			t.Errorf("dry run not announced")
		}
		b.CheckA11y()
		b.Screenshot("import-dry-run")
		if _, err := srv.Store.MemberByEmail(t.Context(), "ana@example.org"); err == nil {
			t.Errorf("the dry run imported a member")
		}
		// Import the good row only, on request.
		b.Do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}))
		b.Do(evalAction(`document.querySelector("input[name=dry_run]").checked = false; document.querySelector("input[name=skip_bad]").checked = true`))
		b.Submit("#run-import")
		if got := b.Text("#report-title"); !strings.Contains(got, "Imported") {
			t.Errorf("after import: %q", got)
		}
		if _, err := srv.Store.MemberByEmail(t.Context(), "ana@example.org"); err != nil {
			t.Errorf("good row not imported: %v", err)
		}
	})
}
