package templates

import (
	"slices"
	"strconv"
)

// Choice is one resource a picker offers: its ID, a label, the group it
// is listed under (its VPC, or its kind), and what the page filters on.
type Choice struct {
	Value, Label, Group string
	VPC                 string // the VPC it belongs to, "" when shared
	Kind                string
	Region              string // a VPC's or a zone's region
}

// RowEditor is a list field edited as rows (rules, entries, routes,
// interfaces, tags): its columns, the rows, and the raw JSON for experts.
type RowEditor struct {
	Columns []Column
	Rows    []Row
	JSON    string
}

// Column is one input of every row of a row editor. Type is text, number,
// select, protocol, ref (a picker over Choices), peer (a security-group
// rule's CIDR, prefix list, group, self or a new group) or target (a
// route's target type and resource), checkbox.
type Column struct {
	Name, Label, Type string
	Options           []string
	Choices           []Choice
}

// Row is one row of a row editor: the value of each cell by column name
// (the peer and target columns hold several cells, as "peer_type",
// "cidr", "group", "target.type", "target.id"), and the row's own error.
type Row struct {
	Index int
	Cells map[string]string
	Error string
	Bad   map[string]bool // the columns the error is about
}

// CIDRSuggestion is the next free block of a size in a VPC ("" for the
// design's address space, offered to a new VPC).
type CIDRSuggestion struct {
	VPC  string `json:"vpc"`
	Bits int    `json:"bits"`
	CIDR string `json:"cidr"`
}

// ChoiceGroup is the choices of one optgroup of a picker.
type ChoiceGroup struct {
	Label   string
	Choices []Choice
}

// groupChoices splits choices into their groups, in the order the groups
// first appear.
func groupChoices(cs []Choice) []ChoiceGroup {
	var out []ChoiceGroup
	at := map[string]int{}
	for _, c := range cs {
		i, ok := at[c.Group]
		if !ok {
			i = len(out)
			at[c.Group] = i
			out = append(out, ChoiceGroup{Label: c.Group})
		}
		out[i].Choices = append(out[i].Choices, c)
	}
	return out
}

// rowName is the name of a row's cell: "ingress[2].protocol".
func rowName(field string, i int, cell string) string {
	return field + "[" + strconv.Itoa(i) + "]." + cell
}

// rowLabel is the accessible name of a cell: "Protocol, row 3".
func rowLabel(col string, i int) string {
	return col + ", row " + strconv.Itoa(i+1)
}

// isRowEditor reports whether a field is edited as rows.
func isRowEditor(f Field) bool { return f.Rows != nil }

// hasValue reports whether v is among vs.
func hasValue(vs []string, v string) bool { return slices.Contains(vs, v) }

// blankRow is the row a row editor adds: cells at their first option.
func blankRow(cols []Column) Row {
	r := Row{Index: 0, Cells: map[string]string{}}
	for _, c := range cols {
		switch c.Type {
		case "protocol":
			r.Cells[c.Name] = "tcp"
		case "peer":
			r.Cells["peer_type"] = "cidr"
		case "target":
			r.Cells["target.type"] = "internet-gateway"
		case "select":
			if len(c.Options) > 0 {
				r.Cells[c.Name] = c.Options[0]
			}
		}
	}
	return r
}

// peerTypes are the kinds of peer a security-group rule names.
var peerTypes = []struct{ Value, Label string }{
	{"cidr", "CIDR"}, {"prefix_list", "prefix list"}, {"group", "group"}, {"self", "this group"}, {"new", "new group…"},
}

// kindChoices are the choices of one kind.
func kindChoices(cs []Choice, kind string) []Choice {
	var out []Choice
	for _, c := range cs {
		if c.Kind == kind {
			out = append(out, c)
		}
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }
