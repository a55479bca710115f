package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/reach"
	"github.com/vpcboard/vpcboard/internal/review"
	"github.com/vpcboard/vpcboard/internal/web"
)

// editor drives the inspector as a person does and counts the actions:
// a choice in a menu, a click, a value typed or picked.
type editor struct {
	t       *testing.T
	ctx     context.Context
	actions int
}

// add picks a kind in the tree's "+ add…" menu and waits for its form.
func (e *editor) add(kind string) {
	e.t.Helper()
	e.actions++
	run(e.t, e.ctx, "add a "+kind,
		waitJS(idle),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const s = document.querySelector('[data-testid=add-kind]'); s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})) })()`, kind)),
		waitJS(`document.querySelector('#inspector [data-testid=resource-form] #f-name') !== null && `+idle))
}

// open selects a resource in the tree and waits for its form.
func (e *editor) open(id string) {
	e.t.Helper()
	e.actions++
	run(e.t, e.ctx, "open "+id,
		waitJS(idle),
		chromedp.Click(css(`[data-testid="tree-`+id+`"]`)),
		waitJS(fmt.Sprintf(`document.querySelector('#inspector h2') && document.querySelector('#inspector h2').textContent === %q && !document.querySelector('[data-testid=notice]') && %s`, id, idle)))
}

// set types or picks a value in the form's input sel; a picker must
// offer it (an option neither hidden nor disabled).
func (e *editor) set(sel, value string) {
	e.t.Helper()
	e.actions++
	problem := value_(e, fmt.Sprintf(`(() => {
		const el = document.querySelector('#inspector [data-testid=resource-form] ' + %q);
		if (!el) return 'no input ' + %q;
		if (el.type === 'checkbox') { el.checked = %q === 'true'; }
		else if (el.tagName === 'SELECT') {
			const o = Array.from(el.options).find(o => o.value === %q);
			if (!o) return %q + ' is not offered by ' + el.name + ': ' + Array.from(el.options).map(o => o.value).join(' ');
			if (o.hidden || o.disabled) return %q + ' is offered but filtered out of ' + el.name;
			el.value = %q;
		} else { el.value = %q; }
		el.dispatchEvent(new Event('input', {bubbles: true}));
		el.dispatchEvent(new Event('change', {bubbles: true}));
		return '';
	})()`, sel, sel, value, value, value, value, value, value))
	if problem != "" {
		e.t.Fatalf("set %s to %q: %s", sel, value, problem)
	}
}

func value_(e *editor, js string) string {
	e.t.Helper()
	return value(e.t, e.ctx, "evaluate", chromedp.Evaluate[string](js))
}

// cell sets cell of row i (from 0) of the list field.
func (e *editor) cell(field string, i int, cell, v string) {
	e.t.Helper()
	e.set(fmt.Sprintf(`[data-rows=%q] tbody tr[data-row]:nth-of-type(%d) [data-cell=%q]`, field, i+1, cell), v)
}

// check ticks the box of a reference list (security_groups, subnets).
func (e *editor) check(field, id string) {
	e.t.Helper()
	e.set(fmt.Sprintf(`[data-testid="pick-%s"] input[value=%q]`, field, id), "true")
}

// row adds a row to a list field.
func (e *editor) row(field string) {
	e.t.Helper()
	e.actions++
	run(e.t, e.ctx, "add a row to "+field, chromedp.Click(css(`[data-testid="add-row-`+field+`"]`)))
}

// click clicks a button of the form.
func (e *editor) click(sel string) {
	e.t.Helper()
	e.actions++
	run(e.t, e.ctx, "click "+sel, chromedp.Click(css(`#inspector [data-testid=resource-form] `+sel)))
}

// save saves the form and waits for its answer: the notice of a save,
// or an error shown in the form.
func (e *editor) save() {
	e.t.Helper()
	e.actions++
	run(e.t, e.ctx, "save",
		waitJS(idle),
		chromedp.Click(css(`[data-testid=save]`)),
		waitJS(`(document.querySelector('[data-testid=notice]') !== null || document.querySelector('#inspector .err, #inspector [data-testid=form-error]') !== null) && `+idle))
}

