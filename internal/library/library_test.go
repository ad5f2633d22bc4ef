package library_test

import (
	"context"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/library"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// network is two cities with one organization each: Ana works at the
// Chicago union; Olu organizes Chicago; Bo organizes Boston; Adi
// administers without a profile. (Network-wide organizers are
// TestWhoRecordsAnAdoption's, in internal/kindred.)
type network struct {
	s                 *store.Store
	svc               *library.Service
	union, clinic     *kindred.Organization
	ana, olu, bo, adi *kindred.Viewer
}

func forEachNetwork(t *testing.T, fn func(t *testing.T, n *network)) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		fn(t, newNetwork(t, s))
	})
}

func newNetwork(t *testing.T, s *store.Store) *network {
	t.Helper()
	ctx := context.Background()
	q, err := jobs.New(jobs.Config{Store: s})
	if err != nil {
		t.Fatal(err)
	}
	n := &network{s: s, svc: &library.Service{Store: s, Queue: q}}
	var chicago, boston kindred.City
	err = s.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		if chicago, err = tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"}); err != nil {
			return err
		}
		if boston, err = tx.CreateCity(ctx, kindred.City{Name: "Boston", Slug: "boston", TimeZone: "America/New_York"}); err != nil {
			return err
		}
		if n.union, err = tx.CreateOrganization(ctx, kindred.Organization{Name: "Teachers Union", CityIDs: []int64{chicago.ID}}); err != nil {
			return err
		}
		n.clinic, err = tx.CreateOrganization(ctx, kindred.Organization{Name: "Northside Clinic", CityIDs: []int64{boston.ID}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	n.ana = n.viewer(t, "ana", kindred.RoleMember, 0, n.union.ID)
	n.olu = n.viewer(t, "olu", kindred.RoleOrganizer, chicago.ID, 0)
	n.bo = n.viewer(t, "bo", kindred.RoleOrganizer, boston.ID, 0)
	n.adi = n.viewer(t, "adi", kindred.RoleAdmin, 0, -1)
	return n
}

// viewer makes an account with a profile working at org (none for 0, and
// no profile at all for -1), resolved as a request would.
func (n *network) viewer(t *testing.T, name string, role kindred.Role, city, org int64) *kindred.Viewer {
	t.Helper()
	ctx := context.Background()
	acct := testutil.CreateAccount(t, n.s, name+"@example.org", kindred.RoleMember)
	err := n.s.WithTx(ctx, func(tx *store.Tx) error {
		if role != kindred.RoleMember {
			var cities []int64
			if city != 0 {
				cities = []int64{city}
			}
			if err := tx.SetRole(ctx, acct.ID, role, cities); err != nil {
				return err
			}
		}
		if org < 0 {
			return nil
		}
		m := &kindred.Member{Name: acct.Name, Email: acct.Email, AccountID: acct.ID}
		if org > 0 {
			m.Affiliations = []kindred.Affiliation{{OrganizationID: org, Role: "Organizer"}}
		}
		_, err := tx.CreateMember(ctx, m)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if acct, err = n.s.Account(ctx, acct.ID); err != nil {
		t.Fatal(err)
	}
	v, err := n.s.Viewer(ctx, acct)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func count(t *testing.T, s *store.Store, action string, event kindred.EventType) (audits, events int) {
	t.Helper()
	entries, err := s.AuditLog(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Action == action {
			audits++
		}
	}
	evs, err := s.EventsAfter(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Type == event {
			events++
		}
	}
	return audits, events
}

// TestSharingRecordsTheSharer: whoever shares a practice from any surface is
// its first contact and a source, when they have a profile; one audit entry
// and one event each.
func TestSharingRecordsTheSharer(t *testing.T) {
	forEachNetwork(t, func(t *testing.T, n *network) {
		ctx := context.Background()
		p, err := n.svc.Share(ctx, n.ana, library.NewPractice{Practice: kindred.Practice{Title: "Relational one-to-ones", Summary: "Meet people."}})
		if err != nil {
			t.Fatal(err)
		}
		stored, err := n.s.Practice(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(stored.Contacts) != 1 || stored.Contacts[0].MemberID != n.ana.MemberID() || len(stored.Sources) != 1 || stored.Sources[0].Kind != "member" {
			t.Errorf("ana's practice: contacts %+v, sources %+v; want ana as both", stored.Contacts, stored.Sources)
		}
		if p, err := n.svc.Share(ctx, n.adi, library.NewPractice{Practice: kindred.Practice{Title: "Open ledgers"}}); err != nil || len(p.Contacts) != 0 {
			t.Errorf("the administrator, without a profile, shares: %+v (%v), want no contact", p, err)
		}
		if audits, events := count(t, n.s, "practice.create", kindred.EventPracticeShared); audits != 2 || events != 2 {
			t.Errorf("%d audit entries and %d events for two practices, want 2 and 2", audits, events)
		}
		_, err = n.svc.Share(ctx, n.ana, library.NewPractice{Practice: kindred.Practice{Summary: "No title"}})
		if kindred.ErrorFields(err)["title"] == "" {
			t.Errorf("a practice without a title: %v, want EINVALID on title", err)
		}
		_, err = n.svc.Share(ctx, &kindred.Viewer{}, library.NewPractice{Practice: kindred.Practice{Title: "Anonymous"}})
		if kindred.ErrorCode(err) != kindred.EUNAUTHORIZED {
			t.Errorf("an anonymous share: %v, want EUNAUTHORIZED", err)
		}
		_, err = n.svc.Share(ctx, n.ana, library.NewPractice{Practice: kindred.Practice{Title: "From nowhere"}, NoteID: 4242})
		if kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("a practice from a note that is not for ana: %v, want ENOTFOUND", err)
		}
	})
}

// TestAdoptionsForOnesOwnOrganizations is issue #14's item on adoptions:
// members record them for where they work, organizers for their cities'
// organizations, network-wide organizers and administrators for all.
func TestAdoptionsForOnesOwnOrganizations(t *testing.T) {
	forEachNetwork(t, func(t *testing.T, n *network) {
		ctx := context.Background()
		p, err := n.svc.Share(ctx, n.adi, library.NewPractice{Practice: kindred.Practice{Title: "Shift swaps by text"}})
		if err != nil {
			t.Fatal(err)
		}
		adopt := func(v *kindred.Viewer, org *kindred.Organization) error {
			_, err := n.svc.RecordAdoption(ctx, v, library.NewAdoption{PracticeID: p.ID, OrganizationID: org.ID, Outcome: kindred.OutcomeWorked,
				AdoptedOn: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)})
			return err
		}
		cases := []struct {
			name string
			v    *kindred.Viewer
			org  *kindred.Organization
			want string
		}{
			{"ana for her union", n.ana, n.union, ""},
			{"ana for the Boston clinic", n.ana, n.clinic, kindred.EFORBIDDEN},
			{"olu for a Chicago organization", n.olu, n.union, ""},
			{"olu for a Boston organization", n.olu, n.clinic, kindred.EFORBIDDEN},
			{"bo for the Chicago union", n.bo, n.union, kindred.EFORBIDDEN},
			{"adi, administrator", n.adi, n.clinic, ""},
		}
		for _, c := range cases {
			if err := adopt(c.v, c.org); kindred.ErrorCode(err) != c.want {
				t.Errorf("%s: %v, want %q", c.name, err, c.want)
			}
		}
		if audits, events := count(t, n.s, "adoption.create", kindred.EventAdoptionRecorded); audits != 3 || events != 3 {
			t.Errorf("%d audit entries and %d events for three adoptions, want 3 and 3", audits, events)
		}
		if stored, _ := n.s.Practice(ctx, p.ID); stored.Stage != kindred.StageTried || len(stored.Adoptions) != 3 {
			t.Errorf("after three adoptions that worked: stage %s, %d adoptions; want tried and 3", stored.Stage, len(stored.Adoptions))
		}
		_, err = n.svc.RecordAdoption(ctx, n.adi, library.NewAdoption{PracticeID: p.ID, OrganizationID: 999, Outcome: kindred.OutcomeTried, AdoptedOn: time.Now()})
		if kindred.ErrorFields(err)["organization"] == "" {
			t.Errorf("an organization that does not exist: %v, want EINVALID on organization", err)
		}
		choices, err := n.svc.AdoptionChoices(ctx, n.olu)
		if err != nil || len(choices) != 1 || choices[0].ID != n.union.ID {
			t.Errorf("olu's choices: %v (%v), want the union only", choices, err)
		}
	})
}

// TestCuratorsEditPractices: organizers and administrators edit a
// practice's text; its sources and contacts stay.
func TestCuratorsEditPractices(t *testing.T) {
	forEachNetwork(t, func(t *testing.T, n *network) {
		ctx := context.Background()
		p, err := n.svc.Share(ctx, n.ana, library.NewPractice{Practice: kindred.Practice{Title: "Door knocking"}})
		if err != nil {
			t.Fatal(err)
		}
		change := library.PracticeChange{ID: p.ID, Title: "Door knocking with tablets", Stage: kindred.StageTried}
		if _, err := n.svc.Update(ctx, n.ana, change); kindred.ErrorCode(err) != kindred.EFORBIDDEN {
			t.Errorf("ana edits a practice: %v, want EFORBIDDEN", err)
		}
		got, err := n.svc.Update(ctx, n.olu, change)
		if err != nil || got.Title != change.Title || len(got.Contacts) != 1 || len(got.Sources) != 1 {
			t.Errorf("olu edits it: %+v (%v), want the new title, ana kept as contact and source", got, err)
		}
		if _, err := n.svc.Update(ctx, n.olu, library.PracticeChange{ID: p.ID}); kindred.ErrorFields(err)["title"] == "" {
			t.Errorf("a practice edited without a title: %v, want EINVALID on title", err)
		}
	})
}
