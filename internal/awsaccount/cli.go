package awsaccount

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// maxCLIFile is the largest file of a folder read; describe-instances of a
// large account is a few MB.
const maxCLIFile = 32 << 20

// cliFile is one file the AWS CLI printed: any of the lists of a region,
// plus the lists whose output does not name their owner, which the file
// name does (search-transit-gateway-routes.tgw-rtb-0abc.json).
type cliFile struct {
	EC2
	ELBv2
	RDS
	Lambda
	Routes       []ec2types.TransitGatewayRoute                 `json:"Routes"`
	Propagations []ec2types.TransitGatewayRouteTablePropagation `json:"TransitGatewayRouteTablePropagations"`
	Entries      []ec2types.PrefixListEntry                     `json:"Entries"`
}

var ownerInName = regexp.MustCompile(`\.((?:tgw-rtb|pl)-[0-9a-f]+)\.json$`)

// ReadCLIFolder reads a folder of the JSON the AWS CLI prints
// (`aws ec2 describe-vpcs > describe-vpcs.json`, one file per call, any
// names ending in .json) as a snapshot of one region. region names it; if
// empty, the subnets' zones say it. Files with none of the lists read are
// reported in the warnings.
func ReadCLIFolder(dir, region string) (*Snapshot, []string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	r := &Region{}
	var warnings []string
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		f, err := readCLIFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, nil, err
		}
		if !f.add(r, e.Name()) {
			warnings = append(warnings, fmt.Sprintf("%s: none of the lists vpcboard reads (Vpcs, Subnets, RouteTables, ...); skipped", e.Name()))
		}
	}
	if region == "" {
		region = regionOfZones(r.EC2.Subnets)
	}
	s := &Snapshot{Format: Format, Version: Version, Regions: map[string]*Region{region: r}}
	for _, v := range r.EC2.Vpcs {
		if s.Account == "" {
			s.Account = aws.ToString(v.OwnerId)
		}
	}
	r.Sort()
	return s, warnings, nil
}

func readCLIFile(path string) (*cliFile, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, maxCLIFile+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(data) > maxCLIFile {
		return nil, fmt.Errorf("%s: larger than the %d MiB limit for a file of the AWS CLI", path, maxCLIFile>>20)
	}
	var f cliFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: not the JSON of an AWS CLI describe call: %w", path, err)
	}
	return &f, nil
}

// add merges the file's lists into the region and reports whether it had
// any.
func (f *cliFile) add(r *Region, name string) bool {
	found := !reflect.DeepEqual(*f, cliFile{})
	merge(reflect.ValueOf(&r.EC2).Elem(), reflect.ValueOf(&f.EC2).Elem())
	merge(reflect.ValueOf(&r.ELBv2).Elem(), reflect.ValueOf(&f.ELBv2).Elem())
	merge(reflect.ValueOf(&r.RDS).Elem(), reflect.ValueOf(&f.RDS).Elem())
	merge(reflect.ValueOf(&r.Lambda).Elem(), reflect.ValueOf(&f.Lambda).Elem())
	m := ownerInName.FindStringSubmatch(name)
	if m == nil {
		return found
	}
	id := aws.String(m[1])
	if f.Routes != nil {
		r.EC2.TransitGatewayRouteTableRoutes = append(r.EC2.TransitGatewayRouteTableRoutes, TransitGatewayRouteTableRoutes{TransitGatewayRouteTableId: id, Routes: f.Routes})
	}
	if f.Propagations != nil {
		r.EC2.TransitGatewayRouteTablePropagations = append(r.EC2.TransitGatewayRouteTablePropagations,
			TransitGatewayRouteTablePropagations{TransitGatewayRouteTableId: id, TransitGatewayRouteTablePropagations: f.Propagations})
	}
	if f.Entries != nil {
		r.EC2.PrefixListEntries = append(r.EC2.PrefixListEntries, PrefixListEntries{PrefixListId: id, Entries: f.Entries})
	}
	return found
}

// regionOfZones derives the region from the first subnet's zone
// ("eu-west-1b" -> "eu-west-1"); us-east-1 when there is none.
func regionOfZones(subnets []ec2types.Subnet) string {
	zones := []string{}
	for _, s := range subnets {
		zones = append(zones, aws.ToString(s.AvailabilityZone))
	}
	slices.Sort(zones)
	for _, z := range zones {
		if r := strings.TrimRight(z, "abcdefghijklmnopqrstuvwxyz"); r != z && r != "" {
			return r
		}
	}
	return "us-east-1"
}
