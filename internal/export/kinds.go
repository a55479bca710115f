package export

import "github.com/vpcboard/vpcboard/internal/design"

// A kindWriter writes one resource of a kind, given its design ID: the
// CloudFormation writer's resources and the Terraform writer's.
type kindWriter struct {
	cfn func(w *cfnWriter, id string)
	tf  func(w *tfWriter, id string)
}

// writerOf returns the kindWriter of the kind whose resources the map of
// returns, from each writer's method for one resource.
func writerOf[R any](of func(*design.Design) map[string]R, cfn func(*cfnWriter, R), tf func(*tfWriter, R)) kindWriter {
	return kindWriter{
		cfn: func(w *cfnWriter, id string) { cfn(w, of(w.d)[id]) },
		tf:  func(w *tfWriter, id string) { tf(w, of(w.d)[id]) },
	}
}

// kindWriters is the one table both writers walk: every kind an export
// writes (all but opaque resources, which are noted instead) and the
// methods that write one of its resources. Each writer takes the
// resources of a kind in ascending ID order (index.ids) in its own order
// of kinds, below.
var kindWriters = map[design.Kind]kindWriter{
	design.KindVPC: writerOf(func(d *design.Design) map[string]*design.VPC { return d.VPCs },
		(*cfnWriter).vpc, (*tfWriter).vpc),
	design.KindSubnet: writerOf(func(d *design.Design) map[string]*design.Subnet { return d.Subnets },
		(*cfnWriter).subnet, (*tfWriter).subnet),
	design.KindRouteTable: writerOf(func(d *design.Design) map[string]*design.RouteTable { return d.RouteTables },
		(*cfnWriter).routeTable, (*tfWriter).routeTable),
	design.KindNetworkACL: writerOf(func(d *design.Design) map[string]*design.NetworkACL { return d.NetworkACLs },
		(*cfnWriter).networkACL, (*tfWriter).networkACL),
	design.KindSecurityGroup: writerOf(func(d *design.Design) map[string]*design.SecurityGroup { return d.SecurityGroups },
		(*cfnWriter).securityGroup, (*tfWriter).securityGroup),
	design.KindPrefixList: writerOf(func(d *design.Design) map[string]*design.PrefixList { return d.PrefixLists },
		(*cfnWriter).prefixList, (*tfWriter).managedPrefixList),
	design.KindInternetGateway: writerOf(func(d *design.Design) map[string]*design.InternetGateway { return d.InternetGateways },
		(*cfnWriter).internetGateway, (*tfWriter).internetGateway),
	design.KindEgressOnlyInternetGateway: writerOf(func(d *design.Design) map[string]*design.EgressOnlyInternetGateway {
		return d.EgressOnlyInternetGateways
	},
		(*cfnWriter).egressOnlyGateway, (*tfWriter).egressOnlyGateway),
	design.KindNATGateway: writerOf(func(d *design.Design) map[string]*design.NATGateway { return d.NATGateways },
		(*cfnWriter).natGateway, (*tfWriter).natGateway),
	design.KindElasticIP: writerOf(func(d *design.Design) map[string]*design.ElasticIP { return d.ElasticIPs },
		(*cfnWriter).elasticIP, (*tfWriter).elasticIP),
	design.KindVPCEndpoint: writerOf(func(d *design.Design) map[string]*design.VPCEndpoint { return d.VPCEndpoints },
		(*cfnWriter).endpoint, (*tfWriter).endpoint),
	design.KindEndpointService: writerOf(func(d *design.Design) map[string]*design.EndpointService { return d.EndpointServices },
		(*cfnWriter).endpointService, (*tfWriter).endpointService),
	design.KindPeeringConnection: writerOf(func(d *design.Design) map[string]*design.PeeringConnection { return d.PeeringConnections },
		(*cfnWriter).peering, (*tfWriter).peering),
	design.KindTransitGateway: writerOf(func(d *design.Design) map[string]*design.TransitGateway { return d.TransitGateways },
		(*cfnWriter).transitGateway, (*tfWriter).transitGateway),
	design.KindTransitGatewayAttachment: writerOf(func(d *design.Design) map[string]*design.TransitGatewayAttachment { return d.TransitGatewayAttachments },
		(*cfnWriter).tgwAttachment, (*tfWriter).tgwAttachment),
	design.KindTransitGatewayRouteTable: writerOf(func(d *design.Design) map[string]*design.TransitGatewayRouteTable { return d.TransitGatewayRouteTables },
		(*cfnWriter).tgwRouteTable, (*tfWriter).tgwRouteTable),
	design.KindLatticeServiceNetwork: writerOf(func(d *design.Design) map[string]*design.LatticeServiceNetwork { return d.LatticeServiceNetworks },
		(*cfnWriter).latticeServiceNetwork, (*tfWriter).latticeServiceNetwork),
	design.KindLatticeAssociation: writerOf(func(d *design.Design) map[string]*design.LatticeAssociation { return d.LatticeAssociations },
		(*cfnWriter).latticeAssociation, (*tfWriter).latticeAssociation),
	design.KindFlowLog: writerOf(func(d *design.Design) map[string]*design.FlowLog { return d.FlowLogs },
		(*cfnWriter).flowLog, (*tfWriter).flowLog),
	design.KindWorkload: writerOf(func(d *design.Design) map[string]*design.Workload { return d.Workloads },
		(*cfnWriter).workload, (*tfWriter).workload),
}

// cloudFormationOrder is the order in which a template lists the kinds:
// the order of its logical IDs' suffixes when names collide and of the
// stacks a large template is split into, so it is kept as it was.
var cloudFormationOrder = []design.Kind{
	design.KindVPC, design.KindSubnet, design.KindPrefixList, design.KindInternetGateway,
	design.KindEgressOnlyInternetGateway, design.KindElasticIP, design.KindNATGateway,
	design.KindPeeringConnection, design.KindTransitGateway, design.KindTransitGatewayAttachment,
	design.KindTransitGatewayRouteTable, design.KindSecurityGroup, design.KindNetworkACL,
	design.KindWorkload, design.KindEndpointService, design.KindVPCEndpoint, design.KindRouteTable,
	design.KindLatticeServiceNetwork, design.KindLatticeAssociation, design.KindFlowLog,
}

// terraformOrder is the order in which a configuration lists the kinds'
// resource types.
var terraformOrder = []design.Kind{
	design.KindVPC, design.KindSubnet, design.KindRouteTable, design.KindNetworkACL,
	design.KindSecurityGroup, design.KindPrefixList, design.KindInternetGateway,
	design.KindEgressOnlyInternetGateway, design.KindElasticIP, design.KindNATGateway,
	design.KindVPCEndpoint, design.KindEndpointService, design.KindPeeringConnection,
	design.KindTransitGateway, design.KindTransitGatewayAttachment, design.KindTransitGatewayRouteTable,
	design.KindLatticeServiceNetwork, design.KindLatticeAssociation, design.KindFlowLog,
	design.KindWorkload,
}
