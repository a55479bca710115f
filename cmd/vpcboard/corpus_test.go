package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
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
}

// TestCorpusFindings validates every corpus template and compares the JSON
// findings with testdata/corpus/NAME.json (go test ./cmd/vpcboard -update).
func TestCorpusFindings(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range corpusRuns {
		t.Run(r.golden, func(t *testing.T) {
			args := []string{"validate", "--format", "json"}
			for _, a := range r.args {
				if strings.HasSuffix(a, ".yaml") || strings.HasSuffix(a, ".json") {
					seen[a] = true
					a = filepath.Join(corpusDir, a)
				}
				args = append(args, a)
			}
			code, out, errOut := vpcboard(t, args...)
			if code == exitInput {
				t.Fatalf("vpcboard %v = exit 2: %s", args, errOut)
			}
			out = strings.ReplaceAll(out, corpusDir+"/", "")
			golden := filepath.Join("testdata", "corpus", r.golden+".json")
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
				t.Errorf("findings for %s differ from %s (review, then -update):\n%s", r.golden, golden, out)
			}
		})
	}
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.*"))
	for _, f := range files {
		if b := filepath.Base(f); !strings.HasSuffix(b, ".md") && !seen[b] {
			t.Errorf("corpus template %s is not validated by TestCorpusFindings", b)
		}
	}
}
