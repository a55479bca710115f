package importer

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// regionPattern matches a region name: us-east-1, eu-central-2,
// us-gov-west-1, cn-north-1, us-isob-east-1.
const regionPattern = `[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}`

var (
	// zoneRE matches an availability zone (eu-central-1a) or a Local Zone
	// (us-west-2-lax-1a); the group is the region.
	zoneRE = regexp.MustCompile(`^(` + regionPattern + `)(?:[a-z]|-[a-z]+-[0-9]{1,2}[a-z])$`)
	// arnRE matches an ARN that names a region.
	arnRE = regexp.MustCompile(`^arn:aws(?:-cn|-us-gov|-iso[a-z-]*)?:[a-z0-9-]+:(` + regionPattern + `):`)
	// serviceRE matches an endpoint service name: com.amazonaws.eu-west-1.s3,
	// com.amazonaws.vpce.eu-west-1.vpce-svc-..., aws.sagemaker.eu-west-1.notebook.
	serviceRE    = regexp.MustCompile(`^(?:cn\.)?(?:com\.amazonaws|aws\.sagemaker)\.(?:vpce\.)?(` + regionPattern + `)\.`)
	onlyRegionRE = regexp.MustCompile(`^` + regionPattern + `$`)
)

// regionClue is a literal in a template that names the stack's region.
type regionClue struct {
	region string
	what   string // "availability zone eu-central-1a"
	file   string
	line   int
}

func (c regionClue) String() string {
	switch {
	case c.line == 0:
		return c.what
	case c.file != "":
		return fmt.Sprintf("%s at %s:%d", c.what, c.file, c.line)
	}
	return fmt.Sprintf("%s at line %d", c.what, c.line)
}

// regionClues collects the literals of a template and of the parameter
// values given to it that name a region: zone names (a stack's subnets are
// in its region), and apart ARNs, endpoint service names and Fn::GetAZs
// arguments. Mappings, Metadata and Rules are not read: mappings keyed by
// region name every region a template supports.
func regionClues(root *node, file string, params map[string]string) (zones, others []regionClue) {
	var walk func(n *node)
	walk = func(n *node) {
		if n == nil {
			return
		}
		if n.kind == scalarNode && n.typ == typeString {
			switch m := zoneRE.FindStringSubmatch(n.str); {
			case m != nil:
				zones = append(zones, regionClue{m[1], "availability zone " + n.str, file, n.line})
			default:
				if m := arnRE.FindStringSubmatch(n.str); m != nil {
					others = append(others, regionClue{m[1], "ARN " + n.str, file, n.line})
				} else if m := serviceRE.FindStringSubmatch(n.str); m != nil {
					others = append(others, regionClue{m[1], "service name " + n.str, file, n.line})
				}
			}
			return
		}
		if fn, arg, ok := n.intrinsic(false); ok && fn == "Fn::GetAZs" && arg.kind == scalarNode && onlyRegionRE.MatchString(arg.str) {
			others = append(others, regionClue{arg.str, "Fn::GetAZs " + arg.str, file, arg.line})
			return
		}
		for _, it := range n.items {
			walk(it)
		}
		for _, f := range n.fields {
			walk(f.val)
		}
	}
	if decl := root.get("Parameters"); decl != nil {
		for _, f := range decl.fields {
			given, ok := params[f.key]
			if !ok {
				walk(f.val.get("Default"))
				continue
			}
			for _, v := range strings.Split(given, ",") {
				if m := zoneRE.FindStringSubmatch(strings.TrimSpace(v)); m != nil {
					zones = append(zones, regionClue{m[1], fmt.Sprintf("availability zone %s given to parameter %s", strings.TrimSpace(v), f.key), file, 0})
				}
			}
		}
	}
	for _, sec := range []string{"Conditions", "Resources", "Outputs"} {
		walk(root.get(sec))
	}
	return zones, others
}

// inferRegion returns the region the templates name, with the warning that
// says so, or "" and a warning when they name several regions, or "" and
// no warning when they name none. Zone names decide when there are any;
// ARNs, service names and Fn::GetAZs arguments only when there are none.
func inferRegion(roots []*node, files []string, params []map[string]string) (string, string) {
	var zones, others []regionClue
	for i, root := range roots {
		z, o := regionClues(root, files[i], params[i])
		zones, others = append(zones, z...), append(others, o...)
	}
	if len(roots) == 1 {
		for i := range zones {
			zones[i].file = ""
		}
		for i := range others {
			others[i].file = ""
		}
	}
	clues := zones
	if len(clues) == 0 {
		clues = others
	}
	if len(clues) == 0 {
		return "", ""
	}
	first := map[string]regionClue{}
	for _, c := range clues {
		if _, seen := first[c.region]; !seen {
			first[c.region] = c
		}
	}
	if len(first) == 1 {
		c := clues[0]
		return c.region, fmt.Sprintf("region %s inferred from %s — pass --region to override", c.region, c)
	}
	named := make([]string, 0, len(first))
	for _, r := range slices.Sorted(maps.Keys(first)) {
		named = append(named, fmt.Sprintf("%s (%s)", r, first[r]))
	}
	subject := "the template names"
	if len(roots) > 1 {
		subject = "the templates name"
	}
	return "", fmt.Sprintf("%s several regions: %s; none inferred, %s assumed — pass --region", subject, strings.Join(named, " and "), DefaultRegion)
}
