package awsaccount

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// kinds is a snapshot, in the AWS CLI's JSON, with one of each kind the
// three-tier folder and the recorded answers lack: an egress-only gateway,
// a customer prefix list, a flow log, an endpoint service behind an NLB
// and an interface endpoint consuming it, an ENI of its own that a route
// sends to, a route to a virtual private gateway, a Lambda function
// outside any VPC, an ICMP ACL entry, and group rules naming a prefix list
// and another account's group.
const kinds = `{"format": "vpcboard-aws-snapshot", "version": 1, "account": "111122223333", "regions": {"eu-west-1": {
 "ec2": {
  "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "OwnerId": "111122223333",
    "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2001:db8:1234:1a00::/56", "Ipv6CidrBlockState": {"State": "associated"}}]}],
  "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "eu-west-1a",
    "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2001:db8:1234:1a00::/64", "Ipv6CidrBlockState": {"State": "associated"}}]}],
  "EgressOnlyInternetGateways": [{"EgressOnlyInternetGatewayId": "eigw-1", "Attachments": [{"State": "attached", "VpcId": "vpc-1"}]}],
  "PrefixLists": [{"PrefixListId": "pl-0aaa1111bbbb2222c", "PrefixListName": "offices", "OwnerId": "111122223333"},
    {"PrefixListId": "pl-6da54004", "PrefixListName": "com.amazonaws.eu-west-1.s3", "OwnerId": "AWS"}],
  "PrefixListEntries": [{"PrefixListId": "pl-0aaa1111bbbb2222c", "Entries": [{"Cidr": "198.51.100.0/24"}]}],
  "SecurityGroups": [{"GroupId": "sg-1", "GroupName": "app", "VpcId": "vpc-1",
    "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "PrefixListIds": [{"PrefixListId": "pl-0aaa1111bbbb2222c"}]},
      {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "UserIdGroupPairs": [{"GroupId": "sg-9", "UserId": "444455556666"}]},
      {"IpProtocol": "icmp", "FromPort": 8, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}],
    "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}]}],
  "NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.1.5", "InterfaceType": "interface",
    "OwnerId": "111122223333", "SourceDestCheck": false, "Groups": [{"GroupId": "sg-1"}],
    "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.5", "Primary": true}, {"PrivateIpAddress": "10.0.1.6", "Primary": false}]}],
  "RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"Main": true}],
    "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"},
      {"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "eigw-1", "State": "active"},
      {"DestinationCidrBlock": "172.16.0.0/12", "NetworkInterfaceId": "eni-1", "State": "active"},
      {"DestinationCidrBlock": "192.168.0.0/16", "GatewayId": "vgw-1", "State": "active"}]}],
  "NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true, "Associations": [{"SubnetId": "subnet-1"}],
    "Entries": [{"RuleNumber": 200, "Protocol": "1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0", "IcmpTypeCode": {"Type": 3, "Code": 4}},
      {"RuleNumber": 100, "Protocol": "6", "RuleAction": "deny", "Egress": false, "CidrBlock": "203.0.113.0/24", "PortRange": {"From": 22, "To": 22}}]}],
  "ServiceConfigurations": [{"ServiceId": "vpce-svc-1", "ServiceName": "com.amazonaws.vpce.eu-west-1.vpce-svc-1", "AcceptanceRequired": true,
    "NetworkLoadBalancerArns": ["arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/api/1"]}],
  "VpcEndpoints": [{"VpcEndpointId": "vpce-1", "VpcEndpointType": "Interface", "VpcId": "vpc-1", "ServiceName": "com.amazonaws.vpce.eu-west-1.vpce-svc-1",
    "SubnetIds": ["subnet-1"], "Groups": [{"GroupId": "sg-1"}], "State": "available"}],
  "FlowLogs": [{"FlowLogId": "fl-1", "ResourceId": "vpc-1", "TrafficType": "REJECT", "LogDestinationType": "s3", "LogDestination": "arn:aws:s3:::logs"},
    {"FlowLogId": "fl-2", "ResourceId": "eni-1", "TrafficType": "ALL", "LogGroupName": "eni-logs"}]},
 "elbv2": {"LoadBalancers": [{"LoadBalancerArn": "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/api/1", "LoadBalancerName": "api",
   "Type": "network", "Scheme": "internal", "AvailabilityZones": [{"SubnetId": "subnet-1", "LoadBalancerAddresses": [{"PrivateIPv4Address": "10.0.1.20"}]}]}]},
 "lambda": {"Functions": [{"FunctionName": "cron", "FunctionArn": "arn:aws:lambda:eu-west-1:111122223333:function:cron"}]}
}}}`

