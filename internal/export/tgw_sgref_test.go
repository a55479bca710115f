package export

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/importer"
)

// TestTGWSecurityGroupReferencing exports the template of issue 16 point 7
// (security group referencing over a transit gateway): CloudFormation
// carries the options of the gateway and the attachments through a round
// trip, and Terraform sets security_group_referencing_support on each, with
// "disable" where the gateway has it on and the attachment off (the EC2
// API enables it on attachments by default).
func TestTGWSecurityGroupReferencing(t *testing.T) {
	const file = "../reach/testdata/aws16/07-tgw-sg-referencing.yaml"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	d := importTemplate(t, file, data, &design.Design{})
	d.Region, d.Account = importer.DefaultRegion, importer.DefaultAccount
	back := roundTrip(t, d)
	if !back.TransitGateways["Tgw"].SecurityGroupReferencing {
		t.Errorf("after the round trip, transit gateway Tgw has security group referencing off; want on")
	}
	for id, want := range map[string]bool{"AttachA": true, "AttachB": true, "AttachC": false} {
		if got := back.TransitGatewayAttachments[id].SecurityGroupReferencing; got != want {
			t.Errorf("after the round trip, attachment %s security group referencing = %v; want %v", id, got, want)
		}
	}
	out, err := Terraform(d, Options{})
	if err != nil {
		t.Fatalf("Terraform: %v", err)
	}
	var got []string
	for _, f := range out.Files {
		var tf struct {
			Resource map[string]map[string]map[string]any `json:"resource"`
		}
		if err := json.Unmarshal(f.Data, &tf); err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		for _, typ := range []string{"aws_ec2_transit_gateway", "aws_ec2_transit_gateway_vpc_attachment"} {
			for name, body := range tf.Resource[typ] {
				if v, ok := body["security_group_referencing_support"]; ok {
					got = append(got, typ+"."+name+"="+fmt.Sprint(v))
				}
			}
		}
	}
	slices.Sort(got)
	want := []string{"aws_ec2_transit_gateway.Tgw=enable", "aws_ec2_transit_gateway_vpc_attachment.AttachA=enable",
		"aws_ec2_transit_gateway_vpc_attachment.AttachB=enable", "aws_ec2_transit_gateway_vpc_attachment.AttachC=disable"}
	if !slices.Equal(got, want) {
		t.Errorf("Terraform security_group_referencing_support = %q; want %q", got, want)
	}
}
