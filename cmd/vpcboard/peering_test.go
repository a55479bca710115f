package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestPeeringRouteCommands runs the peering cases of issue 16 point 9
// through the commands: a route wider than the peer's blocks is a warning
// (validate exits 0, export needs no --force, as for the CloudFormation
// user guide's own sample), and a trace that longest-prefix match sends to
// the other peer says so without suggesting a peering that exists.
func TestPeeringRouteCommands(t *testing.T) {
	const dir = "../../internal/reach/testdata/aws16"
	tests := []struct {
		args    []string
		code    int
		want    string // in the standard output
		notWant string
	}{
		{[]string{"validate", filepath.Join(dir, "09-default-route-to-peering.yaml")}, exitOK,
			"warning route.peering-outside-peer route-table[PrivateTable].routes[0].destination", ""},
		{[]string{"export", "--to", "cloudformation", filepath.Join(dir, "09-default-route-to-peering.yaml")}, exitOK, `"DestinationCidrBlock": "0.0.0.0/0"`, ""},
		{[]string{"export", "--to", "terraform", "--param", "EC2KeyPairName=k", filepath.Join(corpusDir, "userguide-vpc-peering-two-vpcs-ec2.json")}, exitOK, "aws_route", ""},
		{[]string{"trace", "--from", "PrivateInstance", "--to", "SharedInstance", "--port", "5432", filepath.Join(dir, "09-default-route-to-peering.yaml")}, exitOK, ": reachable", ""},
		{[]string{"trace", "--from", "InstanceA", "--to", "InstanceB", filepath.Join(dir, "09-longest-prefix-two-peers.yaml")}, exitUnreachable,
			"the longest prefix match in route table `TableA` is 10.1.5.0/24 to peering `PeeringAC`", "peer VPC `VpcA` with VPC `VpcB`"},
		{[]string{"trace", "--from", "InstanceA", "--to", "InstanceC", filepath.Join(dir, "09-longest-prefix-two-peers.yaml")}, exitOK, ": reachable", ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := vpcboard(t, tt.args...)
			if code != tt.code {
				t.Fatalf("vpcboard %v = exit %d; want %d\n%s%s", tt.args, code, tt.code, out, errOut)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("vpcboard %v output lacks %q:\n%s", tt.args, tt.want, out)
			}
			if tt.notWant != "" && strings.Contains(out, tt.notWant) {
				t.Errorf("vpcboard %v output has %q:\n%s", tt.args, tt.notWant, out)
			}
		})
	}
}
