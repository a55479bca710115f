package export

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/vpcboard/vpcboard/internal/design"
)

// CloudFormation writes d as AWS CloudFormation templates: one
// (template.json, or template.yaml with opts.YAML) when the whole design is
// in one account and region, else one per account and region, whose
// references to each other are parameters. A design with structural errors
// is refused.
func CloudFormation(d *design.Design, opts Options) (*Output, error) {
	if err := checkDesign(d); err != nil {
		return nil, err
	}
	f, notes := cloudFormationForm(d)
	x := newIndex(f)
	pl := newPlacer(f, x)
	places := pl.places()
	names := newNamer(logicalID, len(x.byID))
	defer names.release()
	for _, k := range design.Kinds() {
		if k != design.KindOpaque {
			for _, id := range x.ids[k] {
				names.name(id)
			}
		}
	}
	out := &Output{}
	var all []string
	all = append(all, notes...)
	type built struct {
		path string
		tpl  *object
	}
	var temps []built
	var written []*resources // of each template, whose texts are released at the end
	defer func() {
		for _, rs := range written {
			rs.release()
		}
	}()
	var buf []byte // the JSON of a template of one stack
	for _, at := range places {
		w := &cfnWriter{d: f, x: x, pl: pl, at: at, multi: len(places) > 1, names: names, portable: opts.Portable,
			res: newResources(), params: newObject(), outputs: newObject(), paramOf: map[string]string{},
			refOf: make(map[string]any, len(x.byID))}
		w.write()
		written = append(written, w.res)
		all = append(all, w.notes...)
		name := "template"
		if len(places) > 1 {
			name = at.file() + ".template"
		}
		stacks := split(w.template(opts), w.res, exportPrefixOf(f, at))
		if len(stacks) == 1 {
			buf = appendJSON(buf[:0], stacks[0])
			if size := len(buf); size > maxStackBytes {
				all = append(all, fmt.Sprintf("%s: the template is %d bytes, more than CloudFormation reads (1 MB from S3)", at, size))
			}
		}
		if len(stacks) > 1 {
			all = append(all, fmt.Sprintf("%s: %d resources are more than a stack holds; written as %d stacks to deploy in order (%s.stack-01 first), which import each other's values",
				at, w.res.len(), len(stacks), name))
		}
		for i, st := range stacks {
			p := name
			if len(stacks) > 1 {
				p = fmt.Sprintf("%s.stack-%02d", name, i+1)
			}
			temps = append(temps, built{p, st})
		}
	}
	slices.Sort(all)
	out.Notes = slices.Compact(all)
	ext := ".json"
	if opts.YAML {
		ext = ".yaml"
	}
	noteList, findingList := strList(out.Notes), strList(opts.Findings)
	out.Files = make([]File, len(temps))
	errs := make([]error, len(temps))
	// Each file is written whole by one of as many goroutines as there
	// are cores to run them.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(temps)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(temps) {
					return
				}
				b := temps[i]
				meta := b.tpl.child("Metadata").child("vpcboard")
				meta.set("notes", noteList)
				meta.set("findings", findingList)
				out.Files[i].Path = b.path + ext
				if opts.YAML {
					out.Files[i].Data, errs[i] = encodeYAML(b.tpl)
					continue
				}
				out.Files[i].Data = appendJSON(make([]byte, 0, jsonSizeHint(b.tpl, out.Notes, opts.Findings)), b.tpl)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("export: write YAML: %w", err)
		}
	}
	return out, nil
}

// jsonSizeHint returns a little more than the size of the JSON of
// template t whose Metadata holds the strings meta, so that it is written
// once into a buffer that holds it (the resources' texts are most of it)
// rather than into a reused buffer and copied out: for the base design
// that copy was 7.7 MB an export. The sizes of what is not text yet are
// those of the base design's, with a margin.
func jsonSizeHint(t *object, meta ...[]string) int {
	n := 4 << 10
	for _, ss := range meta {
		for _, s := range ss {
			n += len(s) + 16
		}
	}
	if rs, ok := t.get("Resources").(*object); ok {
		for _, m := range rs.members {
			if e, ok := m.val.(*encoded); ok {
				n += len(e.text) + len(m.key) + 8
			} else {
				n += 384 // a resource whose references the split rewrote
			}
		}
	}
	if o, ok := t.get("Outputs").(*object); ok {
		n += o.len() * 448
	}
	return n
}

