package design

import "encoding/json"

// Opaque is a resource of a type the model does not know, kept from an
// imported template so that nothing is dropped: its CloudFormation type and
// its properties as JSON.
type Opaque struct {
	Base
	Type       string          `json:"type"`
	Properties json.RawMessage `json:"properties,omitempty"`
}

// Kind returns KindOpaque.
func (*Opaque) Kind() Kind { return KindOpaque }

func (*Opaque) refs(refVisitor) {}

func (o *Opaque) check(c *checker) { c.required(at(".type"), o.Type) }
