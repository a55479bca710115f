package importer

import (
	"slices"
	"strings"
)

// checkRules evaluates the template's Rules with the parameter values the
// import used (given, default or assumed) and warns about each assertion
// that fails: CloudFormation would refuse to create the stack with those
// values. A rule whose condition or assertion depends on a value the
// importer does not know (a parameter without a value, Fn::ValueOf over
// resources outside the template) is skipped.
func (e *evaluator) checkRules(sec *node) {
	if sec == nil || sec.kind != mapNode {
		return
	}
	e.inRules = true
	defer func() { e.inRules = false }()
	for _, f := range sec.fields {
		if rc := f.val.get("RuleCondition"); rc != nil {
			if t, _, err := e.condExpr(rc); err != nil || t != triTrue {
				continue
			}
		}
		as := f.val.get("Assertions")
		if as == nil || as.kind != listNode {
			continue
		}
		for i, a := range as.items {
			assert := a.get("Assert")
			if assert == nil {
				continue
			}
			if t, _, err := e.condExpr(assert); err != nil || t != triFalse {
				continue
			}
			desc := "(no AssertDescription)"
			if d := a.get("AssertDescription"); d != nil && d.kind == scalarNode {
				desc = strings.Join(strings.Fields(d.str), " ")
			}
			e.warn("Rules.%s.Assertions[%d] fails with the parameter values used, so CloudFormation would refuse them: %s", f.key, i, desc)
		}
	}
}

// ruleFn evaluates the functions only Rules allow: Fn::Contains,
// Fn::EachMemberEquals and Fn::EachMemberIn over values the importer
// knows; Fn::ValueOf, Fn::ValueOfAll and Fn::RefAll read deployed
// resources and are unknown.
func (e *evaluator) ruleFn(fn string, arg *node, line int) (tri, string, error) {
	switch fn {
	case "Fn::Contains", "Fn::EachMemberEquals", "Fn::EachMemberIn":
	default:
		return triUnknown, fn, nil
	}
	vals, t, reason, err := e.twoKnown(fn, arg, line)
	if t != triTrue {
		return t, reason, err
	}
	list, other := vals[0], vals[1]
	if list.kind != kindList {
		return triUnknown, fn + " over a value that is not a list", nil
	}
	switch fn {
	case "Fn::Contains":
		return triOf(slices.ContainsFunc(list.items, func(v Value) bool { return equal(v, other) })), "", nil
	case "Fn::EachMemberEquals":
		return triOf(!slices.ContainsFunc(list.items, func(v Value) bool { return !equal(v, other) })), "", nil
	}
	if other.kind != kindList {
		return triUnknown, fn + " against a value that is not a list", nil
	}
	in := func(v Value) bool { return slices.ContainsFunc(other.items, func(w Value) bool { return equal(v, w) }) }
	return triOf(!slices.ContainsFunc(list.items, func(v Value) bool { return !in(v) })), "", nil
}
