package diagram

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/vpcboard/vpcboard/internal/design"
)

// Lengths, in runes, beyond which user text is cut with an ellipsis: labels
// stay readable and a hostile tag cannot blow up the layout.
const (
	maxLabelText   = 48
	maxLabelLine   = 90 // a part of a label line, which may list items
	maxTooltipLine = 200
	// maxListed is how many items of a list a label shows before
	// "+N more"; tooltips show up to maxTooltipItems.
	maxListed       = 4
	maxTooltipItems = 40
)

// clean makes user text safe to lay out: valid UTF-8, no control
// characters (XML forbids most of them, and Graphviz would pass them to the
// SVG), runs of white space as one space, at most max runes.
func clean(s string, max int) string {
	if design.IsUnknown(s) {
		s = "unknown: " + design.UnknownReason(s)
	}
	simple := len(s) <= max && (s == "" || s[0] != ' ' && s[len(s)-1] != ' ')
	for i := 0; simple && i < len(s); i++ {
		c := s[i]
		simple = c >= 0x20 && c < 0x7f && !(c == ' ' && s[i-1] == ' ')
	}
	if simple {
		return s
	}
	var b strings.Builder
	n := 0
	space := false
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if unicode.IsControl(r) || unicode.IsSpace(r) || r == '\u2028' || r == '\u2029' || r == '\uFEFF' {
			space = b.Len() > 0
			continue
		}
		if space {
			if n++; n > max {
				break
			}
			b.WriteByte(' ')
			space = false
		}
		if n++; n > max {
			break
		}
		b.WriteRune(r)
	}
	out := b.String()
	if n > max {
		out = strings.TrimRight(string([]rune(out)[:max-1]), " ") + "…"
	}
	return out
}

// text returns user text cleaned for a label.
func text(s string) string { return clean(s, maxLabelText) }

