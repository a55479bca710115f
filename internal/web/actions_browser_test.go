package web_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/web"
)

// labDesign is one VPC with a public, an app and a data subnet, all on the
// main table, no gateway yet, and an app server that may reach the
// database on 5432 only.
const labDesign = `{"format":1,"name":"lab","region":"us-east-1",
  "vpcs":{"lab":{"cidr":"10.50.0.0/16"}},
  "subnets":{
    "lab-public":{"vpc":"lab","az":"us-east-1a","cidr":"10.50.0.0/24","map_public_ip":true},
    "lab-app":{"vpc":"lab","az":"us-east-1a","cidr":"10.50.1.0/24"},
    "lab-data":{"vpc":"lab","az":"us-east-1a","cidr":"10.50.2.0/24"}},
  "route_tables":{"lab.main-rtb":{"vpc":"lab","main":true}},
  "network_acls":{
    "lab.default-nacl":{"vpc":"lab","default":true,
      "inbound":[{"number":100,"protocol":"all","cidr":"0.0.0.0/0","action":"allow"}],
      "outbound":[{"number":100,"protocol":"all","cidr":"0.0.0.0/0","action":"allow"}]},
    "strict-nacl":{"vpc":"lab",
      "inbound":[{"number":100,"protocol":"tcp","ports":{"from":5432,"to":5432},"cidr":"10.50.1.0/24","action":"allow"}],
      "outbound":[{"number":100,"protocol":"tcp","ports":{"from":1024,"to":65535},"cidr":"10.50.1.0/24","action":"allow"}]}},
  "security_groups":{
    "lab.default-sg":{"vpc":"lab","ingress":[{"protocol":"all","group":"lab.default-sg"}],"egress":[{"protocol":"all","cidr":"0.0.0.0/0"}]},
    "app-sg":{"vpc":"lab","egress":[{"protocol":"all","cidr":"0.0.0.0/0"}]},
    "db-sg":{"vpc":"lab","ingress":[{"protocol":"tcp","ports":{"from":5432,"to":5432},"group":"app-sg"}]}},
  "workloads":{
    "app":{"type":"instance","interfaces":[{"subnet":"lab-app","private_ip":"10.50.1.10"}],"security_groups":["app-sg"]},
    "db":{"type":"rds","interfaces":[{"subnet":"lab-data","private_ip":"10.50.2.10"}],"security_groups":["db-sg"]}}}`

