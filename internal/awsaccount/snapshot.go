// Package awsaccount reads what an AWS account already runs: it takes a
// snapshot of an account's networks through the AWS SDK (Collect), reads
// such a snapshot or a folder of the JSON that the AWS CLI prints for the
// same Describe calls (Decode, ReadCLIFolder), and maps it onto a design
// (Map) whose IDs are the AWS IDs.
//
// The snapshot keeps the SDK's own output shapes, so the AWS CLI's JSON
// (the API's PascalCase names) decodes into the same structs and one
// mapping serves both.
package awsaccount

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
)

// Format is the value of a snapshot's "format" field, which tells it apart
// from a design file and a template.
const Format = "vpcboard-aws-snapshot"

// Version is the snapshot version Encode writes and Decode reads.
const Version = 1

// Snapshot is what one run of Collect read: per region, per service, the
// lists the Describe calls returned.
type Snapshot struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// Account is the account the caller's credentials belong to, when
	// known (the OwnerId of the VPCs read).
	Account string             `json:"account,omitempty"`
	Regions map[string]*Region `json:"regions"`
}

// Region holds the output of every call made in one region.
type Region struct {
	EC2    EC2    `json:"ec2"`
	ELBv2  ELBv2  `json:"elbv2"`
	RDS    RDS    `json:"rds"`
	Lambda Lambda `json:"lambda"`
}

// EC2 holds the EC2 Describe outputs. Each field is named as the list in
// the call's output (and in the AWS CLI's JSON), so that a file of
// `aws ec2 describe-vpcs` decodes into it as it is.
type EC2 struct {
	Vpcs                                 []ec2types.Vpc                         `json:"Vpcs,omitempty" key:"VpcId"`
	VpcAttributes                        []VpcAttributes                        `json:"VpcAttributes,omitempty" key:"VpcId"`
	Subnets                              []ec2types.Subnet                      `json:"Subnets,omitempty" key:"SubnetId"`
	RouteTables                          []ec2types.RouteTable                  `json:"RouteTables,omitempty" key:"RouteTableId"`
	NetworkAcls                          []ec2types.NetworkAcl                  `json:"NetworkAcls,omitempty" key:"NetworkAclId"`
	SecurityGroups                       []ec2types.SecurityGroup               `json:"SecurityGroups,omitempty" key:"GroupId"`
	InternetGateways                     []ec2types.InternetGateway             `json:"InternetGateways,omitempty" key:"InternetGatewayId"`
	EgressOnlyInternetGateways           []ec2types.EgressOnlyInternetGateway   `json:"EgressOnlyInternetGateways,omitempty" key:"EgressOnlyInternetGatewayId"`
	NatGateways                          []ec2types.NatGateway                  `json:"NatGateways,omitempty" key:"NatGatewayId"`
	Addresses                            []ec2types.Address                     `json:"Addresses,omitempty" key:"AllocationId,PublicIp"`
	VpcEndpoints                         []ec2types.VpcEndpoint                 `json:"VpcEndpoints,omitempty" key:"VpcEndpointId"`
	ServiceConfigurations                []ec2types.ServiceConfiguration        `json:"ServiceConfigurations,omitempty" key:"ServiceId"`
	VpcPeeringConnections                []ec2types.VpcPeeringConnection        `json:"VpcPeeringConnections,omitempty" key:"VpcPeeringConnectionId"`
	TransitGateways                      []ec2types.TransitGateway              `json:"TransitGateways,omitempty" key:"TransitGatewayId"`
	TransitGatewayAttachments            []ec2types.TransitGatewayAttachment    `json:"TransitGatewayAttachments,omitempty" key:"TransitGatewayAttachmentId"`
	TransitGatewayVpcAttachments         []ec2types.TransitGatewayVpcAttachment `json:"TransitGatewayVpcAttachments,omitempty" key:"TransitGatewayAttachmentId"`
	TransitGatewayRouteTables            []ec2types.TransitGatewayRouteTable    `json:"TransitGatewayRouteTables,omitempty" key:"TransitGatewayRouteTableId"`
	TransitGatewayRouteTableRoutes       []TransitGatewayRouteTableRoutes       `json:"TransitGatewayRouteTableRoutes,omitempty" key:"TransitGatewayRouteTableId"`
	TransitGatewayRouteTablePropagations []TransitGatewayRouteTablePropagations `json:"TransitGatewayRouteTablePropagationSets,omitempty" key:"TransitGatewayRouteTableId"`
	NetworkInterfaces                    []ec2types.NetworkInterface            `json:"NetworkInterfaces,omitempty" key:"NetworkInterfaceId"`
	Reservations                         []ec2types.Reservation                 `json:"Reservations,omitempty" key:"ReservationId"`
	PrefixLists                          []ec2types.ManagedPrefixList           `json:"PrefixLists,omitempty" key:"PrefixListId"`
	PrefixListEntries                    []PrefixListEntries                    `json:"PrefixListEntries,omitempty" key:"PrefixListId"`
	FlowLogs                             []ec2types.FlowLog                     `json:"FlowLogs,omitempty" key:"FlowLogId"`
}