// esc escapes text for an HTML-like label.
func esc(s string) string {
	if !strings.ContainsAny(s, `&<>"'`) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#39;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// The colours of the diagram, close to the AWS architecture icons'.
const (
	colorNetwork  = "#8C4FFF" // VPC, gateways, endpoints
	colorAZ       = "#147EBA"
	colorPublic   = "#7AA116"
	colorPrivate  = "#147EBA"
	colorCompute  = "#ED7100"
	colorDatabase = "#C925D1"
	colorMuted    = "#5F6B7A"
	colorRoute    = "#7D8998"
)

// label builds an HTML-like label: a borderless table of left-aligned
// rows. Every text it is given is cleaned and escaped; the markup is its
// own.
type label struct {
	rows []string // <TR> elements
	// glyph is the badge markup of the kind drawn left of the rows.
	glyph string
}

func newLabel() *label { return &label{} }

// row adds a row: a <TR> element.
func (l *label) row(markup string) { l.rows = append(l.rows, markup) }

// badge sets the glyph of the label: short text in white on a square of
// colour, as the AWS architecture icons are a white glyph on a square of
// the category's colour (drawn here, not copied: their licence does not
// allow shipping them in this repository).
func (l *label) badge(text, color string) *label {
	l.glyph = `<TD CELLPADDING="3"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">` +
		`<TR><TD BGCOLOR="` + color + `" WIDTH="30" HEIGHT="22" FIXEDSIZE="TRUE"><FONT COLOR="#FFFFFF" POINT-SIZE="9"><B>` +
		esc(text) + `</B></FONT></TD></TR></TABLE></TD>`
	return l
}

// named adds the rows that open a resource's label: its name in bold, its
// ID when the name differs, and a line of its kind and the details.
func (l *label) named(b *design.Base, kind string, details ...string) *label {
	l.row(`<TR><TD ALIGN="LEFT"><B>` + esc(text(b.DisplayName())) + `</B></TD></TR>`)
	if b.DisplayName() != b.ID {
		l.line(b.ID)
	}
	return l.line(append([]string{kind}, details...)...)
}

// line adds a row of small text made of the non-empty parts, joined by
// " · "; it adds nothing when every part is empty.
func (l *label) line(parts ...string) *label {
	s := joinParts(parts, maxLabelLine)
	if s == "" {
		return l
	}
	l.row(`<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="` + colorMuted + `">` + esc(s) + `</FONT></TD></TR>`)
	return l
}

// pairs adds a two-column table of rows (destination, target), at most
// maxRows of them and then "+N more".
func (l *label) pairs(rows [][2]string, maxRows int) *label {
	if len(rows) == 0 {
		return l
	}
	var b strings.Builder
	b.WriteString(`<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">`)
	for i, r := range rows {
		if i == maxRows {
			b.WriteString(`<TR><TD ALIGN="LEFT" COLSPAN="2"><FONT POINT-SIZE="9" COLOR="` + colorMuted + `">+`)
			b.WriteString(strconv.Itoa(len(rows) - i))
			b.WriteString(` more</FONT></TD></TR>`)
			break
		}
		b.WriteString(`<TR><TD ALIGN="LEFT" CELLPADDING="1"><FONT POINT-SIZE="9">`)
		b.WriteString(esc(text(r[0])))
		b.WriteString(`</FONT></TD><TD ALIGN="LEFT" CELLPADDING="1"><FONT POINT-SIZE="9" COLOR="` + colorMuted + `">→ `)
		b.WriteString(esc(text(r[1])))
		b.WriteString(`</FONT></TD></TR>`)
	}
	b.WriteString(`</TABLE></TD></TR>`)
	l.row(b.String())
	return l
}

// String returns the label's markup, without the enclosing < and >.
func (l *label) String() string {
	const table = `<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">`
	var b strings.Builder
	if l.glyph != "" {
		b.WriteString(`<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>`)
		b.WriteString(l.glyph)
		b.WriteString(`<TD ALIGN="LEFT">`)
	}
	b.WriteString(table)
	for _, r := range l.rows {
		b.WriteString(r)
	}
	b.WriteString(`</TABLE>`)
	if l.glyph != "" {
		b.WriteString(`</TD></TR></TABLE>`)
	}
	return b.String()
}

// tooltip builds the plain-text summary shown on hover: lines of cleaned
// user text (the DOT writer escapes it).
type tooltip struct {
	lines []string
}

// add adds a line made of the non-empty parts joined by " · ".
func (t *tooltip) add(parts ...string) *tooltip {
	if s := joinParts(parts, maxTooltipLine); s != "" {
		t.lines = append(t.lines, s)
	}
	return t
}

// list adds "name: a, b, c", at most maxTooltipItems items.
func (t *tooltip) list(name string, items []string) *tooltip {
	if len(items) == 0 {
		return t
	}
	return t.add(name + ": " + listed(items, maxTooltipItems))
}

func (t *tooltip) String() string { return strings.Join(t.lines, "\n") }

// tags adds the tags other than Name, by key.
func (t *tooltip) tags(b *design.Base) *tooltip {
	for _, k := range design.SortedIDs(b.Tags) {
		if k != "Name" && len(t.lines) < maxTooltipItems {
			t.add("tag " + clean(k, maxLabelText) + " = " + clean(b.Tags[k], maxLabelText))
		}
	}
	return t
}

// head starts a tooltip with the resource's name, kind and ID.
func head(b *design.Base, kind string) *tooltip {
	t := &tooltip{}
	name := clean(b.DisplayName(), maxTooltipLine)
	if name != b.ID {
		return t.add(name, kind, b.ID)
	}
	return t.add(name, kind)
}

// joinParts cleans the non-empty parts to at most max runes each and
// joins them with " · ".
func joinParts(parts []string, max int) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, clean(p, max))
		}
	}
	return strings.Join(kept, " · ")
}

// listed joins at most max items with ", " and says how many it left out.
func listed(items []string, max int) string {
	if len(items) <= max {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:max], ", ") + " +" + strconv.Itoa(len(items)-max) + " more"
}

// idPart turns user text (an availability zone name) into a part of a
// helper ID: the characters of design IDs are kept, any other byte is
// written %XX, so helper IDs stay unique and free of markup.
func idPart(s string) string {
	safe := func(c byte) bool {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == ':' || c == '-'
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; safe(c) {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strconv.FormatUint(uint64(c)>>4, 16) + strconv.FormatUint(uint64(c)&15, 16))
		}
	}
	return b.String()
}

// workloadKind is the short text naming a workload's type in labels.
func workloadKind(t design.WorkloadType) string {
	switch t {
	case design.WorkloadInstance:
		return "EC2 instance"
	case design.WorkloadALB:
		return "application LB"
	case design.WorkloadNLB:
		return "network LB"
	case design.WorkloadGWLB:
		return "gateway LB"
	case design.WorkloadRDS:
		return "RDS"
	case design.WorkloadLambda:
		return "Lambda"
	case design.WorkloadENI:
		return "ENI"
	}
	return "workload " + clean(string(t), maxLabelText)
}
