package web

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"net/netip"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go4.org/netipx"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/validate"
	"github.com/vpcboard/vpcboard/web/templates"
)

// The structured editors: every reference is a picker over the resources
// of the kinds it may name, a list of structures (rules, entries, routes,
// interfaces) is edited as rows whose inputs are named "ingress[2].protocol"
// and read back by readRows, tags are key/value rows, an availability zone
// is picked from its region's zones, and a CIDR field offers the next free
// block of a chosen size. The raw JSON of a list stays one toggle away.

// refFields are the top-level fields that name other resources, by their
// JSON name, and the kinds they may name.
var refFields = map[string][]design.Kind{
	"vpc":              {design.KindVPC},
	"requester":        {design.KindVPC},
	"accepter":         {design.KindVPC},
	"subnet":           {design.KindSubnet},
	"subnets":          {design.KindSubnet},
	"security_groups":  {design.KindSecurityGroup},
	"route_tables":     {design.KindRouteTable},
	"eip":              {design.KindElasticIP},
	"workload":         {design.KindWorkload},
	"attached_to":      {design.KindWorkload},
	"load_balancers":   {design.KindWorkload},
	"endpoint_service": {design.KindEndpointService},
	"transit_gateway":  {design.KindTransitGateway},
	"service_network":  {design.KindLatticeServiceNetwork},
	"associations":     {design.KindTransitGatewayAttachment},
	"propagations":     {design.KindTransitGatewayAttachment},
	"resource":         {design.KindVPC, design.KindSubnet, design.KindWorkload},
}

// rowRefs are the fields of a row that name other resources.
var rowRefs = map[string][]design.Kind{
	"subnet":      {design.KindSubnet},
	"prefix_list": {design.KindPrefixList},
	"attachment":  {design.KindTransitGatewayAttachment},
	"group":       {design.KindSecurityGroup},
}

// targetKinds are the kinds a route target type names, in the order the
// target picker lists them.
var targetKinds = []struct {
	typ  design.TargetType
	kind design.Kind
}{
	{design.TargetLocal, ""},
	{design.TargetInternetGateway, design.KindInternetGateway},
	{design.TargetNATGateway, design.KindNATGateway},
	{design.TargetEgressOnlyInternetGateway, design.KindEgressOnlyInternetGateway},
	{design.TargetPeeringConnection, design.KindPeeringConnection},
	{design.TargetTransitGateway, design.KindTransitGateway},
	{design.TargetVPCEndpoint, design.KindVPCEndpoint},
	{design.TargetNetworkInterface, design.KindWorkload},
	{design.TargetBlackhole, ""},
}

// protocols are the protocols the rule editors offer; a number is typed.
var protocols = []string{"all", "tcp", "udp", "icmp", "icmpv6"}

// choices lists the resources of kinds k as picker choices, grouped by
// their VPC (or their kind when they have none), in ID order.
func choices(d *design.Design, kinds ...design.Kind) []templates.Choice {
	var out []templates.Choice
	ix := design.NewIndex(d)
	for _, k := range kinds {
		var ids []string
		byID := map[string]design.Resource{}
		d.Each(func(r design.Resource) {
			if r.Kind() == k {
				ids = append(ids, r.ResourceID())
				byID[r.ResourceID()] = r
			}
		})
		slices.Sort(ids)
		for _, id := range ids {
			r := byID[id]
			c := templates.Choice{Value: id, Label: id, Kind: string(k), VPC: ix.VPCOf(id)}
			if v, ok := r.(*design.VPC); ok {
				c.VPC, c.Region = id, d.RegionOf(v)
				c.Label += " " + v.CIDR
			}
			if s, ok := r.(*design.Subnet); ok {
				c.Label += " " + s.CIDR + " " + s.AZ
			}
			if named, ok := r.(interface{ DisplayName() string }); ok && named.DisplayName() != id {
				c.Label += " (" + named.DisplayName() + ")"
			}
			c.Group = string(k)
			if c.VPC != "" && k != design.KindVPC {
				c.Group = "VPC " + c.VPC
			}
			out = append(out, c)
		}
	}
	return out
}

// zoneLetters are the availability zone letters of the regions whose
// zones are not a, b and c.
var zoneLetters = map[string]string{
	"us-east-1":      "abcdef",
	"us-west-2":      "abcd",
	"ap-northeast-1": "acd",
	"ap-northeast-2": "abcd",
	"ca-central-1":   "abd",
	"sa-east-1":      "abc",
	"us-west-1":      "bc",
}

