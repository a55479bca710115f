package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/store"
	"github.com/vpcboard/vpcboard/internal/validate"
	"github.com/vpcboard/vpcboard/web/templates"
)

// The actions a selected resource offers (ActionBar's forms).
const (
	actAddSubnet     = "add-subnet"      // a VPC: a subnet in an AZ
	actAddIGW        = "add-igw"         // a VPC: an internet gateway, routes to it
	actAddWorkload   = "add-workload"    // a subnet: a workload in it
	actAddNAT        = "add-nat"         // a subnet: a NAT gateway with its Elastic IP
	actSetRouteTable = "set-route-table" // a subnet: its route table
	actSetACL        = "set-acl"         // a subnet: its network ACL
	actRouteTo       = "route-to"        // a gateway: route subnets to it
)

// actionError is an action the design cannot take as asked: the message
// names the field.
type actionError struct{ field, msg string }

func (e *actionError) Error() string { return e.field + ": " + e.msg }

func actionErrorf(field, format string, args ...any) error {
	return &actionError{field: field, msg: fmt.Sprintf(format, args...)}
}

// fragAction applies one action of the action bar as one batch of ops (one
// revision) and shows what it made, selected.
func (srv *Server) fragAction(c echo.Context) error {
	base, info, d, err := srv.editing(c)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return badRequest("body", "unreadable form: %v", err)
	}
	target := form.Get("target")
	r, ok := d.Lookup(target)
	if !ok {
		return badRequest("target", "no resource %q in the design", target)
	}
	refuse := func(msg string) error {
		v := inspector(info.ID, info.Version, d, "", target)
		v.Error = msg
		return render(c, http.StatusOK, templates.EditResponse(templates.EditResult{Inspector: v}))
	}
	ops, show, err := actionOps(d, r, form)
	var ae *actionError
	switch {
	case errors.As(err, &ae) && ae.field == "action":
		return badRequest("action", "%s", ae.msg)
	case errors.As(err, &ae):
		return refuse(ae.msg)
	case err != nil:
		return err
	}
	rev, err := srv.store.Apply(c.Request().Context(), info.ID, base, ops, author(c))
	var fe *design.FieldError
	var ce *store.ConflictError
	var be *store.BaseError
	switch {
	case errors.As(err, &fe):
		return refuse(fe.Error())
	case errors.As(err, &ce):
		return refuse(ce.Error() + ": nothing was changed; select " + target + " again and retry")
	case errors.As(err, &be):
		return refuse(be.Error())
	case err != nil:
		return err
	}
	return srv.showEdit(c, info.ID, rev, "edit", show, nil)
}

// actionOps builds the ops of an action on resource r and the ID of the
// resource to select after it.
func actionOps(d *design.Design, r design.Resource, form url.Values) ([]design.Op, string, error) {
	act := form.Get("action")
	switch x := r.(type) {
	case *design.VPC:
		switch act {
		case actAddSubnet:
			return addSubnetOps(d, x, form)
		case actAddIGW:
			return addIGWOps(d, x, form)
		}
	case *design.Subnet:
		switch act {
		case actAddWorkload:
			return addWorkloadOps(d, x, form)
		case actAddNAT:
			return addNATOps(d, x)
		case actSetRouteTable:
			return setRouteTableOps(d, x, form.Get("route_table"))
		case actSetACL:
			return setACLOps(d, x, form.Get("acl"))
		}
	}
	if act == actRouteTo {
		if _, ok := gatewayTarget(d, r); ok {
			ops, err := routeToOps(d, r, form["subnets"], strings.TrimSpace(form.Get("destination")))
			return ops, r.ResourceID(), err
		}
	}
	return nil, "", actionErrorf("action", "%q is not an action of %s %s", act, r.Kind(), r.ResourceID())
}

