package web

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// Text the server takes is valid UTF-8 without NUL bytes: PostgreSQL
// stores no other (text and jsonb refuse NUL, text refuses invalid UTF-8),
// and no field of vpcboard means a control character that terminates C
// strings. Such input is refused where it comes in, with 400 naming the
// field, before anything reads it: the path and query by checkURL (before
// the session is looked up), bodies by checkBody (once the route's access
// is checked): form fields by name, JSON strings and keys (of a JSON body,
// or of JSON in a form field) by their path in the document. One check at
// the edge, not one per handler, so that a route added later is covered.

// textProblem says what is wrong with s as text, "" if nothing.
func textProblem(s string) string {
	switch {
	case strings.IndexByte(s, 0) >= 0:
		return "holds a NUL byte"
	case !utf8.ValidString(s):
		return "is not valid UTF-8"
	}
	return ""
}

func badText(field, problem string) error {
	return apiErrorf(http.StatusBadRequest, "bad_text", field, "%s %s: text must be UTF-8 without NUL bytes", field, problem)
}

// checkURL refuses a request whose path or query parameters are not text.
func checkURL(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		u := c.Request().URL
		if p := textProblem(u.Path); p != "" {
			return badText("path", p)
		}
		// What parses is what handlers see (echo, like net/url, skips a
		// malformed pair).
		q, _ := url.ParseQuery(u.RawQuery)
		if err := checkValues(q, "query"); err != nil {
			return err
		}
		return next(c)
	}
}

// checkValues checks the names and values of a query or form (what
// names it in an error about a name).
func checkValues(v url.Values, what string) error {
	for _, k := range slices.Sorted(maps.Keys(v)) {
		if p := textProblem(k); p != "" {
			return apiErrorf(http.StatusBadRequest, "bad_text", what, "the %s name %s %s: text must be UTF-8 without NUL bytes",
				what, strconv.QuoteToASCII(k), p)
		}
		for _, s := range v[k] {
			if p := textProblem(s); p != "" {
				return badText(k, p)
			}
			// A form field may hold JSON (the inspector's lists, the ops
			// of an undo), whose escapes can spell a NUL.
			if strings.Contains(s, `\u0000`) && json.Valid([]byte(s)) {
				if path, p := jsonTextProblem([]byte(s)); p != "" {
					return badText(subPath(k, path), p)
				}
			}
		}
	}
	return nil
}

// subPath is the path of a JSON path inside field.
func subPath(field, path string) string {
	switch {
	case path == "body":
		return field
	case strings.HasPrefix(path, "["):
		return field + path
	}
	return field + "." + path
}

// checkBody refuses a request whose body holds a form field, a file
// name or a JSON string that is not text. A body no middleware has read
// is read here and put back for the handler, which may read it raw.
func checkBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		ct, _, _ := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
		switch {
		case r.MultipartForm != nil:
			if err := checkMultipart(r.MultipartForm); err != nil {
				return err
			}
		case ct == echo.MIMEApplicationForm && r.PostForm != nil:
			if err := checkValues(r.PostForm, "form"); err != nil {
				return err
			}
		case r.Body != nil && r.Body != http.NoBody:
			data, err := readBody(c)
			if err != nil {
				return err
			}
			r.Body = io.NopCloser(bytes.NewReader(data))
			if err := checkBodyText(r.Header.Get(echo.HeaderContentType), data); err != nil {
				return err
			}
		}
		return next(c)
	}
}

func checkMultipart(f *multipart.Form) error {
	if err := checkValues(f.Value, "form"); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(f.File)) {
		for _, fh := range f.File[name] {
			if p := textProblem(fh.Filename); p != "" {
				return badText(name, "file name "+p)
			}
		}
	}
	return nil
}

// checkBodyText checks a body by its content type: a form's fields, a
// multipart form's fields and file names (not the files), the strings
// of anything else that is JSON, and the bytes of anything else.
func checkBodyText(contentType string, data []byte) error {
	if len(data) == 0 {
		return nil
	}
	ct, params, _ := mime.ParseMediaType(contentType)
	switch ct {
	case echo.MIMEApplicationForm:
		if v, err := url.ParseQuery(string(data)); err == nil {
			return checkValues(v, "form")
		}
	case "application/zip":
		return nil // a Terraform configuration: binary; what it holds is read as configuration and checked as a design
	case "multipart/form-data":
		form, err := multipart.NewReader(bytes.NewReader(data), params["boundary"]).ReadForm(32 << 20)
		if err != nil {
			return nil // the handler says what is wrong with it
		}
		defer form.RemoveAll()
		return checkMultipart(form)
	}
	if utf8.Valid(data) && bytes.IndexByte(data, 0) < 0 && !bytes.Contains(data, []byte(`\u0000`)) {
		return nil
	}
	if json.Valid(data) {
		if path, p := jsonTextProblem(data); p != "" {
			return badText(path, p)
		}
		return nil
	}
	if p := textProblem(string(data)); p != "" {
		return badText("body", p)
	}
	return nil
}

// jsonTextProblem finds the first string of a JSON document, object keys
// included, that is not text: its path ("ops[0].value.tags.Name", "body"
// for the document itself) and what is wrong with it.
func jsonTextProblem(data []byte) (path, problem string) {
	type frame struct {
		object bool
		key    string // the key of the member being read
		index  int    // the index of the element being read
		atKey  bool   // the next token of the object is a key
	}
	var stack []*frame
	pathOf := func(key string) string {
		var b strings.Builder
		for _, f := range stack {
			switch {
			case f.object && f.atKey:
			case f.object:
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			default:
				b.WriteString("[" + strconv.Itoa(f.index) + "]")
			}
		}
		if key != "" {
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(key)
		}
		if b.Len() == 0 {
			return "body"
		}
		return b.String()
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return "", ""
		}
		raw := data[start:dec.InputOffset()]
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			if len(stack) > 0 && stack[len(stack)-1].object {
				stack[len(stack)-1].atKey = true
			}
			continue
		}
		if top != nil && top.object && top.atKey {
			key, _ := tok.(string)
			problem := textProblem(key)
			if problem == "" && !utf8.Valid(raw) {
				problem = "is not valid UTF-8"
			}
			if problem != "" {
				return pathOf(strconv.QuoteToASCII(key)), "(a key) " + problem
			}
			top.key, top.atKey = key, false
			continue
		}
		if top != nil && !top.object {
			top.index++
		}
		switch x := tok.(type) {
		case json.Delim:
			stack = append(stack, &frame{object: x == '{', atKey: x == '{', index: -1})
			continue
		case string:
			problem := textProblem(x)
			if problem == "" && !utf8.Valid(raw) {
				problem = "is not valid UTF-8"
			}
			if problem != "" {
				return pathOf(""), problem
			}
		}
		if top != nil && top.object {
			top.atKey = true
		}
	}
}
