package export

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// Options are the choices of an export.
type Options struct {
	// YAML writes CloudFormation templates as YAML instead of JSON.
	YAML bool
	// HCL writes a Terraform configuration in HCL native syntax, as the
	// files main.tf, outputs.tf, variables.tf and versions.tf, instead of
	// main.tf.json.
	HCL bool
	// Portable writes a CloudFormation template that deploys in any
	// region: each availability zone the design names is a parameter
	// (AWS::EC2::AvailabilityZone::Name, a zone ID a String) whose default
	// is the zone drawn, one per zone so that subnets that share a zone
	// keep sharing it; AWS service names take the region from
	// ${AWS::Region}.
	Portable bool
	// Findings are the validation findings the design carries, one line
	// each ("error subnet.overlap subnet[app-a].cidr: ..."); the output
	// lists them so that nobody deploys a design with errors unawares.
	Findings []string
}

// File is one file of an export.
type File struct {
	// Path is relative: "template.json", "main.tf.json", or one per
	// account and region ("111111111111-us-east-1.template.json").
	Path string
	Data []byte
}

// Output is an export: its files and what it could not say as drawn.
type Output struct {
	Files []File
	// Notes say, sorted, what the format cannot express as drawn and how
	// the export said it instead; the files carry them too.
	Notes []string
}

// ErrUnexportedTarget is returned for a design with a route to a value of
// a resource the export does not write (such as the endpoints of a Network
// Firewall, which the model keeps as an opaque resource): no parameter
// could be filled with it when the stack is created.
var ErrUnexportedTarget = errors.New("a route's target is not exported")

// checkDesign refuses a design with structural errors (dangling
// references, malformed values), there being nothing sound to write, and
// one with routes to what the export does not write.
func checkDesign(d *design.Design) error {
	if errs := design.Check(d); len(errs) > 0 {
		return fmt.Errorf("export: the design has %d structural errors, the first: %w", len(errs), errs[0])
	}
	if c := design.DependsOnCycle(d); c != nil {
		return fmt.Errorf("export: depends_on makes a cycle, which a stack cannot create: %s", strings.Join(c, " -> "))
	}
	for _, id := range design.SortedIDs(d.RouteTables) {
		for _, r := range d.RouteTables[id].Routes {
			if o := unexported(d, r.Target.ID); o != nil {
				dest := r.Destination
				if dest == "" {
					dest = r.PrefixList
				}
				return fmt.Errorf("export: route table %s routes %s to %s, a value of %s (%s), which the export does not write, so nothing could fill it when the stack is created: remove the route, or add %s to the template by hand: %w",
					id, dest, design.UnknownReason(r.Target.ID), o.ID, o.Type, o.ID, ErrUnexportedTarget)
			}
		}
	}
	return nil
}

// unexported returns the opaque resource an unknown value is an attribute
// or reference of ("Fn::GetAtt Firewall.EndpointIds", "Ref Firewall"), or
// nil.
func unexported(d *design.Design, v string) *design.Opaque {
	reason := design.UnknownReason(v)
	for _, prefix := range []string{"Fn::GetAtt ", "Ref "} {
		for rest := reason; ; {
			i := strings.Index(rest, prefix)
			if i < 0 {
				break
			}
			rest = rest[i+len(prefix):]
			name := rest
			if j := strings.IndexAny(name, ". ,)]"); j >= 0 {
				name = name[:j]
			}
			if o := d.Opaque[name]; o != nil {
				return o
			}
		}
	}
	return nil
}

// place is where a resource lives: an account and a region.
type place struct{ account, region string }

func (p place) String() string {
	switch {
	case p.account == "" && p.region == "":
		return "the design's account and region"
	case p.account == "":
		return p.region
	case p.region == "":
		return p.account
	}
	return p.account + "/" + p.region
}

// file returns the file name stem of a place.
func (p place) file() string {
	switch {
	case p.account == "" && p.region == "":
		return "default"
	case p.account == "":
		return p.region
	case p.region == "":
		return p.account
	}
	return p.account + "-" + p.region
}

// placer says where each resource lives: VPCs and transit gateways say (or
// take the design's), everything else follows what it belongs to.
type placer struct {
	d    *design.Design
	x    *index
	memo map[string]place
}

func newPlacer(d *design.Design, x *index) *placer {
	return &placer{d: d, x: x, memo: make(map[string]place, len(x.byID))}
}

func (p *placer) home() place { return place{p.d.Account, p.d.Region} }

// of returns the place of the resource id (the design's for IDs it does
// not hold).
func (p *placer) of(id string) place {
	if pl, ok := p.memo[id]; ok {
		return pl
	}
	p.memo[id] = p.home() // breaks cycles
	pl := p.compute(id)
	p.memo[id] = pl
	return pl
}