func TestMapKinds(t *testing.T) {
	res, err := Import([]byte(kinds), "kinds")
	if err != nil {
		t.Fatal(err)
	}
	d := res.Design
	for _, e := range design.Check(d) {
		t.Errorf("design.Check: %v", e)
	}
	js := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	checks := []struct{ what, got, want string }{
		{"VPC IPv6", js(d.VPCs["vpc-1"].IPv6CIDRs), `["2001:db8:1234:1a00::/56"]`},
		{"subnet IPv6", d.Subnets["subnet-1"].IPv6CIDR, "2001:db8:1234:1a00::/64"},
		{"egress-only gateway", js(d.EgressOnlyInternetGateways["eigw-1"]), `{"vpc":"vpc-1"}`},
		{"prefix lists", js(d.PrefixLists), `{"pl-0aaa1111bbbb2222c":{"name":"offices","entries":["198.51.100.0/24"]}}`},
		{"group ingress", js(d.SecurityGroups["sg-1"].Ingress), `[{"protocol":"tcp","ports":{"from":22,"to":22},"prefix_list":"pl-0aaa1111bbbb2222c"},` +
			`{"protocol":"tcp","ports":{"from":443,"to":443},"group":"unknown(security group sg-9 of account 444455556666)"},` +
			`{"protocol":"icmp","icmp":{"type":8,"code":-1},"cidr":"10.0.0.0/8"}]`},
		{"group egress", js(d.SecurityGroups["sg-1"].Egress), `[{"protocol":"all","cidr":"0.0.0.0/0"},{"protocol":"all","cidr":"::/0"}]`},
		{"group name", d.SecurityGroups["sg-1"].DisplayName(), "app"},
		{"ENI", js(d.Workloads["eni-1"]), `{"type":"eni","interfaces":[{"subnet":"subnet-1","private_ip":"10.0.1.5","secondary_ips":["10.0.1.6"]}],"security_groups":["sg-1"],"source_dest_check":false}`},
		{"routes", js(d.RouteTables["rtb-1"].Routes), `[{"destination":"::/0","target":{"type":"egress-only-internet-gateway","id":"eigw-1"}},` +
			`{"destination":"172.16.0.0/12","target":{"type":"network-interface","id":"eni-1"}}]`},
		{"ACL entries in rule order", js(d.NetworkACLs["acl-1"].Inbound), `[{"number":100,"protocol":"tcp","ports":{"from":22,"to":22},"cidr":"203.0.113.0/24","action":"deny"},` +
			`{"number":200,"protocol":"icmp","icmp":{"type":3,"code":4},"cidr":"0.0.0.0/0","action":"allow"}]`},
		{"endpoint service", js(d.EndpointServices["vpce-svc-1"]), `{"load_balancers":["arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer.net.api.1"],"acceptance_required":true}`},
		{"endpoint", js(d.VPCEndpoints["vpce-1"]), `{"vpc":"vpc-1","type":"interface","endpoint_service":"vpce-svc-1","subnets":["subnet-1"],"security_groups":["sg-1"]}`},
		{"flow logs", js(d.FlowLogs), `{"fl-1":{"resource":"vpc-1","traffic_type":"REJECT","destination":"s3","destination_arn":"arn:aws:s3:::logs"},` +
			`"fl-2":{"resource":"eni-1","traffic_type":"ALL","destination":"cloud-watch-logs","destination_arn":"eni-logs"}}`},
		{"NLB", fmt.Sprint(d.Workloads["arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer.net.api.1"].Interfaces), "[{subnet-1 10.0.1.20 [] [] false}]"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.what, c.got, c.want)
		}
	}
	if d.Workloads["arn:aws:lambda:eu-west-1:111122223333:function:cron"] != nil {
		t.Error("a function outside any VPC is not a workload")
	}
	if !slices.ContainsFunc(res.Warnings, func(w string) bool { return strings.Contains(w, "192.168.0.0/16 goes to vgw-1") }) {
		t.Errorf("warnings = %q; want the route to the virtual private gateway left out", res.Warnings)
	}
}

// TestDecodeRefuses: inputs that are not snapshots of this version are
// refused naming the field.
func TestDecodeRefuses(t *testing.T) {
	for in, want := range map[string]string{
		`{"format": "vpcboard-aws-snapshot", "version": 2, "regions": {"x": {}}}`:                   "AWS snapshot: version: want 1, got 2 (this vpcboard reads version 1)",
		`{"format": "vpcboard-aws-snapshot", "version": 1, "regions": {}}`:                          "AWS snapshot: regions: no region",
		`{"format": "vpcboard-aws-snapshot", "version": 1, "regions": {"x": null}}`:                 "AWS snapshot: regions.x: null, want an object",
		`{"format": "vpcboard-aws-snapshot", "version": 1, "regions": {"x": {"ec2": {"Vpcs": 3}}}}`: "AWS snapshot: regions.x.ec2.Vpcs: a JSON number where the AWS API has a []types.Vpc",
	} {
		if _, err := Decode([]byte(in)); err == nil || err.Error() != want {
			t.Errorf("Decode(%s) = %v; want %s", in, err, want)
		}
	}
}
