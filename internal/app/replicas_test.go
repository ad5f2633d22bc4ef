package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestWriteMarkerAcrossInstances runs two instances on a primary with a
// streaming replica, as behind a load balancer. A visitor who wrote (here:
// signed in, which stores a session) while the replica lags gets the write
// marker cookie, and their next page on the other instance reads from the
// primary; a visitor who wrote nothing new reads that page from the replica.
func TestWriteMarkerAcrossInstances(t *testing.T) {
	pair := testutil.NewReplicaPair(t)
	opts := testutil.ServerOptions{DSN: pair.Primary, Replicas: []string{pair.Replica}}
	one, two := testutil.StartServer(t, opts), testutil.StartServer(t, opts)
	ada := testutil.CreateAccount(t, one.Store, "ada@example.org", kindred.RoleMember)
	grace := testutil.CreateAccount(t, one.Store, "grace@example.org", kindred.RoleMember)
	earlier := testutil.SignedInClient(t, one, grace.ID)
	m1, m2 := addMember(t, one.Store, "Lin Wu"), addMember(t, one.Store, "Ines Duarte")
	pair.WaitCaughtUp(t)
	two.Store.CheckReplicas(context.Background())

	pair.PauseReplay(t)
	wrote := testutil.SignedInClient(t, one, ada.ID)
	if marker(wrote, one.URL) == "" {
		t.Fatal("signing in (a write) set no kindred_wrote cookie")
	}
	// Each reads another member's page, so neither is served from the
	// other's cached reads.
	for _, c := range []struct {
		name        string
		client      *http.Client
		member      int64
		fromReplica bool
	}{{"the visitor who just wrote", wrote, m1, false}, {"a visitor who wrote before", earlier, m2, true}} {
		before := replicaReads(two.Store)
		resp, err := c.client.Get(fmt.Sprintf("%s/network/members/%d", two.URL, c.member))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: GET a member page on the other instance: %d", c.name, resp.StatusCode)
		}
		if got := replicaReads(two.Store) > before; got != c.fromReplica {
			t.Errorf("%s: the page read from the replica: %v, want %v", c.name, got, c.fromReplica)
		}
	}
	pair.ResumeReplay(t)
}

func addMember(t *testing.T, s *store.Store, name string) int64 {
	t.Helper()
	m := &kindred.Member{Name: name}
	if err := s.WithTx(context.Background(), func(tx *store.Tx) error { _, err := tx.CreateMember(context.Background(), m); return err }); err != nil {
		t.Fatal(err)
	}
	return m.ID
}

func marker(c *http.Client, base string) string {
	u, _ := url.Parse(base)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "kindred_wrote" {
			return ck.Value
		}
	}
	return ""
}

func replicaReads(s *store.Store) uint64 {
	var n uint64
	for _, r := range s.ReadStats().Replicas {
		n += r.Reads
	}
	return n
}
