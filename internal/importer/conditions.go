package importer

// tri is the value of a condition: true, false, or unknown because it
// depends on a value known only after deployment.
type tri uint8

const (
	triFalse tri = iota
	triTrue
	triUnknown
)

func triOf(b bool) tri {
	if b {
		return triTrue
	}
	return triFalse
}

// conditions evaluates the Conditions section lazily, each condition once,
// detecting conditions that depend on themselves.
type conditions struct {
	defs    *node
	state   map[string]condState
	vals    map[string]tri
	reasons map[string]string
}

type condState uint8

const (
	condPending condState = iota
	condBusy
	condDone
)

func newConditions(defs *node) *conditions {
	return &conditions{defs: defs, state: map[string]condState{}, vals: map[string]tri{}, reasons: map[string]string{}}
}

// condition returns the value of the named condition; reason says why an
// unknown one is unknown.
func (e *evaluator) condition(name string, line int) (tri, string, error) {
	c := e.conds
	switch c.state[name] {
	case condDone:
		return c.vals[name], c.reasons[name], nil
	case condBusy:
		return triFalse, "", errorf(line, "condition %q depends on itself", name)
	}
	def := c.defs.get(name)
	if def == nil {
		return triFalse, "", errorf(line, "no condition named %q", name)
	}
	c.state[name] = condBusy
	t, reason, err := e.condExpr(def)
	if err != nil {
		return triFalse, "", complete(err, "Conditions."+name)
	}
	c.state[name] = condDone
	c.vals[name], c.reasons[name] = t, reason
	return t, reason, nil
}

// conditionOn returns whether the named condition holds. An unknown
// condition is taken as false, with a warning.
func (e *evaluator) conditionOn(name string, line int) (bool, error) {
	t, reason, err := e.condition(name, line)
	if err != nil {
		return false, err
	}
	if t == triUnknown {
		e.warn("condition %s depends on a value known only after deployment (%s); assumed false", name, reason)
	}
	return t == triTrue, nil
}

// condExpr evaluates a condition expression: Fn::Equals, Fn::And, Fn::Or,
// Fn::Not or {Condition: name}.
func (e *evaluator) condExpr(n *node) (tri, string, error) {
	if err := e.b.step(n.line); err != nil {
		return triFalse, "", err
	}
	fn, arg, ok := n.intrinsic(true)
	if !ok {
		if n.kind == scalarNode {
			if b, err := toBool(Value{kind: kindString, str: n.str, line: n.line}); err == nil {
				return triOf(b), "", nil
			}
		}
		return triFalse, "", errorf(n.line, "want a condition (Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition), got %s", nodeKindName(n))
	}
	switch fn {
	case "Condition":
		if arg.kind != scalarNode || arg.typ == typeNull {
			return triFalse, "", errorf(n.line, "Condition: want a condition name")
		}
		return e.condition(arg.str, n.line)
	case "Fn::Equals":
		vals, t, reason, err := e.twoKnown(fn, arg, n.line)
		if t != triTrue {
			return t, reason, err
		}
		return triOf(equal(vals[0], vals[1])), "", nil
	case "Fn::Not":
		items, err := args(fn, arg, n.line, 1, 1)
		if err != nil {
			return triFalse, "", err
		}
		t, reason, err := e.condExpr(items[0])
		if t == triUnknown || err != nil {
			return t, reason, err
		}
		return triOf(t == triFalse), "", nil
	case "Fn::And", "Fn::Or":
		items, err := args(fn, arg, n.line, 2, 10)
		if err != nil {
			return triFalse, "", err
		}
		// And is false if any operand is false; Or is true if any is true;
		// otherwise an unknown operand makes the result unknown.
		decisive := triFalse
		if fn == "Fn::Or" {
			decisive = triTrue
		}
		result, reason := triOf(fn == "Fn::And"), ""
		for _, it := range items {
			t, r, err := e.condExpr(it)
			if err != nil {
				return triFalse, "", err
			}
			switch {
			case t == decisive:
				return decisive, "", nil
			case t == triUnknown && result != triUnknown:
				result, reason = triUnknown, r
			}
		}
		return result, reason, nil
	}
	if e.inRules {
		return e.ruleFn(fn, arg, n.line)
	}
	return triFalse, "", errorf(n.line, "%s is not allowed in a condition (want Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition)", fn)
}

// twoKnown evaluates the two operands of fn. It reports triTrue with
// their values when both are known; otherwise triUnknown and the reason
// (the first unknown value), or triFalse and the error.
func (e *evaluator) twoKnown(fn string, arg *node, line int) ([2]Value, tri, string, error) {
	var vals [2]Value
	items, err := args(fn, arg, line, 2, 2)
	if err != nil {
		return vals, triFalse, "", err
	}
	for i, it := range items {
		if vals[i], err = e.eval(it); err != nil {
			return vals, triFalse, "", err
		}
		if u, ok := firstUnknown(vals[i]); ok {
			return vals, triUnknown, u.str, nil
		}
	}
	return vals, triTrue, "", nil
}