// regions are the regions a VPC's region picker offers.
var regions = []string{"us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
	"eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
	"ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2"}

// regionChoices lists the regions, the one of value first when it is not
// among them (an imported design's).
func regionChoices(value string) []templates.Choice {
	var out []templates.Choice
	if value != "" && !slices.Contains(regions, value) {
		out = append(out, templates.Choice{Value: value, Label: value, Group: "regions"})
	}
	for _, r := range regions {
		out = append(out, templates.Choice{Value: r, Label: r, Group: "regions"})
	}
	return out
}

// regionZones returns the availability zone names of a region.
func regionZones(region string) []string {
	letters := cmp.Or(zoneLetters[region], "abc")
	out := make([]string, 0, len(letters))
	for _, l := range letters {
		out = append(out, region+string(l))
	}
	return out
}

// azChoices lists the zones of every region of the design's VPCs (the
// design's own region first), grouped by region.
func azChoices(d *design.Design) []templates.Choice {
	regions := []string{}
	if d.Region != "" {
		regions = append(regions, d.Region)
	}
	for _, id := range design.SortedIDs(d.VPCs) {
		if r := d.RegionOf(d.VPCs[id]); r != "" && !slices.Contains(regions, r) {
			regions = append(regions, r)
		}
	}
	var out []templates.Choice
	for _, r := range regions {
		for _, z := range regionZones(r) {
			out = append(out, templates.Choice{Value: z, Label: z, Group: r, Region: r})
		}
	}
	return out
}

// subnetSizes are the block sizes a subnet's CIDR field offers.
var subnetSizes = []int{16, 20, 22, 24, 25, 26, 27, 28}

// maxSuggestedVPCs bounds the VPCs whose free blocks a form carries.
const maxSuggestedVPCs = 20

// cidrSuggestions returns the next free block of each size in each VPC
// (the first maxSuggestedVPCs), for a subnet's CIDR field: validate.Plan's
// choice (the best fit of the VPC's free space), from one look at a
// VPC's free space for all the sizes (Plan looks again for each).
func cidrSuggestions(d *design.Design) []templates.CIDRSuggestion {
	var out []templates.CIDRSuggestion
	ids := design.SortedIDs(d.VPCs)
	for _, id := range ids[:min(len(ids), maxSuggestedVPCs)] {
		free, err := validate.FreeSpace(d, id)
		if err != nil {
			continue
		}
		var b netipx.IPSetBuilder
		for _, p := range free {
			b.AddPrefix(p)
		}
		set, err := b.IPSet()
		if err != nil {
			continue
		}
		for _, bits := range subnetSizes {
			if p, _, ok := set.RemoveFreePrefix(uint8(bits)); ok {
				out = append(out, templates.CIDRSuggestion{VPC: id, Bits: bits, CIDR: p.String()})
			}
		}
	}
	return out
}

// nextVPCBlock returns the first /16 of 10.0.0.0/8 that no VPC of the
// design overlaps, for a new VPC.
func nextVPCBlock(d *design.Design) string {
	var used []netip.Prefix
	d.Each(func(r design.Resource) {
		if v, ok := r.(*design.VPC); ok {
			for _, s := range v.IPv4CIDRs() {
				if p, err := design.ParseCIDR(s); err == nil {
					used = append(used, p.Masked())
				}
			}
		}
	})
	for i := range 256 {
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i), 0, 0}), 16)
		if !slices.ContainsFunc(used, p.Overlaps) {
			return p.String()
		}
	}
	return ""
}

// idPrefixes are the prefixes of generated IDs, by kind, and the words
// that already say the kind in a name ("web-vpc" needs no "vpc-").
var idPrefixes = map[design.Kind][]string{
	design.KindVPC:                       {"vpc"},
	design.KindSubnet:                    {"subnet"},
	design.KindRouteTable:                {"rtb", "rt"},
	design.KindNetworkACL:                {"acl", "nacl"},
	design.KindSecurityGroup:             {"sg"},
	design.KindPrefixList:                {"pl"},
	design.KindInternetGateway:           {"igw"},
	design.KindEgressOnlyInternetGateway: {"eigw"},
	design.KindNATGateway:                {"nat"},
	design.KindElasticIP:                 {"eip"},
	design.KindVPCEndpoint:               {"vpce"},
	design.KindEndpointService:           {"vpce-svc"},
	design.KindPeeringConnection:         {"pcx"},
	design.KindTransitGateway:            {"tgw"},
	design.KindTransitGatewayAttachment:  {"tgw-attach"},
	design.KindTransitGatewayRouteTable:  {"tgw-rtb"},
	design.KindLatticeServiceNetwork:     {"sn"},
	design.KindLatticeAssociation:        {"sn-assoc"},
	design.KindFlowLog:                   {"fl"},
	design.KindWorkload:                  {"workload"},
}

