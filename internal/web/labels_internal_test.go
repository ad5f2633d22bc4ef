package web

import "testing"

// TestPageLabels: the labels read from the templates name each field as
// the page does, from a <label for> or the <legend> of its fieldset, and a
// field without one is named from its key without "id".
func TestPageLabels(t *testing.T) {
	t.Parallel()
	v, err := newViews()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ page, field, want string }{
		{"gathering_form", "city_id", "City"},
		{"tables", "table_size", "People per table"},
		{"cities", "time_zone", "Time zone"},
		{"harvest_table", "consent", "Who may read it?"},
		{"admin_accounts", "city_id", "An organizer looks after"},
		{"member_form", "bio", "About you"},
		{"no_such_page", "city_id", "City"},
		{"no_such_page", "starts_at", "Start"},
	} {
		if got := fieldLabel(v.labels[c.page], c.field); got != c.want {
			t.Errorf("%s %s: label %q, want %q", c.page, c.field, got, c.want)
		}
	}
}
