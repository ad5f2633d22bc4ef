package web_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// readNetworkScript reads a network file with networkx (Kumu's JSON with
// Python's json) and prints {"nodes": {id: {attr: value}}, "edges": [[a, b,
// weight]]}, every value a string, so the test compares what an outside
// tool reads, not what Kindred meant to write.
const readNetworkScript = `
import json, sys
import networkx as nx
from networkx.readwrite import gexf
if "1.3" not in gexf.GEXF.versions:
    gexf.GEXF.versions["1.3"] = {"NS_GEXF": "http://gexf.net/1.3", "NS_VIZ": "http://gexf.net/1.3/viz",
        "NS_XSI": "http://www.w3.org/2001/XMLSchema-instance",
        "SCHEMALOCATION": "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd", "VERSION": "1.3"}
fmt, path = sys.argv[1], sys.argv[2]
if fmt == "gexf":
    G = nx.read_gexf(path)
elif fmt == "graphml":
    G = nx.read_graphml(path)
else:
    doc = json.load(open(path, encoding="utf-8"))
    G = nx.Graph()
    for el in doc["elements"]:
        G.add_node(el["id"], **{k: v for k, v in el.items() if k != "id"})
    for c in doc["connections"]:
        G.add_edge(c["from"], c["to"], weight=c.get("weight", 1))
def s(v):
    return str(int(v)) if isinstance(v, float) and v == int(v) else str(v)
print(json.dumps({
    "nodes": {str(n): {k: s(v) for k, v in d.items() if k in ("label", "organization", "city", "community")} for n, d in G.nodes(data=True)},
    "edges": sorted([sorted([str(u), str(v)]) + [s(d.get("weight", 1))] for u, v, d in G.edges(data=True)]),
}))
`

type readNetwork struct {
	Nodes map[string]map[string]string `json:"nodes"`
	Edges [][]string                   `json:"edges"`
}

// TestNetworkDownloadsReadBackByNetworkx is issue 22's export check: the
// Emergence page's and the API's downloads, read by networkx, hold exactly
// the members and ties their viewer may see — never a hidden tie, never an
// organization or city a member keeps from that viewer.
func TestNetworkDownloadsReadBackByNetworkx(t *testing.T) {
	t.Parallel()
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import networkx").Run(); err != nil {
		t.Skip("no networkx for /usr/bin/python3 (apt-get install python3-networkx)")
	}
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	n := seedNetwork(t, srv.Store)
	ctx := context.Background()
	ana := &kindred.Member{Name: "Ana Ruiz", CityID: n.chicago.ID,
		Affiliations: []kindred.Affiliation{{OrganizationID: n.union.ID, Role: "Steward"}},
		Visibility:   kindred.Visibility{kindred.FieldAffiliations: kindred.LevelOrganizers, kindred.FieldCity: kindred.LevelOrganizers}}
	lee := &kindred.Member{Name: "Lee Park", CityID: n.boston.ID}
	err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		for _, m := range []*kindred.Member{ana, lee} {
			if _, err := tx.CreateMember(ctx, m); err != nil {
				return err
			}
		}
		tie := func(a, b int64) (int64, error) {
			return tx.AddTie(ctx, kindred.Tie{A: a, B: b, Kind: kindred.TieSatTogether, Source: kindred.SourceGathering, HappenedOn: tx.Now()})
		}
		for _, p := range [][2]int64{{n.maria.ID, n.kwame.ID}, {n.maria.ID, n.kwame.ID}, {ana.ID, n.maria.ID}} {
			if _, err := tie(p[0], p[1]); err != nil {
				return err
			}
		}
		hidden, err := tie(lee.ID, n.kwame.ID)
		if err != nil {
			return err
		}
		return tx.SetTieHidden(ctx, hidden, lee.ID, true)
	})
	if err != nil {
		t.Fatal(err)
	}
	id := func(m *kindred.Member) string { return strconv.FormatInt(m.ID, 10) }
	edges := [][]string{sorted2(id(n.maria), id(n.kwame), "2"), sorted2(id(ana), id(n.maria), "1")}
	asMember := readNetwork{Edges: edges, Nodes: map[string]map[string]string{
		id(n.maria): {"label": "María Estrada", "organization": "Teachers Union Local 7", "city": "Chicago"},
		id(n.kwame): {"label": "Kwame Mensah", "organization": "Northside Clinic", "city": "Boston"},
		id(ana):     {"label": "Ana Ruiz"},
	}}
	asAdmin := readNetwork{Edges: edges, Nodes: map[string]map[string]string{
		id(n.maria): asMember.Nodes[id(n.maria)],
		id(n.kwame): asMember.Nodes[id(n.kwame)],
		id(ana):     {"label": "Ana Ruiz", "organization": "Teachers Union Local 7", "city": "Chicago"},
	}}
	sortEdges(edges)
	member := testutil.CreateAccount(t, srv.Store, "someone@example.org", kindred.RoleMember)
	admin := testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
	dir := t.TempDir()
	for _, format := range []string{"gexf", "graphml", "kumu"} {
		for _, c := range []struct {
			who  string
			acct *kindred.Account
			want readNetwork
		}{{"member", member, asMember}, {"admin", admin, asAdmin}} {
			resp, body := get(t, testutil.SignedInClient(t, srv, c.acct.ID), srv.URL+"/emergence/network?format="+format)
			if resp.StatusCode != 200 {
				t.Fatalf("%s downloads %s: %d %s", c.who, format, resp.StatusCode, body)
			}
			path := filepath.Join(dir, c.who+"."+format)
			if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(python, "-c", readNetworkScript, format, path).Output()
			if err != nil {
				t.Fatalf("networkx reads %s's %s: %v\n%s", c.who, format, err, body)
			}
			var got readNetwork
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("%s's %s as networkx reads it:\n got %v\nwant %v", c.who, format, got, c.want)
			}
		}
	}
	// The API answers the same file to the member's token.
	status, body := apiGet(t, srv.URL+"/api/v1/network?format=graphml", apiToken(t, srv.Store, member))
	if status != 200 {
		t.Fatalf("API download: %d %s", status, body)
	}
	_, page := get(t, testutil.SignedInClient(t, srv, member.ID), srv.URL+"/emergence/network?format=graphml")
	if string(body) != page {
		t.Errorf("the API's GraphML differs from the page's")
	}
	if resp, _ := get(t, testutil.SignedInClient(t, srv, member.ID), srv.URL+"/emergence/network?format=pdf"); resp.StatusCode != 422 {
		t.Errorf("an unknown format: %d", resp.StatusCode)
	}
}

func sorted2(a, b, w string) []string {
	if b < a {
		a, b = b, a
	}
	return []string{a, b, w}
}

func sortEdges(e [][]string) {
	for i := range e {
		for j := i + 1; j < len(e); j++ {
			if e[j][0] < e[i][0] || (e[j][0] == e[i][0] && e[j][1] < e[i][1]) {
				e[i], e[j] = e[j], e[i]
			}
		}
	}
}
