package tfconfig

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/validate"
)

// corpus is the vendored terraform-aws-vpc module (see
// testdata/terraform-aws-vpc/SOURCE).
var corpus = os.DirFS("testdata/terraform-aws-vpc")

// exampleWant is what one example of the module makes: instances by
// module path and type, and the validation findings by severity and code.
type exampleWant struct {
	counts   map[string]int
	findings map[string]int
}

// The counts follow from each example's inputs to the module (main.tf of
// the example) and the module's count expressions; the comments say how.
// Every subnet is associated with one route table, so associations equal
// subnets throughout. The default route table, network ACL and security
// group are managed unless an example turns them off.
var examples = map[string]exampleWant{
	// 3 private subnets; no NAT gateway, so one private route table per
	// subnet (nat_gateway_count falls back to the largest subnet list).
	"simple": {counts: withDefaults("module.vpc.", map[string]int{
		"module.vpc.aws_vpc": 1, "module.vpc.aws_subnet": 3, "module.vpc.aws_route_table": 3,
		"module.vpc.aws_route_table_association": 3, "data.aws_availability_zones": 1,
	})},
	// Six subnet lists of 3 zones = 18 subnets; single_nat_gateway: one
	// NAT gateway and EIP, one private route table shared by the
	// private, database, elasticache and redshift subnets; public and
	// intra tables; routes: public 0.0.0.0/0 to the IGW and private
	// 0.0.0.0/0 to the NAT gateway. Three customer gateways (the map),
	// a VPN gateway, DHCP options; default resources not managed; the
	// database subnet group is off; the endpoints module makes the six
	// endpoints of its map. The shared NAT gateway in one zone is the
	// finding for the 8 subnets of the other zones that use it.
	"complete": {counts: map[string]int{
		"module.vpc.aws_vpc": 1, "module.vpc.aws_subnet": 18, "module.vpc.aws_route_table": 3,
		"module.vpc.aws_route_table_association": 18, "module.vpc.aws_route": 2,
		"module.vpc.aws_internet_gateway": 1, "module.vpc.aws_nat_gateway": 1, "module.vpc.aws_eip": 1,
		"module.vpc.aws_customer_gateway": 3, "module.vpc.aws_vpn_gateway": 1,
		"module.vpc.aws_vpc_dhcp_options": 1, "module.vpc.aws_vpc_dhcp_options_association": 1,
		"module.vpc.aws_elasticache_subnet_group": 1, "module.vpc.aws_redshift_subnet_group": 1,
		"module.vpc_endpoints.aws_vpc_endpoint": 6, "module.vpc_endpoints.data.aws_vpc_endpoint_service": 6,
		"module.vpc_endpoints.aws_security_group": 1, "module.vpc_endpoints.aws_security_group_rule": 1,
		"aws_security_group": 1, "data.aws_availability_zones": 1, "data.aws_iam_policy_document": 2,
	}, findings: map[string]int{"warning nat.cross-az": 8}},
	// 3 private, 3 public, 3 database subnets; a NAT gateway per zone;
	// route tables: public, 3 private, database (its own, with the IGW
	// route); routes: public IPv4 and IPv6 to the IGW, per private table
	// 0.0.0.0/0 to its NAT, ::/0 to the egress-only IGW and the DNS64
	// prefix to its NAT (9), database IPv4 to the IGW and IPv6 to the
	// egress-only IGW: 13.
	"ipv6-dualstack": {counts: withDefaults("module.vpc.", map[string]int{
		"module.vpc.aws_vpc": 1, "module.vpc.aws_subnet": 9, "module.vpc.aws_route_table": 5,
		"module.vpc.aws_route_table_association": 9, "module.vpc.aws_route": 13,
		"module.vpc.aws_internet_gateway": 1, "module.vpc.aws_egress_only_internet_gateway": 1,
		"module.vpc.aws_nat_gateway": 3, "module.vpc.aws_eip": 3, "module.vpc.aws_db_subnet_group": 1,
		"data.aws_availability_zones": 1,
	})},
	// 3 private subnets in the primary block and 3 in each of the two
	// secondary blocks, 3 public: 12; no NAT gateway, so 9 private route
	// tables and a public one; the two secondary blocks are associations.
	"secondary-cidr-blocks": {counts: withDefaults("module.vpc.", map[string]int{
		"module.vpc.aws_vpc": 1, "module.vpc.aws_vpc_ipv4_cidr_block_association": 2,
		"module.vpc.aws_subnet": 12, "module.vpc.aws_route_table": 10,
		"module.vpc.aws_route_table_association": 12, "module.vpc.aws_route": 1,
		"module.vpc.aws_internet_gateway": 1, "data.aws_availability_zones": 1,
	})},
	// Dedicated ACLs for public and elasticache subnets: public inbound
	// 1+5 and outbound 1+6 rules, elasticache inbound 1 (the module's
	// default) and outbound 1+4: 19 rules. The example's rules let
	// replies out only above 32768 and allow IPv6 without its replies:
	// the findings say so.
	"network-acls": {counts: withDefaults("module.vpc.", map[string]int{
		"module.vpc.aws_vpc": 1, "module.vpc.aws_subnet": 9, "module.vpc.aws_route_table": 2,
		"module.vpc.aws_route_table_association": 9, "module.vpc.aws_route": 3,
		"module.vpc.aws_internet_gateway": 1, "module.vpc.aws_egress_only_internet_gateway": 1,
		"module.vpc.aws_network_acl": 2, "module.vpc.aws_network_acl_rule": 19,
		"module.vpc.aws_elasticache_subnet_group": 1, "data.aws_availability_zones": 1,
	}), findings: map[string]int{"warning nacl.ephemeral-gap": 4, "warning nacl.return-blocked": 3}},
	// create_database_subnet_route_table and friends: separate route
	// tables for database, elasticache and redshift next to public,
	// private (single NAT) and intra: 6 tables.
	"separate-route-tables": {counts: withDefaults("module.vpc.", map[string]int{
		"module.vpc.aws_vpc": 1, "module.vpc.aws_subnet": 18, "module.vpc.aws_route_table": 6,
		"module.vpc.aws_route_table_association": 18, "module.vpc.aws_route": 2,
		"module.vpc.aws_internet_gateway": 1, "module.vpc.aws_nat_gateway": 1, "module.vpc.aws_eip": 1,
		"module.vpc.aws_db_subnet_group": 1, "module.vpc.aws_elasticache_subnet_group": 1,
		"module.vpc.aws_redshift_subnet_group": 1, "data.aws_availability_zones": 1,
	}), findings: map[string]int{"warning nat.cross-az": 2}},
	// IPv6 only: 3 public and 3 private IPv6-native subnets, the public
	// table's ::/0 to the IGW and each private table's ::/0 to the
	// egress-only IGW, plus the public IPv4 default route.
	"ipv6-only": {counts: withDefaults("module.vpc.", map[string]int{
		"module.vpc.aws_vpc": 1, "module.vpc.aws_subnet": 6, "module.vpc.aws_route_table": 4,
		"module.vpc.aws_route_table_association": 6, "module.vpc.aws_route": 5,
		"module.vpc.aws_internet_gateway": 1, "module.vpc.aws_egress_only_internet_gateway": 1,
		"data.aws_availability_zones": 1,
	})},
	// Outpost subnets: as many as the larger of outpost_subnets (2) and
	// outpost_subnet_ipv6_prefixes (3), the third with an empty block as
	// the module writes it (element of the list padded with ""); they
	// share the single NAT gateway's private table with the private
	// subnets and have a dedicated ACL (the example's 5 inbound and 6
	// outbound rules). The ACL rules allow requests without their replies
	// and the shared NAT gateway serves two other zones: the findings.
	"outpost": {counts: withDefaults("module.vpc.", map[string]int{
		"module.vpc.aws_vpc": 1, "module.vpc.aws_subnet": 9, "module.vpc.aws_route_table": 2,
		"module.vpc.aws_route_table_association": 9, "module.vpc.aws_route": 5,
		"module.vpc.aws_internet_gateway": 1, "module.vpc.aws_egress_only_internet_gateway": 1,
		"module.vpc.aws_nat_gateway": 1, "module.vpc.aws_eip": 1,
		"module.vpc.aws_network_acl": 1, "module.vpc.aws_network_acl_rule": 11,
		"data.aws_availability_zones": 1, "data.aws_outposts_outpost": 1,
	}), findings: map[string]int{"warning nacl.return-blocked": 10, "warning nat.cross-az": 2}},
	// Three calls of the module: issue 44 (3 private and 3 database
	// subnets, a NAT gateway per zone), issue 46 (no private subnets: 3
	// public, 2 database, 3 elasticache, no NAT gateway) and issue 108
	// (single NAT gateway, 3 private and 3 public subnets).
	"issues": {counts: merge(
		withDefaults("module.vpc_issue_44.", map[string]int{
			"module.vpc_issue_44.aws_vpc": 1, "module.vpc_issue_44.aws_subnet": 6, "module.vpc_issue_44.aws_route_table": 4,
			"module.vpc_issue_44.aws_route_table_association": 6, "module.vpc_issue_44.aws_route": 4,
			"module.vpc_issue_44.aws_internet_gateway": 1, "module.vpc_issue_44.aws_nat_gateway": 3,
			"module.vpc_issue_44.aws_eip": 3, "module.vpc_issue_44.aws_db_subnet_group": 1,
		}),
		withDefaults("module.vpc_issue_46.", map[string]int{
			"module.vpc_issue_46.aws_vpc": 1, "module.vpc_issue_46.aws_subnet": 8, "module.vpc_issue_46.aws_route_table": 1,
			"module.vpc_issue_46.aws_route_table_association": 8, "module.vpc_issue_46.aws_route": 1,
			"module.vpc_issue_46.aws_internet_gateway": 1, "module.vpc_issue_46.aws_db_subnet_group": 1,
			"module.vpc_issue_46.aws_elasticache_subnet_group": 1,
		}),
		withDefaults("module.vpc_issue_108.", map[string]int{
			"module.vpc_issue_108.aws_vpc": 1, "module.vpc_issue_108.aws_subnet": 6, "module.vpc_issue_108.aws_route_table": 2,
			"module.vpc_issue_108.aws_route_table_association": 6, "module.vpc_issue_108.aws_route": 2,
			"module.vpc_issue_108.aws_internet_gateway": 1, "module.vpc_issue_108.aws_nat_gateway": 1,
			"module.vpc_issue_108.aws_eip": 1,
		}),
		map[string]int{"data.aws_availability_zones": 1},
	), findings: map[string]int{"warning nat.cross-az": 3}},
	// The vpc (3 private, 3 public subnets, no NAT gateway: a private
	// table per subnet) and four calls of the flow-log module, the fifth
	// with create = false making nothing; the S3 bucket module comes
	// from the registry and is not read.
	"flow-log": {counts: withDefaults("module.vpc.", map[string]int{
		"module.vpc.aws_vpc": 1, "module.vpc.aws_subnet": 6, "module.vpc.aws_route_table": 4,
		"module.vpc.aws_route_table_association": 6, "module.vpc.aws_route": 1, "module.vpc.aws_internet_gateway": 1,
		"module.flow_log.aws_flow_log": 1, "module.flow_log.aws_cloudwatch_log_group": 1, "module.flow_log.aws_iam_role": 1,
		"module.flow_log.aws_iam_policy": 1, "module.flow_log.aws_iam_role_policy_attachment": 1,
		"module.flow_log.data.aws_caller_identity": 1, "module.flow_log.data.aws_iam_policy_document": 2,
		"module.flow_log.data.aws_partition": 1, "module.flow_log.data.aws_region": 1,
		"module.flow_log_cloudwatch_external.aws_flow_log": 1, "module.flow_log_cloudwatch_external.data.aws_caller_identity": 1,
		"module.flow_log_cloudwatch_external.data.aws_partition": 1, "module.flow_log_cloudwatch_external.data.aws_region": 1,
		"module.flow_log_s3.aws_flow_log": 1, "module.flow_log_s3_parquet.aws_flow_log": 1,
		"aws_cloudwatch_log_group": 1, "aws_iam_role": 1, "aws_iam_role_policy": 1, "data.aws_availability_zones": 1,
	})},
	// Two VPCs from IPAM: one with a block of its own (3 private and 3
	// public subnets), one whose netmask IPAM previews: its subnets'
	// count depends on the previewed block, unknown before apply, so
	// one instance of each is assumed, with warnings. The VPC blocks
	// are unknown, so no subnet is found outside its VPC.
	"ipam": {counts: merge(
		withDefaults("module.vpc_ipam_set_cidr.", map[string]int{
			"module.vpc_ipam_set_cidr.aws_vpc": 1, "module.vpc_ipam_set_cidr.aws_subnet": 6,
			"module.vpc_ipam_set_cidr.aws_route_table": 4, "module.vpc_ipam_set_cidr.aws_route_table_association": 6,
			"module.vpc_ipam_set_cidr.aws_route": 1, "module.vpc_ipam_set_cidr.aws_internet_gateway": 1,
		}),
		withDefaults("module.vpc_ipam_set_netmask.", map[string]int{
			"module.vpc_ipam_set_netmask.aws_vpc": 1, "module.vpc_ipam_set_netmask.aws_subnet": 2,
			"module.vpc_ipam_set_netmask.aws_route_table": 2, "module.vpc_ipam_set_netmask.aws_route_table_association": 2,
			"module.vpc_ipam_set_netmask.aws_route": 1, "module.vpc_ipam_set_netmask.aws_internet_gateway": 1,
		}),
		map[string]int{"aws_vpc_ipam": 1, "aws_vpc_ipam_pool": 2, "aws_vpc_ipam_pool_cidr": 1,
			"aws_vpc_ipam_preview_next_cidr": 1, "data.aws_availability_zones": 1},
	)},
	// The default VPC adopted, nothing else.
	"manage-default-vpc": {counts: map[string]int{"module.vpc.aws_default_vpc": 1}},
	// The simple network with VPC block public access options and one
	// exclusion.
	"block-public-access": {counts: withDefaults("module.vpc.", map[string]int{
		"module.vpc.aws_vpc": 1, "module.vpc.aws_subnet": 3, "module.vpc.aws_route_table": 3,
		"module.vpc.aws_route_table_association": 3, "module.vpc.aws_vpc_block_public_access_options": 1,
		"module.vpc.aws_vpc_block_public_access_exclusion": 1, "data.aws_availability_zones": 1,
	})},
}

