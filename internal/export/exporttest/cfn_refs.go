package exporttest

// The hand-kept tables of the CloudFormation check. Everything else
// comes from the embedded registry schemas.

// Shorthands for the types the tables name.
const (
	cfnVPC        = "AWS::EC2::VPC"
	cfnSubnet     = "AWS::EC2::Subnet"
	cfnRouteTable = "AWS::EC2::RouteTable"
	cfnNetworkAcl = "AWS::EC2::NetworkAcl"
	cfnSG         = "AWS::EC2::SecurityGroup"
	cfnIGW        = "AWS::EC2::InternetGateway"
	cfnNAT        = "AWS::EC2::NatGateway"
	cfnEIGW       = "AWS::EC2::EgressOnlyInternetGateway"
	cfnPeering    = "AWS::EC2::VPCPeeringConnection"
	cfnTGW        = "AWS::EC2::TransitGateway"
	cfnTGWVpcAtt  = "AWS::EC2::TransitGatewayVpcAttachment"
	cfnTGWAtt     = "AWS::EC2::TransitGatewayAttachment"
	cfnTGWRT      = "AWS::EC2::TransitGatewayRouteTable"
	cfnEIP        = "AWS::EC2::EIP"
	cfnENI        = "AWS::EC2::NetworkInterface"
	cfnInstance   = "AWS::EC2::Instance"
	cfnEndpoint   = "AWS::EC2::VPCEndpoint"
	cfnPrefixList = "AWS::EC2::PrefixList"
	cfnVGW        = "AWS::EC2::VPNGateway"
	cfnLattice    = "AWS::VpcLattice::ServiceNetwork"
	cfnLB         = "AWS::ElasticLoadBalancingV2::LoadBalancer"
	cfnIAMRole    = "AWS::IAM::Role"
	cfnLogGroup   = "AWS::Logs::LogGroup"
	cfnBucket     = "AWS::S3::Bucket"
	cfnFirehose   = "AWS::KinesisFirehose::DeliveryStream"
)

var (
	cfnSubnetTargets = []string{cfnSubnet, cfnSubnet + ".SubnetId"}
	cfnSGTargets     = []string{cfnSG, cfnSG + ".GroupId", cfnSG + ".Id", cfnVPC + ".DefaultSecurityGroup"}
	cfnVPCTargets    = []string{cfnVPC, cfnVPC + ".VpcId", "*.VpcId"}
	cfnRTTargets     = []string{cfnRouteTable, cfnRouteTable + ".RouteTableId"}
	cfnLBTargets     = []string{cfnLB, cfnLB + ".LoadBalancerArn"}
	cfnTGWAttTargets = []string{cfnTGWVpcAtt, cfnTGWVpcAtt + ".Id", cfnTGWAtt, cfnTGWAtt + ".Id"}
	cfnPLTargets     = []string{cfnPrefixList, cfnPrefixList + ".PrefixListId"}
)

