package validate

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// checkEndpoints runs the VPC endpoint, endpoint service and Lattice rules:
// endpoint.gateway-service, endpoint.gateway-duplicate,
// endpoint.private-dns, endpoint.subnet-az-duplicate,
// endpointservice.no-nlb, lattice.vpc-multiple, and region.mismatch for
// endpoints.
func checkEndpoints(c *context) {
	tables := map[[2]string]string{} // route table, service -> first gateway endpoint
	for _, id := range c.ix.endpointIDs {
		e := c.d.VPCEndpoints[id]
		switch e.Type {
		case design.EndpointGateway:
			checkGatewayEndpoint(c, e, tables)
		case design.EndpointInterface:
			checkEndpointDNS(c, e)
			checkEndpointAZs(c, e)
		case design.EndpointGatewayLoadBalancer:
			checkEndpointAZs(c, e)
		}
		checkEndpointRegion(c, e)
	}
	checkEndpointServices(c)
	checkLatticeAssociations(c)
}

// gatewayServices are the services gateway endpoints exist for.
var gatewayServices = []string{"s3", "s3express", "dynamodb"}

// checkGatewayEndpoint reports a gateway endpoint for a service that has
// none, and a second gateway endpoint for one service on a route table.
func checkGatewayEndpoint(c *context, e *design.VPCEndpoint, tables map[[2]string]string) {
	path := design.Path(e)
	switch {
	case e.EndpointService != "":
		c.report("endpoint.gateway-service", path+".endpoint_service", ids(e.ID, e.EndpointService),
			"use an interface endpoint (or a gateway-load-balancer endpoint for a GWLB service)",
			"gateway endpoint `%s` consumes endpoint service `%s`; gateway endpoints exist only for S3, S3 Express and DynamoDB", e.ID, e.EndpointService)
		return
	case e.Service == "" || design.IsUnknown(e.Service):
		return
	case !slices.Contains(gatewayServices, strings.ToLower(e.ServiceShortName())):
		c.report("endpoint.gateway-service", path+".service", ids(e.ID),
			"use an interface endpoint for this service",
			"gateway endpoint `%s` is for %s; gateway endpoints exist only for S3, S3 Express and DynamoDB", e.ID, e.Service)
		return
	}
	service := strings.ToLower(e.Service)
	for i, rt := range e.RouteTables {
		k := [2]string{rt, service}
		first, dup := tables[k]
		switch {
		case !dup:
			tables[k] = e.ID
		case first != e.ID:
			c.report("endpoint.gateway-duplicate", itemPath(e, "route_tables", i), ids(e.ID, rt, first),
				"remove the route table from one of the endpoints: a table can route a service's prefix list to one endpoint only",
				"gateway endpoints `%s` and `%s` are both for %s on route table `%s`", first, e.ID, e.Service, rt)
		}
	}
}

// checkEndpointDNS reports an interface endpoint with private DNS in a VPC
// that lacks enableDnsSupport or enableDnsHostnames.
func checkEndpointDNS(c *context, e *design.VPCEndpoint) {
	v := c.d.VPCs[e.VPC]
	if !e.PrivateDNS || v == nil || (v.DNSSupportEnabled() && v.DNSHostnamesEnabled()) {
		return
	}
	var off []string
	if !v.DNSSupportEnabled() {
		off = append(off, "enableDnsSupport")
	}
	if !v.DNSHostnamesEnabled() {
		off = append(off, "enableDnsHostnames")
	}
	c.report("endpoint.private-dns", design.Path(e)+".private_dns", ids(e.ID, e.VPC),
		"turn on dns_support and dns_hostnames on the VPC, or turn off private DNS on the endpoint",
		"interface endpoint `%s` uses private DNS, but VPC `%s` has %s off", e.ID, e.VPC, strings.Join(off, " and "))
}

// checkEndpointAZs reports an endpoint with two subnets in one
// availability zone.
func checkEndpointAZs(c *context, e *design.VPCEndpoint) {
	seen := map[string]string{} // AZ -> first subnet
	for i, sid := range e.Subnets {
		s := c.d.Subnets[sid]
		if s == nil || !knownAZ(s.AZ) {
			continue
		}
		first, dup := seen[s.AZ]
		if !dup {
			seen[s.AZ] = sid
			continue
		}
		what := fmt.Sprintf("subnets `%s` and `%s` in %s", first, sid, s.AZ)
		if first == sid {
			what = fmt.Sprintf("subnet `%s` twice", sid)
		}
		c.report("endpoint.subnet-az-duplicate", itemPath(e, "subnets", i), ids(e.ID, sid, first),
			"give the endpoint at most one subnet per availability zone",
			"endpoint `%s` has %s; an endpoint takes one subnet per availability zone", e.ID, what)
	}
}

