package awsaccount

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
)

// maxAttempts is how often the standard retryer tries a call that is
// throttled or fails on the server's side, waiting longer each time.
const maxAttempts = 10

// LoadConfig loads the SDK's standard configuration: the credential chain
// (environment, shared config and credentials files with their profiles,
// SSO, web identity, container and instance roles), with the standard
// retryer. profile picks a profile of the shared files; endpoint, when not
// empty, sends every call there (a test server, LocalStack).
func LoadConfig(ctx context.Context, profile, endpoint string) (aws.Config, error) {
	opts := []func(*config.LoadOptions) error{config.WithRetryMode(aws.RetryModeStandard), config.WithRetryMaxAttempts(maxAttempts)}
	if profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(profile))
	}
	if endpoint != "" {
		opts = append(opts, config.WithBaseEndpoint(endpoint))
	}
	return config.LoadDefaultConfig(ctx, opts...)
}

// Collect reads every region of regions with cfg (its credentials, retryer
// and endpoint; its region is replaced by each of regions) into one
// snapshot. The first failing call stops it, named with the IAM action it
// needs.
func Collect(ctx context.Context, cfg aws.Config, regions []string) (*Snapshot, error) {
	s := &Snapshot{Format: Format, Version: Version, Regions: map[string]*Region{}}
	for _, name := range regions {
		c := cfg.Copy()
		c.Region = name
		r, err := collectRegion(ctx, c)
		if err != nil {
			return nil, fmt.Errorf("region %s: %w", name, err)
		}
		s.Regions[name] = r
		for _, v := range r.EC2.Vpcs {
			if s.Account == "" {
				s.Account = aws.ToString(v.OwnerId)
			}
		}
	}
	return s, nil
}

func collectRegion(ctx context.Context, cfg aws.Config) (*Region, error) {
	r := &Region{}
	steps := []struct {
		action string
		run    func() error
	}{
		{"ec2", func() error { return collectEC2(ctx, ec2.NewFromConfig(cfg), &r.EC2) }},
		{"elasticloadbalancing:DescribeLoadBalancers", func() (err error) {
			p := elb.NewDescribeLoadBalancersPaginator(elb.NewFromConfig(cfg), &elb.DescribeLoadBalancersInput{})
			r.ELBv2.LoadBalancers, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *elb.DescribeLoadBalancersOutput) []elbLB { return o.LoadBalancers })
			return err
		}},
		{"rds:DescribeDBInstances", func() (err error) {
			p := rds.NewDescribeDBInstancesPaginator(rds.NewFromConfig(cfg), &rds.DescribeDBInstancesInput{})
			r.RDS.DBInstances, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *rds.DescribeDBInstancesOutput) []rdsDB { return o.DBInstances })
			return err
		}},
		{"rds:DescribeDBSubnetGroups", func() (err error) {
			p := rds.NewDescribeDBSubnetGroupsPaginator(rds.NewFromConfig(cfg), &rds.DescribeDBSubnetGroupsInput{})
			r.RDS.DBSubnetGroups, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *rds.DescribeDBSubnetGroupsOutput) []rdsGroup { return o.DBSubnetGroups })
			return err
		}},
		{"lambda:ListFunctions", func() (err error) {
			p := lambda.NewListFunctionsPaginator(lambda.NewFromConfig(cfg), &lambda.ListFunctionsInput{})
			r.Lambda.Functions, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *lambda.ListFunctionsOutput) []lambdaFn { return o.Functions })
			return err
		}},
	}
	for _, st := range steps {
		if err := st.run(); err != nil {
			if st.action == "ec2" {
				return nil, err
			}
			return nil, fmt.Errorf("%s: %w", st.action, err)
		}
	}
	r.Sort()
	return r, nil
}

// pages drains an SDK paginator: more and next are its HasMorePages and
// NextPage, items picks the list out of one page.
func pages[Opt, O, T any](ctx context.Context, more func() bool, next func(context.Context, ...func(*Opt)) (O, error), items func(O) []T) ([]T, error) {
	var out []T
	for more() {
		o, err := next(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, items(o)...)
	}
	return out, nil
}

