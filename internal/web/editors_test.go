package web

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

func editorsDesign(t *testing.T) *design.Design {
	t.Helper()
	d, err := design.Decode(strings.NewReader(`{"format":1,"region":"us-east-1",
	"vpcs":{"web-vpc":{"cidr":"10.0.0.0/16"}},
	"subnets":{"a":{"vpc":"web-vpc","az":"us-east-1a","cidr":"10.0.0.0/24"}},
	"security_groups":{"sg-web":{"vpc":"web-vpc"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestGenerateID(t *testing.T) {
	d := editorsDesign(t)
	tests := []struct {
		kind design.Kind
		name string
		want string
	}{
		{design.KindSecurityGroup, "db", "sg-db"},
		{design.KindSecurityGroup, "web", "sg-web-2"}, // sg-web is taken
		{design.KindSecurityGroup, "alb-sg", "alb-sg"},
		{design.KindVPC, "web-vpc", "web-vpc-2"},
		{design.KindVPC, "Prod VPC!", "prod-vpc"},
		{design.KindSubnet, "app a", "subnet-app-a"},
		{design.KindRouteTable, "public-rt", "public-rt"},
		{design.KindWorkload, "app-1", "app-1"},
		{design.KindWorkload, "", "workload-1"},
		{design.KindInternetGateway, "", "igw-1"},
		{design.KindSubnet, "a", "subnet-a"},
	}
	for _, tt := range tests {
		if got := generateID(d, tt.kind, tt.name); got != tt.want {
			t.Errorf("generateID(%s, %q) = %q; want %q", tt.kind, tt.name, got, tt.want)
		}
		if !design.ValidID(generateID(d, tt.kind, tt.name)) {
			t.Errorf("generateID(%s, %q) is not a valid ID", tt.kind, tt.name)
		}
	}
}

// TestParseFormRows: the row editor's fields make the values the design
// file holds; protocol -1 is all; a rule's peer is the one its type says;
// a bad cell is named with its row.
func TestParseFormRows(t *testing.T) {
	d := editorsDesign(t)
	tests := []struct {
		kind  design.Kind
		form  string
		want  string // the JSON value
		field string // or the field of the error
		made  []string
	}{
		{kind: design.KindSecurityGroup,
			form: "vpc=web-vpc&rows=ingress&ingress[0].protocol=-1&ingress[0].peer_type=cidr&ingress[0].cidr=10.0.0.0/8&ingress[0].group=sg-web&ingress[0].ports.from=22",
			want: `{"ingress":[{"cidr":"10.0.0.0/8","protocol":"all"}],"vpc":"web-vpc"}`},
		{kind: design.KindSecurityGroup,
			form: "vpc=web-vpc&rows=ingress&ingress[3].protocol=tcp&ingress[3].ports.from=443&ingress[3].peer_type=self&ingress[1].protocol=6&ingress[1].ports.from=80&ingress[1].ports.to=81&ingress[1].peer_type=group&ingress[1].group=sg-web",
			want: `{"ingress":[{"group":"sg-web","ports":{"from":80,"to":81},"protocol":"tcp"},{"group":"x","ports":{"from":443,"to":443},"protocol":"tcp"}],"vpc":"web-vpc"}`},
		{kind: design.KindSecurityGroup,
			form: "vpc=web-vpc&rows=egress&egress[0].protocol=tcp&egress[0].ports.from=8080&egress[0].peer_type=new&egress[0].new_group=app&egress[0].mirror=true",
			want: `{"egress":[{"group":"sg-app","ports":{"from":8080,"to":8080},"protocol":"tcp"}],"vpc":"web-vpc"}`, made: []string{"sg-app"}},
		{kind: design.KindSecurityGroup, form: "vpc=web-vpc&rows=egress&egress[0].protocol=tcp&egress[0].peer_type=new", field: "egress[0].new_group"},
		{kind: design.KindSecurityGroup, form: "vpc=web-vpc&rows=ingress&ingress[0].protocol=tcp&ingress[2].protocol=bogus", field: "ingress[1].protocol"},
		{kind: design.KindNetworkACL, form: "vpc=web-vpc&rows=inbound&inbound[0].number=1x", field: "inbound[0].number"},
		{kind: design.KindNetworkACL,
			form: "vpc=web-vpc&subnets=a&rows=inbound&inbound[0].number=100&inbound[0].protocol=icmp&inbound[0].icmp.type=8&inbound[0].icmp.code=-1&inbound[0].ports.from=1&inbound[0].cidr=0.0.0.0/0&inbound[0].action=deny",
			want: `{"inbound":[{"action":"deny","cidr":"0.0.0.0/0","icmp":{"code":-1,"type":8},"number":100,"protocol":"icmp"}],"subnets":["a"],"vpc":"web-vpc"}`},
		{kind: design.KindRouteTable,
			form: "vpc=web-vpc&subnets=a&subnets=b,c&rows=routes&routes[0].destination=0.0.0.0/0&routes[0].target.type=internet-gateway&routes[0].target.id=igw",
			want: `{"routes":[{"destination":"0.0.0.0/0","target":{"id":"igw","type":"internet-gateway"}}],"subnets":["a","b","c"],"vpc":"web-vpc"}`},
		{kind: design.KindWorkload,
			form: "type=instance&rows=interfaces&interfaces[0].subnet=a&interfaces[0].private_ip=10.0.0.5&interfaces[0].public_ip=true&rows=tags&tags[0].key=Name&tags[0].value=web&tags[1].key=&tags[1].value=",
			want: `{"interfaces":[{"private_ip":"10.0.0.5","public_ip":true,"subnet":"a"}],"tags":{"Name":"web"},"type":"instance"}`},
		{kind: design.KindWorkload, form: "type=instance&rows=tags&tags[0].key=&tags[0].value=x", field: "tags[0].key"},
		{kind: design.KindSubnet, form: "vpc=web-vpc&name=app", want: `{"tags":{"Name":"app"},"vpc":"web-vpc"}`},
		{kind: design.KindSubnet, form: "vpc=web-vpc&depends_on=igw, a,igw", want: `{"depends_on":["a","igw"],"vpc":"web-vpc"}`},
		{kind: design.KindSecurityGroup, form: `vpc=web-vpc&ingress=[{"protocol":"-1","cidr":"10.0.0.0/8"}]`,
			want: `{"ingress":[{"cidr":"10.0.0.0/8","protocol":"all"}],"vpc":"web-vpc"}`},
		{kind: design.KindSecurityGroup, form: `vpc=web-vpc&ingress=[{"protocol":"x","cidr":"10.0.0.0/8"}]`, field: "ingress[0].protocol"},
	}
	for _, tt := range tests {
		values, err := url.ParseQuery(tt.form)
		if err != nil {
			t.Fatal(err)
		}
		data, made, err := parseForm(d, tt.kind, "x", values)
		var fe *formError
		switch {
		case tt.field != "":
			if !errors.As(err, &fe) || fe.field != tt.field {
				t.Errorf("parseForm(%s, %s) error = %v; want one on %s", tt.kind, tt.form, err, tt.field)
			}
			continue
		case err != nil:
			t.Errorf("parseForm(%s, %s) error = %v", tt.kind, tt.form, err)
			continue
		}
		if string(data) != tt.want {
			t.Errorf("parseForm(%s, %s) =\n%s; want\n%s", tt.kind, tt.form, data, tt.want)
		}
		var ids []string
		for _, g := range made {
			ids = append(ids, g.id)
		}
		if strings.Join(ids, ",") != strings.Join(tt.made, ",") {
			t.Errorf("parseForm(%s, %s) makes groups %v; want %v", tt.kind, tt.form, ids, tt.made)
		}
		if _, err := design.DecodeResource(tt.kind, "x", data); err != nil {
			t.Errorf("DecodeResource(parseForm(%s)) = %v", tt.form, err)
		}
	}
}

// TestNewGroupOps: a group a rule makes may send anything out, and lets
// the rule's traffic back when asked.
func TestNewGroupOps(t *testing.T) {
	d := editorsDesign(t)
	values, _ := url.ParseQuery("vpc=web-vpc&rows=egress&egress[0].protocol=tcp&egress[0].ports.from=8080&egress[0].peer_type=new&egress[0].new_group=app&egress[0].mirror=true")
	data, made, err := parseForm(d, design.KindSecurityGroup, "alb", values)
	if err != nil {
		t.Fatal(err)
	}
	ops := append([]design.Op{{Op: design.OpPut, Kind: design.KindSecurityGroup, ID: "alb", Value: data}}, newGroupOps("web-vpc", made)...)
	if err := design.Apply(d, ops...); err != nil {
		t.Fatalf("Apply = %v", err)
	}
	got, _ := json.Marshal(d.SecurityGroups["sg-app"])
	want := `{"tags":{"Name":"app"},"vpc":"web-vpc","ingress":[{"protocol":"tcp","ports":{"from":8080,"to":8080},"group":"alb"}],"egress":[{"protocol":"all","cidr":"0.0.0.0/0"}]}`
	if string(got) != want {
		t.Errorf("sg-app = %s; want %s", got, want)
	}
}

func TestFieldOf(t *testing.T) {
	tests := []struct{ path, want string }{
		{"subnet[app-c].cidr", "cidr"},
		{"ops[0].vpc[v].cidr", "cidr"},
		{"ops[2].security-group[g].ingress[0].ports", ""},
		{"security-group[g].ingress[2].ports", "ingress[2].ports"},
		{"route-table[r].routes[0].target.id", "routes[0].target.id"},
		{"cidr", ""},
	}
	for _, tt := range tests {
		if got := fieldOf(tt.path); got != tt.want {
			t.Errorf("fieldOf(%q) = %q; want %q", tt.path, got, tt.want)
		}
	}
	if got := errKey(design.KindRouteTable, "subnets[1]"); got != "subnets" {
		t.Errorf("errKey(route-table, subnets[1]) = %q; want subnets", got)
	}
	if got := errKey(design.KindRouteTable, "routes[1].target.id"); got != "routes[1].target.id" {
		t.Errorf("errKey(route-table, routes[1].target.id) = %q; want the row's path", got)
	}
}
