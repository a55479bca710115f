package reach

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// EndpointKind says what an Endpoint names. The zero EndpointKind is
// invalid.
type EndpointKind uint8

// The endpoint kinds.
const (
	// EndpointWorkload is a workload (its first interface as a source, its
	// best interface as a destination).
	EndpointWorkload EndpointKind = iota + 1
	// EndpointSubnet is any address of a subnet, with no ENI and so no
	// security group.
	EndpointSubnet
	// EndpointInternet is a public host that no rule names (IPv4 unless
	// written "::/0").
	EndpointInternet
	// EndpointAddress is an IPv4 or IPv6 address or block: inside a subnet
	// of the design (then ID is the subnet) or outside every VPC.
	EndpointAddress
	// EndpointService is an AWS service reached through an endpoint or the
	// internet: "s3", "dynamodb", or an interface endpoint's service.
	EndpointService
)

// Endpoint is one end of a flow.
type Endpoint struct {
	Kind EndpointKind
	// ID is the workload or subnet ID, the service's short name ("s3"), or
	// for an address inside the design the subnet that holds it.
	ID string
	// Prefix is the address (a single-address prefix) or block of an
	// EndpointAddress, and 0.0.0.0/0 or ::/0 for EndpointInternet.
	Prefix netip.Prefix
}

// String returns the endpoint as ParseEndpoint reads it.
func (e Endpoint) String() string {
	switch e.Kind {
	case EndpointInternet:
		if e.Prefix.Addr().Is6() {
			return "::/0"
		}
		return "internet"
	case EndpointAddress:
		if e.Prefix.IsSingleIP() {
			return e.Prefix.Addr().String()
		}
		return e.Prefix.String()
	}
	return e.ID
}

// family reports whether the endpoint is of the IPv6 family, and (known)
// whether it has a family of its own at all.
func (e Endpoint) family() (is6, known bool) {
	if e.Kind == EndpointAddress || e.Kind == EndpointInternet {
		return e.Prefix.Addr().Is6(), true
	}
	return false, false
}

// gatewayServices are the services known without an endpoint in the
// design: they have gateway endpoints and public addresses.
var gatewayServices = []string{"s3", "s3express", "dynamodb"}

// ParseEndpoint reads one end of a flow: a workload or subnet ID,
// "internet", an IPv4 or IPv6 address or CIDR block, or a service ("s3",
// "dynamodb", an interface endpoint's service short name, or a full service
// name such as "com.amazonaws.us-east-1.s3").
func ParseEndpoint(d *design.Design, s string) (Endpoint, error) {
	switch {
	case s == "":
		return Endpoint{}, fmt.Errorf("missing endpoint (want a workload or subnet id, internet, an address or CIDR, or a service such as s3)")
	case s == "internet":
		return Endpoint{Kind: EndpointInternet, Prefix: netip.MustParsePrefix("0.0.0.0/0")}, nil
	}
	if d.Workloads[s] != nil {
		return Endpoint{Kind: EndpointWorkload, ID: s}, nil
	}
	if d.Subnets[s] != nil {
		return Endpoint{Kind: EndpointSubnet, ID: s}, nil
	}
	if svc, ok := serviceName(d, s); ok {
		return Endpoint{Kind: EndpointService, ID: svc}, nil
	}
	if p, ok := parseAddrOrCIDR(s); ok {
		return addressEndpoint(d, p)
	}
	if r, ok := d.Lookup(s); ok {
		return Endpoint{}, fmt.Errorf("%q is a %s; want a workload, a subnet, internet, an address or a service", s, r.Kind())
	}
	return Endpoint{}, fmt.Errorf("no workload, subnet or service with id %q", s)
}

// parseAddrOrCIDR parses an address (as a single-address prefix) or a CIDR
// block, masked.
func parseAddrOrCIDR(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := design.ParseCIDR(s)
		return p.Masked(), err == nil
	}
	a, err := design.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

// addressEndpoint classifies an address or block: the internet for /0, an
// address of the subnet that holds it, or an outside address; a block
// inside a VPC but in no single subnet is refused.
func addressEndpoint(d *design.Design, p netip.Prefix) (Endpoint, error) {
	if p.Bits() == 0 {
		return Endpoint{Kind: EndpointInternet, Prefix: p}, nil
	}
	for _, id := range design.SortedIDs(d.Subnets) {
		s := d.Subnets[id]
		for _, c := range []string{s.CIDR, s.IPv6CIDR} {
			if q, ok := design.KnownCIDR(c); ok && q.Bits() <= p.Bits() && q.Contains(p.Addr()) {
				return Endpoint{Kind: EndpointAddress, ID: id, Prefix: p}, nil
			}
		}
	}
	for _, id := range design.SortedIDs(d.VPCs) {
		v := d.VPCs[id]
		for _, c := range append(v.IPv4CIDRs(), v.IPv6CIDRs...) {
			if q, ok := design.KnownCIDR(c); ok && q.Overlaps(p) {
				return Endpoint{}, fmt.Errorf("%s lies in VPC %q but in no single subnet; give an address of a subnet or a subnet's block", p, id)
			}
		}
	}
	return Endpoint{Kind: EndpointAddress, Prefix: p}, nil
}

// serviceName returns the short name of a service the design can reach:
// s3, s3express and dynamodb always, and the service of any VPC endpoint.
// A full name "com.amazonaws.<region>.<name>" is shortened.
func serviceName(d *design.Design, s string) (string, bool) {
	short := strings.ToLower(s)
	if strings.HasPrefix(short, "com.amazonaws.") {
		short = (&design.VPCEndpoint{Service: short}).ServiceShortName()
	}
	for _, g := range gatewayServices {
		if short == g {
			return short, true
		}
	}
	for _, id := range design.SortedIDs(d.VPCEndpoints) {
		e := d.VPCEndpoints[id]
		if e.Type == design.EndpointInterface && strings.EqualFold(e.ServiceShortName(), short) {
			return short, true
		}
	}
	return "", false
}

// firewallOf returns the AWS Network Firewall (a resource the model keeps
// opaque) whose endpoint an unknown route target names
// ("unknown(Fn::GetAtt Fw.EndpointIds)"), or "".
func (an *Analyzer) firewallOf(target string) string {
	reason := design.UnknownReason(target)
	for _, id := range design.SortedIDs(an.d.Opaque) {
		if an.d.Opaque[id].Type == "AWS::NetworkFirewall::Firewall" && strings.Contains(reason, id+".EndpointIds") {
			return id
		}
	}
	return ""
}