// TestDiagramActionsInTheBrowser works on the diagram as a user: each
// action of a selected node's bar (beside it on the diagram) is one
// revision that selects what it made; traces run at once from two clicks,
// "Trace from here" and a click, or a drag, on the port the target opens.
func TestDiagramActionsInTheBrowser(t *testing.T) {
	w := newWorld(t, web.Options{Renderer: renderer(t)})
	ana, team := w.account("ana@example.com", "", 0)
	api := w.api(w.token(ana, team, auth.Owner))
	id := api.create(labDesign)
	ctx := browser(t)
	signInBrowser(t, ctx, w.base, "ana@example.com")
	run(t, ctx, "open the design",
		chromedp.Navigate(w.base+"/designs/"+id),
		waitJS(`document.querySelector('#stage svg [id="lab"]') !== null && `+idle))

	current := func() *design.Design {
		t.Helper()
		d, err := design.DecodeBytes(api.get("/api/v1/designs/" + id).body)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	revisions := func() int {
		t.Helper()
		return len(api.get("/api/v1/designs/" + id + "/revisions").json(t)["revisions"].([]any))
	}
	// selectNode selects a resource in the tree and waits for its bar on
	// the diagram.
	selectNode := func(t *testing.T, rid string) {
		t.Helper()
		run(t, ctx, "select "+rid,
			waitJS(idle),
			chromedp.Click(css(`[data-testid="tree-`+rid+`"]`)),
			waitJS(fmt.Sprintf(`(() => { const b = document.querySelector('#diagram-actions'); return b && b.dataset.for === %q && !b.hidden && %s })()`, rid, idle)))
	}
	// act opens an action from the bar on the diagram, lets fill set its
	// fields, submits it, and waits for what it made to be selected.
	act := func(t *testing.T, action, made string, fill ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		steps := []chromedp.Action[chromedp.Void]{
			chromedp.Click(css(`#diagram-actions [data-testid=act-` + action + `]`)),
			waitJS(`(() => { const f = document.querySelector('#diagram-actions [data-act-form="` + action + `"]'); return f && !f.hidden })()`),
		}
		steps = append(steps, fill...)
		steps = append(steps,
			chromedp.Click(css(`#diagram-actions [data-testid=act-submit-`+action+`]`)),
			waitJS(fmt.Sprintf(`document.querySelector('#inspector h2') && document.querySelector('#inspector h2').textContent === %q && document.querySelector('[data-testid=notice]') !== null && %s`, made, idle)),
			waitJS(fmt.Sprintf(`document.querySelector('[data-testid="tree-%s"]') !== null && document.querySelector('#stage svg [id="%s"]') !== null`, made, made)),
			waitJS(fmt.Sprintf(`document.querySelector('#stage svg [id="%s"]').classList.contains('selected') && document.querySelector('[data-testid="tree-%s"]').classList.contains('selected')`, made, made)))
		run(t, ctx, action, steps...)
	}

	t.Run("a VPC adds a subnet in an AZ at the next free block", func(t *testing.T) {
		before := revisions()
		selectNode(t, "lab")
		cidr := value(t, ctx, "the prefilled CIDR", chromedp.Evaluate[string](`document.querySelector('#inspector [data-act-form="add-subnet"] [name=cidr]').value`))
		if cidr != "10.50.3.0/24" {
			t.Errorf("the add-subnet form offers %q; want the next free /24, 10.50.3.0/24", cidr)
		}
		act(t, "add-subnet", "lab-b", chromedp.SetValue(css(`#diagram-actions [data-act-form="add-subnet"] [name=az]`), "us-east-1b"))
		s := current().Subnets["lab-b"]
		if s == nil || s.AZ != "us-east-1b" || s.CIDR != "10.50.3.0/24" || s.VPC != "lab" {
			t.Errorf("the new subnet is %+v; want lab-b in us-east-1b, 10.50.3.0/24", s)
		}
		if n := revisions() - before; n != 1 {
			t.Errorf("adding a subnet made %d revisions; want 1", n)
		}
	})

	t.Run("a VPC adds an internet gateway and routes its public subnets to it", func(t *testing.T) {
		before := revisions()
		selectNode(t, "lab")
		run(t, ctx, "open the form",
			chromedp.Click(css(`#diagram-actions [data-testid=act-add-igw]`)),
			waitJS(`document.querySelector('#diagram-actions [data-act-form="add-igw"] input[value="lab-public"]').checked && !document.querySelector('#diagram-actions [data-act-form="add-igw"] input[value="lab-app"]').checked`))
		run(t, ctx, "add the gateway",
			chromedp.Click(css(`#diagram-actions [data-testid=act-submit-add-igw]`)),
			waitJS(`document.querySelector('#inspector h2').textContent === 'lab-igw' && `+idle))
		d := current()
		if g := d.InternetGateways["lab-igw"]; g == nil || g.VPC != "lab" {
			t.Fatalf("internet gateway: %+v; want lab-igw attached to lab", g)
		}
		rt := d.RouteTables[d.Associations().RouteTables["lab-public"]]
		if rt == nil || rt.Main || !slices.Contains(rt.Routes, design.Route{Destination: "0.0.0.0/0", Target: design.Target{Type: design.TargetInternetGateway, ID: "lab-igw"}}) {
			t.Errorf("lab-public's table: %+v; want a table of its own routing 0.0.0.0/0 to lab-igw", rt)
		}
		if main := d.RouteTables["lab.main-rtb"]; len(main.Routes) != 0 || d.Associations().RouteTables["lab-app"] != "lab.main-rtb" {
			t.Errorf("the main table changed (%+v) or lab-app left it", main)
		}
		if n := revisions() - before; n != 1 {
			t.Errorf("the gateway and its routes made %d revisions; want 1", n)
		}
	})

	t.Run("a subnet adds a workload", func(t *testing.T) {
		selectNode(t, "lab-app")
		// The bar follows the node as the diagram zooms.
		near := `(() => {
			const n = document.querySelector('#stage svg [id="lab-app"]').getBoundingClientRect(), b = document.getElementById('diagram-actions').getBoundingClientRect();
			const dx = Math.max(0, n.left - b.right, b.left - n.right), dy = Math.max(0, n.top - b.bottom, b.top - n.bottom);
			return dx <= 12 && dy <= 12 })()`
		run(t, ctx, "zoom in",
			waitJS(near),
			chromedp.Evaluate[chromedp.Void](`(() => { const v = document.querySelector('.viewport'), r = v.getBoundingClientRect();
				for (let i = 0; i < 3; i++) v.dispatchEvent(new WheelEvent('wheel', {deltaY: -100, clientX: r.left + 40, clientY: r.top + 40, bubbles: true, cancelable: true})) })()`),
			waitJS(near),
			chromedp.Click(css(`[data-action=fit]`)),
			// Fit may show a large diagram from its corner, without the node:
			// then the bar hides with it.
			waitJS(`document.getElementById('diagram-actions').hidden || `+near))
		selectNode(t, "lab-app") // brought into view again
		act(t, "add-workload", "lab-app-instance", chromedp.SetValue(css(`#diagram-actions [data-act-form="add-workload"] [name=security_group]`), "app-sg"))
		wl := current().Workloads["lab-app-instance"]
		if wl == nil || wl.Type != design.WorkloadInstance || len(wl.Interfaces) != 1 || wl.Interfaces[0].Subnet != "lab-app" || !slices.Equal(wl.SecurityGroups, []string{"app-sg"}) {
			t.Errorf("the new workload is %+v; want an instance in lab-app with app-sg", wl)
		}
	})

	t.Run("a subnet adds a NAT gateway with its Elastic IP", func(t *testing.T) {
		before := revisions()
		selectNode(t, "lab-public")
		act(t, "add-nat", "lab-public-nat")
		d := current()
		if n := d.NATGateways["lab-public-nat"]; n == nil || n.Subnet != "lab-public" || n.EIP == "" || d.ElasticIPs[n.EIP] == nil {
			t.Errorf("the NAT gateway is %+v; want one in lab-public with an Elastic IP", n)
		}
		if n := revisions() - before; n != 1 {
			t.Errorf("the NAT gateway and its address made %d revisions; want 1", n)
		}
	})

	t.Run("a gateway routes subnets to it", func(t *testing.T) {
		before := revisions()
		selectNode(t, "lab-public-nat")
		run(t, ctx, "route the app and data subnets",
			chromedp.Click(css(`#diagram-actions [data-testid=act-route-to]`)),
			waitJS(`!document.querySelector('#diagram-actions [data-act-form="route-to"]').hidden`),
			chromedp.Click(css(`#diagram-actions [data-act-form="route-to"] input[value="lab-app"]`)),
			chromedp.Click(css(`#diagram-actions [data-act-form="route-to"] input[value="lab-data"]`)),
		)
		shot(t, ctx, "actions-bar")
		run(t, ctx, "add the routes",
			chromedp.Click(css(`#diagram-actions [data-testid=act-submit-route-to]`)),
			waitJS(`document.querySelector('[data-testid=notice]') !== null && `+idle))
		d := current()
		a := d.Associations()
		nat := design.Route{Destination: "0.0.0.0/0", Target: design.Target{Type: design.TargetNATGateway, ID: "lab-public-nat"}}
		for _, s := range []string{"lab-app", "lab-data"} {
			rt := d.RouteTables[a.RouteTables[s]]
			if rt == nil || rt.Main || !slices.Contains(rt.Routes, nat) {
				t.Errorf("%s's table: %+v; want one of its own routing 0.0.0.0/0 to the NAT gateway", s, rt)
			}
		}
		if n := revisions() - before; n != 1 {
			t.Errorf("routing two subnets made %d revisions; want 1", n)
		}
	})

	t.Run("a subnet changes its network ACL", func(t *testing.T) {
		selectNode(t, "lab-data")
		run(t, ctx, "pick the strict ACL",
			chromedp.Click(css(`#diagram-actions [data-testid=act-set-acl]`)),
			chromedp.SetValue(css(`#diagram-actions [data-act-form="set-acl"] [name=acl]`), "strict-nacl"),
			chromedp.Click(css(`#diagram-actions [data-testid=act-submit-set-acl]`)),
			waitJS(`document.querySelector('[data-testid=notice]') !== null && `+idle))
		if got := current().Associations().NetworkACLs["lab-data"]; got != "strict-nacl" {
			t.Errorf("lab-data's network ACL is %q; want strict-nacl", got)
		}
	})

	t.Run("a workload opens its groups", func(t *testing.T) {
		selectNode(t, "app")
		run(t, ctx, "open app-sg",
			chromedp.Click(css(`#diagram-actions [data-testid=act-select-app-sg]`)),
			waitJS(`document.querySelector('#inspector h2').textContent === 'app-sg' && document.querySelector('[data-testid="tree-app-sg"]').classList.contains('selected') && `+idle))
	})

	// center is where a workload is on the screen.
	center := func(t *testing.T, wid string) (float64, float64) {
		t.Helper()
		p := value(t, ctx, "where "+wid+" is", chromedp.Evaluate[[]float64](fmt.Sprintf(`(() => {
			const n = document.querySelector('#stage svg [id=%q]'), s = n.querySelector('polygon, path, ellipse, rect') || n, r = s.getBoundingClientRect();
			return [r.left + r.width / 2, r.top + r.height / 2]; })()`, wid)))
		return p[0], p[1]
	}
	fresh := chromedp.Evaluate[chromedp.Void](`(() => { document.getElementById('trace-result').textContent = ''; document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true})) })()`)
	verdict := func(t *testing.T, want string) {
		t.Helper()
		run(t, ctx, "the trace", waitJS(`document.querySelector('[data-testid=verdict]') !== null && `+idle))
		got := value(t, ctx, "verdict", chromedp.Text(css(`[data-testid=verdict]`)))
		port := value(t, ctx, "the port in the form", chromedp.Evaluate[string](`document.getElementById('trace-port').value + ' ' + document.querySelector('[data-testid=port-choice]').dataset.port`))
		hops := value(t, ctx, "lit hops", chromedp.Evaluate[int](`document.querySelectorAll('#stage svg .trace-hop').length`))
		if got != want || port != "5432 5432" || hops == 0 {
			t.Errorf("verdict %q, port in the form and chosen %q, %d hops lit; want %q, 5432, the path lit", got, port, hops, want)
		}
	}

	t.Run("trace from here, then a click", func(t *testing.T) {
		run(t, ctx, "reset", fresh)
		selectNode(t, "app")
		run(t, ctx, "trace from app",
			chromedp.Click(css(`#diagram-actions [data-testid=act-trace-from-app]`)),
			waitJS(`document.querySelector('[data-testid=trace-armed]') !== null`))
		x, y := center(t, "db")
		run(t, ctx, "click db", chromedp.MouseClickXY(x, y))
		verdict(t, "app → db tcp 5432: reachable")
	})

	t.Run("clicking two workloads traces at once on a port the target opens", func(t *testing.T) {
		run(t, ctx, "reset", fresh)
		ax, ay := center(t, "app")
		dx, dy := center(t, "db")
		run(t, ctx, "click app then db", chromedp.MouseClickXY(ax, ay), waitJS(`document.querySelector('[data-testid=trace-armed]') !== null`), chromedp.MouseClickXY(dx, dy))
		verdict(t, "app → db tcp 5432: reachable")
	})

	t.Run("dragging from a workload to another traces", func(t *testing.T) {
		run(t, ctx, "reset", fresh, chromedp.Click(css(`[data-tab=findings]`)))
		before := value(t, ctx, "the view", chromedp.Evaluate[string](`document.getElementById('stage').style.transform`))
		ax, ay := center(t, "app")
		dx, dy := center(t, "db")
		steps := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MousePressed, ax, ay, chromedp.ButtonLeft, chromedp.ClickCount(1))}
		for i := 1; i <= 8; i++ {
			f := float64(i) / 8
			steps = append(steps, chromedp.MouseEvent(chromedp.MouseMoved, ax+(dx-ax)*f, ay+(dy-ay)*f, chromedp.ButtonLeft))
		}
		steps = append(steps, chromedp.MouseEvent(chromedp.MouseReleased, dx, dy, chromedp.ButtonLeft, chromedp.ClickCount(1)))
		run(t, ctx, "drag app onto db", steps...)
		verdict(t, "app → db tcp 5432: reachable")
		if after := value(t, ctx, "the view", chromedp.Evaluate[string](`document.getElementById('stage').style.transform`)); after != before {
			t.Errorf("the drag panned the diagram: %q -> %q", before, after)
		}
		shot(t, ctx, "instant-trace")
	})
	if t.Failed() {
		page := value(t, ctx, "page", chromedp.Evaluate[string](`document.getElementById('inspector').innerText`))
		t.Log(strings.TrimSpace(page))
	}
}
