package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

const corpusDir = "../../internal/importer/testdata/corpus"

// corpusRuns are the validations of the CloudFormation corpus whose
// findings are kept as golden files: each template alone with the
// parameters it needs, and the widdix templates together as the stacks
// they are. Review a golden diff as you would a finding on a real network.
var corpusRuns = []struct {
	golden string
	args   []string
}{
	{"quickstart", []string{"--param", "AvailabilityZones=us-east-1a,us-east-1b", "quickstart-aws-vpc-multi-az-nat-nacl-flowlogs.template.yaml"}},
	{"quickstart-4az-b-subnets", []string{"--param", "AvailabilityZones=us-east-1a,us-east-1b,us-east-1c,us-east-1d", "--param", "NumberOfAZs=4",
		"--param", "CreateAdditionalPrivateSubnets=true", "--param", "CreateVPCFlowLogsToCloudWatch=true", "quickstart-aws-vpc-multi-az-nat-nacl-flowlogs.template.yaml"}},
	{"widdix-stacks", []string{"--stacks", "widdix-vpc-3azs-ipv6-eigw-nacl.yaml", "widdix-vpc-flow-logs-cross-stack.yaml", "widdix-vpc-endpoint-s3-cross-stack.yaml",
		"--param", "ParentVPCStack=widdix-vpc-3azs-ipv6-eigw-nacl"}},
	{"managed-nat", []string{"cfn-samples-vpc-managed-nat-private-subnet.json"}},
	{"ecs-private-vpc", []string{"cfn-samples-ecs-fargate-private-vpc-sg-selfref-ddb-endpoint.yaml"}},
	{"isolated-vpc", []string{"--param", "EnvironmentName=test", "cfn-samples-isolated-vpc-interface-endpoint-ec2.yaml"}},
	{"endpoint-service", []string{"--param", "VpcId=vpc-0abc", "--param", "Subnets=subnet-1,subnet-2", "--param", "SecurityGroups=sg-1",
		"--param", "IP=10.0.0.10", "--param", "DomainName=example.com", "cfn-samples-endpoint-service-nlb-privatelink.yaml"}},
	{"eni-static-ips", []string{"--param", "KeyName=k", "--param", "VpcId=vpc-0abc", "--param", "SubnetId=subnet-1",
		"--param", "PrimaryIPAddress=10.0.0.10", "--param", "SecondaryIPAddress=10.0.0.11", "cfn-samples-ec2-eni-multiple-static-ips-eip.yaml"}},
	{"tgw-hub-spoke", []string{"--param", "AvailabilityZoneSelection=us-east-1a", "nfw-samples-tgw-hub-spoke-centralized-egress.yaml"}},
	{"tgw-inspection", []string{"nfw-samples-tgw-inspection-vpc-network-firewall-1az.yaml"}},
	{"lattice", []string{"lattice-blueprints-service-network-vpc-association-foreach.yaml"}},
	{"peering", []string{"--param", "EC2KeyPairName=k", "userguide-vpc-peering-two-vpcs-ec2.json"}},
	{"secondary-cidr", []string{"userguide-vpc-secondary-ipv4-and-ipv6-cidr.yaml"}},
	{"wordpress-newvpc", []string{"aws-refarch-wordpress-01-newvpc.yaml"}},
	// Added when issue 16 was checked against templates the project had
	// not seen (SOURCES.md, "Added for issue 16").
	{"gwlb-distributed-spoke", append(gwlbArgs(), "--param", gwlbService, "gwlb-samples-distributed-spoke-vpc-ingress-routing.yaml")},
	{"gwlb-distributed-appliance", append(gwlbArgs(), "--param", "AwsAccountToWhitelist=123456789012", "gwlb-samples-distributed-appliance-vpc-endpoint-service.yaml")},
	{"gwlb-centralized-appliance", append(gwlbArgs(), "gwlb-samples-centralized-appliance-vpc-nat-tgw-subnets.yaml")},
	{"gwlb-centralized-spoke", append(gwlbArgs(), "gwlb-samples-centralized-spoke-vpc.yaml")},
	{"gwlb-centralized-tgw", []string{"gwlb-samples-centralized-tgw-route-tables.yaml"}},
	{"gwlb-ingress-alb", append(gwlbArgs(), "--param", gwlbService, "gwlb-samples-ingress-vpc-alb-custom-replace-route.yaml")},
	{"eks-vpc", []string{"--param", "EKSClusterVersion=1.31", "cfn-samples-eks-vpc-3az-nat-cluster.yaml"}},
}

// gwlbArgs are the parameters the aws-samples Gateway Load Balancer
// templates need: their zones and key pair have no default.
func gwlbArgs() []string {
	return []string{"--param", "AvailabilityZone1=us-east-1a", "--param", "AvailabilityZone2=us-east-1b", "--param", "KeyPairName=k"}
}

// gwlbService is the endpoint service, made by another stack, that the
// templates with Gateway Load Balancer endpoints name.
const gwlbService = "ServiceName=com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"

// TestCorpusFindings validates every corpus template and compares the JSON
// findings with testdata/corpus/NAME.json (go test ./cmd/vpcboard -update).
func TestCorpusFindings(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range corpusRuns {
		t.Run(r.golden, func(t *testing.T) {
			args := append([]string{"validate", "--format", "json"}, corpusArgs(r.args, seen)...)
			checkCorpusGolden(t, r.golden+".json", args)
		})
	}
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.*"))
	for _, f := range files {
		if b := filepath.Base(f); !strings.HasSuffix(b, ".md") && !seen[b] {
			t.Errorf("corpus template %s is not validated by TestCorpusFindings", b)
		}
	}
}

// corpusArgs returns args with the corpus templates named by their path,
// and marks them in seen.
func corpusArgs(args []string, seen map[string]bool) []string {
	var out []string
	for _, a := range args {
		if strings.HasSuffix(a, ".yaml") || strings.HasSuffix(a, ".json") {
			seen[a] = true
			a = filepath.Join(corpusDir, a)
		}
		out = append(out, a)
	}
	return out
}

// checkCorpusGolden runs vpcboard with args and compares its output, the
// corpus folder left out of paths, with testdata/corpus/golden; -update
// rewrites it.
func checkCorpusGolden(t *testing.T, golden string, args []string) {
	t.Helper()
	code, out, errOut := vpcboard(t, args...)
	if code == exitInput {
		t.Fatalf("vpcboard %v = exit 2: %s", args, errOut)
	}
	out = strings.ReplaceAll(out, corpusDir+"/", "")
	golden = filepath.Join("testdata", "corpus", golden)
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal([]byte(out), want) {
		t.Errorf("output of vpcboard %v differs from %s (review, then -update):\n%s", args, golden, out)
	}
}

// TestCorpusMatrix compares what can talk to what in the templates added
// when issue 16 was checked against unseen templates with
// testdata/corpus/NAME.matrix.txt: their verdicts (ingress routing through
// Gateway Load Balancer endpoints, routes replaced by custom resources)
// are what was reviewed against AWS.
func TestCorpusMatrix(t *testing.T) {
	matrixRuns := []string{"gwlb-distributed-spoke", "gwlb-distributed-appliance", "gwlb-centralized-appliance", "gwlb-centralized-spoke", "gwlb-ingress-alb"}
	for _, r := range corpusRuns {
		if !slices.Contains(matrixRuns, r.golden) {
			continue
		}
		t.Run(r.golden, func(t *testing.T) {
			args := append([]string{"matrix"}, corpusArgs(r.args, map[string]bool{})...)
			checkCorpusGolden(t, r.golden+".matrix.txt", args)
		})
	}
}
