package export

import (
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// latticeName makes a service network name: 3-63 lower-case letters,
// digits and hyphens.
func latticeName(id string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(id) {
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			b.WriteRune(c)
		} else {
			b.WriteByte('-')
		}
	}
	s := strings.Trim(b.String(), "-")
	for len(s) < 3 {
		s += "-sn"
	}
	if strings.HasPrefix(s, "servicenetwork-") {
		s = "sn-" + s
	}
	return s[:min(len(s), 63)]
}

func (w *tfWriter) latticeServiceNetwork(n *design.LatticeServiceNetwork) {
	id := n.ID
	w.add("aws_vpclattice_service_network", w.names.name(id), id, obj("name", latticeName(id),
		"auth_type", w.str(n.AuthType, id, "auth_type"), "tags", w.tags(n.Base)))
}

func (w *tfWriter) latticeAssociation(a *design.LatticeAssociation) {
	id := a.ID
	w.add("aws_vpclattice_service_network_vpc_association", w.names.name(id), id, obj(
		"service_network_identifier", w.ref(a.ServiceNetwork, id, "service_network_identifier"),
		"vpc_identifier", w.ref(a.VPC, id, "vpc_identifier"),
		"security_group_ids", w.refs(a.SecurityGroups, id, "security_group_ids"), "tags", w.tags(a.Base)))
}
