package tfimport

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	tfjson "github.com/hashicorp/terraform-json"
)

// Kind is the kind of a Terraform JSON document.
type Kind int

// The documents ReadState and ReadPlan read.
const (
	NotTerraform Kind = iota
	// StateFile is terraform.tfstate, format version 4.
	StateFile
	// ShowState is `terraform show -json` of a state.
	ShowState
	// ShowPlan is `terraform show -json` of a saved plan.
	ShowPlan
)

// Detect tells which Terraform document data is, by its top-level keys.
func Detect(data []byte) Kind {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return NotTerraform
	}
	_, lineage := top["lineage"]
	_, tfv := top["terraform_version"]
	_, fv := top["format_version"]
	_, resources := top["resources"]
	switch {
	case top["version"] != nil && resources && (lineage || tfv):
		return StateFile
	case fv && (top["planned_values"] != nil || top["resource_changes"] != nil || top["prior_state"] != nil):
		return ShowPlan
	case fv && tfv:
		return ShowState
	}
	return NotTerraform
}

// stateFile is the part of a state file (format version 4) read here.
type stateFile struct {
	Version   *int `json:"version"`
	Resources []struct {
		Module    string `json:"module"`
		Mode      string `json:"mode"`
		Type      string `json:"type"`
		Name      string `json:"name"`
		Instances []struct {
			IndexKey     any            `json:"index_key"`
			Attributes   map[string]any `json:"attributes"`
			Dependencies []string       `json:"dependencies"`
		} `json:"instances"`
	} `json:"resources"`
}

// ReadStateFile reads the resources of a state file (format version 4).
func ReadStateFile(data []byte) ([]Resource, error) {
	var sf stateFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&sf); err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	if sf.Version == nil || *sf.Version != 4 {
		v := "missing"
		if sf.Version != nil {
			v = strconv.Itoa(*sf.Version)
		}
		return nil, fmt.Errorf("state: version: %s; only format version 4 (Terraform 0.12 and later) is read", v)
	}
	var out []Resource
	for i, r := range sf.Resources {
		if r.Type == "" || r.Name == "" {
			return nil, fmt.Errorf("state: resources[%d]: missing type or name", i)
		}
		base := r.Type + "." + r.Name
		if r.Mode == "data" {
			base = "data." + base
		}
		if r.Module != "" {
			base = r.Module + "." + base
		}
		for _, in := range r.Instances {
			out = append(out, Resource{
				Address:   base + indexSuffix(in.IndexKey),
				Mode:      r.Mode,
				Type:      r.Type,
				Values:    in.Attributes,
				DependsOn: in.Dependencies,
			})
		}
	}
	return out, nil
}

// indexSuffix writes an instance key as an address does: [0], ["a"].
func indexSuffix(key any) string {
	switch k := key.(type) {
	case nil:
		return ""
	case string:
		return "[" + strconv.Quote(k) + "]"
	case json.Number:
		return "[" + k.String() + "]"
	case float64:
		return "[" + strconv.FormatFloat(k, 'f', -1, 64) + "]"
	case int:
		return "[" + strconv.Itoa(k) + "]"
	}
	return fmt.Sprintf("[%v]", key)
}

// ReadShowState reads the resources of `terraform show -json` for a state.
func ReadShowState(data []byte) ([]Resource, error) {
	var st tfjson.State
	st.UseJSONNumber(true)
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	return fromValues(st.Values, nil), nil
}

// Plan is a plan's two sides: the resources before it and after it.
type Plan struct {
	Prior, Planned []Resource
}

// ReadPlan reads `terraform show -json` of a saved plan: the prior state
// and the planned values, whose unknown attributes (after_unknown of the
// resource changes) are listed in Resource.Unknown. An instance being
// created has no ID yet: its address stands in for it, and the unknown
// attributes that the configuration makes references to it hold the
// stand-in (see Resource.Values).
func ReadPlan(data []byte) (*Plan, error) {
	var p tfjson.Plan
	p.UseJSONNumber(true)
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	out := &Plan{}
	if p.PriorState != nil {
		out.Prior = fromValues(p.PriorState.Values, nil)
	}
	unknown := map[string]map[string]string{}
	for _, rc := range p.ResourceChanges {
		if rc.Change == nil {
			continue
		}
		u := map[string]string{}
		unknownPaths(rc.Change.AfterUnknown, "", u)
		unknown[rc.Address] = u
	}
	out.Planned = fromValues(p.PlannedValues, unknown)
	resolvePlanned(out.Planned, p.Config)
	return out, nil
}

// unknownPaths lists the paths that after_unknown marks true.
func unknownPaths(x any, path string, out map[string]string) {
	switch v := x.(type) {
	case bool:
		if v && path != "" {
			out[path] = "known after apply"
		}
	case map[string]any:
		for k, e := range v {
			unknownPaths(e, join(path, k), out)
		}
	case []any:
		for i, e := range v {
			unknownPaths(e, join(path, strconv.Itoa(i)), out)
		}
	}
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

// fromValues lists the resources of a module tree.
func fromValues(sv *tfjson.StateValues, unknown map[string]map[string]string) []Resource {
	if sv == nil || sv.RootModule == nil {
		return nil
	}
	var out []Resource
	var walk func(m *tfjson.StateModule)
	walk = func(m *tfjson.StateModule) {
		for _, r := range m.Resources {
			out = append(out, Resource{
				Address:   r.Address,
				Mode:      string(r.Mode),
				Type:      r.Type,
				Values:    r.AttributeValues,
				Unknown:   unknown[r.Address],
				DependsOn: r.DependsOn,
			})
		}
		for _, c := range m.ChildModules {
			walk(c)
		}
	}
	walk(sv.RootModule)
	return out
}
