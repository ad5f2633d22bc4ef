package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"github.com/kindredhq/kindred/internal/kindred"
)

//go:embed templates/*.txt templates/*.html
var templateFS embed.FS

// Composer renders messages from the embedded templates. Each message NAME
// has NAME.txt (first line "Subject: …", then the body) and optionally
// NAME.html for the HTML part, wrapped in layout.html.
type Composer struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// NewComposer parses every template; an error means a broken template in the
// binary and stops start-up.
func NewComposer() (*Composer, error) {
	t, err := texttemplate.ParseFS(templateFS, "templates/*.txt")
	if err != nil {
		return nil, fmt.Errorf("mail templates: %w", err)
	}
	h, err := htmltemplate.ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("mail templates: %w", err)
	}
	return &Composer{text: t, html: h}, nil
}

// Compose renders message name for to with data.
func (c *Composer) Compose(name, to string, data any) (kindred.Mail, error) {
	var txt bytes.Buffer
	if err := c.text.ExecuteTemplate(&txt, name+".txt", data); err != nil {
		return kindred.Mail{}, fmt.Errorf("compose %s: %w", name, err)
	}
	subject, body, ok := strings.Cut(txt.String(), "\n")
	if !ok || !strings.HasPrefix(subject, "Subject: ") {
		return kindred.Mail{}, fmt.Errorf("compose %s: template must start with a Subject: line", name)
	}
	m := kindred.Mail{To: to, Subject: strings.TrimPrefix(subject, "Subject: "), Text: strings.TrimLeft(body, "\n")}
	if c.html.Lookup(name+".html") != nil {
		var h bytes.Buffer
		if err := c.html.ExecuteTemplate(&h, name+".html", data); err != nil {
			return kindred.Mail{}, fmt.Errorf("compose %s: %w", name, err)
		}
		m.HTML = h.String()
	}
	return m, nil
}
