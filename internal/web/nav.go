package web

import (
	"cmp"
	"encoding/json"
	"hash/fnv"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/web/templates"
)

// navView is what the diagram's navigation needs for the view dv of d: the
// views, the one shown, and the search index of every resource of d.
func navView(d *design.Design, name string, dv templates.DiagramView) templates.NavView {
	index, _ := json.Marshal(navIndex(d)) // strings and string slices: it does not fail
	h := fnv.New64a()
	h.Write(index)
	return templates.NavView{DesignID: dv.DesignID, DesignName: name, Current: dv.Current, Views: dv.Views,
		IndexJSON: string(index), IndexKey: strconv.FormatUint(h.Sum64(), 36)}
}

// headerNavIndex is the key of the search index the page holds.
const headerNavIndex = "X-Nav-Index"

// navFor returns v for the request: without the index when the page
// holds it already.
func navFor(c echo.Context, v templates.NavView) templates.NavView {
	v.Omit = v.IndexKey != "" && c.Request().Header.Get(headerNavIndex) == v.IndexKey
	return v
}

// navIndex lists every resource of d (opaque ones aside) for the search:
// its names, where it is and its blocks and addresses, in the order of
// design.Each (by kind, then ID).
func navIndex(d *design.Design) []templates.NavEntry {
	ix := design.NewIndex(d)
	// eipOwner returns the workload or NAT gateway an Elastic IP belongs to.
	eipOwner := func(e *design.ElasticIP) string { return cmp.Or(e.Workload, ix.NATGatewayOfEIP(e.ID)) }
	var out []templates.NavEntry
	d.Each(func(r design.Resource) {
		if r.Kind() == design.KindOpaque {
			return
		}
		e := templates.NavEntry{ID: r.ResourceID(), Kind: string(r.Kind()), VPC: ix.VPCOf(r.ResourceID())}
		if b, ok := r.(interface{ DisplayName() string }); ok && b.DisplayName() != e.ID {
			e.Name = b.DisplayName()
		}
		switch x := r.(type) {
		case *design.VPC:
			e.VPC = x.ID
			e.CIDRs = append(append(nonEmpty(x.CIDR), x.SecondaryCIDRs...), x.IPv6CIDRs...)
		case *design.Subnet:
			e.Subnet, e.AZ = x.ID, x.AZ
			e.CIDRs = nonEmpty(x.CIDR, x.IPv6CIDR)
		case *design.Workload:
			for i, f := range x.Interfaces {
				if i == 0 {
					e.Subnet = f.Subnet
				}
				e.IPs = append(append(append(e.IPs, nonEmpty(f.PrivateIP)...), f.SecondaryIPs...), f.IPv6...)
			}
		case *design.NATGateway:
			e.Subnet = x.Subnet
			e.IPs = nonEmpty(x.PrivateIP)
		case *design.ElasticIP:
			e.IPs = nonEmpty(x.Address)
			if o := eipOwner(x); o != "" {
				e.Drawn = o
				e.VPC = ix.VPCOf(o)
			}
		}
		if s := d.Subnets[e.Subnet]; s != nil {
			e.AZ = s.AZ
		}
		out = append(out, e)
	})
	return out
}

// nonEmpty returns the strings of ss that are not "".
func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
