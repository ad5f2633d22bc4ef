package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestProblemsNameTheFieldAsItsLabel: a form sent without its city says
// "City is required" (its label), never "City id is required" (its key),
// in the list above the form and beside the field.
func TestProblemsNameTheFieldAsItsLabel(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	admin := testutil.CreateAccount(t, srv.Store, "labels.admin@example.org", kindred.RoleAdmin)
	c := testutil.SignedInClient(t, srv, admin.ID)
	form := url.Values{"title": {"A dinner"}, "date": {"2030-06-10"}, "start_time": {"18:00"}, "end_time": {"20:00"},
		"capacity": {"10"}, "table_size": {"6"}, "status": {"open"}, "visibility": {"network"}}
	resp, body := postForm(t, c, srv.URL+"/gatherings", form)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a dinner without a city: status %d, want 422", resp.StatusCode)
	}
	if strings.Contains(body, "City id") || strings.Count(body, "City is required") < 2 {
		t.Errorf("the problem is not named by the label (want \"City is required\" above the form and beside the field):\n%s", excerpt(body, "required"))
	}
	if !strings.Contains(body, `value="A dinner"`) {
		t.Errorf("the title typed was lost")
	}
}

// excerpt returns the text around the first word, for a failure message.
func excerpt(body, word string) string {
	i := strings.Index(body, word)
	if i < 0 {
		return "(no " + word + ")"
	}
	return body[max(0, i-300):min(len(body), i+200)]
}