// generateID makes the ID of a new resource of kind k from its name: the
// name in lower case with other characters as '-', after the kind's
// prefix unless the name says the kind already ("web" is sg-web,
// "alb-sg" stays; a workload keeps its name), then "-2", "-3"… until
// it is unique in the design and among taken.
func generateID(d *design.Design, k design.Kind, name string, taken ...string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(name)) {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9', r == '.', r == '_':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	slug := strings.Trim(b.String(), "-._")
	prefixes := idPrefixes[k]
	base := slug
	switch {
	case slug == "":
		base = cmp.Or(slices.Concat(prefixes, []string{string(k)})[0], string(k)) + "-1"
	case k == design.KindWorkload:
	default:
		says := false
		for _, w := range strings.FieldsFunc(slug, func(r rune) bool { return r == '-' || r == '.' || r == '_' }) {
			says = says || slices.Contains(prefixes, w)
		}
		if !says && len(prefixes) > 0 {
			base = prefixes[0] + "-" + slug
		}
	}
	return uniqueID(d, base, taken...)
}

// uniqueID is base, or base numbered "-2", "-3"… (a trailing "-1"
// replaced), the first that no resource of d has and taken does not hold.
func uniqueID(d *design.Design, base string, taken ...string) string {
	free := func(id string) bool {
		_, used := d.Lookup(id)
		return !used && !slices.Contains(taken, id)
	}
	if free(base) {
		return base
	}
	stem := strings.TrimSuffix(base, "-1")
	for i := 2; ; i++ {
		if id := stem + "-" + strconv.Itoa(i); free(id) {
			return id
		}
	}
}

// defaults is the value a new resource of kind k starts with: in the
// design's first VPC (or vpc), a subnet in the next free /24 and the first
// zone no subnet of the VPC uses (or az), a group that may send anything
// out (as AWS makes one), a VPC on the next free /16, a workload with one
// interface.
func defaults(d *design.Design, k design.Kind, vpc, az string) map[string]any {
	if _, ok := d.VPCs[vpc]; !ok {
		vpc = ""
		if ids := design.SortedIDs(d.VPCs); len(ids) > 0 {
			vpc = ids[0]
		}
	}
	doc := map[string]any{}
	fields := map[string]bool{}
	for _, f := range fieldsOf(k) {
		fields[f.name] = true
	}
	if fields["vpc"] && vpc != "" {
		doc["vpc"] = vpc
	}
	switch k {
	case design.KindVPC:
		if b := nextVPCBlock(d); b != "" {
			doc["cidr"] = b
		}
		if d.Region == "" {
			// Its subnets' zones are those of its region.
			doc["region"] = "us-east-1"
		}
	case design.KindSubnet:
		if vpc == "" {
			break
		}
		if p, err := validate.Plan(d, vpc, 24, ""); err == nil {
			doc["cidr"] = p.String()
		}
		used := map[string]bool{}
		for _, s := range d.Subnets {
			if s.VPC == vpc {
				used[s.AZ] = true
			}
		}
		zs := regionZones(d.RegionOf(d.VPCs[vpc]))
		if d.RegionOf(d.VPCs[vpc]) == "" {
			break
		}
		doc["az"] = zs[0]
		for _, z := range zs {
			if !used[z] {
				doc["az"] = z
				break
			}
		}
		if az != "" {
			doc["az"] = az
		}
	case design.KindSecurityGroup:
		doc["egress"] = []any{map[string]any{"protocol": "all", "cidr": "0.0.0.0/0"}}
	case design.KindNATGateway:
		doc["connectivity"] = "public"
	case design.KindWorkload:
		doc["type"] = "instance"
		for _, id := range design.SortedIDs(d.Subnets) {
			if d.Subnets[id].VPC == vpc {
				doc["interfaces"] = []any{map[string]any{"subnet": id}}
				break
			}
		}
	}
	return doc
}

// column is one input of a row: its path in the row's JSON ("ports.from")
// and its Go type.
type column struct {
	path    string
	typ     reflect.Type
	options []string
}

