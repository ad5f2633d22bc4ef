package kindred

import (
	"net/url"
	"strings"
)

// MaxNextLen bounds where-to-go-next paths; longer ones fall back to "/".
const MaxNextLen = 2048

// SafeNext returns next when it is a path on this site, and "/" otherwise:
// it is where a person goes after signing in, and a link anyone can send
// must not carry them to another site. Browsers read a URL leniently — they
// drop tabs and newlines anywhere, trim spaces and control characters at
// the ends, read a backslash as a slash and "//host" as another host — so
// only a plain path survives: printable ASCII without backslashes, one "/"
// at the start, not followed by another slash or a backslash even once
// percent-decoded, and no scheme or host when parsed.
func SafeNext(next string) string {
	if next == "" || len(next) > MaxNextLen || !plainPath(next) || !ascii(next) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	path, _, _ := strings.Cut(next, "?")
	path, _, _ = strings.Cut(path, "#")
	decoded, err := url.PathUnescape(path)
	if err != nil || !plainPath(decoded) {
		return "/"
	}
	return next
}

// plainPath reports whether p starts with one slash, not followed by a
// slash or backslash, and holds no control character, space or backslash.
func plainPath(p string) bool {
	if p == "" || p[0] != '/' || (len(p) > 1 && (p[1] == '/' || p[1] == '\\')) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; c <= ' ' || c == 0x7f || c == '\\' {
			return false
		}
	}
	return true
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
