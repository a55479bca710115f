package design

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Decode reads a design file: JSON of the current format version, with no
// unknown fields, valid IDs, and no ID used by two resources. It does not
// check references or values (see Check). Errors are *FieldError values
// with ReasonFormat whose message gives the line and column.
func Decode(r io.Reader) (*Design, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("design: read: %w", err)
	}
	return DecodeBytes(data)
}

// DecodeBytes is Decode on a byte slice.
func DecodeBytes(data []byte) (*Design, error) {
	var probe struct {
		Format *int `json:"format"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, &FieldError{Reason: ReasonFormat, Msg: describeJSONError(data, err).Error()}
	}
	switch {
	case probe.Format == nil:
		return nil, &FieldError{Path: "format", Reason: ReasonFormat, Msg: fmt.Sprintf("missing format version (want \"format\": %d)", FormatVersion)}
	case *probe.Format != FormatVersion:
		return nil, &FieldError{Path: "format", Reason: ReasonFormat, Msg: fmt.Sprintf("format version %d is not supported (this vpcboard reads version %d)", *probe.Format, FormatVersion)}
	}
	d := new(Design)
	if err := decodeStrict(data, d); err != nil {
		return nil, &FieldError{Reason: ReasonFormat, Msg: err.Error()}
	}
	owner := map[string]Kind{}
	var ferr *FieldError
	for _, k := range kinds {
		k.setIDs(d, func(id string) {
			path := fmt.Sprintf("%s[%s]", k.kind, id)
			switch {
			case ferr != nil:
			case !ValidID(id):
				ferr = &FieldError{Path: path, Reason: ReasonFormat, Msg: fmt.Sprintf("%q is not a valid id (1-255 letters, digits, '.', '_', ':' or '-', starting with a letter or digit)", id)}
			case owner[id] != "":
				ferr = &FieldError{Path: path, Reason: ReasonFormat, Msg: fmt.Sprintf("id %q is also used by %s[%s]; ids are unique in a design", id, owner[id], id)}
			default:
				owner[id] = k.kind
			}
		})
	}
	if ferr != nil {
		return nil, ferr
	}
	return d, nil
}

// Encode writes d as an indented design file. Maps are written in key
// order, so the same design always gives the same bytes, and Encode of a
// decoded canonical file gives back the file byte for byte.
func Encode(w io.Writer, d *Design) error {
	b, err := Marshal(d)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Marshal returns the design file of d.
func Marshal(d *Design) ([]byte, error) {
	out := *d
	out.Format = FormatVersion
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&out); err != nil {
		return nil, fmt.Errorf("design: encode: %w", err)
	}
	return buf.Bytes(), nil
}

// MarshalCompact returns the design file of d without indentation or
// line breaks: for a reader that parses it again (PostgreSQL's jsonb
// stores a parsed form), at about half the cost of Marshal.
func MarshalCompact(d *Design) ([]byte, error) {
	out := *d
	out.Format = FormatVersion
	b, err := json.Marshal(&out)
	if err != nil {
		return nil, fmt.Errorf("design: encode: %w", err)
	}
	return b, nil
}

// describeJSONError turns encoding/json errors into messages with a line
// and column and, for type errors, the field.
func describeJSONError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.As(err, &syn) && truncated(syn):
		line, col := lineCol(data, int64(len(data)))
		if len(strings.TrimSpace(string(data))) == 0 {
			return fmt.Errorf("line %d, column %d: empty input: want a design file (a JSON object)", line, col)
		}
		return fmt.Errorf("line %d, column %d: unexpected end of input (truncated file?)", line, col)
	case errors.As(err, &syn):
		line, col := lineCol(data, syn.Offset)
		return fmt.Errorf("line %d, column %d: %v", line, col, syn)
	case errors.As(err, &typ):
		line, col := lineCol(data, typ.Offset)
		field := typ.Field
		if field == "" {
			field = "value"
		}
		return fmt.Errorf("line %d, column %d: %s: got JSON %s, want %s", line, col, field, typ.Value, jsonTypeName(typ.Type.String()))
	}
	return err
}

// truncated says whether a syntax error is the end of the input (Go 1.27's
// encoding/json says so in a SyntaxError, earlier ones with
// io.ErrUnexpectedEOF).
func truncated(syn *json.SyntaxError) bool {
	return strings.Contains(syn.Error(), "unexpected end of JSON input")
}

func jsonTypeName(goType string) string {
	switch goType {
	case "string", "design.Protocol", "design.Kind", "design.Action", "design.TargetType", "design.Connectivity",
		"design.EndpointType", "design.WorkloadType", "design.OpType":
		return "a string"
	case "int", "int64":
		return "an integer"
	case "bool", "*bool":
		return "true or false"
	case "[]string":
		return "a list of strings"
	}
	if len(goType) > 2 && goType[:2] == "[]" {
		return "a list"
	}
	return "an object"
}

func lineCol(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	line, col = 1, 1
	for _, c := range data[:offset] {
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}
