package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/imports"
	"github.com/kindredhq/kindred/internal/kindred"
)

// importData is what the import page shows.
type importData struct {
	Report *imports.Report
	Kind   string
	DryRun bool
	File   string
}

// importPage offers a CSV upload, checked first by default.
func (s *Server) importPage(w http.ResponseWriter, r *http.Request) {
	if !canManage(accountFrom(r.Context())) {
		s.errorPage(w, r, http.StatusForbidden, "Only organizers and administrators can import.")
		return
	}
	s.render(w, r, http.StatusOK, "import", page{Title: "Import", Nav: "network", Data: importData{Kind: "members", DryRun: true}})
}

// importUpload checks or imports an uploaded CSV file and shows the report.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) {
	viewer := accountFrom(r.Context())
	if !canManage(viewer) {
		s.errorPage(w, r, http.StatusForbidden, "Only organizers and administrators can import.")
		return
	}
	d := importData{Kind: r.FormValue("kind"), DryRun: r.FormValue("dry_run") != ""}
	p := page{Title: "Import", Nav: "network"}
	kind, err := imports.ParseKind(d.Kind)
	if err == nil {
		var rep imports.Report
		rep, err = s.runImport(r, kind, d.DryRun, r.FormValue("skip_bad") != "", viewer, &d.File)
		d.Report = &rep
	}
	if err != nil {
		if httpx.Status(err) >= 500 {
			s.serverError(w, r, err)
			return
		}
		p.Error, p.Errors = kindred.ErrorMessage(err), kindred.ErrorFields(err)
	}
	p.Data = d
	status := http.StatusOK
	if p.Error != "" {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "import", p)
}

// runImport runs the uploaded file as viewer, who may change members only in
// the cities they organize.
func (s *Server) runImport(r *http.Request, kind imports.Kind, dry, skip bool, viewer *kindred.Account, name *string) (imports.Report, error) {
	file, hdr, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return imports.Report{}, fileProblem("is larger than 64 MB; split it into smaller files")
		}
		return imports.Report{}, fileProblem("is missing; choose a CSV file")
	}
	defer file.Close()
	*name = hdr.Filename
	return imports.Run(r.Context(), s.Store, kind, file, imports.Options{DryRun: dry, SkipBad: skip, Actor: viewer.ID, Scope: viewer.CanOrganize})
}

func fileProblem(msg string) error {
	return &kindred.Error{Code: kindred.EINVALID, Message: "The file " + msg + ".", Fields: map[string]string{"file": msg}}
}

// export sends a CSV file of what the viewer may see.
func (s *Server) export(w http.ResponseWriter, r *http.Request) {
	kind, err := imports.ParseKind(r.PathValue("file"))
	if err != nil {
		s.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="kindred-`+string(kind)+`-`+time.Now().Format("2006-01-02")+`.csv"`)
	if err := imports.Export(r.Context(), s.Store, kind, w, accountFrom(r.Context())); err != nil {
		s.Logger.Error("export", "kind", kind, "err", err)
	}
}