// cfnRefTargets says what a Ref or Fn::GetAtt in a property may point at,
// for the properties that take the ID (or ARN, or name) of another
// resource and whose schema has no relationshipRef annotation saying so
// (the two are combined where both exist). The key is a property name,
// wherever it appears in a resource (array items use their array's name),
// or "Type.Property" for one type only, which wins over the plain name. A
// value "Type" allows a Ref to a resource of that type, "Type.Attr" a
// Fn::GetAtt of that attribute, and "*.Attr" a Fn::GetAtt of that
// attribute of any type. A Ref to a parameter or pseudo parameter is
// always allowed.
//
// Where it came from: the property descriptions of the embedded schemas
// and the "Return values" (what Ref and Fn::GetAtt give) of each type's page
// in the AWS CloudFormation User Guide. Notably Ref of an AWS::EC2::EIP
// gives its public IP, so an AllocationId needs Fn::GetAtt [EIP,
// AllocationId]; Ref of an AWS::IAM::Role gives its name, so an ARN needs
// Fn::GetAtt [Role, Arn]; Ref of an AWS::VpcLattice::ServiceNetwork gives
// its ARN.
var cfnRefTargets = map[string][]string{
	"VpcId":         cfnVPCTargets,
	"PeerVpcId":     cfnVPCTargets,
	"VpcIdentifier": cfnVPCTargets,

	"SubnetId":         cfnSubnetTargets,
	"SubnetIds":        cfnSubnetTargets,
	"AddSubnetIds":     cfnSubnetTargets,
	"RemoveSubnetIds":  cfnSubnetTargets,
	cfnLB + ".Subnets": cfnSubnetTargets,

	"RouteTableId":  cfnRTTargets,
	"RouteTableIds": cfnRTTargets,

	"NetworkAclId": {cfnNetworkAcl, cfnNetworkAcl + ".Id", cfnVPC + ".DefaultNetworkAcl"},

	"GroupId":                    cfnSGTargets,
	"GroupSet":                   cfnSGTargets,
	"SecurityGroupIds":           cfnSGTargets,
	"SecurityGroups":             cfnSGTargets,
	"SourceSecurityGroupId":      cfnSGTargets,
	"DestinationSecurityGroupId": cfnSGTargets,
	"VPCSecurityGroups":          cfnSGTargets,

	"InternetGatewayId":           {cfnIGW, cfnIGW + ".InternetGatewayId"},
	"VpnGatewayId":                {cfnVGW, cfnVGW + ".VPNGatewayId"},
	"AWS::EC2::Route.GatewayId":   {cfnIGW, cfnIGW + ".InternetGatewayId", cfnVGW, cfnVGW + ".VPNGatewayId"},
	"NatGatewayId":                {cfnNAT, cfnNAT + ".NatGatewayId"},
	"EgressOnlyInternetGatewayId": {cfnEIGW, cfnEIGW + ".Id"},
	"VpcPeeringConnectionId":      {cfnPeering, cfnPeering + ".Id"},
	"VpcEndpointId":               {cfnEndpoint, cfnEndpoint + ".Id"},

	"TransitGatewayId":           {cfnTGW, cfnTGW + ".Id"},
	"TransitGatewayAttachmentId": cfnTGWAttTargets,
	"TransitGatewayRouteTableId": {cfnTGWRT, cfnTGWRT + ".TransitGatewayRouteTableId"},

	"AllocationId":                            {cfnEIP + ".AllocationId"},
	"SecondaryAllocationIds":                  {cfnEIP + ".AllocationId"},
	"AWS::EC2::EIPAssociation.EIP":            {cfnEIP, cfnEIP + ".PublicIp"},
	"NetworkInterfaceId":                      {cfnENI, cfnENI + ".Id"},
	"InstanceId":                              {cfnInstance, cfnInstance + ".InstanceId"},
	"DestinationPrefixListId":                 cfnPLTargets,
	"SourcePrefixListId":                      cfnPLTargets,
	"LoadBalancerArns":                        cfnLBTargets,
	"NetworkLoadBalancerArns":                 cfnLBTargets,
	"GatewayLoadBalancerArns":                 cfnLBTargets,
	"ServiceNetworkIdentifier":                {cfnLattice, cfnLattice + ".Id", cfnLattice + ".Arn"},
	"AWS::EC2::VPCEndpoint.ServiceNetworkArn": {cfnLattice, cfnLattice + ".Arn"},

	"AWS::RDS::DBInstance.DBSubnetGroupName": {"AWS::RDS::DBSubnetGroup"},

	"AWS::EC2::FlowLog.ResourceId": {
		cfnVPC, cfnVPC + ".VpcId", cfnSubnet, cfnSubnet + ".SubnetId", cfnENI, cfnENI + ".Id",
		cfnTGW, cfnTGW + ".Id", cfnTGWVpcAtt, cfnTGWVpcAtt + ".Id", cfnTGWAtt, cfnTGWAtt + ".Id",
	},
	"AWS::EC2::FlowLog.DeliverLogsPermissionArn": {cfnIAMRole + ".Arn"},
	"AWS::EC2::FlowLog.DeliverCrossAccountRole":  {cfnIAMRole + ".Arn"},
	"AWS::EC2::FlowLog.LogGroupName":             {cfnLogGroup},
	"AWS::EC2::FlowLog.LogDestination":           {cfnLogGroup + ".Arn", cfnBucket + ".Arn", cfnFirehose + ".Arn"},
	"AWS::Lambda::Function.Role":                 {cfnIAMRole + ".Arn"},
}