// withDefaults adds the default route table, network ACL and security
// group the module manages by default.
func withDefaults(prefix string, m map[string]int) map[string]int {
	for _, t := range []string{"aws_default_route_table", "aws_default_network_acl", "aws_default_security_group"} {
		m[prefix+t] = 1
	}
	return m
}

func merge(ms ...map[string]int) map[string]int {
	out := map[string]int{}
	for _, m := range ms {
		maps.Copy(out, m)
	}
	return out
}

// countByType counts instances by module path and type:
// "module.vpc.aws_subnet", "data.aws_region".
func countByType(res *Result) map[string]int {
	out := map[string]int{}
	for _, r := range res.Resources {
		key := r.Type
		if r.Mode == "data" {
			key = "data." + key
		}
		out[modulePath(r.Address)+key]++
	}
	return out
}

// modulePath is the module part of an address, without instance keys:
// "module.vpc." of module.vpc.aws_subnet.private[0].
func modulePath(addr string) string {
	var sb strings.Builder
	parts := strings.Split(addr, ".")
	for i := 0; i+1 < len(parts); i++ {
		if parts[i] == "module" {
			name, _, _ := strings.Cut(parts[i+1], "[")
			sb.WriteString("module." + name + ".")
			i++
		}
	}
	return sb.String()
}