// ec2Call is one EC2 Describe call: the IAM action it needs and how to run
// it into the snapshot.
type ec2Call struct {
	action string
	run    func(ctx context.Context, c *ec2.Client, e *EC2) error
}

// ec2Calls are the EC2 calls Collect makes, in order; the later ones read
// IDs the earlier ones found (VPCs, transit gateway route tables, prefix
// lists). docs/importer.md lists the same actions.
var ec2Calls = []ec2Call{
	{"ec2:DescribeVpcs", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		p := ec2.NewDescribeVpcsPaginator(c, &ec2.DescribeVpcsInput{})
		e.Vpcs, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeVpcsOutput) []ec2types.Vpc { return o.Vpcs })
		return err
	}},
	{"ec2:DescribeVpcAttribute", describeVpcAttributes},
	{"ec2:DescribeSubnets", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		p := ec2.NewDescribeSubnetsPaginator(c, &ec2.DescribeSubnetsInput{})
		e.Subnets, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeSubnetsOutput) []ec2types.Subnet { return o.Subnets })
		return err
	}},
	{"ec2:DescribeRouteTables", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		p := ec2.NewDescribeRouteTablesPaginator(c, &ec2.DescribeRouteTablesInput{})
		e.RouteTables, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeRouteTablesOutput) []ec2types.RouteTable { return o.RouteTables })
		return err
	}},
	{"ec2:DescribeNetworkAcls", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		p := ec2.NewDescribeNetworkAclsPaginator(c, &ec2.DescribeNetworkAclsInput{})
		e.NetworkAcls, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeNetworkAclsOutput) []ec2types.NetworkAcl { return o.NetworkAcls })
		return err
	}},
	{"ec2:DescribeSecurityGroups", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		p := ec2.NewDescribeSecurityGroupsPaginator(c, &ec2.DescribeSecurityGroupsInput{})
		e.SecurityGroups, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeSecurityGroupsOutput) []ec2types.SecurityGroup { return o.SecurityGroups })
		return err
	}},
	{"ec2:DescribeInternetGateways", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		p := ec2.NewDescribeInternetGatewaysPaginator(c, &ec2.DescribeInternetGatewaysInput{})
		e.InternetGateways, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeInternetGatewaysOutput) []ec2types.InternetGateway { return o.InternetGateways })
		return err
	}},
	{"ec2:DescribeEgressOnlyInternetGateways", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		p := ec2.NewDescribeEgressOnlyInternetGatewaysPaginator(c, &ec2.DescribeEgressOnlyInternetGatewaysInput{})
		e.EgressOnlyInternetGateways, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeEgressOnlyInternetGatewaysOutput) []ec2types.EgressOnlyInternetGateway {
			return o.EgressOnlyInternetGateways
		})
		return err
	}},
	{"ec2:DescribeNatGateways", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		p := ec2.NewDescribeNatGatewaysPaginator(c, &ec2.DescribeNatGatewaysInput{})
		e.NatGateways, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeNatGatewaysOutput) []ec2types.NatGateway { return o.NatGateways })
		return err
	}},
	{"ec2:DescribeAddresses", func(ctx context.Context, c *ec2.Client, e *EC2) error {
		// Not paginated: one answer holds every address.
		o, err := c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{})
		if err == nil {
			e.Addresses = o.Addresses
		}
		return err
	}},
	{"ec2:DescribeVpcEndpoints", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		p := ec2.NewDescribeVpcEndpointsPaginator(c, &ec2.DescribeVpcEndpointsInput{})
		e.VpcEndpoints, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeVpcEndpointsOutput) []ec2types.VpcEndpoint { return o.VpcEndpoints })
		return err
	}},
	{"ec2:DescribeVpcEndpointServiceConfigurations", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		p := ec2.NewDescribeVpcEndpointServiceConfigurationsPaginator(c, &ec2.DescribeVpcEndpointServiceConfigurationsInput{})
		e.ServiceConfigurations, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeVpcEndpointServiceConfigurationsOutput) []ec2types.ServiceConfiguration {
			return o.ServiceConfigurations
		})
		return err
	}},
	{"ec2:DescribeVpcPeeringConnections", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		p := ec2.NewDescribeVpcPeeringConnectionsPaginator(c, &ec2.DescribeVpcPeeringConnectionsInput{})
		e.VpcPeeringConnections, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeVpcPeeringConnectionsOutput) []ec2types.VpcPeeringConnection {
			return o.VpcPeeringConnections
		})
		return err
	}},
	{"ec2:DescribeTransitGateways", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		p := ec2.NewDescribeTransitGatewaysPaginator(c, &ec2.DescribeTransitGatewaysInput{})
		e.TransitGateways, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeTransitGatewaysOutput) []ec2types.TransitGateway { return o.TransitGateways })
		return err
	}},
	{"ec2:DescribeTransitGatewayAttachments", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		p := ec2.NewDescribeTransitGatewayAttachmentsPaginator(c, &ec2.DescribeTransitGatewayAttachmentsInput{})
		e.TransitGatewayAttachments, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeTransitGatewayAttachmentsOutput) []ec2types.TransitGatewayAttachment {
			return o.TransitGatewayAttachments
		})
		return err
	}},
	{"ec2:DescribeTransitGatewayVpcAttachments", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		p := ec2.NewDescribeTransitGatewayVpcAttachmentsPaginator(c, &ec2.DescribeTransitGatewayVpcAttachmentsInput{})
		e.TransitGatewayVpcAttachments, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeTransitGatewayVpcAttachmentsOutput) []ec2types.TransitGatewayVpcAttachment {
			return o.TransitGatewayVpcAttachments
		})
		return err
	}},
	{"ec2:DescribeTransitGatewayRouteTables", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		p := ec2.NewDescribeTransitGatewayRouteTablesPaginator(c, &ec2.DescribeTransitGatewayRouteTablesInput{})
		e.TransitGatewayRouteTables, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeTransitGatewayRouteTablesOutput) []ec2types.TransitGatewayRouteTable {
			return o.TransitGatewayRouteTables
		})
		return err
	}},
	{"ec2:SearchTransitGatewayRoutes", searchTransitGatewayRoutes},
	{"ec2:GetTransitGatewayRouteTablePropagations", transitGatewayPropagations},
	{"ec2:DescribeNetworkInterfaces", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		p := ec2.NewDescribeNetworkInterfacesPaginator(c, &ec2.DescribeNetworkInterfacesInput{})
		e.NetworkInterfaces, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeNetworkInterfacesOutput) []ec2types.NetworkInterface { return o.NetworkInterfaces })
		return err
	}},
	{"ec2:DescribeInstances", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		p := ec2.NewDescribeInstancesPaginator(c, &ec2.DescribeInstancesInput{})
		e.Reservations, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeInstancesOutput) []ec2types.Reservation { return o.Reservations })
		return err
	}},
	{"ec2:DescribeManagedPrefixLists", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		p := ec2.NewDescribeManagedPrefixListsPaginator(c, &ec2.DescribeManagedPrefixListsInput{})
		e.PrefixLists, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeManagedPrefixListsOutput) []ec2types.ManagedPrefixList { return o.PrefixLists })
		return err
	}},
	{"ec2:GetManagedPrefixListEntries", prefixListEntries},
	{"ec2:DescribeFlowLogs", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		p := ec2.NewDescribeFlowLogsPaginator(c, &ec2.DescribeFlowLogsInput{})
		e.FlowLogs, err = pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeFlowLogsOutput) []ec2types.FlowLog { return o.FlowLogs })
		return err
	}},
}