// regionPattern matches a region name such as "us-east-1" or
// "us-gov-west-1".
var regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)

// serviceRegion splits a service name such as
// "com.amazonaws.us-west-2.ecr.api" into its region and what follows it
// ("ecr.api"); ok is false when the name holds no region.
func serviceRegion(name string) (region, rest string, ok bool) {
	parts := strings.Split(name, ".")
	for i, p := range parts {
		if regionPattern.MatchString(p) {
			return p, strings.Join(parts[i+1:], "."), true
		}
	}
	return "", "", false
}

// crossRegionServices are the AWS services that interface endpoints may
// reach in another region (privatelink/aws-services-cross-region-privatelink-support).
var crossRegionServices = []string{"s3", "ecr.api", "ecr.dkr", "kms", "kms-fips", "ecs", "lambda",
	"kinesis-firehose", "kinesisanalytics", "kinesisanalytics-fips"}

// checkEndpointRegion reports an endpoint whose service name names another
// region than its VPC's. Gateway endpoints are always regional; interface
// endpoints may cross regions for the services of crossRegionServices and
// for endpoint services that enable it ("com.amazonaws.vpce.REGION.vpce-svc-..."),
// which are not reported. Gateway Load Balancer endpoints are not judged.
func checkEndpointRegion(c *context, e *design.VPCEndpoint) {
	v := c.d.VPCs[e.VPC]
	if v == nil || design.IsUnknown(e.Service) || e.Type == design.EndpointGatewayLoadBalancer {
		return
	}
	region, rest, ok := serviceRegion(strings.ToLower(e.Service))
	vr := c.d.RegionOf(v)
	if !ok || !knownRegion(vr) || region == vr {
		return
	}
	if e.Type == design.EndpointInterface && (strings.HasPrefix(rest, "vpce-svc-") || slices.Contains(crossRegionServices, rest)) {
		return
	}
	c.report("region.mismatch", design.Path(e)+".service", ids(e.ID, e.VPC),
		"name the service of the VPC's region, or create the endpoint in a VPC of the service's region",
		"%s endpoint `%s` in VPC `%s` (%s) is for %s, a service of %s", e.Type, e.ID, e.VPC, vr, e.Service, region)
}

// checkEndpointServices reports endpoint services without a network or
// gateway load balancer, and load balancers used by two services.
func checkEndpointServices(c *context) {
	d := c.d
	owner := map[string]string{} // load balancer -> first service
	for _, id := range design.SortedIDs(d.EndpointServices) {
		s := d.EndpointServices[id]
		path := design.Path(s)
		usable := false
		var others []string
		for i, lb := range s.LoadBalancers {
			w := d.Workloads[lb]
			switch {
			case design.IsUnknown(lb):
				usable = true
				continue
			case w == nil:
				continue
			case w.Type != design.WorkloadNLB && w.Type != design.WorkloadGWLB:
				others = append(others, fmt.Sprintf("`%s` is a %s", lb, w.Type))
				continue
			}
			usable = true
			first, dup := owner[lb]
			switch {
			case !dup:
				owner[lb] = id
			case first != id:
				c.report("endpointservice.no-nlb", itemPath(s, "load_balancers", i), ids(id, lb, first),
					"give each endpoint service its own load balancer",
					"load balancer `%s` serves endpoint service `%s` and also `%s`; a load balancer belongs to one endpoint service", lb, first, id)
			}
		}
		if usable {
			continue
		}
		why := "it lists no load balancer"
		if len(others) > 0 {
			why = strings.Join(others, ", ")
		}
		c.report("endpointservice.no-nlb", path+".load_balancers", ids(id),
			"put the service behind a Network Load Balancer (or a Gateway Load Balancer for appliances)",
			"endpoint service `%s` has no Network or Gateway Load Balancer: %s", id, why)
	}
}

// checkLatticeAssociations reports VPCs associated with more than one
// service network.
func checkLatticeAssociations(c *context) {
	d := c.d
	byVPC := map[string][]string{}
	for _, id := range c.ix.latticeIDs {
		a := d.LatticeAssociations[id]
		byVPC[a.VPC] = append(byVPC[a.VPC], id)
	}
	for _, vpc := range design.SortedIDs(byVPC) {
		as := byVPC[vpc]
		if len(as) < 2 || design.IsUnknown(vpc) {
			continue
		}
		first := d.LatticeAssociations[as[0]]
		for _, id := range as[1:] {
			a := d.LatticeAssociations[id]
			c.report("lattice.vpc-multiple", design.Path(a)+".vpc", ids(id, vpc, as[0]),
				"associate the VPC with one service network and share services through it",
				"VPC `%s` is associated with service network `%s` by `%s` and with `%s` by `%s`; a VPC joins one service network",
				vpc, first.ServiceNetwork, as[0], a.ServiceNetwork, id)
		}
	}
}