func (p *placer) compute(id string) place {
	d := p.d
	r, ok := p.x.lookup(id)
	if !ok {
		return p.home()
	}
	switch x := r.(type) {
	case *design.VPC:
		return place{d.AccountOf(x), d.RegionOf(x)}
	case *design.TransitGateway:
		pl := p.home()
		if x.Account != "" {
			pl.account = x.Account
		}
		if x.Region != "" {
			pl.region = x.Region
		}
		return pl
	case *design.Subnet:
		return p.of(x.VPC)
	case *design.RouteTable:
		return p.of(x.VPC)
	case *design.NetworkACL:
		return p.of(x.VPC)
	case *design.SecurityGroup:
		return p.of(x.VPC)
	case *design.InternetGateway:
		return p.of(x.VPC)
	case *design.EgressOnlyInternetGateway:
		return p.of(x.VPC)
	case *design.NATGateway:
		return p.of(x.Subnet)
	case *design.VPCEndpoint:
		return p.of(x.VPC)
	case *design.PeeringConnection:
		return p.of(x.Requester)
	case *design.TransitGatewayAttachment:
		return p.of(x.VPC)
	case *design.TransitGatewayRouteTable:
		return p.of(x.TransitGateway)
	case *design.LatticeAssociation:
		return p.of(x.VPC)
	case *design.FlowLog:
		return p.of(x.Resource)
	case *design.Workload:
		if len(x.Interfaces) > 0 {
			return p.of(x.Interfaces[0].Subnet)
		}
		return p.of(x.AttachedTo)
	case *design.ElasticIP:
		if x.Workload != "" {
			return p.of(x.Workload)
		}
		if nat := p.x.NATGatewayOfEIP(id); nat != "" {
			return p.of(nat)
		}
	case *design.EndpointService:
		if len(x.LoadBalancers) > 0 {
			return p.of(x.LoadBalancers[0])
		}
	}
	return p.home()
}

// places returns every place of the design's resources, sorted.
func (p *placer) places() []place {
	seen := map[place]bool{}
	for _, ids := range p.x.ids {
		for _, id := range ids {
			seen[p.of(id)] = true
		}
	}
	if len(seen) == 0 {
		seen[p.home()] = true
	}
	out := make([]place, 0, len(seen))
	for pl := range seen {
		out = append(out, pl)
	}
	slices.SortFunc(out, func(a, b place) int {
		if a.account != b.account {
			return compareStr(a.account, b.account)
		}
		return compareStr(a.region, b.region)
	})
	return out
}

func compareStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ruleRange returns the two numbers AWS takes for a rule or entry of
// protocol p: the ports of tcp and udp (all when it names none), the ICMP
// type and code (-1 for any); ok is false for protocols that take neither.
func ruleRange(p design.Protocol, ports *design.PortRange, icmp *design.ICMPMatch) (from, to int, ok bool) {
	switch {
	case p.HasPorts():
		r := design.AllPorts
		if ports != nil {
			r = *ports
		}
		return r.From, r.To, true
	case p.IsICMP():
		m := design.ICMPMatch{Type: -1, Code: -1}
		if icmp != nil {
			m = *icmp
		}
		return m.Type, m.Code, true
	}
	return 0, 0, false
}

// knownIP reports whether an address is given, not empty or unknown.
func knownIP(s string) bool { return s != "" && !design.IsUnknown(s) }

// countsSecondaries reports whether an interface's secondary addresses are
// exported as a count: when one of them, or the primary address, is
// unknown (a list of addresses needs its primary one).
func countsSecondaries(ifc design.Interface) bool {
	if len(ifc.SecondaryIPs) == 0 {
		return false
	}
	if !knownIP(ifc.PrivateIP) {
		return true
	}
	return slices.ContainsFunc(ifc.SecondaryIPs, design.IsUnknown)
}

// addressNotes returns what the export of an interface of workload owner
// says other than as drawn: an unknown primary address AWS chooses, and
// secondary addresses AWS chooses, given as their count.
func addressNotes(ifc design.Interface, owner string) []string {
	var notes []string
	if design.IsUnknown(ifc.PrivateIP) {
		notes = append(notes, fmt.Sprintf("workload %s: its primary address in %s is unknown (%s); AWS chooses it", owner, ifc.Subnet, design.UnknownReason(ifc.PrivateIP)))
	}
	if countsSecondaries(ifc) {
		notes = append(notes, fmt.Sprintf("workload %s: its %d secondary addresses in %s are exported as a count (AWS chooses them): %s", owner, len(ifc.SecondaryIPs), ifc.Subnet, strings.Join(ifc.SecondaryIPs, ", ")))
	}
	return notes
}

// mapsAddresses reports whether a load balancer names a private address
// in a subnet, so that it needs subnet mappings rather than subnets.
func mapsAddresses(wl *design.Workload) bool {
	for _, ifc := range wl.Interfaces {
		if knownIP(ifc.PrivateIP) {
			return true
		}
	}
	return false
}

// loadBalancersByType splits an endpoint service's load balancers into
// network and gateway load balancers, which templates list apart.
func loadBalancersByType(d *design.Design, lbs []string) (nlbs, gwlbs []string) {
	for _, lb := range lbs {
		if wl := d.Workloads[lb]; wl != nil && wl.Type == design.WorkloadGWLB {
			gwlbs = append(gwlbs, lb)
		} else {
			nlbs = append(nlbs, lb)
		}
	}
	return nlbs, gwlbs
}

// Zip returns the files of the export as a zip archive, in their order,
// with no times, so that the same export is the same bytes.
func (o *Output) Zip() ([]byte, error) {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, f := range o.Files {
		w, err := z.CreateHeader(&zip.FileHeader{Name: f.Path, Method: zip.Deflate})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(f.Data); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
