package design

import (
	"encoding/json"
	"strings"
)

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

// IsCustom reports whether o is a CloudFormation custom resource, whose
// effect (a Lambda function's calls) no template states.
func (o *Opaque) IsCustom() bool {
	return strings.HasPrefix(o.Type, "Custom::") || o.Type == "AWS::CloudFormation::CustomResource"
}

// Strings calls f with every string in o's properties. The importer writes
// references to other resources as their design IDs, so these include the
// IDs of the resources o names.
func (o *Opaque) Strings(f func(string)) {
	var v any
	if json.Unmarshal(o.Properties, &v) == nil {
		eachString(v, f)
	}
}

// eachString calls f with every string in a decoded JSON value.
func eachString(v any, f func(string)) {
	switch v := v.(type) {
	case string:
		f(v)
	case []any:
		for _, e := range v {
			eachString(e, f)
		}
	case map[string]any:
		for _, e := range v {
			eachString(e, f)
		}
	}
}
