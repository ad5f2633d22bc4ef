package api

import (
	"bytes"
	"net/http"

	"github.com/kindredhq/kindred/internal/directory"
	"github.com/kindredhq/kindred/internal/kindred"
)

// exportNetwork answers the relationship network the token's account may see
// as a GEXF, GraphML or Kumu JSON file (directory.Service.ExportNetwork).
func (a *API) exportNetwork(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	scope, err := directory.ParseScope(q.Get("city"), q.Get("until"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := a.Directory.ExportNetwork(r.Context(), kindred.ViewerFrom(r.Context()), scope, q.Get("format"), &buf); err != nil {
		return err
	}
	f, _ := directory.ExportFormat(q.Get("format"))
	w.Header().Set("Content-Type", f.MediaType())
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `attachment; filename="kindred-network`+f.Extension()+`"`)
	_, _ = buf.WriteTo(w)
	return nil
}

// networkMap answers the map the Emergence page draws, as the token's
// account may see it (directory.Service.NetworkMap).
func (a *API) networkMap(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	mq, err := directory.ParseMapQuery(q.Get("city"), q.Get("until"), q.Get("community"), q.Get("q"))
	if err != nil {
		return err
	}
	m, err := a.Directory.NetworkMap(r.Context(), kindred.ViewerFrom(r.Context()), mq)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}
