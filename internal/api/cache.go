package api

import (
	"bytes"
	"errors"
	"maps"
	"net/http"
	"strconv"

	"github.com/kindredhq/kindred/internal/store"
)

// Tables each cached list reads, as the store declares them beside its
// SQL, besides the caller's account.
var (
	memberListTables    = store.MemberTables
	orgListTables       = store.OrganizationTables
	cityListTables      = store.CityTables
	practiceListTables  = store.PracticeTables
	gatheringListTables = store.GatheringTables
)

// response is a list answer kept in the cache.
type response struct {
	header http.Header
	body   []byte
}

// recorder captures what a handler writes.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(b)
}

// notCached carries an answer other than 200, which is sent but not kept.
type notCached struct{ rec *recorder }

func (notCached) Error() string { return "answer not cached" }

// cachedList serves a list from a.lists while none of the tables it reads
// (nor the caller's account) changed, and for at most store.CacheTTL: the
// same first pages are asked for again and again, and building a page of
// members costs twenty times what sending it does. Answers are kept per
// account and URL, so each caller still sees exactly what they may see.
func (a *API) cachedList(tables []string, h http.HandlerFunc) http.HandlerFunc {
	tables = append([]string{"accounts", "organizer_cities"}, tables...)
	return func(w http.ResponseWriter, r *http.Request) {
		key := strconv.FormatInt(accountFrom(r.Context()).ID, 10) + " " + r.URL.Path + "?" + r.URL.RawQuery
		resp, err := a.lists.Get(a.Store, key, tables, func() (response, error) {
			rec := &recorder{header: http.Header{}}
			h(rec, r)
			if rec.status != http.StatusOK {
				return response{}, notCached{rec}
			}
			return response{rec.header, rec.body.Bytes()}, nil
		})
		var nc notCached
		switch {
		case errors.As(err, &nc):
			send(w, nc.rec.header, nc.rec.status, nc.rec.body.Bytes())
		case err != nil:
			writeError(w, r, err, a.Logger)
		default:
			send(w, resp.header, http.StatusOK, resp.body)
		}
	}
}

// send writes a recorded answer.
func send(w http.ResponseWriter, header http.Header, status int, body []byte) {
	maps.Copy(w.Header(), header)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
