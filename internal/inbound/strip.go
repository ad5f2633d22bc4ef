package inbound

import (
	"regexp"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

// ReplyText returns what a person wrote in an email reply: the text above
// the quoted notification, without the quote's attribution line ("On …
// wrote:", in the languages mail programs write it), the lines quoted with
// ">", the notification's own "reply above this line" marker, and the
// signature (after "-- ", or a phone's "Sent from my …").
func ReplyText(text string) string {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(text, "\n")
	var out []string
	for i, line := range lines {
		t := strings.TrimSpace(line)
		if quoteStarts(lines, i) || signatureStarts(t) {
			break
		}
		if strings.HasPrefix(t, ">") {
			continue
		}
		out = append(out, strings.TrimRight(line, " \t"))
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// attribution matches the start of the line mail programs write above a
// quote, and wrote matches its end; the two may be one line or, when the
// program wrapped it, two.
var (
	attribution = regexp.MustCompile(`^(On|Le|El|Em|Am|Il|Op|Den|W dniu|在|Dne|Pe|På) .{4,}`)
	wrote       = regexp.MustCompile(`(wrote|a écrit|escribió|escreveu|schrieb|ha scritto|schreef|napisał|skrev|napsal|写道)\s*:?\s*$`)
	// outlookHeader, outlookSent and outlookSubject are the lines of the
	// header block Outlook writes above a quote.
	outlookHeader  = regexp.MustCompile(`^(From|De|Von|Van|Da|Od):\s`)
	outlookSent    = regexp.MustCompile(`^(Sent|Date|Envoyé|Enviado|Gesendet|Data):\s`)
	outlookSubject = regexp.MustCompile(`^(Subject|Objet|Asunto|Assunto|Betreff|Oggetto):\s`)
)

// quoteStarts reports whether the quoted message starts at line i.
func quoteStarts(lines []string, i int) bool {
	t := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(lines[i]), ">"))
	switch {
	case strings.Contains(t, kindred.ReplyAboveLine):
		return true
	case strings.HasPrefix(t, "-----Original Message-----"), strings.HasPrefix(t, "-----Mensaje original-----"),
		strings.HasPrefix(t, "-----Message d'origine-----"), strings.HasPrefix(t, "________________________________"):
		return true
	case attribution.MatchString(t):
		if wrote.MatchString(t) {
			return true
		}
		return i+1 < len(lines) && wrote.MatchString(strings.TrimSpace(lines[i+1]))
	case outlookHeader.MatchString(t):
		return outlookBlock(lines[i+1:])
	}
	return false
}

// outlookBlock reports whether the lines after a "From:" line carry the
// rest of a quoted header (Sent/Date and Subject within a few lines).
func outlookBlock(rest []string) bool {
	sent, subject := false, false
	for _, l := range rest[:min(len(rest), 5)] {
		l = strings.TrimSpace(l)
		sent = sent || outlookSent.MatchString(l)
		subject = subject || outlookSubject.MatchString(l)
	}
	return sent && subject
}

// signatureStarts reports whether a (trimmed) line starts a signature.
func signatureStarts(t string) bool {
	if t == "--" || t == "-- " || t == "__" {
		return true
	}
	for _, p := range []string{"Sent from my ", "Sent from Mail for ", "Get Outlook for ", "Envoyé de mon ", "Enviado desde mi ",
		"Enviado do meu ", "Von meinem "} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}