// zones are the availability zones offered for a VPC: those its design
// already uses in its region (or, with no region, those of its subnets),
// and the region's (regionZones).
func zones(d *design.Design, v *design.VPC) []string {
	region := d.RegionOf(v)
	var out []string
	for _, id := range design.SortedIDs(d.Subnets) {
		s := d.Subnets[id]
		mine := strings.HasPrefix(s.AZ, region) && (region != "" || s.VPC == v.ID)
		if s.AZ != "" && !design.IsUnknown(s.AZ) && mine && !slices.Contains(out, s.AZ) {
			out = append(out, s.AZ)
		}
	}
	if region != "" && !design.IsUnknown(region) {
		for _, z := range regionZones(region) {
			if !slices.Contains(out, z) {
				out = append(out, z)
			}
		}
	}
	slices.Sort(out)
	return out
}

func addSubnetOps(d *design.Design, v *design.VPC, form url.Values) ([]design.Op, string, error) {
	az, cidr := strings.TrimSpace(form.Get("az")), strings.TrimSpace(form.Get("cidr"))
	if az == "" {
		return nil, "", actionErrorf("az", "choose an availability zone")
	}
	if cidr == "" {
		p, err := validate.Plan(d, v.ID, 24, az)
		if err != nil {
			return nil, "", actionErrorf("cidr", "no free /24 in VPC %s: %v", v.ID, err)
		}
		cidr = p.String()
	}
	s := &design.Subnet{VPC: v.ID, AZ: az, CIDR: cidr}
	s.ID = uniqueID(d, v.ID+"-"+az[len(az)-1:])
	if n := strings.TrimSpace(form.Get("name")); n != "" {
		s.ID = uniqueID(d, n)
	}
	return []design.Op{design.Put(s)}, s.ID, nil
}

func addIGWOps(d *design.Design, v *design.VPC, form url.Values) ([]design.Op, string, error) {
	for _, id := range design.SortedIDs(d.InternetGateways) {
		if d.InternetGateways[id].VPC == v.ID {
			return nil, "", actionErrorf("target", "VPC %s already has internet gateway %s (a VPC has one)", v.ID, id)
		}
	}
	g := &design.InternetGateway{VPC: v.ID}
	g.ID = uniqueID(d, v.ID+"-igw")
	ops := []design.Op{design.Put(g)}
	if subnets := form["subnets"]; len(subnets) > 0 {
		// The routes see the gateway of this batch.
		next, err := withOps(d, ops)
		if err != nil {
			return nil, "", err
		}
		more, err := routeToOps(next, g, subnets, "")
		if err != nil {
			return nil, "", err
		}
		ops = append(ops, more...)
	}
	return ops, g.ID, nil
}

// withOps returns a copy of d with ops applied.
func withOps(d *design.Design, ops []design.Op) (*design.Design, error) {
	data, err := design.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("copy the design: %w", err)
	}
	next, err := design.DecodeBytes(data)
	if err != nil {
		return nil, fmt.Errorf("copy the design: %w", err)
	}
	if err := design.Apply(next, ops...); err != nil {
		return nil, err
	}
	return next, nil
}

func addWorkloadOps(d *design.Design, s *design.Subnet, form url.Values) ([]design.Op, string, error) {
	typ := design.WorkloadType(form.Get("type"))
	if typ == "" {
		typ = design.WorkloadInstance
	}
	w := &design.Workload{Type: typ, Interfaces: []design.Interface{{Subnet: s.ID}}}
	if g := form.Get("security_group"); g != "" {
		sg := d.SecurityGroups[g]
		if sg == nil || sg.VPC != s.VPC {
			return nil, "", actionErrorf("security_group", "%q is not a security group of VPC %s", g, s.VPC)
		}
		w.SecurityGroups = []string{g}
	}
	w.ID = uniqueID(d, s.ID+"-"+string(typ))
	if n := strings.TrimSpace(form.Get("name")); n != "" {
		w.ID = uniqueID(d, n)
	}
	return []design.Op{design.Put(w)}, w.ID, nil
}