// Actions returns the IAM actions Collect needs, for the documentation's
// policy and its test.
func Actions() []string {
	out := []string{"elasticloadbalancing:DescribeLoadBalancers", "rds:DescribeDBInstances", "rds:DescribeDBSubnetGroups", "lambda:ListFunctions"}
	for _, c := range ec2Calls {
		out = append(out, c.action)
	}
	slices.Sort(out)
	return out
}

func collectEC2(ctx context.Context, c *ec2.Client, e *EC2) error {
	for _, call := range ec2Calls {
		if err := call.run(ctx, c, e); err != nil {
			return fmt.Errorf("%s: %w", call.action, err)
		}
	}
	return nil
}

// describeVpcAttributes asks for the two DNS attributes of every VPC read
// (DescribeVpcs does not return them).
func describeVpcAttributes(ctx context.Context, c *ec2.Client, e *EC2) error {
	for _, v := range e.Vpcs {
		a := VpcAttributes{VpcId: v.VpcId}
		for _, attr := range []ec2types.VpcAttributeName{ec2types.VpcAttributeNameEnableDnsSupport, ec2types.VpcAttributeNameEnableDnsHostnames} {
			o, err := c.DescribeVpcAttribute(ctx, &ec2.DescribeVpcAttributeInput{VpcId: v.VpcId, Attribute: attr})
			if err != nil {
				return err
			}
			if o.EnableDnsSupport != nil {
				a.EnableDnsSupport = o.EnableDnsSupport.Value
			}
			if o.EnableDnsHostnames != nil {
				a.EnableDnsHostnames = o.EnableDnsHostnames.Value
			}
		}
		e.VpcAttributes = append(e.VpcAttributes, a)
	}
	return nil
}