// cfnGetAttExtra adds Fn::GetAtt attributes the registry schemas do not
// list in readOnlyProperties but CloudFormation supports ("*": every
// property is an attribute). Taken from cfn-lint's
// src/cfnlint/schema/_getatts.py (its _all_property_types and _exceptions
// lists, restricted to the embedded types), which follows the "Return
// values" sections of the AWS CloudFormation User Guide: for example
// Fn::GetAtt [VPC, CidrBlock] and [Subnet, AvailabilityZone] are
// documented, though neither property is read-only.
var cfnGetAttExtra = map[string][]string{
	cfnVPC:      {"*"},
	cfnSubnet:   {"*"},
	cfnLB:       {"*"},
	cfnInstance: {"AvailabilityZone"},
	cfnSG:       {"VpcId"},
}

// cfnEnumExtra lists the allowed values of properties whose registry
// schema is a bare "type": "string" though CloudFormation takes only a
// few values. The key is "Type.Property" with nested properties dotted
// (array indices left out). Taken from the "Allowed values" of each
// property in the AWS CloudFormation User Guide (which follow the EC2 and
// Elastic Load Balancing API references); checked case-sensitively, as
// the APIs do.
var cfnEnumExtra = map[string][]string{
	"AWS::EC2::NatGateway.ConnectivityType": {"private", "public"},
	"AWS::EC2::VPC.InstanceTenancy":         {"dedicated", "default", "host"},
	"AWS::EC2::NetworkAclEntry.RuleAction":  {"allow", "deny"},
	"AWS::EC2::EIP.Domain":                  {"standard", "vpc"},

	"AWS::EC2::TransitGateway.AutoAcceptSharedAttachments":     cfnEnableDisable,
	"AWS::EC2::TransitGateway.DefaultRouteTableAssociation":    cfnEnableDisable,
	"AWS::EC2::TransitGateway.DefaultRouteTablePropagation":    cfnEnableDisable,
	"AWS::EC2::TransitGateway.DnsSupport":                      cfnEnableDisable,
	"AWS::EC2::TransitGateway.MulticastSupport":                cfnEnableDisable,
	"AWS::EC2::TransitGateway.SecurityGroupReferencingSupport": cfnEnableDisable,
	"AWS::EC2::TransitGateway.VpnEcmpSupport":                  cfnEnableDisable,

	"AWS::EC2::TransitGatewayVpcAttachment.Options.ApplianceModeSupport":            cfnEnableDisable,
	"AWS::EC2::TransitGatewayVpcAttachment.Options.DnsSupport":                      cfnEnableDisable,
	"AWS::EC2::TransitGatewayVpcAttachment.Options.Ipv6Support":                     cfnEnableDisable,
	"AWS::EC2::TransitGatewayVpcAttachment.Options.SecurityGroupReferencingSupport": cfnEnableDisable,
	"AWS::EC2::TransitGatewayAttachment.Options.ApplianceModeSupport":               cfnEnableDisable,
	"AWS::EC2::TransitGatewayAttachment.Options.DnsSupport":                         cfnEnableDisable,
	"AWS::EC2::TransitGatewayAttachment.Options.Ipv6Support":                        cfnEnableDisable,
	"AWS::EC2::TransitGatewayAttachment.Options.SecurityGroupReferencingSupport":    cfnEnableDisable,

	cfnLB + ".Scheme":        {"internal", "internet-facing"},
	cfnLB + ".Type":          {"application", "gateway", "network"},
	cfnLB + ".IpAddressType": {"dualstack", "dualstack-without-public-ipv4", "ipv4"},
}

var cfnEnableDisable = []string{"disable", "enable"}