func addNATOps(d *design.Design, s *design.Subnet) ([]design.Op, string, error) {
	n := &design.NATGateway{Subnet: s.ID, Connectivity: design.ConnectivityPublic}
	n.ID = uniqueID(d, s.ID+"-nat")
	e := &design.ElasticIP{}
	e.ID = uniqueID(d, n.ID+"-eip")
	n.EIP = e.ID
	return []design.Op{design.Put(e), design.Put(n)}, n.ID, nil
}

// setRouteTableOps makes rt the route table of subnet s: the tables that
// list it drop it, rt lists it (unless rt is the main table, which a
// subnet listed nowhere uses).
func setRouteTableOps(d *design.Design, s *design.Subnet, rt string) ([]design.Op, string, error) {
	if t := d.RouteTables[rt]; t == nil || t.VPC != s.VPC {
		return nil, "", actionErrorf("route_table", "%q is not a route table of VPC %s", rt, s.VPC)
	}
	ops := moveSubnetOps(s.ID, rt, design.SortedIDs(d.RouteTables), func(id string) ([]string, bool) {
		return d.RouteTables[id].Subnets, d.RouteTables[id].Main
	}, func(id string, subnets []string) design.Op {
		c := *d.RouteTables[id]
		c.Subnets = subnets
		return design.Put(&c)
	})
	if len(ops) == 0 {
		return nil, "", actionErrorf("route_table", "subnet %s already uses route table %s", s.ID, rt)
	}
	return ops, s.ID, nil
}

// setACLOps is setRouteTableOps for network ACLs.
func setACLOps(d *design.Design, s *design.Subnet, acl string) ([]design.Op, string, error) {
	if n := d.NetworkACLs[acl]; n == nil || n.VPC != s.VPC {
		return nil, "", actionErrorf("acl", "%q is not a network ACL of VPC %s", acl, s.VPC)
	}
	ops := moveSubnetOps(s.ID, acl, design.SortedIDs(d.NetworkACLs), func(id string) ([]string, bool) {
		return d.NetworkACLs[id].Subnets, d.NetworkACLs[id].Default
	}, func(id string, subnets []string) design.Op {
		c := *d.NetworkACLs[id]
		c.Subnets = subnets
		return design.Put(&c)
	})
	if len(ops) == 0 {
		return nil, "", actionErrorf("acl", "subnet %s already uses network ACL %s", s.ID, acl)
	}
	return ops, s.ID, nil
}

// moveSubnetOps are the puts that move subnet from the resources of ids
// that list it to target: listed reports a resource's subnets and whether
// it is the implicit one (main table, default ACL: a subnet listed
// nowhere uses it, so it lists nobody); put writes a resource with new
// subnets.
func moveSubnetOps(subnet, target string, ids []string, listed func(id string) ([]string, bool), put func(id string, subnets []string) design.Op) []design.Op {
	var ops []design.Op
	for _, id := range ids {
		subnets, implicit := listed(id)
		has := slices.Contains(subnets, subnet)
		switch {
		case id == target && !has && !implicit:
			ops = append(ops, put(id, append(slices.Clone(subnets), subnet)))
		case id != target && has:
			ops = append(ops, put(id, slices.DeleteFunc(slices.Clone(subnets), func(v string) bool { return v == subnet })))
		}
	}
	return ops
}

// gatewayTarget is the route target of a gateway a subnet can route to,
// and whether r is one.
func gatewayTarget(d *design.Design, r design.Resource) (design.Target, bool) {
	switch x := r.(type) {
	case *design.InternetGateway:
		return design.Target{Type: design.TargetInternetGateway, ID: x.ID}, x.VPC != ""
	case *design.EgressOnlyInternetGateway:
		return design.Target{Type: design.TargetEgressOnlyInternetGateway, ID: x.ID}, true
	case *design.NATGateway:
		return design.Target{Type: design.TargetNATGateway, ID: x.ID}, true
	case *design.TransitGateway:
		return design.Target{Type: design.TargetTransitGateway, ID: x.ID}, true
	case *design.VPCEndpoint:
		return design.Target{Type: design.TargetVPCEndpoint, ID: x.ID}, x.Type == design.EndpointGateway || x.Type == design.EndpointGatewayLoadBalancer
	}
	return design.Target{}, false
}

