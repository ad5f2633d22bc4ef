package api

import (
	"encoding/json"
	"net/http"
	"slices"
	"sync"

	"github.com/kindredhq/kindred/internal/kindred"
)

// renderCacheSize bounds each renderCache (a member's JSON takes about a
// kilobyte, so some 10 MB at most); all entries are dropped when one more
// would exceed it.
const renderCacheSize = 10000

// renderCache keeps the JSON of list items, so a list asked for with a new
// filter or page encodes only the items it has not sent before. An entry is
// reused only while the item it was rendered from is the same (see get), so
// it can never be older than what the store hands out. The zero value is
// empty.
type renderCache[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]rendered[V]
}

// rendered is the JSON of one item and what it was rendered from.
type rendered[V any] struct {
	from V
	json []byte
}

// get returns the JSON of item under key: the kept one when same reports
// that item equals what it was rendered from, else render's, which is kept.
func (c *renderCache[K, V]) get(key K, item V, same func(a, b V) bool, render func() any) []byte {
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if ok && same(e.from, item) {
		return e.json
	}
	b, err := json.Marshal(render())
	if err != nil {
		panic(err) // list items hold only strings, numbers, times and slices of them
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= renderCacheSize {
		c.m = make(map[K]rendered[V])
	}
	c.m[key] = rendered[V]{item, b}
	c.mu.Unlock()
	return b
}

// memberView is what of a member one viewer sees: a bit for each of
// kindred.Fields the viewer may see, and one for whether they may edit the
// profile (which shows its visibility settings). toMember depends on the
// viewer only through these, so members render alike for viewers with the
// same view.
type memberView uint32

func viewOf(m *kindred.Member, viewer *kindred.Account) memberView {
	var v memberView
	for i, f := range kindred.Fields {
		if m.CanSee(viewer, f) {
			v |= 1 << i
		}
	}
	if m.CanEdit(viewer) {
		v |= 1 << len(kindred.Fields)
	}
	return v
}

// memberKey names one member's rendering for one view.
type memberKey struct {
	id   int64
	view memberView
}

// memberJSONFor returns toMember(m, viewer) as JSON. Members come from
// store.ListMembersShared, which hands out the same pointer until the member
// is read again, so the pointer tells a kept rendering is current.
func (a *API) memberJSONFor(m *kindred.Member, viewer *kindred.Account) []byte {
	return a.memberItems.get(memberKey{m.ID, viewOf(m, viewer)}, m,
		func(x, y *kindred.Member) bool { return x == y },
		func() any { return toMember(m, viewer) })
}

// orgJSONFor returns toOrg(o) as JSON. Organizations come as copies, so a
// kept rendering is reused only when every field it shows is equal.
func (a *API) orgJSONFor(o *kindred.Organization) []byte {
	j := toOrg(o)
	return a.orgItems.get(o.ID, j, sameOrg, func() any { return j })
}

// sameOrg reports whether x and y render alike. It compares every field of
// orgJSON (a test checks); times compare with == so that a change of zone
// counts as a change.
func sameOrg(x, y orgJSON) bool {
	return x.ID == y.ID && x.Name == y.Name && x.Slug == y.Slug && x.Kind == y.Kind && x.SizeBand == y.SizeBand &&
		x.Website == y.Website && x.Description == y.Description && slices.Equal(x.CityIDs, y.CityIDs) &&
		x.CreatedAt == y.CreatedAt
}

// writeList answers 200 with a list of items already encoded, exactly as
// writeJSON would encode list{Items: items, Next: next}.
func writeList(w http.ResponseWriter, items [][]byte, next string) {
	size := len(`{"items":[],"next":""}`) + len(next) + 8
	for _, it := range items {
		size += len(it) + 1
	}
	b := make([]byte, 0, size)
	b = append(b, `{"items":[`...)
	for i, it := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, it...)
	}
	n, _ := json.Marshal(next) // a string always encodes
	b = append(append(append(b, `],"next":`...), n...), "}\n"...)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}
