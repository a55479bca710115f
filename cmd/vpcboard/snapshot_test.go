package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/awsaccount/awstest"
)

const awsTestdata = "../../internal/awsaccount/testdata"

// TestSnapshotCommand: `vpcboard snapshot` reads the account through the
// SDK (a local server answering recorded API responses), and the snapshot
// file feeds import, validate and trace like a design file.
func TestSnapshotCommand(t *testing.T) {
	srv := awstest.NewServer(t, filepath.Join(awsTestdata, "api"))
	awstest.ConfigEnv(t)
	snap := filepath.Join(t.TempDir(), "snapshot.json")
	code, _, errOut := vpcboard(t, "snapshot", "--region", "us-west-2", "--endpoint-url", srv.URL(), "-o", snap)
	if code != exitOK {
		t.Fatalf("snapshot: exit %d\n%s", code, errOut)
	}
	data, err := os.ReadFile(snap)
	if err != nil || !strings.Contains(string(data), `"format": "vpcboard-aws-snapshot"`) {
		t.Fatalf("snapshot file: %v\n%.500s", err, data)
	}
	code, out, errOut := vpcboard(t, "import", snap)
	if code != exitOK || !strings.Contains(out, `"vpc-3ac0fb5f"`) || !strings.Contains(out, `"region": "us-west-2"`) {
		t.Fatalf("import: exit %d\n%.1000s%s", code, out, errOut)
	}
	code, out, errOut = vpcboard(t, "validate", snap)
	if code != exitOK || !strings.Contains(out, "tgw.attachment-az") {
		t.Errorf("validate: exit %d\n%s%s", code, out, errOut)
	}
	// The web VPC's 10.0.0.0/16 may reach MySQL in the data VPC through the
	// transit gateway; the Lambda function shares the database's group.
	code, out, errOut = vpcboard(t, "trace", snap, "--from", "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer.app.my-load-balancer.50dc6c495c0c9188",
		"--to", "arn:aws:rds:us-west-2:123456789012:db:mysqldb", "--port", "3306")
	if code != exitOK || !strings.Contains(out, "reachable") {
		t.Errorf("trace: exit %d\n%s%s", code, out, errOut)
	}
}

// TestSnapshotCommandErrors: no region is a usage error; a call that fails
// names its region and IAM action.
func TestSnapshotCommandErrors(t *testing.T) {
	if code, _, errOut := vpcboard(t, "snapshot"); code != exitInput || !strings.Contains(errOut, "usage: vpcboard snapshot --region R") {
		t.Errorf("no region: exit %d, %s", code, errOut)
	}
	srv := awstest.NewServer(t, filepath.Join(awsTestdata, "api"))
	awstest.ConfigEnv(t)
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	srv.Throttle["DescribeRouteTables"] = 100
	code, _, errOut := vpcboard(t, "snapshot", "--region", "us-west-2", "--endpoint-url", srv.URL())
	if code != exitInput || !strings.Contains(errOut, "region us-west-2: ec2:DescribeRouteTables") {
		t.Errorf("throttled: exit %d, %s", code, errOut)
	}
}

// TestAWSCLIFolderCommands: a folder of the AWS CLI's describe output
// validates, and matrix and trace read it.
func TestAWSCLIFolderCommands(t *testing.T) {
	dir := filepath.Join(awsTestdata, "cli-three-tier")
	code, out, errOut := vpcboard(t, "validate", dir)
	if code != exitOK || !strings.Contains(out, "sg.world-admin security-group[sg-01000000000000004]") {
		t.Errorf("validate: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = vpcboard(t, "trace", dir, "--from", "i-0a000000000000001", "--to", "arn:aws:rds:eu-west-1:111122223333:db:shop-db", "--port", "5432")
	if code != exitOK || !strings.Contains(out, "reachable") {
		t.Errorf("trace app -> db: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = vpcboard(t, "trace", dir, "--from", "i-0a000000000000003", "--to", "arn:aws:rds:eu-west-1:111122223333:db:shop-db", "--port", "5432")
	if code == exitOK {
		t.Errorf("trace bastion -> db: exit %d, want blocked\n%s%s", code, out, errOut)
	}
	if code, _, errOut := vpcboard(t, "import", "--stacks", dir, dir); code != exitInput || !strings.Contains(errOut, "is a directory") {
		t.Errorf("folder with --stacks: exit %d, %s", code, errOut)
	}
}