// searchTransitGatewayRoutes reads the active and blackhole routes of every
// transit gateway route table (the call wants a filter).
func searchTransitGatewayRoutes(ctx context.Context, c *ec2.Client, e *EC2) error {
	for _, t := range e.TransitGatewayRouteTables {
		in := &ec2.SearchTransitGatewayRoutesInput{TransitGatewayRouteTableId: t.TransitGatewayRouteTableId,
			Filters: []ec2types.Filter{{Name: aws.String("state"), Values: []string{"active", "blackhole"}}}}
		p := ec2.NewSearchTransitGatewayRoutesPaginator(c, in)
		routes, err := pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.SearchTransitGatewayRoutesOutput) []ec2types.TransitGatewayRoute { return o.Routes })
		if err != nil {
			return err
		}
		e.TransitGatewayRouteTableRoutes = append(e.TransitGatewayRouteTableRoutes, TransitGatewayRouteTableRoutes{TransitGatewayRouteTableId: t.TransitGatewayRouteTableId, Routes: routes})
	}
	return nil
}

// transitGatewayPropagations reads the propagations of every transit
// gateway route table.
func transitGatewayPropagations(ctx context.Context, c *ec2.Client, e *EC2) error {
	for _, t := range e.TransitGatewayRouteTables {
		p := ec2.NewGetTransitGatewayRouteTablePropagationsPaginator(c, &ec2.GetTransitGatewayRouteTablePropagationsInput{TransitGatewayRouteTableId: t.TransitGatewayRouteTableId})
		props, err := pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.GetTransitGatewayRouteTablePropagationsOutput) []ec2types.TransitGatewayRouteTablePropagation {
			return o.TransitGatewayRouteTablePropagations
		})
		if err != nil {
			return err
		}
		e.TransitGatewayRouteTablePropagations = append(e.TransitGatewayRouteTablePropagations,
			TransitGatewayRouteTablePropagations{TransitGatewayRouteTableId: t.TransitGatewayRouteTableId, TransitGatewayRouteTablePropagations: props})
	}
	return nil
}

// prefixListEntries reads the entries of the customer-managed prefix lists
// (AWS's own, owned by "AWS", are services' ranges the design names only).
func prefixListEntries(ctx context.Context, c *ec2.Client, e *EC2) error {
	for _, pl := range e.PrefixLists {
		if aws.ToString(pl.OwnerId) == "AWS" {
			continue
		}
		p := ec2.NewGetManagedPrefixListEntriesPaginator(c, &ec2.GetManagedPrefixListEntriesInput{PrefixListId: pl.PrefixListId})
		entries, err := pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.GetManagedPrefixListEntriesOutput) []ec2types.PrefixListEntry { return o.Entries })
		if err != nil {
			return err
		}
		e.PrefixListEntries = append(e.PrefixListEntries, PrefixListEntries{PrefixListId: pl.PrefixListId, Entries: entries})
	}
	return nil
}

type (
	elbLB    = elbtypes.LoadBalancer
	rdsDB    = rdstypes.DBInstance
	rdsGroup = rdstypes.DBSubnetGroup
	lambdaFn = lambdatypes.FunctionConfiguration
)
