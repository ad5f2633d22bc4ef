package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/kindredhq/kindred/internal/kindred"
)

// decode reads a JSON body into v. Malformed JSON, unknown fields and wrong
// types are EINVALID errors that answer 400 (see badRequest).
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if dec.More() {
			return badRequest("The body must hold one JSON object.", nil)
		}
		return nil
	}
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return badRequest("The body is larger than 1 MB.", nil)
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("The body is not valid JSON.", nil)
	case errors.As(err, &typeErr):
		return badRequest("A field has the wrong type.", map[string]string{typeErr.Field: fmt.Sprintf("must be a %s", typeErr.Type)})
	case errors.Is(err, io.EOF):
		return badRequest("The body is empty; send a JSON object.", nil)
	}
	return badRequest("The body could not be read: "+err.Error(), nil)
}

// badRequestError marks malformed requests, which answer 400 rather than
// the 422 of well-formed but invalid ones.
type badRequestError struct{ err *kindred.Error }

func (e badRequestError) Error() string { return e.err.Error() }
func (e badRequestError) Unwrap() error { return e.err }

func badRequest(msg string, fields map[string]string) error {
	return badRequestError{&kindred.Error{Code: kindred.EINVALID, Message: msg, Fields: fields}}
}

// list is the shape of every list answer.
type list[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next"`
	// More is how many items follow this page, where a list counts them.
	More int `json:"more,omitempty"`
}

// queryLimit reads ?limit (1–200, default 50); a bad value is an EINVALID error.
func queryLimit(r *http.Request) (int, error) {
	s := r.URL.Query().Get("limit")
	if s == "" {
		return 50, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 200 {
		return 0, badRequest("limit must be a number from 1 to 200.", map[string]string{"limit": "must be 1–200"})
	}
	return n, nil
}

// queryID reads an optional numeric query parameter.
func queryID(r *http.Request, name string) (int64, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 {
		return 0, badRequest(name+" must be a positive number.", map[string]string{name: "must be a positive number"})
	}
	return n, nil
}

// pathID reads the {id} path value; a bad one is ENOTFOUND.
func pathID(r *http.Request) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || n < 1 {
		return 0, kindred.Errorf(kindred.ENOTFOUND, "No such %s.", "object")
	}
	return n, nil
}
