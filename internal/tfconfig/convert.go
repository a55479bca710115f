package tfconfig

import (
	"encoding/json"
	"strconv"

	"github.com/zclconf/go-cty/cty"
)

// toJSON turns a value into the JSON-like values of tfimport.Resource.
// Unknown parts are left out (nil) and recorded in unknown under their
// path ("ingress.0.cidr_blocks") with the reason marked on them.
func toJSON(v cty.Value, path string, unknown map[string]string) any {
	v, marks := v.Unmark()
	if !v.IsKnown() {
		unknown[path] = reasons(marks)
		return nil
	}
	if v.IsNull() {
		return nil
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return v.AsString()
	case ty == cty.Number:
		bf := v.AsBigFloat()
		if bf.IsInt() {
			return json.Number(bf.Text('f', 0))
		}
		return json.Number(bf.Text('g', -1))
	case ty == cty.Bool:
		return v.True()
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		out := []any{}
		i := 0
		for it := v.ElementIterator(); it.Next(); i++ {
			_, e := it.Element()
			out = append(out, toJSON(e, path+"."+strconv.Itoa(i), unknown))
		}
		return out
	case ty.IsMapType() || ty.IsObjectType():
		out := map[string]any{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			out[k.AsString()] = toJSON(e, path+"."+k.AsString(), unknown)
		}
		return out
	}
	return nil
}