// VpcAttributes are the two DescribeVpcAttribute answers of one VPC.
type VpcAttributes struct {
	VpcId              *string `json:"VpcId"`
	EnableDnsSupport   *bool   `json:"EnableDnsSupport,omitempty"`
	EnableDnsHostnames *bool   `json:"EnableDnsHostnames,omitempty"`
}

// TransitGatewayRouteTableRoutes are the routes SearchTransitGatewayRoutes
// found in one route table (its output does not name the table).
type TransitGatewayRouteTableRoutes struct {
	TransitGatewayRouteTableId *string                        `json:"TransitGatewayRouteTableId"`
	Routes                     []ec2types.TransitGatewayRoute `json:"Routes,omitempty"`
}

// TransitGatewayRouteTablePropagations are the propagations of one route
// table (GetTransitGatewayRouteTablePropagations).
type TransitGatewayRouteTablePropagations struct {
	TransitGatewayRouteTableId           *string                                        `json:"TransitGatewayRouteTableId"`
	TransitGatewayRouteTablePropagations []ec2types.TransitGatewayRouteTablePropagation `json:"TransitGatewayRouteTablePropagations,omitempty" key:"TransitGatewayRouteTableId"`
}

// PrefixListEntries are the entries of one customer-managed prefix list
// (GetManagedPrefixListEntries).
type PrefixListEntries struct {
	PrefixListId *string                    `json:"PrefixListId"`
	Entries      []ec2types.PrefixListEntry `json:"Entries,omitempty"`
}

// ELBv2 holds DescribeLoadBalancers.
type ELBv2 struct {
	LoadBalancers []elbtypes.LoadBalancer `json:"LoadBalancers,omitempty" key:"LoadBalancerArn"`
}

// RDS holds DescribeDBInstances and DescribeDBSubnetGroups.
type RDS struct {
	DBInstances    []rdstypes.DBInstance    `json:"DBInstances,omitempty" key:"DBInstanceArn"`
	DBSubnetGroups []rdstypes.DBSubnetGroup `json:"DBSubnetGroups,omitempty" key:"DBSubnetGroupArn"`
}

// Lambda holds ListFunctions.
type Lambda struct {
	Functions []lambdatypes.FunctionConfiguration `json:"Functions,omitempty" key:"FunctionArn"`
}

// IsSnapshot reports whether data looks like a snapshot: a JSON object
// whose "format" is Format. Inputs without the format's name anywhere are
// told apart without parsing them.
func IsSnapshot(data []byte) bool {
	if !bytes.Contains(data, []byte(Format)) {
		return false
	}
	var head struct {
		Format string `json:"format"`
	}
	return json.Unmarshal(data, &head) == nil && head.Format == Format
}

// Error is a snapshot that cannot be read, with the field at fault.
type Error struct {
	// Field is the JSON path of the field ("version", "regions.eu-west-1"),
	// empty when the document as a whole is at fault.
	Field string
	Msg   string
}

