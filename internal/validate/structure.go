package validate

import (
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// checkStructure turns the structural problems of design.Check into
// findings: malformed CIDRs, dangling references, bad values.
func checkStructure(c *context) {
	for _, e := range design.Check(c.d) {
		subject := subjectOf(e.Path)
		switch e.Reason {
		case design.ReasonCIDR:
			c.report("cidr.invalid", e.Path, ids(subject), "write the block as a.b.c.d/n with n from 0 to 32 (IPv4) or an IPv6 prefix with n up to 128", "%s %s", subjectName(e.Path), e.Msg)
		case design.ReasonDangling, design.ReasonWrongKind:
			code := "design.ref-missing"
			switch {
			case strings.Contains(e.Path, ".routes[") && strings.HasSuffix(e.Path, ".target.id"):
				code = "route.target-missing"
			case strings.HasPrefix(e.Path, string(design.KindSecurityGroup)+"[") && strings.HasSuffix(e.Path, ".group"):
				code = "sg.ref-missing"
			}
			c.report(code, e.Path, ids(subject), "create the referenced resource, or point the field at one that exists", "%s: %s", subjectName(e.Path), e.Msg)
		default:
			c.report("design.value-invalid", e.Path, ids(subject), "", "%s: %s", subjectName(e.Path), e.Msg)
		}
	}
}

// subjectOf returns the resource ID of a design path: "app-a" for
// "subnet[app-a].cidr".
func subjectOf(path string) string {
	i := strings.IndexByte(path, '[')
	j := strings.IndexByte(path, ']')
	if i < 0 || j < i {
		return ""
	}
	return path[i+1 : j]
}

// subjectName returns "subnet `app-a`" for "subnet[app-a].cidr".
func subjectName(path string) string {
	i := strings.IndexByte(path, '[')
	if i < 0 {
		return path
	}
	return path[:i] + " `" + subjectOf(path) + "`"
}
