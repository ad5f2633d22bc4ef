// Package kindred holds Kindred's domain types, validation and permission
// rules. It depends on the standard library only; every other package speaks
// in these types.
package kindred

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes. Each maps to exactly one HTTP status in internal/httpx.
const (
	EINVALID      = "invalid"      // bad input; Fields says which
	ENOTFOUND     = "not_found"    // no such thing (or not visible to the caller)
	ECONFLICT     = "conflict"     // the change clashes with what is stored
	EUNAUTHORIZED = "unauthorized" // no valid credentials
	EFORBIDDEN    = "forbidden"    // valid credentials, not allowed
	ERATELIMIT    = "rate_limited" // too many attempts
	EGONE         = "gone"         // used or expired (links, tokens)
	EUNAVAILABLE  = "unavailable"  // a service Kindred relies on did not answer (an identity provider)
	EINTERNAL     = "internal"     // our fault; the cause is logged, not shown
)

// Error is an error meant for the person using Kindred: Message is a sentence
// they can act on and Fields maps form or JSON field names to problems.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+e.Fields[k])
	}
	return e.Message + " (" + strings.Join(parts, "; ") + ")"
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: the *Error's message,
// or a generic sentence for internal errors, whose cause must not leak.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on our side. Please try again; if it keeps happening, tell your administrator."
}

// ErrorFields returns the field problems of the *Error in err's chain, or nil.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects field problems while validating input.
// The zero value is ready to use.
type Problems map[string]string

// Add records a problem with field unless one is already recorded.
func (p *Problems) Add(field, problem string) {
	if *p == nil {
		*p = Problems{}
	}
	if _, ok := (*p)[field]; !ok {
		(*p)[field] = problem
	}
}

// Err returns an EINVALID *Error listing the problems, or nil when there are none.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	msg := "Please correct the highlighted field."
	if len(p) > 1 {
		msg = "Please correct the highlighted fields."
	}
	return &Error{Code: EINVALID, Message: msg, Fields: map[string]string(p)}
}