// saved saves and fails the test unless the save was done.
func (e *editor) saved() {
	e.t.Helper()
	e.save()
	if msg := value_(e, `Array.from(document.querySelectorAll('#inspector .err, #inspector [data-testid=form-error]')).map(x => x.textContent).join('; ')`); msg != "" {
		e.t.Fatalf("save refused: %s", msg)
	}
}

// newEditorWorld signs ana in and opens an empty design.
func newEditorWorld(t *testing.T) (*world, *editor, string) {
	w := newWorld(t, web.Options{Renderer: renderer(t)})
	w.account("ana@example.com", "", 0)
	ctx := browser(t)
	signInBrowser(t, ctx, w.base, "ana@example.com")
	run(t, ctx, "create a design",
		chromedp.Navigate(w.base+"/"),
		chromedp.SetValue(css(`[data-testid=new-name]`), "editors"),
		chromedp.Click(css(`[data-testid=new-design]`)),
		chromedp.WaitVisible(css(`[data-testid=design-name]`)),
	)
	id := value(t, ctx, "design id", chromedp.Evaluate[string](`document.body.dataset.design`))
	return w, &editor{t: t, ctx: ctx}, id
}

// stored returns the design as the store holds it.
func stored(t *testing.T, w *world, id string) *design.Design {
	t.Helper()
	_, d, err := w.store.Design(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestStructuredEditorsInTheBrowser edits every list through its rows and
// every reference through a picker: a VPC with a bad CIDR is told so on
// the field, a rule of protocol -1 is saved as all, a rule's bad ports
// show on its row, two groups that name each other take one save, a
// rename changes the references, and a new subnet starts in the next free
// block and an unused zone.
func TestStructuredEditorsInTheBrowser(t *testing.T) {
	w, e, id := newEditorWorld(t)

	t.Run("a VPC with a bad CIDR says so on the field", func(t *testing.T) {
		e.t = t
		for _, bad := range []string{"", "10.0.0.0/33"} {
			e.add("vpc")
			e.set("#f-name", "web-vpc")
			e.set("#f-cidr", bad)
			e.save()
			msg := value_(e, `(document.querySelector('[data-testid=error-cidr]') || {}).textContent || ''`)
			if msg == "" {
				t.Errorf("VPC with CIDR %q: no message on the CIDR field; inspector: %s", bad,
					value_(e, `document.querySelector('#inspector').innerText`))
			}
		}
		if len(stored(t, w, id).VPCs) != 0 {
			t.Errorf("a refused VPC was stored")
		}
		// The default: the next free /16, in a region with zones.
		e.add("vpc")
		e.set("#f-name", "web-vpc")
		if got := value_(e, `document.querySelector('#f-cidr').value`); got != "10.0.0.0/16" {
			t.Errorf("a new VPC's CIDR = %q; want 10.0.0.0/16", got)
		}
		e.saved()
		if stored(t, w, id).VPCs["web-vpc"] == nil {
			t.Fatalf("VPC named web-vpc not stored as web-vpc")
		}
	})

	t.Run("a new subnet starts in the next free block and an unused zone", func(t *testing.T) {
		e.t = t
		e.add("subnet")
		e.set("#f-name", "app a")
		e.saved()
		e.add("subnet")
		got := value_(e, `document.querySelector('#f-cidr').value + ' ' + document.querySelector('#f-az').value`)
		if got != "10.0.1.0/24 us-east-1b" {
			t.Errorf("second subnet's defaults = %q; want 10.0.1.0/24 us-east-1b", got)
		}
		e.set("[data-cidr-size]", "26")
		if got := value_(e, `document.querySelector('[data-testid=cidr-suggestion]').textContent`); got != "10.0.1.0/26" {
			t.Errorf("next free /26 offered = %q; want 10.0.1.0/26", got)
		}
		e.set("#f-name", "app b")
		e.saved()
		d := stored(t, w, id)
		if s := d.Subnets["subnet-app-a"]; s == nil || s.CIDR != "10.0.0.0/24" || s.AZ != "us-east-1a" || s.Tags["Name"] != "app a" {
			t.Errorf("first subnet = %+v; want subnet-app-a 10.0.0.0/24 in us-east-1a named app a", s)
		}
	})

	t.Run("protocol -1 is accepted", func(t *testing.T) {
		e.t = t
		e.add("security-group")
		e.set("#f-name", "web")
		e.row("ingress")
		e.cell("ingress", 0, "protocol", "-1")
		e.cell("ingress", 0, "cidr", "10.0.0.0/8")
		e.saved()
		g := stored(t, w, id).SecurityGroups["sg-web"]
		if g == nil || len(g.Ingress) != 1 || g.Ingress[0].Protocol != design.ProtocolAll || g.Ingress[0].CIDR != "10.0.0.0/8" {
			t.Fatalf("sg-web = %+v; want one ingress rule, all from 10.0.0.0/8", g)
		}
		if len(g.Egress) != 1 || g.Egress[0].Protocol != design.ProtocolAll || g.Egress[0].CIDR != "0.0.0.0/0" {
			t.Errorf("sg-web's egress = %+v; want the default: all to 0.0.0.0/0", g.Egress)
		}
	})

	t.Run("a row's error is shown on the row", func(t *testing.T) {
		e.t = t
		e.open("sg-web")
		e.row("ingress")
		e.cell("ingress", 1, "protocol", "tcp")
		e.cell("ingress", 1, "ports.from", "80")
		e.cell("ingress", 1, "ports.to", "70000")
		e.cell("ingress", 1, "cidr", "0.0.0.0/0")
		e.save()
		msg := value_(e, `(document.querySelector('[data-testid="row-error-ingress-1"]') || {}).textContent || ''`)
		if !strings.Contains(msg, "65535") {
			t.Errorf("row 2's error = %q; want the port range named; inspector: %s", msg, value_(e, `document.querySelector('#inspector').innerText`))
		}
		if bad := value_(e, `Array.from(document.querySelectorAll('[data-rows=ingress] td.bad-cell')).map(td => td.dataset.col).join(' ')`); bad != "ports" {
			t.Errorf("cells marked = %q; want the ports of row 2", bad)
		}
		if other := value_(e, `(document.querySelector('[data-testid="row-error-ingress-0"]') || {}).textContent || ''`); other != "" {
			t.Errorf("row 1 shows %q; want no error", other)
		}
		if g := stored(t, w, id).SecurityGroups["sg-web"]; len(g.Ingress) != 1 {
			t.Errorf("a refused rule was stored: %+v", g.Ingress)
		}
		shot(t, e.ctx, "sg-rule-editor")
		for _, v := range axeScan(t, e.ctx, "the rule editor") {
			t.Errorf("the rule editor: %s (%s): %s\n\t%s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
		}
	})

	t.Run("two groups that name each other take one save", func(t *testing.T) {
		e.t = t
		before := value(t, e.ctx, "version", chromedp.Evaluate[string](`document.body.dataset.version`))
		e.add("security-group")
		e.set("#f-name", "alb-sg")
		e.cell("egress", 0, "protocol", "tcp")
		e.cell("egress", 0, "ports.from", "8080")
		e.cell("egress", 0, "peer_type", "new")
		e.cell("egress", 0, "new_group", "app-sg")
		e.cell("egress", 0, "mirror", "true")
		e.saved()
		after := value(t, e.ctx, "version", chromedp.Evaluate[string](`document.body.dataset.version`))
		d := stored(t, w, id)
		alb, app := d.SecurityGroups["alb-sg"], d.SecurityGroups["app-sg"]
		if alb == nil || app == nil {
			t.Fatalf("alb-sg %v, app-sg %v; want both made", alb, app)
		}
		if len(alb.Egress) != 1 || alb.Egress[0].Group != "app-sg" || alb.Egress[0].PortRange() != (design.PortRange{From: 8080, To: 8080}) {
			t.Errorf("alb-sg's egress = %+v; want tcp 8080 to app-sg", alb.Egress)
		}
		if len(app.Ingress) != 1 || app.Ingress[0].Group != "alb-sg" || app.Ingress[0].PortRange() != (design.PortRange{From: 8080, To: 8080}) {
			t.Errorf("app-sg's ingress = %+v; want tcp 8080 from alb-sg", app.Ingress)
		}
		if fmt.Sprint(atoi(before)+1) != after {
			t.Errorf("version %s -> %s; want one revision", before, after)
		}
	})

	t.Run("a rename changes every reference", func(t *testing.T) {
		e.t = t
		e.open("app-sg")
		e.set("#f-rename", "application-sg")
		e.saved()
		d := stored(t, w, id)
		if d.SecurityGroups["app-sg"] != nil || d.SecurityGroups["application-sg"] == nil {
			t.Fatalf("app-sg not renamed")
		}
		if got := d.SecurityGroups["alb-sg"].Egress[0].Group; got != "application-sg" {
			t.Errorf("alb-sg's rule names %q; want application-sg", got)
		}
	})

	t.Run("routes: the target picker offers the gateways of the VPC", func(t *testing.T) {
		e.t = t
		e.add("internet-gateway")
		e.set("#f-name", "igw")
		e.saved()
		e.add("route-table")
		e.set("#f-name", "public")
		e.check("subnets", "subnet-app-a")
		e.row("routes")
		e.cell("routes", 0, "destination", "0.0.0.0/0")
		e.cell("routes", 0, "target.type", "internet-gateway")
		e.cell("routes", 0, "target.id", "igw")
		e.row("routes")
		e.cell("routes", 1, "destination", "10.1.0.0/16")
		e.cell("routes", 1, "target.type", "blackhole")
		shot(t, e.ctx, "route-editor")
		for _, v := range axeScan(t, e.ctx, "the route editor") {
			t.Errorf("the route editor: %s (%s): %s\n\t%s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
		}
		e.saved()
		rt := stored(t, w, id).RouteTables["rtb-public"]
		if rt == nil || len(rt.Routes) != 2 || rt.Routes[0].Target != (design.Target{Type: design.TargetInternetGateway, ID: "igw"}) || rt.Subnets[0] != "subnet-app-a" {
			t.Fatalf("rtb-public = %+v; want 0.0.0.0/0 to igw and a blackhole, with subnet-app-a", rt)
		}
		// The raw view shows the stored routes as JSON.
		e.open("rtb-public")
		e.click(`[data-testid=raw-routes]`)
		var routes []design.Route
		if err := json.Unmarshal([]byte(value_(e, `document.querySelector('[data-testid=json-routes]').value`)), &routes); err != nil || len(routes) != 2 {
			t.Errorf("raw routes = %v, %v; want the two routes", routes, err)
		}
	})
}

// TestEditorRowsAndPickersInTheBrowser: pickers offer only the resources
// of the form's VPC, rows move up and down and save in the order shown,
// and network ACL entries keep to the order of their numbers.
func TestEditorRowsAndPickersInTheBrowser(t *testing.T) {
	w, e, id := newEditorWorld(t)
	e.add("vpc")
	e.set("#f-name", "web-vpc")
	e.saved()
	e.add("vpc")
	e.set("#f-name", "other")
	e.set("#f-region", "eu-west-1")
	if got := value_(e, `document.querySelector('#f-cidr').value`); got != "10.1.0.0/16" {
		t.Errorf("second VPC's CIDR = %q; want the next free /16, 10.1.0.0/16", got)
	}
	e.saved()
	e.add("subnet")
	e.set("#f-vpc", "web-vpc")
	if got := value_(e, `document.querySelector('#f-cidr').value`); got != "10.0.0.0/24" {
		t.Errorf("subnet's CIDR after choosing web-vpc = %q; want web-vpc's next free /24", got)
	}
	if hidden := value(t, e.ctx, "zones", chromedp.Evaluate[bool](`document.querySelector('#f-az option[value="eu-west-1a"]').hidden && !document.querySelector('#f-az option[value="us-east-1a"]').hidden`)); !hidden {
		t.Errorf("a web-vpc subnet (us-east-1) offers zones of eu-west-1")
	}
	e.set("#f-name", "near")
	e.saved()
	e.add("subnet")
	e.set("#f-vpc", "vpc-other")
	e.set("#f-name", "far")
	e.set("#f-az", "eu-west-1b")
	e.saved()

	e.add("network-acl")
	e.set("#f-vpc", "web-vpc")
	if hidden := value(t, e.ctx, "far's box", chromedp.Evaluate[bool](`document.querySelector('[data-testid=pick-subnets] input[value="subnet-far"]').closest('label').hidden`)); !hidden {
		t.Errorf("a web-vpc ACL offers subnet-far of vpc-other")
	}
	e.set("#f-name", "acl")
	e.row("inbound")
	e.row("inbound")
	if got := value_(e, `Array.from(document.querySelectorAll('[data-rows=inbound] [data-cell=number]')).map(x => x.name + '=' + x.value).join(' ')`); got != "inbound[0].number=100 inbound[1].number=200" {
		t.Errorf("new entries = %s; want 100 and 200", got)
	}
	e.cell("inbound", 1, "number", "50")
	if got := value_(e, `Array.from(document.querySelectorAll('[data-rows=inbound] [data-cell=number]')).map(x => x.name + '=' + x.value).join(' ')`); got != "inbound[0].number=50 inbound[1].number=100" {
		t.Errorf("entries after numbering one 50 = %s; want 50 first", got)
	}
	e.cell("inbound", 0, "cidr", "10.0.0.0/16")
	e.cell("inbound", 1, "cidr", "0.0.0.0/0")
	e.cell("inbound", 1, "action", "deny")
	e.saved()
	acl := stored(t, w, id).NetworkACLs["acl"]
	if acl == nil || len(acl.Inbound) != 2 || acl.Inbound[0].Number != 50 || acl.Inbound[1].Action != design.Deny {
		t.Fatalf("acl = %+v; want 50 allow then 100 deny", acl)
	}

	e.add("route-table")
	e.set("#f-vpc", "web-vpc")
	e.set("#f-name", "rt")
	for i, dest := range []string{"10.9.0.0/16", "10.8.0.0/16"} {
		e.row("routes")
		e.cell("routes", i, "destination", dest)
		e.cell("routes", i, "target.type", "blackhole")
	}
	e.click(`[data-rows=routes] tbody tr[data-row]:nth-of-type(1) [data-row-down]`)
	e.saved()
	rt := stored(t, w, id).RouteTables["rt"]
	if rt == nil || len(rt.Routes) != 2 || rt.Routes[0].Destination != "10.8.0.0/16" {
		t.Fatalf("rt = %+v; want 10.8.0.0/16 moved first", rt)
	}
}

func atoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}

// TestThreeTierFromNothingInTheBrowser builds the three-tier example from
// an empty design with the inspector's editors and the "+ add…" menu
// only: no JSON, no ID typed but the names chosen. What can talk to what
// in the result is what it is in examples/three-tier.json (the
// reachability part of vpcboard diff). docs/designer.md records the count
// of actions it takes.
func TestThreeTierFromNothingInTheBrowser(t *testing.T) {
	w, e, id := newEditorWorld(t)

	e.add("vpc")
	e.set("#f-name", "web-vpc")
	e.saved()
	for _, s := range []struct{ name, az, cidr string }{
		{"public-a", "us-east-1a", "10.0.0.0/24"}, {"public-b", "us-east-1b", "10.0.1.0/24"},
		{"app-a", "us-east-1a", "10.0.10.0/24"}, {"app-b", "us-east-1b", "10.0.11.0/24"},
		{"data-a", "us-east-1a", "10.0.20.0/24"}, {"data-b", "us-east-1b", "10.0.21.0/24"},
	} {
		e.add("subnet")
		e.set("#f-name", s.name)
		if got := value_(e, `document.querySelector('#f-az').value`); got != s.az {
			e.set("#f-az", s.az)
		}
		if got := value_(e, `document.querySelector('#f-cidr').value`); got != s.cidr {
			e.set("#f-cidr", s.cidr)
		}
		e.saved()
	}
	e.add("internet-gateway")
	e.set("#f-name", "igw")
	e.saved()
	for _, az := range []string{"a", "b"} {
		e.add("elastic-ip")
		e.set("#f-name", "nat-"+az+"-eip")
		e.saved()
		e.add("nat-gateway")
		e.set("#f-name", "nat-"+az)
		e.set("#f-subnet", "subnet-public-"+az)
		e.set("#f-eip", "nat-"+az+"-eip")
		e.saved()
	}
	route := func(name string, subnets []string, targetType, target string) {
		e.add("route-table")
		e.set("#f-name", name)
		for _, s := range subnets {
			e.check("subnets", s)
		}
		if target != "" {
			e.row("routes")
			e.cell("routes", 0, "destination", "0.0.0.0/0")
			e.cell("routes", 0, "target.type", targetType)
			e.cell("routes", 0, "target.id", target)
		}
		e.saved()
	}
	route("public-rt", []string{"subnet-public-a", "subnet-public-b"}, "internet-gateway", "igw")
	route("app-rt-a", []string{"subnet-app-a"}, "nat-gateway", "nat-a")
	route("app-rt-b", []string{"subnet-app-b"}, "nat-gateway", "nat-b")
	route("data-rt", []string{"subnet-data-a", "subnet-data-b"}, "", "")

	e.add("network-acl")
	e.set("#f-name", "data-nacl")
	e.check("subnets", "subnet-data-a")
	e.check("subnets", "subnet-data-b")
	for _, dir := range []struct{ field, from, to string }{{"inbound", "5432", "5432"}, {"outbound", "1024", "65535"}} {
		e.row(dir.field)
		e.cell(dir.field, 0, "ports.from", dir.from)
		if dir.to != dir.from {
			e.cell(dir.field, 0, "ports.to", dir.to)
		}
		e.cell(dir.field, 0, "cidr", "10.0.10.0/23")
	}
	e.saved()

	// The load balancer's group sends to the app tier's, which lets it
	// in: both made in one save.
	e.add("security-group")
	e.set("#f-name", "alb-sg")
	e.row("ingress")
	e.cell("ingress", 0, "ports.from", "443")
	e.cell("ingress", 0, "cidr", "0.0.0.0/0")
	e.cell("egress", 0, "protocol", "tcp")
	e.cell("egress", 0, "ports.from", "8080")
	e.cell("egress", 0, "peer_type", "new")
	e.cell("egress", 0, "new_group", "app-sg")
	e.cell("egress", 0, "mirror", "true")
	e.saved()
	e.add("security-group")
	e.set("#f-name", "db-sg")
	e.click(`[data-rows=egress] [data-testid=remove-row]`)
	e.row("ingress")
	e.cell("ingress", 0, "ports.from", "5432")
	e.cell("ingress", 0, "peer_type", "group")
	e.cell("ingress", 0, "group", "app-sg")
	e.saved()

	workload := func(name, typ string, subnets []string, group string) {
		e.add("workload")
		e.set("#f-name", name)
		if typ != "instance" {
			e.set("#f-type", typ)
		}
		for i, s := range subnets {
			if i > 0 {
				e.row("interfaces")
			}
			e.cell("interfaces", i, "subnet", s)
		}
		e.check("security_groups", group)
		e.saved()
	}
	workload("app-1", "instance", []string{"subnet-app-a"}, "app-sg")
	workload("app-2", "instance", []string{"subnet-app-b"}, "app-sg")
	workload("db", "rds", []string{"subnet-data-a", "subnet-data-b"}, "db-sg")
	workload("web-alb", "alb", []string{"subnet-public-a", "subnet-public-b"}, "alb-sg")

	built := stored(t, w, id)
	example := designtest.Example(t, "three-tier")
	diff, err := review.Compare(example, built)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range diff.Reach {
		t.Errorf("what can talk to what differs from examples/three-tier.json: %s", c.Says)
	}
	m, err := reach.Matrix(built)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Names()) != 5 { // the four workloads and the internet
		t.Errorf("matrix of %v; want the four workloads and the internet", m.Names())
	}
	// Not an empty matrix on both sides: the paths of the example are open.
	for _, p := range [][2]string{{reach.Internet, "web-alb"}, {"web-alb", "app-1"}, {"app-2", "db"}} {
		i, _ := m.Index(p[0])
		j, _ := m.Index(p[1])
		if m.At(i, j).Allowed == "" {
			t.Errorf("%s cannot reach %s in the design built", p[0], p[1])
		}
	}
	t.Logf("the three-tier example built in %d actions", e.actions)
	shot(t, e.ctx, "three-tier-built")
}