// columnsOf flattens the fields of a row's struct type: a nested struct
// (a target, a port range) gives one column per field ("target.type").
func columnsOf(t reflect.Type, prefix string) []column {
	var out []column
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		ft := f.Type
		if ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Struct {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct {
			out = append(out, columnsOf(ft, prefix+name+".")...)
			continue
		}
		c := column{path: prefix + name, typ: f.Type}
		for _, part := range strings.Split(f.Tag.Get("jsonschema"), ",") {
			if v, ok := strings.CutPrefix(part, "enum="); ok {
				c.options = append(c.options, v)
			}
		}
		out = append(out, c)
	}
	return out
}

// rowType returns the struct type of a list field's rows, or nil when the
// field is not a list of structures.
func rowType(f formField) reflect.Type {
	if f.typ.Kind() != reflect.Slice || f.typ.Elem().Kind() != reflect.Struct {
		return nil
	}
	return f.typ.Elem()
}

// isSGRule reports whether a row type is a security-group rule, whose
// peer (CIDR, prefix list or group) is one choice.
func isSGRule(t reflect.Type) bool { return t == reflect.TypeFor[design.SGRule]() }

// isRoute reports whether a row type is a route, whose target is a type
// and a resource picked among those of the type.
func isRoute(t reflect.Type) bool { return t == reflect.TypeFor[design.Route]() }

// rowEditor builds the row editor of list field f of kind k in design d:
// its columns, and rows from the stored value (rows, a JSON list) or, for
// a refused form, as typed (values). Errors are keyed by path
// ("ingress[2].ports").
func rowEditor(d *design.Design, f formField, stored any, values url.Values, errs map[string]string) *templates.RowEditor {
	t := rowType(f)
	ed := &templates.RowEditor{}
	groupsTaken := false
	for _, c := range columnsOf(t, "") {
		col := templates.Column{Name: c.path, Label: label(strings.ReplaceAll(c.path, ".", " ")), Options: c.options}
		switch {
		case isSGRule(t) && (c.path == "cidr" || c.path == "prefix_list" || c.path == "group"):
			if groupsTaken {
				continue
			}
			groupsTaken = true
			col = templates.Column{Name: "peer", Label: label(map[string]string{"ingress": "source", "egress": "destination"}[f.name]),
				Type: "peer", Choices: slices.Concat(choices(d, design.KindSecurityGroup), choices(d, design.KindPrefixList))}
			if col.Label == "" {
				col.Label = "Peer"
			}
		case isRoute(t) && c.path == "target.id":
			continue
		case isRoute(t) && c.path == "target.type":
			col.Name, col.Label, col.Type = "target", "Target", "target"
			for _, tk := range targetKinds {
				col.Options = append(col.Options, string(tk.typ))
				if tk.kind != "" {
					col.Choices = append(col.Choices, choices(d, tk.kind)...)
				}
			}
		case c.path == "protocol":
			col.Type, col.Options = "protocol", protocols
		case c.path == "ports.from":
			// Ports for tcp and udp, type and code for ICMP: one column.
			col.Name, col.Label, col.Type = "ports", "Ports", "ports"
		case strings.HasPrefix(c.path, "ports.") || strings.HasPrefix(c.path, "icmp."):
			continue
		case rowRefs[c.path] != nil:
			col.Type, col.Choices = "ref", choices(d, rowRefs[c.path]...)
		case len(c.options) > 0:
			col.Type = "select"
		case c.typ.Kind() == reflect.Int:
			col.Type = "number"
		case c.typ.Kind() == reflect.Bool:
			col.Type = "checkbox"
		default:
			col.Type = "text"
		}
		ed.Columns = append(ed.Columns, col)
	}
	if values != nil {
		for _, i := range rowIndexes(values, f.name) {
			row := templates.Row{Index: i, Cells: map[string]string{}}
			prefix := f.name + "[" + strconv.Itoa(i) + "]."
			for key, vs := range values {
				if cell, ok := strings.CutPrefix(key, prefix); ok {
					row.Cells[cell] = vs[0]
				}
			}
			ed.Rows = append(ed.Rows, row)
		}
		ed.JSON = values.Get(f.name)
	} else if list, ok := stored.([]any); ok {
		for i, item := range list {
			row := templates.Row{Index: i, Cells: map[string]string{}}
			m, _ := item.(map[string]any)
			flatten(m, "", row.Cells)
			if isSGRule(t) {
				row.Cells["peer_type"] = peerType(row.Cells)
			}
			ed.Rows = append(ed.Rows, row)
		}
		b, _ := json.MarshalIndent(stored, "", "  ")
		ed.JSON = string(b)
		if t == reflect.TypeFor[design.NACLEntry]() {
			// Entries are evaluated by number: shown in that order.
			slices.SortStableFunc(ed.Rows, func(a, b templates.Row) int {
				x, _ := strconv.Atoi(a.Cells["number"])
				y, _ := strconv.Atoi(b.Cells["number"])
				return x - y
			})
		}
	}
	for i := range ed.Rows {
		ed.Rows[i].Index = i
		ed.Rows[i].Error = rowError(errs, f.name, i)
		ed.Rows[i].Bad = badCells(errs, f.name, i, ed.Columns)
	}
	return ed
}

