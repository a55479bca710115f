package templates

// ActionBar is what a selected resource offers on the diagram and in the
// inspector's header: buttons that act at once (trace from here, open a
// group) and small forms that apply a batch of edits in one revision.
type ActionBar struct {
	DesignID string
	Version  int64
	ID, Kind string
	Buttons  []ActionButton
	Forms    []ActionForm
}

// ActionButton acts in the page without a form: "trace-from" arms a
// trace from the resource, "select" selects Target.
type ActionButton struct {
	Act, Label, Title, Target string
}

// ActionForm is one action with its fields, prefilled with defaults; it
// opens from its button and posts to the design's action route.
type ActionForm struct {
	Act, Label, Title, Submit string
	Fields                    []ActionField
}

// ActionField is a field of an action form: a text input, a select, or
// a list of checkboxes (Type "text", "select", "checks").
type ActionField struct {
	Name, Label, Type, Value, Hint string
	Options                        []ActionOption
}

// ActionOption is a choice of a select or a checkbox list.
type ActionOption struct {
	Value, Label string
	Checked      bool
}

// PortNote is the port an instant trace chose, and why.
type PortNote struct {
	Protocol, Why string
	Port          int
}