// gatewayVPCs are the VPCs whose subnets may route to gateway r.
func gatewayVPCs(d *design.Design, r design.Resource) []string {
	switch x := r.(type) {
	case *design.InternetGateway:
		return []string{x.VPC}
	case *design.EgressOnlyInternetGateway:
		return []string{x.VPC}
	case *design.NATGateway:
		if s := d.Subnets[x.Subnet]; s != nil {
			return []string{s.VPC}
		}
	case *design.VPCEndpoint:
		return []string{x.VPC}
	case *design.TransitGateway:
		var out []string
		for _, id := range design.SortedIDs(d.TransitGatewayAttachments) {
			if a := d.TransitGatewayAttachments[id]; a.TransitGateway == x.ID && !slices.Contains(out, a.VPC) {
				out = append(out, a.VPC)
			}
		}
		return out
	}
	return nil
}

// defaultDestination is what a route to gateway r carries by default:
// everything (IPv4, or IPv6 for an egress-only gateway), or for a transit
// gateway RFC 1918's 10.0.0.0/8, where the other VPCs usually are.
func defaultDestination(r design.Resource) string {
	switch r.(type) {
	case *design.EgressOnlyInternetGateway:
		return "::/0"
	case *design.TransitGateway:
		return "10.0.0.0/8"
	}
	return "0.0.0.0/0"
}

// routeToOps routes subnets to gateway r for destination (its default when
// ""): a gateway endpoint is given their route tables; otherwise each
// table gets the route (replacing one for the same destination), and
// subnets that use their VPC's main table get a new table of their own
// (one per VPC, with the main table's routes, named after the gateway), so that the main table and
// the subnets on it stay as they are.
func routeToOps(d *design.Design, r design.Resource, subnets []string, destination string) ([]design.Op, error) {
	target, _ := gatewayTarget(d, r)
	if len(subnets) == 0 {
		return nil, actionErrorf("subnets", "choose the subnets to route to %s", r.ResourceID())
	}
	if destination == "" {
		destination = defaultDestination(r)
	}
	route := design.Route{Destination: destination, Target: target}
	if e, ok := r.(*design.VPCEndpoint); ok && e.Type == design.EndpointGateway {
		route = design.Route{}
	} else if _, err := netip.ParsePrefix(destination); err != nil {
		return nil, actionErrorf("destination", "%q is not a CIDR block", destination)
	}
	vpcs := gatewayVPCs(d, r)
	assoc := d.Associations()
	tables := map[string]*design.RouteTable{} // changed tables, by ID
	var order []string
	onMain := map[string][]string{} // VPC -> its subnets on the main table
	for _, sid := range subnets {
		s := d.Subnets[sid]
		if s == nil || !slices.Contains(vpcs, s.VPC) {
			return nil, actionErrorf("subnets", "%q is not a subnet that can route to %s", sid, r.ResourceID())
		}
		rt := d.RouteTables[assoc.RouteTables[sid]]
		if rt == nil || !slices.Contains(rt.Subnets, sid) {
			onMain[s.VPC] = append(onMain[s.VPC], sid)
			continue
		}
		if tables[rt.ID] == nil {
			c := *rt
			c.Routes = slices.Clone(rt.Routes)
			tables[rt.ID] = &c
			order = append(order, rt.ID)
		}
	}
	for _, vid := range design.SortedIDs(onMain) {
		t := &design.RouteTable{VPC: vid, Subnets: onMain[vid]}
		if m := d.RouteTables[assoc.RouteTables[onMain[vid][0]]]; m != nil {
			t.Routes = slices.Clone(m.Routes)
		}
		name := r.ResourceID() + "-rt"
		if len(onMain) > 1 {
			name = vid + "-" + name
		}
		t.ID = uniqueID(d, name)
		tables[t.ID] = t
		order = append(order, t.ID)
	}
	var ops []design.Op
	if e, ok := r.(*design.VPCEndpoint); ok && e.Type == design.EndpointGateway {
		c := *e
		c.RouteTables = slices.Clone(e.RouteTables)
		for _, id := range order {
			if d.RouteTables[id] == nil {
				ops = append(ops, design.Put(tables[id]))
			}
			if !slices.Contains(c.RouteTables, id) {
				c.RouteTables = append(c.RouteTables, id)
			}
		}
		return append(ops, design.Put(&c)), nil
	}
	for _, id := range order {
		t := tables[id]
		t.Routes = slices.DeleteFunc(t.Routes, func(x design.Route) bool { return x.Destination == destination })
		t.Routes = append(t.Routes, route)
		ops = append(ops, design.Put(t))
	}
	return ops, nil
}