func TestTerraformAWSVPCExamples(t *testing.T) {
	for _, name := range slices.Sorted(maps.Keys(examples)) {
		want := examples[name]
		t.Run(name, func(t *testing.T) {
			dir := "examples/" + name
			res, err := Load(corpus, dir, Options{})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if got := countByType(res); !maps.Equal(got, want.counts) {
				t.Errorf("instances by type:\n got %v\nwant %v", got, want.counts)
			}
			imp, err := Import(corpus, dir, Options{})
			if err != nil {
				t.Fatalf("Import: %v", err)
			}
			got := map[string]int{}
			for _, d := range validate.Validate(imp.Design, validate.Config{}) {
				got[fmt.Sprintf("%s %s", d.Severity, d.Code)]++
			}
			if want.findings == nil {
				want.findings = map[string]int{}
			}
			if !maps.Equal(got, want.findings) {
				t.Errorf("findings: got %v; want %v", got, want.findings)
			}
		})
	}
}

// TestTerraformAWSVPCDesign checks what the design of the complete example
// holds: the VPC block, the subnets' blocks computed with cidrsubnet in
// the example, their zones and the routes through the module's
// references.
func TestTerraformAWSVPCDesign(t *testing.T) {
	imp, err := Import(corpus, "examples/complete", Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := imp.Design
	if d.Region != "eu-west-1" {
		t.Errorf("region %q; want eu-west-1 (the provider block's)", d.Region)
	}
	vpc := d.VPCs["module.vpc.aws_vpc.this.0"]
	if vpc == nil || vpc.CIDR != "10.0.0.0/16" {
		t.Fatalf("vpc: %+v", vpc)
	}
	for i, want := range []struct{ id, cidr, az string }{
		{"module.vpc.aws_subnet.private.0", "10.0.0.0/24", "eu-west-1a"},
		{"module.vpc.aws_subnet.public.2", "10.0.6.0/24", "eu-west-1c"},
		{"module.vpc.aws_subnet.intra.1", "10.0.21.0/24", "eu-west-1b"},
	} {
		s := d.Subnets[want.id]
		if s == nil || s.CIDR != want.cidr || s.AZ != want.az || s.VPC != "module.vpc.aws_vpc.this.0" {
			t.Errorf("%d: subnet %s: %+v; want %s in %s", i, want.id, s, want.cidr, want.az)
		}
	}
	if n := len(d.NATGateways); n != 1 {
		t.Errorf("%d NAT gateways; want 1", n)
	}
}

// TestTerraformAWSVPCFlowLogs: the flow-log module's four calls log the
// VPC of the vpc module, through its vpc_id output.
func TestTerraformAWSVPCFlowLogs(t *testing.T) {
	imp, err := Import(corpus, "examples/flow-log", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(imp.Design.FlowLogs); n != 4 {
		t.Errorf("%d flow logs; want 4", n)
	}
	for id, fl := range imp.Design.FlowLogs {
		if fl.Resource != "module.vpc.aws_vpc.this.0" {
			t.Errorf("flow log %s logs %q; want the VPC", id, fl.Resource)
		}
	}
}