// badCells names the columns of row i whose cells an error is about
// ("ingress[2].ports" is the ports column; a rule's cidr or group, its
// peer column).
func badCells(errs map[string]string, name string, i int, cols []templates.Column) map[string]bool {
	prefix := name + "[" + strconv.Itoa(i) + "]."
	bad := map[string]bool{}
	for k := range errs {
		cell, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		for _, c := range cols {
			switch {
			case cell == c.Name || strings.HasPrefix(cell, c.Name+"."),
				c.Type == "peer" && slices.Contains([]string{"cidr", "prefix_list", "group", "new_group"}, cell),
				c.Type == "ports" && strings.HasPrefix(cell, "icmp"):
				bad[c.Name] = true
			}
		}
	}
	return bad
}

// peerType is which peer a stored rule names.
func peerType(cells map[string]string) string {
	switch {
	case cells["cidr"] != "":
		return "cidr"
	case cells["prefix_list"] != "":
		return "prefix_list"
	}
	return "group"
}

// flatten writes the leaves of a JSON object as cells ("ports.from").
func flatten(m map[string]any, prefix string, cells map[string]string) {
	for k, v := range m {
		switch x := v.(type) {
		case map[string]any:
			flatten(x, prefix+k+".", cells)
		case []any:
			var ss []string
			for _, e := range x {
				ss = append(ss, fmt.Sprint(e))
			}
			cells[prefix+k] = strings.Join(ss, ", ")
		case float64:
			cells[prefix+k] = strconv.FormatFloat(x, 'f', -1, 64)
		default:
			cells[prefix+k] = fmt.Sprint(x)
		}
	}
}

// rowError joins the errors of row i of list field name.
func rowError(errs map[string]string, name string, i int) string {
	prefix := name + "[" + strconv.Itoa(i) + "]"
	var msgs []string
	for _, k := range slices.Sorted(maps.Keys(errs)) {
		if k == prefix || strings.HasPrefix(k, prefix+".") {
			msgs = append(msgs, errs[k])
		}
	}
	return strings.Join(msgs, "; ")
}

