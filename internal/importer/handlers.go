package importer

import "github.com/vpcboard/vpcboard/internal/design"

// handlers maps every modelled CloudFormation type to the function that
// turns it into design resources. Types not listed are kept as opaque
// resources.
var handlers map[string]handler

func init() {
	handlers = map[string]handler{
		"AWS::EC2::VPC":                       {stagePrimary, design.KindVPC, (*builder).vpc},
		"AWS::EC2::VPCCidrBlock":              {stageVPCBlocks, "", (*builder).vpcCidrBlock},
		"AWS::EC2::Subnet":                    {stagePrimary, design.KindSubnet, (*builder).subnet},
		"AWS::EC2::SubnetCidrBlock":           {stageLink, "", (*builder).subnetCidrBlock},
		"AWS::EC2::InternetGateway":           {stagePrimary, design.KindInternetGateway, (*builder).internetGateway},
		"AWS::EC2::VPCGatewayAttachment":      {stageLink, "", (*builder).gatewayAttachment},
		"AWS::EC2::EgressOnlyInternetGateway": {stagePrimary, design.KindEgressOnlyInternetGateway, (*builder).egressOnlyGateway},
		"AWS::EC2::PrefixList":                {stagePrimary, design.KindPrefixList, (*builder).prefixList},

		"AWS::EC2::RouteTable":                   {stagePrimary, design.KindRouteTable, (*builder).routeTable},
		"AWS::EC2::Route":                        {stageLink, "", (*builder).route},
		"AWS::EC2::SubnetRouteTableAssociation":  {stageLink, "", (*builder).routeTableAssociation},
		"AWS::EC2::GatewayRouteTableAssociation": {stageLink, "", (*builder).gatewayRouteTableAssociation},

		"AWS::EC2::NetworkAcl":                  {stagePrimary, design.KindNetworkACL, (*builder).networkACL},
		"AWS::EC2::NetworkAclEntry":             {stageLink, "", (*builder).networkACLEntry},
		"AWS::EC2::SubnetNetworkAclAssociation": {stageLink, "", (*builder).networkACLAssociation},

		"AWS::EC2::SecurityGroup":        {stagePrimary, design.KindSecurityGroup, (*builder).securityGroup},
		"AWS::EC2::SecurityGroupIngress": {stageLink, "", (*builder).securityGroupIngress},
		"AWS::EC2::SecurityGroupEgress":  {stageLink, "", (*builder).securityGroupEgress},

		"AWS::EC2::NatGateway":     {stagePrimary, design.KindNATGateway, (*builder).natGateway},
		"AWS::EC2::EIP":            {stagePrimary, design.KindElasticIP, (*builder).elasticIP},
		"AWS::EC2::EIPAssociation": {stageLink, "", (*builder).eipAssociation},

		"AWS::EC2::VPCEndpoint":        {stagePrimary, design.KindVPCEndpoint, (*builder).vpcEndpoint},
		"AWS::EC2::VPCEndpointService": {stagePrimary, design.KindEndpointService, (*builder).endpointService},

		"AWS::EC2::VPCPeeringConnection":                {stagePrimary, design.KindPeeringConnection, (*builder).peering},
		"AWS::EC2::TransitGateway":                      {stagePrimary, design.KindTransitGateway, (*builder).transitGateway},
		"AWS::EC2::TransitGatewayAttachment":            {stagePrimary, design.KindTransitGatewayAttachment, (*builder).transitGatewayAttachment},
		"AWS::EC2::TransitGatewayVpcAttachment":         {stagePrimary, design.KindTransitGatewayAttachment, (*builder).transitGatewayAttachment},
		"AWS::EC2::TransitGatewayRouteTable":            {stagePrimary, design.KindTransitGatewayRouteTable, (*builder).transitGatewayRouteTable},
		"AWS::EC2::TransitGatewayRouteTableAssociation": {stageLink, "", (*builder).transitGatewayAssociation},
		"AWS::EC2::TransitGatewayRouteTablePropagation": {stageLink, "", (*builder).transitGatewayPropagation},
		"AWS::EC2::TransitGatewayRoute":                 {stageLink, "", (*builder).transitGatewayRoute},

		"AWS::VpcLattice::ServiceNetwork":               {stagePrimary, design.KindLatticeServiceNetwork, (*builder).latticeServiceNetwork},
		"AWS::VpcLattice::ServiceNetworkVpcAssociation": {stagePrimary, design.KindLatticeAssociation, (*builder).latticeAssociation},

		"AWS::EC2::FlowLog": {stagePrimary, design.KindFlowLog, (*builder).flowLog},

		"AWS::EC2::NetworkInterface":                {stageENI, design.KindWorkload, (*builder).networkInterface},
		"AWS::EC2::NetworkInterfaceAttachment":      {stageLink, "", (*builder).networkInterfaceAttachment},
		"AWS::EC2::Instance":                        {stageWorkload, design.KindWorkload, (*builder).instance},
		"AWS::ElasticLoadBalancingV2::LoadBalancer": {stageWorkload, design.KindWorkload, (*builder).loadBalancer},
		"AWS::RDS::DBInstance":                      {stageWorkload, design.KindWorkload, (*builder).dbInstance},
		"AWS::Lambda::Function":                     {stageWorkload, design.KindWorkload, (*builder).lambdaFunction},
		// A DB subnet group (as tfimport keeps it, under its Terraform
		// type, too) is read by its databases for their subnets: kept
		// opaque, but not counted among the types not modelled.
		"AWS::RDS::DBSubnetGroup": {stagePrimary, design.KindOpaque, (*builder).keepOpaque},
		"aws_db_subnet_group":     {stagePrimary, design.KindOpaque, (*builder).keepOpaque},
	}
}
