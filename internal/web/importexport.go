package web

import (
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/kindredhq/kindred/internal/directory"
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
func (s *Server) importPage(w http.ResponseWriter, r *http.Request) error {
	if err := viewerFrom(r).MayImport(); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "import", page{Title: "Import", Nav: "network", Data: importData{Kind: "members", DryRun: true}})
	return nil
}

// importUpload checks or imports an uploaded CSV file and shows the report.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) error {
	viewer := viewerFrom(r)
	if err := viewer.MayImport(); err != nil {
		return err // before reading an upload it may not send
	}
	d := importData{Kind: r.FormValue("kind"), DryRun: r.FormValue("dry_run") != ""}
	p := page{Title: "Import", Nav: "network"}
	kind, err := imports.ParseKind(d.Kind)
	var file io.ReadCloser
	if err == nil {
		file, d.File, err = uploadedFile(r)
	}
	if err == nil {
		defer file.Close()
		var rep imports.Report
		rep, err = s.Directory.Import(r.Context(), viewer, kind, file,
			directory.ImportOptions{DryRun: d.DryRun, SkipBad: r.FormValue("skip_bad") != ""})
		d.Report = &rep
	}
	status := http.StatusOK
	if err != nil {
		if !formProblem(err) {
			return err
		}
		p.Error, p.Errors, status = kindred.ErrorMessage(err), kindred.ErrorFields(err), http.StatusUnprocessableEntity
	}
	p.Data = d
	s.render(w, r, status, "import", p)
	return nil
}

// uploadedFile opens the uploaded file and returns its name.
func uploadedFile(r *http.Request) (io.ReadCloser, string, error) {
	file, hdr, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, "", fileProblem("is larger than 64 MB; split it into smaller files")
		}
		return nil, "", fileProblem("is missing; choose a CSV file")
	}
	return file, hdr.Filename, nil
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