// rowIndexes returns the row numbers of list field name in a posted form
// ("ingress[3].protocol" is row 3), ascending.
func rowIndexes(values url.Values, name string) []int {
	seen := map[int]bool{}
	for key := range values {
		rest, ok := strings.CutPrefix(key, name+"[")
		if !ok {
			continue
		}
		n, _, ok := strings.Cut(rest, "]")
		i, err := strconv.Atoi(n)
		if ok && err == nil && i >= 0 && i < maxRows {
			seen[i] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// maxRows bounds the rows of one list in a form.
const maxRows = 1000

// usesRows reports whether a posted form edits list field name as rows
// (the row editor posts rows=name) rather than as JSON text.
func usesRows(values url.Values, name string) bool {
	return slices.Contains(values["rows"], name)
}

// newGroup is a security group a rule's peer creates in the same save.
type newGroup struct {
	id, name string
	// mirror: the rule that lets the traffic of the rule that made the
	// group in (or out) of it, from (or to) the group being saved.
	mirror *design.SGRule
	dir    string
}

// readRows turns the rows of list field f (of a resource with the ID
// self) into its JSON value. A security-group rule may name a new group
// (peer_type "new", its name in new_group), made in the same batch: such
// groups are added to made.
func readRows(d *design.Design, f formField, self string, values url.Values, made *[]newGroup) ([]any, error) {
	t := rowType(f)
	cols := columnsOf(t, "")
	var out []any
	for n, i := range rowIndexes(values, f.name) {
		prefix := f.name + "[" + strconv.Itoa(i) + "]."
		at := func(cell string) string { return f.name + "[" + strconv.Itoa(n) + "]." + cell }
		get := func(cell string) string { return strings.TrimSpace(values.Get(prefix + cell)) }
		row := map[string]any{}
		for _, c := range cols {
			raw := get(c.path)
			if raw == "" {
				continue
			}
			var v any = raw
			switch {
			case c.path == "protocol":
				p, err := design.ParseProtocol(raw)
				if err != nil {
					return nil, &formError{at("protocol"), err.Error()}
				}
				v = string(p)
			case c.typ.Kind() == reflect.Int:
				x, err := strconv.Atoi(raw)
				if err != nil {
					return nil, &formError{at(c.path), fmt.Sprintf("%q is not a whole number", raw)}
				}
				v = x
			case c.typ.Kind() == reflect.Bool:
				v = raw == "true"
			case c.typ.Kind() == reflect.Slice:
				var ss []any
				for _, s := range strings.Split(raw, ",") {
					if s = strings.TrimSpace(s); s != "" {
						ss = append(ss, s)
					}
				}
				v = ss
			}
			setPath(row, c.path, v)
		}
		if p, ok := row["protocol"].(string); ok {
			proto := design.Protocol(p)
			if !proto.HasPorts() {
				delete(row, "ports")
			}
			if !proto.IsICMP() {
				delete(row, "icmp")
			}
		}
		if ports, ok := row["ports"].(map[string]any); ok {
			// One port typed is a range of one port.
			if _, ok := ports["to"]; !ok {
				ports["to"] = ports["from"]
			}
			if _, ok := ports["from"]; !ok {
				ports["from"] = ports["to"]
			}
		}
		if isSGRule(t) {
			if err := readPeer(d, f.name, self, get, at, row, made); err != nil {
				return nil, err
			}
		}
		out = append(out, row)
	}
	return out, nil
}

// readPeer sets a rule's one peer from its peer_type: cidr, prefix_list,
// group, self (the group being saved) or new (a group made in the same
// save, named new_group; with mirror, it lets the traffic back).
func readPeer(d *design.Design, dir, self string, get func(string) string, at func(string) string, row map[string]any, made *[]newGroup) error {
	typ := get("peer_type")
	if typ == "" {
		return nil // a scripted form: the cells as posted
	}
	delete(row, "cidr")
	delete(row, "prefix_list")
	delete(row, "group")
	switch typ {
	case "cidr", "prefix_list", "group":
		if v := get(typ); v != "" {
			row[typ] = v
		}
	case "self":
		row["group"] = self
	case "new":
		name := get("new_group")
		if name == "" {
			return &formError{at("new_group"), "name the new group"}
		}
		var taken []string
		for _, g := range *made {
			taken = append(taken, g.id)
		}
		g := newGroup{id: generateID(d, design.KindSecurityGroup, name, append(taken, self)...), name: name}
		row["group"] = g.id
		if get("mirror") == "true" {
			var m design.SGRule
			data, _ := json.Marshal(row)
			if err := json.Unmarshal(data, &m); err == nil {
				m.Group, m.Description = self, ""
				g.mirror = &m
				g.dir = map[string]string{"ingress": "egress", "egress": "ingress"}[dir]
			}
		}
		*made = append(*made, g)
	default:
		return &formError{at("peer_type"), fmt.Sprintf("%q is not a peer (want cidr, prefix_list, group, self or new)", typ)}
	}
	return nil
}

// setPath sets a dotted path ("ports.from") in a JSON object.
func setPath(m map[string]any, path string, v any) {
	head, rest, nested := strings.Cut(path, ".")
	if !nested {
		m[head] = v
		return
	}
	sub, _ := m[head].(map[string]any)
	if sub == nil {
		sub = map[string]any{}
		m[head] = sub
	}
	setPath(sub, rest, v)
}

// newGroupOps are the puts of the groups a save makes for its rules'
// peers, in the VPC of the group saved: each may send anything out, as a
// group AWS makes, and lets in (or out) the traffic of the rule that named
// it when asked to.
func newGroupOps(vpc string, made []newGroup) []design.Op {
	var ops []design.Op
	for _, g := range made {
		sg := &design.SecurityGroup{VPC: vpc, Egress: []design.SGRule{{Protocol: design.ProtocolAll, CIDR: "0.0.0.0/0"}}}
		sg.ID, sg.Tags = g.id, map[string]string{"Name": g.name}
		switch g.dir {
		case "ingress":
			sg.Ingress = append(sg.Ingress, *g.mirror)
		case "egress":
			sg.Egress = append(sg.Egress, *g.mirror)
		}
		ops = append(ops, design.Put(sg))
	}
	return ops
}
