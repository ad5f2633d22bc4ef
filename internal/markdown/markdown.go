// Package markdown renders the Markdown people write (practices, notes) to
// safe HTML: goldmark with GitHub-flavoured extensions, then bluemonday's
// user-content policy, so scripts, event handlers and javascript: links never
// reach a page.
package markdown

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Renderer turns Markdown into sanitized HTML. It is safe for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New returns a Renderer.
func New() *Renderer {
	p := bluemonday.UGCPolicy()
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	return &Renderer{md: goldmark.New(goldmark.WithExtensions(extension.GFM)), policy: p}
}

// Render returns the sanitized HTML of src. Raw HTML in src is escaped or
// removed; the error is goldmark's, which only fails on writer errors.
func (r *Renderer) Render(src string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf); err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	return template.HTML(r.policy.SanitizeBytes(buf.Bytes())), nil
}
