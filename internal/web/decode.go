package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// readBody reads the whole request body (the limit is bodyLimit's).
func readBody(c echo.Context) ([]byte, error) {
	data, err := io.ReadAll(c.Request().Body)
	var mbe *http.MaxBytesError
	var ae *apiError // too slow (bodyDeadline)
	if errors.As(err, &mbe) || errors.As(err, &ae) {
		return nil, err
	}
	if err != nil {
		return nil, apiErrorf(http.StatusBadRequest, "bad_body", "body", "read the body: %v", err)
	}
	return data, nil
}

// decodeJSON decodes a JSON body into v strictly: unknown fields and
// trailing data are errors that name what is wrong.
func decodeJSON(c echo.Context, v any) error {
	data, err := readBody(c)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return apiErrorf(http.StatusBadRequest, "bad_json", "body", "empty body; want a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return apiErrorf(http.StatusBadRequest, "bad_json", te.Field, "field %s: want %s, got JSON %s", te.Field, te.Type, te.Value)
		}
		return apiErrorf(http.StatusBadRequest, "bad_json", "body", "malformed JSON: %v", err)
	}
	if dec.More() {
		return apiErrorf(http.StatusBadRequest, "bad_json", "body", "unexpected data after the JSON value")
	}
	return nil
}

// versionParam reads an optional positive version from the query or a
// path parameter; 0 when absent.
func versionParam(s, name string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 1 {
		return 0, apiErrorf(http.StatusBadRequest, "bad_request", name, "%s %q is not a version (want a positive integer)", name, s)
	}
	return v, nil
}

func badRequest(field, format string, args ...any) error {
	return apiErrorf(http.StatusBadRequest, "bad_request", field, "%s", fmt.Sprintf(format, args...))
}
