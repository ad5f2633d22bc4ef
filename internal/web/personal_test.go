package web_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/testutil"
)

func TestExportAndDeleteMyAccount(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	seedNetwork(t, srv.Store)
	testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
	acct := testutil.CreateAccount(t, srv.Store, "maria@example.org", kindred.RoleMember)
	c := testutil.SignedInClient(t, srv, acct.ID)
	postForm(t, c, srv.URL+"/me/profile", url.Values{}) // links the existing María profile
	resp, body := get(t, c, srv.URL+"/me/export.json")
	var data struct {
		Account struct{ Email string }
		Member  *struct{ Name string }
	}
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &data) != nil || data.Account.Email != acct.Email || data.Member == nil || data.Member.Name != "María Estrada" {
		t.Fatalf("export: %d %s", resp.StatusCode, body)
	}
	resp, body = postForm(t, c, srv.URL+"/me/delete", url.Values{"confirm": {"someone-else@example.org"}})
	if resp.StatusCode != 422 || !strings.Contains(body, "Type your email address to confirm") {
		t.Errorf("wrong confirmation: %d", resp.StatusCode)
	}
	resp, body = postForm(t, c, srv.URL+"/me/delete", url.Values{"confirm": {"Maria@Example.org"}})
	if resp.StatusCode != 200 || !strings.Contains(body, "Your account is deleted") {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if _, err := srv.Store.Account(context.Background(), acct.ID); kindred.ErrorCode(err) != kindred.ENOTFOUND {
		t.Errorf("account still there: %v", err)
	}
	if resp, _ := get(t, c, srv.URL+"/me"); resp.StatusCode != 303 {
		t.Errorf("the deleted account's session still works: %d", resp.StatusCode)
	}
}