// actionBar is what resource r offers, with its forms prefilled.
func actionBar(designID string, version int64, d *design.Design, r design.Resource) *templates.ActionBar {
	a := &templates.ActionBar{DesignID: designID, Version: version, ID: r.ResourceID(), Kind: string(r.Kind())}
	switch x := r.(type) {
	case *design.VPC:
		var zs []templates.ActionOption
		for _, z := range zones(d, x) {
			zs = append(zs, templates.ActionOption{Value: z, Label: z})
		}
		first := ""
		if len(zs) > 0 {
			first = zs[0].Value
		}
		cidr, hint := "", "the next free /24 of the VPC"
		if p, err := validate.Plan(d, x.ID, 24, ""); err == nil {
			cidr = p.String()
		} else {
			hint = err.Error()
		}
		az := templates.ActionField{Name: "az", Label: "Availability zone", Type: "select", Value: first, Options: zs}
		if len(zs) == 0 {
			az = templates.ActionField{Name: "az", Label: "Availability zone", Type: "text", Hint: "neither the VPC nor the design names a region: type the zone, such as us-east-1a"}
		}
		a.Forms = append(a.Forms, templates.ActionForm{Act: actAddSubnet, Label: "+ Subnet", Title: "Add a subnet to " + x.ID, Submit: "Add subnet",
			Fields: []templates.ActionField{az, {Name: "cidr", Label: "CIDR", Type: "text", Value: cidr, Hint: hint}}})
		has := false
		for _, g := range d.InternetGateways {
			has = has || g.VPC == x.ID
		}
		if !has {
			a.Forms = append(a.Forms, templates.ActionForm{Act: actAddIGW, Label: "+ Internet gateway", Title: "Attach an internet gateway to " + x.ID, Submit: "Add internet gateway",
				Fields: []templates.ActionField{{Name: "subnets", Label: "Route 0.0.0.0/0 of these subnets to it", Type: "checks", Options: subnetChecks(d, []string{x.ID}, true)}}})
		}
	case *design.Subnet:
		types := []templates.ActionOption{}
		for _, t := range []design.WorkloadType{design.WorkloadInstance, design.WorkloadALB, design.WorkloadNLB, design.WorkloadRDS, design.WorkloadLambda, design.WorkloadENI} {
			types = append(types, templates.ActionOption{Value: string(t), Label: string(t)})
		}
		groups := []templates.ActionOption{{Value: "", Label: "the VPC's default group"}}
		for _, id := range design.SortedIDs(d.SecurityGroups) {
			if d.SecurityGroups[id].VPC == x.VPC {
				groups = append(groups, templates.ActionOption{Value: id, Label: id})
			}
		}
		assoc := d.Associations()
		var tables, acls []templates.ActionOption
		for _, id := range design.SortedIDs(d.RouteTables) {
			if t := d.RouteTables[id]; t.VPC == x.VPC {
				tables = append(tables, templates.ActionOption{Value: id, Label: id + mainNote(t.Main)})
			}
		}
		for _, id := range design.SortedIDs(d.NetworkACLs) {
			if n := d.NetworkACLs[id]; n.VPC == x.VPC {
				acls = append(acls, templates.ActionOption{Value: id, Label: id + defaultNote(n.Default)})
			}
		}
		a.Forms = append(a.Forms,
			templates.ActionForm{Act: actAddWorkload, Label: "+ Workload", Title: "Add a workload to " + x.ID, Submit: "Add workload",
				Fields: []templates.ActionField{
					{Name: "type", Label: "Type", Type: "select", Value: string(design.WorkloadInstance), Options: types},
					{Name: "security_group", Label: "Security group", Type: "select", Options: groups},
				}},
			templates.ActionForm{Act: actAddNAT, Label: "+ NAT gateway", Title: "Add a NAT gateway (with its Elastic IP) to " + x.ID, Submit: "Add NAT gateway"},
			templates.ActionForm{Act: actSetRouteTable, Label: "Route table…", Title: "Change the route table of " + x.ID, Submit: "Use this table",
				Fields: []templates.ActionField{{Name: "route_table", Label: "Route table", Type: "select", Value: assoc.RouteTables[x.ID], Options: tables}}},
			templates.ActionForm{Act: actSetACL, Label: "Network ACL…", Title: "Change the network ACL of " + x.ID, Submit: "Use this ACL",
				Fields: []templates.ActionField{{Name: "acl", Label: "Network ACL", Type: "select", Value: assoc.NetworkACLs[x.ID], Options: acls}}},
		)
	case *design.Workload:
		a.Buttons = append(a.Buttons, templates.ActionButton{Act: "trace-from", Label: "Trace from here", Title: "Then click the workload to reach", Target: x.ID})
		for _, g := range x.SecurityGroups {
			a.Buttons = append(a.Buttons, templates.ActionButton{Act: "select", Label: "Group " + g, Title: "Open security group " + g, Target: g})
		}
	}
	if _, ok := gatewayTarget(d, r); ok {
		fields := []templates.ActionField{{Name: "subnets", Label: "Subnets", Type: "checks", Options: subnetChecks(d, gatewayVPCs(d, r), false),
			Hint: "a subnet on its VPC's main table gets a table of its own"}}
		if e, ok := r.(*design.VPCEndpoint); !ok || e.Type != design.EndpointGateway {
			// A gateway endpoint's route is its service's prefix list.
			fields = append(fields, templates.ActionField{Name: "destination", Label: "Destination", Type: "text", Value: defaultDestination(r)})
		}
		a.Forms = append(a.Forms, templates.ActionForm{Act: actRouteTo, Label: "Route subnets here", Title: "Route subnets to " + r.ResourceID(), Submit: "Add routes", Fields: fields})
	}
	if len(a.Buttons) == 0 && len(a.Forms) == 0 {
		return nil
	}
	return a
}

// subnetChecks lists the subnets of vpcs as checkboxes; with public, the
// public ones (mapping public IPs, or of the public tier) are checked.
func subnetChecks(d *design.Design, vpcs []string, public bool) []templates.ActionOption {
	var out []templates.ActionOption
	for _, id := range design.SortedIDs(d.Subnets) {
		s := d.Subnets[id]
		if !slices.Contains(vpcs, s.VPC) {
			continue
		}
		isPublic := s.MapPublicIP || strings.EqualFold(s.Tier, "public") || strings.Contains(strings.ToLower(id), "public")
		out = append(out, templates.ActionOption{Value: id, Label: id + " " + s.CIDR, Checked: public && isPublic})
	}
	return out
}

func mainNote(main bool) string {
	if main {
		return " (main)"
	}
	return ""
}

func defaultNote(def bool) string {
	if def {
		return " (default)"
	}
	return ""
}