func (e *Error) Error() string {
	if e.Field == "" {
		return "AWS snapshot: " + e.Msg
	}
	return "AWS snapshot: " + e.Field + ": " + e.Msg
}

// Decode reads a snapshot, refusing other formats and versions with an
// *Error that names the field.
func Decode(data []byte) (*Snapshot, error) {
	var s Snapshot
	if err := json.Unmarshal(data, &s); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, &Error{Field: te.Field, Msg: fmt.Sprintf("a JSON %s where the AWS API has a %s", te.Value, te.Type)}
		}
		return nil, &Error{Msg: err.Error()}
	}
	switch {
	case s.Format != Format:
		return nil, &Error{Field: "format", Msg: fmt.Sprintf("want %q, got %q", Format, s.Format)}
	case s.Version != Version:
		return nil, &Error{Field: "version", Msg: fmt.Sprintf("want %d, got %d (this vpcboard reads version %d)", Version, s.Version, Version)}
	case len(s.Regions) == 0:
		return nil, &Error{Field: "regions", Msg: "no region"}
	}
	for name, r := range s.Regions {
		if r == nil {
			return nil, &Error{Field: "regions." + name, Msg: "null, want an object"}
		}
	}
	return &s, nil
}

// Encode writes the snapshot byte-stable: every list sorted by its IDs
// (Sort), object keys in order, and the SDK's empty fields (nulls, empty
// lists and objects) left out.
func Encode(s *Snapshot) ([]byte, error) {
	for _, r := range s.Regions {
		r.Sort()
	}
	raw, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	out, err := json.MarshalIndent(prune(tree), "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// prune drops nulls and empty lists and objects, which the SDK's structs
// write for every field the answer did not have.
func prune(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if e = prune(e); e == nil {
				delete(x, k)
			} else {
				x[k] = e
			}
		}
		if len(x) == 0 {
			return nil
		}
	case []any:
		out := x[:0]
		for _, e := range x {
			if e = prune(e); e != nil {
				out = append(out, e)
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	}
	return v
}

// Sort orders every list of the region by the ID of its entries, so that
// two snapshots of the same account are the same bytes whatever order the
// API answered in.
func (r *Region) Sort() {
	sortLists(reflect.ValueOf(&r.EC2).Elem())
	sortLists(reflect.ValueOf(&r.ELBv2).Elem())
	sortLists(reflect.ValueOf(&r.RDS).Elem())
	sortLists(reflect.ValueOf(&r.Lambda).Elem())
}

// sortLists sorts each slice field of the struct v by the ID fields its
// tag "key" names (several, comma-separated, compared in turn).
func sortLists(v reflect.Value) {
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() != reflect.Slice || f.Len() < 2 {
			continue
		}
		names := strings.Split(v.Type().Field(i).Tag.Get("key"), ",")
		keys := make([]string, f.Len())
		for j := range keys {
			keys[j] = entryKey(f.Index(j), names)
		}
		idx := make([]int, len(keys))
		for j := range idx {
			idx[j] = j
		}
		slices.SortStableFunc(idx, func(a, b int) int { return strings.Compare(keys[a], keys[b]) })
		sorted := reflect.MakeSlice(f.Type(), f.Len(), f.Len())
		for j, k := range idx {
			sorted.Index(j).Set(f.Index(k))
		}
		f.Set(sorted)
	}
}

// entryKey joins the named string fields of a struct entry.
func entryKey(e reflect.Value, names []string) string {
	var b strings.Builder
	for _, name := range names {
		if f := e.FieldByName(name); f.IsValid() && f.Kind() == reflect.Pointer && !f.IsNil() {
			b.WriteString(f.Elem().String())
		}
		b.WriteByte(0)
	}
	return b.String()
}

// merge appends every list of src to the same list of dst (both *EC2 and
// the like), so that files of the AWS CLI add up.
func merge(dst, src reflect.Value) {
	for i := range dst.NumField() {
		if f := dst.Field(i); f.Kind() == reflect.Slice {
			f.Set(reflect.AppendSlice(f, src.Field(i)))
		}
	}
}
