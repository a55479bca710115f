package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"sort"
	"strconv"
	"strings"
)

// jsonSyntaxError marks a JSON error that might be YAML instead.
type jsonSyntaxError struct{ err error }

func (e *jsonSyntaxError) Error() string { return e.err.Error() }

// parseJSON reads a JSON template into a tree with line numbers.
func parseJSON(data []byte, b *budget) (*node, error) {
	p := jsonParser{dec: json.NewDecoder(bytes.NewReader(data)), b: b, lines: lineStarts(data), size: len(data)}
	p.dec.UseNumber()
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if _, err := p.dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &jsonSyntaxError{errorf(p.line(p.dec.InputOffset()), "unexpected data after the JSON value")}
	}
	return n, nil
}

type jsonParser struct {
	dec   *json.Decoder
	b     *budget
	lines []int
	size  int
}

// lineStarts returns the offsets at which lines begin.
func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// line returns the line (from 1) of the byte at offset.
func (p *jsonParser) line(offset int64) int {
	return sort.Search(len(p.lines), func(i int) bool { return int64(p.lines[i]) > offset })
}

func (p *jsonParser) fail(err error) error {
	var syn *json.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF),
		errors.As(err, &syn) && strings.Contains(syn.Error(), "unexpected end of JSON input"): // Go 1.27 says it so
		return &jsonSyntaxError{errorf(p.line(int64(p.size)-1), "unexpected end of input (truncated file?)")}
	case errors.As(err, &syn):
		return &jsonSyntaxError{errorf(p.line(syn.Offset-1), "%v", syn)}
	}
	return &jsonSyntaxError{errorf(0, "%v", err)}
}

func (p *jsonParser) value(depth int) (*node, error) {
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.fail(err)
	}
	line := p.line(p.dec.InputOffset() - 1)
	if depth > maxDepth {
		return nil, errorf(line, "template nested deeper than %d levels", maxDepth)
	}
	if err := p.b.node(line); err != nil {
		return nil, err
	}
	n := &node{line: line}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.kind = mapNode
			seen := map[string]int{}
			for p.dec.More() {
				kt, err := p.dec.Token()
				if err != nil {
					return nil, p.fail(err)
				}
				key, _ := kt.(string)
				kline := p.line(p.dec.InputOffset() - 1)
				if err := checkText(kline, key); err != nil {
					return nil, err
				}
				if first, dup := seen[key]; dup {
					return nil, errorf(kline, "duplicate key %q (first at line %d)", key, first)
				}
				seen[key] = kline
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.fields = append(n.fields, field{key: key, line: kline, val: v})
			}
		case '[':
			n.kind = listNode
			n.items = []*node{}
			for p.dec.More() {
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.items = append(n.items, v)
			}
		}
		if _, err := p.dec.Token(); err != nil {
			return nil, p.fail(err)
		}
	case string:
		if err := checkText(line, t); err != nil {
			return nil, err
		}
		n.kind, n.str = scalarNode, t
	case json.Number:
		n.kind, n.str, n.typ = scalarNode, t.String(), typeInt
		if strings.ContainsAny(n.str, ".eE") {
			n.typ = typeFloat
		}
	case bool:
		n.kind, n.str, n.typ = scalarNode, strconv.FormatBool(t), typeBool
	case nil:
		n.kind, n.typ = scalarNode, typeNull
	}
	return n, nil
}
