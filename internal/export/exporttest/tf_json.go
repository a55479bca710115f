package exporttest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// tfNode is a JSON value that keeps what encoding/json's maps lose: the
// order of object keys and every occurrence of a duplicated key.
type tfNode struct {
	kind tfKind
	text string    // a string's value, or a number's literal text
	b    bool      // a bool's value
	keys []string  // an object's keys, in document order (duplicates kept)
	vals []*tfNode // an object's values (parallel to keys), or an array's elements
}

type tfKind int

const (
	tfNull tfKind = iota
	tfString
	tfNumber
	tfBool
	tfObject
	tfArray
)

// get returns the first value of key in an object, or nil.
func (n *tfNode) get(key string) *tfNode {
	if n == nil || n.kind != tfObject {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// tfMaxDepth bounds nesting so a hostile input cannot exhaust the stack.
const tfMaxDepth = 1000

// tfParseJSON decodes one JSON document into a tfNode tree with
// json.Decoder tokens. Duplicated object keys are returned as problems
// (`path: duplicate key "k"`), the tree keeps both occurrences.
func tfParseJSON(data []byte) (*tfNode, []string, error) {
	p := &tfParser{dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	root, err := p.value("", 0)
	if err != nil {
		return nil, nil, err
	}
	if _, err := p.dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("data after the top-level value")
		}
		return nil, nil, err
	}
	return root, p.problems, nil
}

type tfParser struct {
	dec      *json.Decoder
	problems []string
}

// token is the next token; the input ending inside a value is an error.
func (p *tfParser) token() (json.Token, error) {
	tok, err := p.dec.Token()
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return tok, err
}

func (p *tfParser) value(path string, depth int) (*tfNode, error) {
	if depth > tfMaxDepth {
		return nil, fmt.Errorf("nested more than %d levels", tfMaxDepth)
	}
	tok, err := p.token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case nil:
		return &tfNode{kind: tfNull}, nil
	case string:
		return &tfNode{kind: tfString, text: t}, nil
	case json.Number:
		return &tfNode{kind: tfNumber, text: t.String()}, nil
	case bool:
		return &tfNode{kind: tfBool, b: t}, nil
	case json.Delim:
		switch t {
		case '{':
			n := &tfNode{kind: tfObject}
			seen := map[string]bool{}
			for p.dec.More() {
				kt, err := p.token()
				if err != nil {
					return nil, err
				}
				key, ok := kt.(string)
				if !ok {
					return nil, fmt.Errorf("object key %v is not a string", kt)
				}
				if seen[key] {
					where := path
					if where == "" {
						where = "(top level)"
					}
					p.problems = append(p.problems, where+": duplicate key "+strconv.Quote(key))
				}
				seen[key] = true
				v, err := p.value(tfJoin(path, key), depth+1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, key)
				n.vals = append(n.vals, v)
			}
			if _, err := p.token(); err != nil { // '}'
				return nil, err
			}
			return n, nil
		case '[':
			n := &tfNode{kind: tfArray}
			for p.dec.More() {
				v, err := p.value(tfIndex(path, len(n.vals)), depth+1)
				if err != nil {
					return nil, err
				}
				n.vals = append(n.vals, v)
			}
			if _, err := p.token(); err != nil { // ']'
				return nil, err
			}
			return n, nil
		}
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}
