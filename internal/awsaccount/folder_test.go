package awsaccount

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/validate"
)

const threeTier = "testdata/cli-three-tier"

// findings returns validate's diagnostics as "severity code path" lines.
func findings(d *design.Design) []string {
	var out []string
	for _, dg := range validate.Validate(d, validate.Config{}) {
		out = append(out, fmt.Sprintf("%s %s %s: %s", dg.Severity, dg.Code, dg.Path, dg.Message))
	}
	return out
}

func TestImportFolderThreeTier(t *testing.T) {
	res, err := ImportFolder(threeTier, "", "shop")
	if err != nil {
		t.Fatal(err)
	}
	d := res.Design
	for _, e := range design.Check(d) {
		t.Errorf("design.Check: %v", e)
	}
	if d.Region != "eu-west-1" || d.Account != "111122223333" {
		t.Errorf("region, account = %q, %q; want eu-west-1, 111122223333 (from the zones and the VPC's owner)", d.Region, d.Account)
	}
	counts := map[string]int{"vpcs": len(d.VPCs), "subnets": len(d.Subnets), "route tables": len(d.RouteTables), "network ACLs": len(d.NetworkACLs),
		"security groups": len(d.SecurityGroups), "workloads": len(d.Workloads), "NAT gateways": len(d.NATGateways), "EIPs": len(d.ElasticIPs),
		"endpoints": len(d.VPCEndpoints), "peerings": len(d.PeeringConnections), "internet gateways": len(d.InternetGateways)}
	want := map[string]int{"vpcs": 1, "subnets": 6, "route tables": 4, "network ACLs": 2, "security groups": 5, "workloads": 5,
		"NAT gateways": 1, "EIPs": 1, "endpoints": 1, "peerings": 1, "internet gateways": 1}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("%d %s; want %d", counts[k], k, n)
		}
	}
	vpc := d.VPCs["vpc-0f1e2d3c4b5a69788"]
	if vpc == nil || vpc.DisplayName() != "shop-prod" {
		t.Fatalf("VPC vpc-0f1e2d3c4b5a69788 named shop-prod missing: %+v", d.VPCs)
	}
	if rt := d.RouteTables["rtb-0e000000000000000"]; rt == nil || !rt.Main {
		t.Errorf("the main route table is the snapshot's rtb-0e000000000000000, flagged main: %+v", rt)
	}
	if n := d.NetworkACLs["acl-0f000000000000000"]; n == nil || !n.Default || len(n.Inbound) != 1 {
		t.Errorf("default ACL: want the snapshot's, flagged default, without the implicit rule 32767: %+v", n)
	}
	if pc := d.PeeringConnections["pcx-0220000000000000f"]; pc == nil || pc.Requester != vpc.ID ||
		design.UnknownReason(pc.Accepter) != "external vpc-09999999999999999 in account 444455556666, region eu-west-1, 10.50.0.0/16" {
		t.Errorf("peering to another account's VPC: %+v", pc)
	}
	app := d.RouteTables["rtb-0e000000000000002"]
	if got := fmt.Sprint(app.Routes); !strings.Contains(got, "nat-gateway nat-0c1d2e3f4a5b6c7d8") || !strings.Contains(got, "pl-6da54004") || strings.Contains(got, "local") {
		t.Errorf("app routes = %s; want the NAT and endpoint routes, no local route", got)
	}
	if w := d.Workloads["i-0a000000000000003"]; w == nil || !w.PublicIPv4(0) || w.OS != design.OSLinux {
		t.Errorf("bastion: want a Linux instance with a public address: %+v", w)
	}
	if d.Workloads["eni-0b000000000000001"] != nil || d.Workloads["eni-0aa0000000000000f"] != nil {
		t.Error("an instance's ENI and the NAT gateway's ENI are not workloads of their own")
	}
	if w := d.Workloads["arn:aws:rds:eu-west-1:111122223333:db:shop-db"]; w == nil || len(w.Interfaces) != 2 || w.DisplayName() != "shop-db" {
		t.Errorf("database: %+v", w)
	}
	if w := d.Workloads["arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer.app.shop-web.50dc6c495c0c9188"]; w == nil || w.Type != design.WorkloadALB || w.Internal {
		t.Errorf("load balancer: %+v", w)
	}
	got := strings.Join(findings(d), "\n")
	// The bastion takes SSH from anywhere, through a public subnet: the
	// finding a reviewer wants first.
	if !strings.Contains(got, "sg-01000000000000004") {
		t.Errorf("findings lack the bastion's SSH from the internet:\n%s", got)
	}
	for _, line := range findings(d) {
		if strings.HasPrefix(line, "error ") {
			t.Errorf("error finding on a working account: %s", line)
		}
	}
	t.Logf("findings:\n%s\nwarnings: %v", got, res.Warnings)
}