// exportPrefixOf returns the default prefix of the export names of the
// stacks of a place: the design's name, made safe.
func exportPrefixOf(d *design.Design, at place) string {
	base := d.Name
	if base == "" {
		base = "design"
	}
	var b strings.Builder
	b.WriteString("vpcboard-")
	for _, c := range strings.ToLower(base) {
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			b.WriteRune(c)
		} else if !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
		if b.Len() >= 48 {
			break
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if at.region != "" {
		s += "-" + at.region
	}
	return s
}

// cfnWriter writes the template of one place.
type cfnWriter struct {
	d       *design.Design
	x       *index
	pl      *placer
	at      place
	multi   bool
	names   *namer
	res     *resources
	params  *object
	outputs *object
	paramOf map[string]string
	// portable writes what names the design's region (zones, service
	// names) so that the template deploys in any region.
	portable bool
	refOf    map[string]any // design ID -> its reference, once made
	notes    []string
}

func (w *cfnWriter) note(format string, args ...any) {
	w.notes = append(w.notes, fmt.Sprintf(format, args...))
}

func (w *cfnWriter) template(opts Options) *object {
	t := obj("AWSTemplateFormatVersion", "2010-09-09")
	desc := "vpcboard export"
	if w.d.Name != "" {
		desc = "vpcboard export of " + w.d.Name
	}
	if w.multi {
		desc += " (" + w.at.String() + ")"
	}
	if len(desc) > 1000 {
		desc = desc[:1000]
	}
	t.set("Description", desc)
	meta := obj("format", design.FormatVersion, "design", w.d.Name)
	if w.at.region != "" {
		meta.set("region", w.at.region)
	}
	if w.at.account != "" {
		meta.set("account", w.at.account)
	}
	t.set("Metadata", obj("vpcboard", meta))
	if w.params.len() > 0 {
		t.set("Parameters", w.params)
	}
	// The Resources object of the 20,000 resources of a large design is
	// made only for a template that is one stack (split): its place is
	// kept here.
	t.set("Resources", newObject())
	if w.outputs.len() > 0 {
		t.set("Outputs", w.outputs)
	}
	return t
}

// output declares an output of the ID of design resource id (what it is,
// "subnet"), value, exported as <stack name>-<logical ID> so that other
// stacks can import it (Fn::ImportValue).
func (w *cfnWriter) output(id, what string, value any) {
	logical := w.names.name(id)
	w.outputs.set(logical+"Id", obj("Description", "ID of "+what+" "+id, "Value", value,
		"Export", obj("Name", obj("Fn::Sub", "${AWS::StackName}-"+logical))))
}

// region returns the region of the template: its place's, else the
// design's.
func (w *cfnWriter) region() string {
	if w.at.region != "" {
		return w.at.region
	}
	return w.d.Region
}

// here reports whether the resource id is written in this template.
func (w *cfnWriter) here(id string) bool { return w.pl.of(id) == w.at }

// add writes a resource. logical is a name from the namer, so new to the
// template; id is the design ID, "" for resources the export adds.
func (w *cfnWriter) add(logical, typ, id string, props *object, dependsOn ...string) {
	w.put(logical, id, w.newResource(typ, id, props, dependsOn...))
}

// put writes resource r as logical; id is its design ID, "" for resources
// the export adds. r waits for what the design says id depends on too.
func (w *cfnWriter) put(logical, id string, r *resource) {
	if id == "" {
		w.res.add(logical, r) // a resource the export adds: no depends_on of its own
		return
	}
	if deps := w.designDeps(id); len(deps) > 0 {
		r.dependsOn = slices.Compact(slices.Sorted(slices.Values(slices.Concat(r.dependsOn, deps))))
	}
	w.res.add(logical, r)
}

// designDeps returns the logical IDs of the resources design resource id
// depends on (its depends_on) that this template writes as resources of
// their own. One in another template is noted: a stack cannot wait for
// another's resource, so that template is to be deployed first.
func (w *cfnWriter) designDeps(id string) []string {
	var out []string
	for _, dep := range w.x.dependsOn[id] {
		target, ok := w.x.lookup(dep)
		switch {
		case !ok || !writesOwn(w.d, target):
		case !w.here(dep):
			w.note("%s depends on %s, which is in the template of %s: deploy that template first", id, dep, w.pl.of(dep))
		default:
			out = append(out, w.names.name(dep))
		}
	}
	return out
}

// writesOwn reports whether a template of the CloudFormation form d
// writes r as a resource of its own: not an opaque resource, nor what AWS
// makes with a VPC of the design (its main route table, default ACL and
// default group), whose logical IDs do not exist.
func writesOwn(d *design.Design, r design.Resource) bool {
	switch x := r.(type) {
	case *design.Opaque:
		return false
	case *design.RouteTable:
		return !x.Main
	case *design.NetworkACL:
		return !x.Default || d.VPCs[x.VPC] == nil
	case *design.SecurityGroup:
		return !isDefaultGroup(x) || d.VPCs[x.VPC] == nil
	}
	return true
}

// newResource returns a resource of type typ with properties props; id
// is its design ID, which its metadata holds, "" for resources the export
// adds.
func (w *cfnWriter) newResource(typ, id string, props *object, dependsOn ...string) *resource {
	r := w.res.resources.new()
	r.typ, r.id, r.dependsOn = typ, id, slices.Compact(dependsOn)
	if props.len() > 0 {
		r.props = props
	}
	return r
}

// meta adds a design fact to the vpcboard metadata of resource r.
func meta(r *resource, key string, v any) {
	if r.facts == nil {
		r.facts = withRoom(1)
	}
	r.facts.set(key, v)
}

// sub returns a fresh logical ID for a resource the export adds to the
// one of design ID owner.
func (w *cfnWriter) sub(owner, suffix string) string {
	return w.names.fresh(w.names.name(owner) + suffix)
}

// param returns a Ref to the parameter that stands for key (an unknown
// value, or a value from another template), declaring it on first use.
func (w *cfnWriter) param(key, name, typ, desc string, def any) any {
	if p, ok := w.paramOf[key]; ok {
		return refTo(p)
	}
	p := w.names.fresh(logicalID(name))
	w.paramOf[key] = p
	if len(desc) > 4000 {
		desc = desc[:4000]
	}
	w.params.set(p, obj("Type", typ, "Description", desc, "Default", def))
	return refTo(p)
}

// str returns a string value: as written, or a parameter when unknown.
func (w *cfnWriter) str(s, owner, prop string) any {
	switch {
	case s == "":
		return nil
	case design.IsUnknown(s):
		return w.param(s, w.names.name(owner)+prop, "String",
			fmt.Sprintf("%s of %s: unknown in the design (%s)", prop, owner, design.UnknownReason(s)), nil)
	}
	return s
}

// ref returns a reference to the design resource id: Ref, or the
// attribute that gives its ID; a parameter when the ID is unknown or the
// resource is in another template.
func (w *cfnWriter) ref(id, owner, prop string) any {
	if id == "" || design.IsUnknown(id) {
		return w.str(id, owner, prop)
	}
	if v, ok := w.refOf[id]; ok {
		return v
	}
	r, ok := w.x.lookup(id)
	if !ok {
		return w.param("missing "+id, w.names.name(owner)+prop, "String", fmt.Sprintf("%s of %s: %s is not in the design", prop, owner, id), nil)
	}
	v := w.resourceRef(id, r)
	w.refOf[id] = v
	return v
}

// resourceRef returns the reference to r, of ID id, which is the same
// wherever the template uses it.
func (w *cfnWriter) resourceRef(id string, r design.Resource) any {
	if !w.here(id) {
		return w.param("elsewhere "+id, w.names.name(id)+"Id", "String",
			fmt.Sprintf("ID of %s %s, from the template of %s", r.Kind(), id, w.pl.of(id)), nil)
	}
	switch x := r.(type) {
	case *design.SecurityGroup:
		if isDefaultGroup(x) && w.d.VPCs[x.VPC] != nil {
			return getAtt(w.names.name(x.VPC), "DefaultSecurityGroup")
		}
		return getAtt(w.names.name(id), "GroupId")
	case *design.NetworkACL:
		if x.Default {
			return getAtt(w.names.name(x.VPC), "DefaultNetworkAcl")
		}
	case *design.ElasticIP:
		return getAtt(w.names.name(id), "AllocationId")
	}
	return refTo(w.names.name(id))
}

func (w *cfnWriter) refs(ids []string, owner, prop string) any {
	if len(ids) == 0 {
		return nil
	}
	if len(ids) == 1 && design.IsUnknown(ids[0]) {
		// One unknown value may stand for a whole list (a list parameter,
		// an imported list): a CommaDelimitedList takes one ID or several.
		return w.param("list "+ids[0], w.names.name(owner)+prop, "CommaDelimitedList",
			fmt.Sprintf("%s of %s: unknown in the design (%s); one ID or several, separated by commas", prop, owner, design.UnknownReason(ids[0])), nil)
	}
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = w.ref(id, owner, prop)
	}
	return out
}

// tags returns the CloudFormation Tags of a resource, sorted by key.
func (w *cfnWriter) tags(b design.Base) []any {
	var out []any
	for _, k := range design.SortedIDs(b.Tags) {
		if strings.HasPrefix(k, "aws:") {
			w.note("%s: tag %s is reserved for AWS and not exported", b.ID, k)
			continue
		}
		out = append(out, obj("Key", k, "Value", w.str(b.Tags[k], b.ID, "Tag"+logicalID(k))))
	}
	return out
}

// isIPv6 reports whether s is an IPv6 block or address (not unknown).
func isIPv6(s string) bool { return strings.IndexByte(s, ':') >= 0 && !design.IsUnknown(s) }

func (w *cfnWriter) write() {
	defer w.res.close()
	for _, k := range cloudFormationOrder {
		write := kindWriters[k].cfn
		for _, id := range w.x.ids[k] {
			if w.here(id) {
				write(w, id)
			}
		}
	}
}
