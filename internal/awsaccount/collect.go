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
// throttled or fails on the server's side, waiting longer each time, unless
// AWS_MAX_ATTEMPTS or the profile's max_attempts says otherwise.
const maxAttempts = 10

// LoadConfig loads the SDK's standard configuration: the credential chain
// (environment, shared config and credentials files with their profiles,
// SSO, web identity, container and instance roles), with the standard
// retryer. profile picks a profile of the shared files; endpoint, when not
// empty, sends every call there (a test server, LocalStack).
func LoadConfig(ctx context.Context, profile, endpoint string) (aws.Config, error) {
	var opts []func(*config.LoadOptions) error
	if profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(profile))
	}
	if endpoint != "" {
		opts = append(opts, config.WithBaseEndpoint(endpoint))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return cfg, err
	}
	if cfg.RetryMode == "" {
		cfg.RetryMode = aws.RetryModeStandard
	}
	if cfg.RetryMaxAttempts == 0 {
		cfg.RetryMaxAttempts = maxAttempts
	}
	return cfg, nil
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
			r.ELBv2.LoadBalancers, err = drain(ctx, elb.NewDescribeLoadBalancersPaginator(elb.NewFromConfig(cfg), nil), func(o *elb.DescribeLoadBalancersOutput) []elbLB { return o.LoadBalancers })
			return err
		}},
		{"rds:DescribeDBInstances", func() (err error) {
			r.RDS.DBInstances, err = drain(ctx, rds.NewDescribeDBInstancesPaginator(rds.NewFromConfig(cfg), nil), func(o *rds.DescribeDBInstancesOutput) []rdsDB { return o.DBInstances })
			return err
		}},
		{"rds:DescribeDBSubnetGroups", func() (err error) {
			r.RDS.DBSubnetGroups, err = drain(ctx, rds.NewDescribeDBSubnetGroupsPaginator(rds.NewFromConfig(cfg), nil), func(o *rds.DescribeDBSubnetGroupsOutput) []rdsGroup { return o.DBSubnetGroups })
			return err
		}},
		{"lambda:ListFunctions", func() (err error) {
			r.Lambda.Functions, err = drain(ctx, lambda.NewListFunctionsPaginator(lambda.NewFromConfig(cfg), nil), func(o *lambda.ListFunctionsOutput) []lambdaFn { return o.Functions })
			withoutEnvironment(r.Lambda.Functions)
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

// withoutEnvironment drops the functions' environment variables, which
// ListFunctions answers in clear and which often hold secrets (database
// passwords, API keys): the snapshot is a file passed around and uploaded,
// and nothing maps them.
func withoutEnvironment(fns []lambdaFn) {
	for i := range fns {
		fns[i].Environment = nil
	}
}

// paginator is what the SDK's paginators have in common.
type paginator[O, Opt any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(*Opt)) (O, error)
}

// drain reads every page of an SDK paginator; items picks the list out of
// one page.
func drain[O, Opt, T any](ctx context.Context, p paginator[O, Opt], items func(O) []T) ([]T, error) {
	var out []T
	for p.HasMorePages() {
		o, err := p.NextPage(ctx)
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
		e.Vpcs, err = drain(ctx, ec2.NewDescribeVpcsPaginator(c, nil), func(o *ec2.DescribeVpcsOutput) []ec2types.Vpc { return o.Vpcs })
		return err
	}},
	{"ec2:DescribeVpcAttribute", describeVpcAttributes},
	{"ec2:DescribeSubnets", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		e.Subnets, err = drain(ctx, ec2.NewDescribeSubnetsPaginator(c, nil), func(o *ec2.DescribeSubnetsOutput) []ec2types.Subnet { return o.Subnets })
		return err
	}},
	{"ec2:DescribeRouteTables", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		e.RouteTables, err = drain(ctx, ec2.NewDescribeRouteTablesPaginator(c, nil), func(o *ec2.DescribeRouteTablesOutput) []ec2types.RouteTable { return o.RouteTables })
		return err
	}},
	{"ec2:DescribeNetworkAcls", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		e.NetworkAcls, err = drain(ctx, ec2.NewDescribeNetworkAclsPaginator(c, nil), func(o *ec2.DescribeNetworkAclsOutput) []ec2types.NetworkAcl { return o.NetworkAcls })
		return err
	}},
	{"ec2:DescribeSecurityGroups", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		e.SecurityGroups, err = drain(ctx, ec2.NewDescribeSecurityGroupsPaginator(c, nil), func(o *ec2.DescribeSecurityGroupsOutput) []ec2types.SecurityGroup { return o.SecurityGroups })
		return err
	}},
	{"ec2:DescribeInternetGateways", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		e.InternetGateways, err = drain(ctx, ec2.NewDescribeInternetGatewaysPaginator(c, nil), func(o *ec2.DescribeInternetGatewaysOutput) []ec2types.InternetGateway { return o.InternetGateways })
		return err
	}},
	{"ec2:DescribeEgressOnlyInternetGateways", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		e.EgressOnlyInternetGateways, err = drain(ctx, ec2.NewDescribeEgressOnlyInternetGatewaysPaginator(c, nil), func(o *ec2.DescribeEgressOnlyInternetGatewaysOutput) []ec2types.EgressOnlyInternetGateway {
			return o.EgressOnlyInternetGateways
		})
		return err
	}},
	{"ec2:DescribeNatGateways", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		e.NatGateways, err = drain(ctx, ec2.NewDescribeNatGatewaysPaginator(c, nil), func(o *ec2.DescribeNatGatewaysOutput) []ec2types.NatGateway { return o.NatGateways })
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
		e.VpcEndpoints, err = drain(ctx, ec2.NewDescribeVpcEndpointsPaginator(c, nil), func(o *ec2.DescribeVpcEndpointsOutput) []ec2types.VpcEndpoint { return o.VpcEndpoints })
		return err
	}},
	{"ec2:DescribeVpcEndpointServiceConfigurations", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		e.ServiceConfigurations, err = drain(ctx, ec2.NewDescribeVpcEndpointServiceConfigurationsPaginator(c, nil), func(o *ec2.DescribeVpcEndpointServiceConfigurationsOutput) []ec2types.ServiceConfiguration {
			return o.ServiceConfigurations
		})
		return err
	}},
	{"ec2:DescribeVpcPeeringConnections", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		e.VpcPeeringConnections, err = drain(ctx, ec2.NewDescribeVpcPeeringConnectionsPaginator(c, nil), func(o *ec2.DescribeVpcPeeringConnectionsOutput) []ec2types.VpcPeeringConnection {
			return o.VpcPeeringConnections
		})
		return err
	}},
	{"ec2:DescribeTransitGateways", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		e.TransitGateways, err = drain(ctx, ec2.NewDescribeTransitGatewaysPaginator(c, nil), func(o *ec2.DescribeTransitGatewaysOutput) []ec2types.TransitGateway { return o.TransitGateways })
		return err
	}},
	{"ec2:DescribeTransitGatewayAttachments", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		e.TransitGatewayAttachments, err = drain(ctx, ec2.NewDescribeTransitGatewayAttachmentsPaginator(c, nil), func(o *ec2.DescribeTransitGatewayAttachmentsOutput) []ec2types.TransitGatewayAttachment {
			return o.TransitGatewayAttachments
		})
		return err
	}},
	{"ec2:DescribeTransitGatewayVpcAttachments", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		e.TransitGatewayVpcAttachments, err = drain(ctx, ec2.NewDescribeTransitGatewayVpcAttachmentsPaginator(c, nil), func(o *ec2.DescribeTransitGatewayVpcAttachmentsOutput) []ec2types.TransitGatewayVpcAttachment {
			return o.TransitGatewayVpcAttachments
		})
		return err
	}},
	{"ec2:DescribeTransitGatewayRouteTables", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		e.TransitGatewayRouteTables, err = drain(ctx, ec2.NewDescribeTransitGatewayRouteTablesPaginator(c, nil), func(o *ec2.DescribeTransitGatewayRouteTablesOutput) []ec2types.TransitGatewayRouteTable {
			return o.TransitGatewayRouteTables
		})
		return err
	}},
	{"ec2:SearchTransitGatewayRoutes", searchTransitGatewayRoutes},
	{"ec2:GetTransitGatewayRouteTablePropagations", transitGatewayPropagations},
	{"ec2:DescribeNetworkInterfaces", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		e.NetworkInterfaces, err = drain(ctx, ec2.NewDescribeNetworkInterfacesPaginator(c, nil), func(o *ec2.DescribeNetworkInterfacesOutput) []ec2types.NetworkInterface { return o.NetworkInterfaces })
		return err
	}},
	{"ec2:DescribeInstances", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		e.Reservations, err = drain(ctx, ec2.NewDescribeInstancesPaginator(c, nil), func(o *ec2.DescribeInstancesOutput) []ec2types.Reservation { return o.Reservations })
		return err
	}},
	{"ec2:DescribeManagedPrefixLists", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		e.PrefixLists, err = drain(ctx, ec2.NewDescribeManagedPrefixListsPaginator(c, nil), func(o *ec2.DescribeManagedPrefixListsOutput) []ec2types.ManagedPrefixList { return o.PrefixLists })
		return err
	}},
	{"ec2:GetManagedPrefixListEntries", prefixListEntries},
	{"ec2:DescribeFlowLogs", func(ctx context.Context, c *ec2.Client, e *EC2) (err error) {
		e.FlowLogs, err = drain(ctx, ec2.NewDescribeFlowLogsPaginator(c, nil), func(o *ec2.DescribeFlowLogsOutput) []ec2types.FlowLog { return o.FlowLogs })
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
		routes, err := drain(ctx, p, func(o *ec2.SearchTransitGatewayRoutesOutput) []ec2types.TransitGatewayRoute { return o.Routes })
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
		props, err := drain(ctx, p, func(o *ec2.GetTransitGatewayRouteTablePropagationsOutput) []ec2types.TransitGatewayRouteTablePropagation {
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
		entries, err := drain(ctx, p, func(o *ec2.GetManagedPrefixListEntriesOutput) []ec2types.PrefixListEntry { return o.Entries })
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