// TestImportFolderTransitGateway: the describe-transit-gateway-* files,
// the routes and propagations whose owner the file name gives, a file of
// another call skipped with a warning, and a folder without VPCs refused.
func TestImportFolderTransitGateway(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"describe-vpcs.json":    `{"Vpcs": [{"VpcId": "vpc-0a", "CidrBlock": "10.0.0.0/16", "OwnerId": "111122223333"}]}`,
		"describe-subnets.json": `{"Subnets": [{"SubnetId": "subnet-0a", "VpcId": "vpc-0a", "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "ap-south-1a"}]}`,
		"describe-transit-gateways.json": `{"TransitGateways": [{"TransitGatewayId": "tgw-0a", "State": "available", "OwnerId": "111122223333",
			"Options": {"AmazonSideAsn": 64512, "DefaultRouteTableAssociation": "enable", "SecurityGroupReferencingSupport": "enable"}}]}`,
		"describe-transit-gateway-vpc-attachments.json": `{"TransitGatewayVpcAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-0a",
			"TransitGatewayId": "tgw-0a", "VpcId": "vpc-0a", "State": "available", "SubnetIds": ["subnet-0a"], "Options": {"ApplianceModeSupport": "enable"}}]}`,
		"describe-transit-gateway-attachments.json": `{"TransitGatewayAttachments": [
			{"TransitGatewayAttachmentId": "tgw-attach-0a", "ResourceType": "vpc", "State": "available", "Association": {"TransitGatewayRouteTableId": "tgw-rtb-0a", "State": "associated"}},
			{"TransitGatewayAttachmentId": "tgw-attach-0b", "ResourceType": "vpn", "State": "available"}]}`,
		"describe-transit-gateway-route-tables.json": `{"TransitGatewayRouteTables": [{"TransitGatewayRouteTableId": "tgw-rtb-0a", "TransitGatewayId": "tgw-0a", "State": "available"}]}`,
		"search-transit-gateway-routes.tgw-rtb-0a.json": `{"Routes": [
			{"DestinationCidrBlock": "10.0.0.0/16", "Type": "propagated", "State": "active", "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-0a"}]},
			{"DestinationCidrBlock": "0.0.0.0/0", "Type": "static", "State": "active", "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-0a"}]}],
			"AdditionalRoutesAvailable": false}`,
		"get-transit-gateway-route-table-propagations.tgw-rtb-0a.json": `{"TransitGatewayRouteTablePropagations": [
			{"TransitGatewayAttachmentId": "tgw-attach-0a", "ResourceType": "vpc", "State": "enabled"}]}`,
		"describe-regions.json": `{"Regions": [{"RegionName": "ap-south-1"}]}`,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := ImportFolder(dir, "", "tgw")
	if err != nil {
		t.Fatal(err)
	}
	d := res.Design
	for _, e := range design.Check(d) {
		t.Errorf("design.Check: %v", e)
	}
	rt := d.TransitGatewayRouteTables["tgw-rtb-0a"]
	if d.Region != "ap-south-1" || rt == nil || fmt.Sprint(rt.Associations, rt.Propagations, rt.Routes) != "[tgw-attach-0a] [tgw-attach-0a] [{0.0.0.0/0 tgw-attach-0a false}]" {
		t.Errorf("region %q, route table %+v", d.Region, rt)
	}
	if a := d.TransitGatewayAttachments["tgw-attach-0a"]; a == nil || !a.ApplianceMode || !d.TransitGateways["tgw-0a"].SecurityGroupReferencing {
		t.Errorf("attachment %+v, gateway %+v", a, d.TransitGateways["tgw-0a"])
	}
	warnings := strings.Join(res.Warnings, "\n")
	if !strings.Contains(warnings, "describe-regions.json: none of the lists") || !strings.Contains(warnings, "tgw-attach-0b: vpn attachments are not modelled") {
		t.Errorf("warnings = %s", warnings)
	}
	// Without describe-subnets, the attachment's subnet is unknown, not a
	// dangling reference.
	if err := os.Remove(filepath.Join(dir, "describe-subnets.json")); err != nil {
		t.Fatal(err)
	}
	res, err = ImportFolder(dir, "ap-south-1", "tgw")
	if err != nil {
		t.Fatal(err)
	}
	if a := res.Design.TransitGatewayAttachments["tgw-attach-0a"]; a == nil || design.UnknownReason(a.Subnets[0]) != "subnet subnet-0a is not in the snapshot" {
		t.Errorf("attachment without its subnet: %+v", a)
	}
	if err := os.Remove(filepath.Join(dir, "describe-vpcs.json")); err != nil {
		t.Fatal(err)
	}
	if _, err := ImportFolder(dir, "", "tgw"); err == nil || !strings.Contains(err.Error(), "no describe-vpcs output") {
		t.Errorf("a folder without VPCs: %v", err)
	}
}
