package web

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vpcboard/vpcboard/internal/design"
)

// FuzzParseForm: any posted inspector form of any kind either gives the
// field it cannot read or JSON the design package decodes or refuses with
// a field error; nothing panics. A form the text check lets through
// makes a resource whose strings are text (PostgreSQL stores them).
func FuzzParseForm(f *testing.F) {
	f.Add("subnet", "vpc=web-vpc&az=us-east-1a&cidr=10.0.1.0/24&tags=Name%3Dapp&map_public_ip=true")
	f.Add("route-table", `vpc=v&routes=[{"destination":"0.0.0.0/0","target":{"type":"internet-gateway","id":"igw"}}]`)
	f.Add("transit-gateway", "asn=64512&default_route_table_association=true")
	f.Add("vpc", "cidr=10.0.0.0/16&dns_support=false&tags=bad-line")
	f.Add("workload", `type=instance&interfaces=[{"subnet":"s"}]&security_groups=a,b,,c`)
	f.Add("security-group", `vpc=v&ingress=[{"protocol":"tcp","cidr":"10.0.0.0/8","description":"a\u0000"}]`)
	f.Add("subnet", "vpc=v%00&tags=Name%3D%FF")
	f.Add("security-group", "vpc=v&rows=ingress&ingress[0].protocol=-1&ingress[0].peer_type=cidr&ingress[0].cidr=10.0.0.0/8&ingress[1].protocol=tcp&ingress[1].ports.from=80&ingress[1].peer_type=self")
	f.Add("security-group", "vpc=v&rows=egress&egress[0].protocol=tcp&egress[0].ports.to=8080&egress[0].peer_type=new&egress[0].new_group=app&egress[0].mirror=true")
	f.Add("network-acl", "vpc=v&rows=inbound&inbound[0].number=100&inbound[0].protocol=icmp&inbound[0].icmp.type=8&inbound[0].cidr=0.0.0.0/0&inbound[0].action=allow")
	f.Add("route-table", "vpc=v&subnets=a&subnets=b&rows=routes&routes[0].destination=0.0.0.0/0&routes[0].target.type=nat-gateway&routes[0].target.id=n")
	f.Add("workload", "type=rds&rows=interfaces&interfaces[0].subnet=a&interfaces[9].public_ip=true&rows=tags&tags[0].key=Name&tags[0].value=db&name=db")
	f.Fuzz(func(t *testing.T, kind, form string) {
		k := design.Kind(kind)
		if _, err := design.DecodeResource(k, "x", []byte("{}")); err != nil {
			return
		}
		values, err := url.ParseQuery(form)
		if err != nil {
			return
		}
		data, _, err := parseForm(design.New(""), k, "x", values)
		if err != nil {
			if _, ok := err.(*formError); !ok {
				t.Fatalf("parseForm error %T %v; want a *formError", err, err)
			}
			return
		}
		if checkValues(values, "form") == nil {
			if path, p := jsonTextProblem(data); p != "" {
				t.Fatalf("form %q passes the text check, but parseForm makes %s, whose %s %s", form, data, path, p)
			}
		}
		if _, err := design.DecodeResource(k, "x", data); err != nil {
			if _, ok := err.(*design.FieldError); !ok {
				t.Fatalf("DecodeResource(parseForm) error %T %v; want a *design.FieldError", err, err)
			}
		}
	})
}

// FuzzSanitizeSVG: whatever the input, the output has no script, no
// event handler and no link that leaves the page.
func FuzzSanitizeSVG(f *testing.F) {
	f.Add(`<svg width="10"><g id="a" class="res"><title>x</title><a xlink:href="#a"><path d="M0 0"/></a></g></svg>`)
	f.Add(`<svg><script>alert(1)</script><g onclick="x()"><a href="javascript:alert(1)">t</a></g><foreignObject><div/></foreignObject></svg>`)
	f.Fuzz(func(t *testing.T, in string) {
		out, err := sanitizeSVG([]byte(in))
		if err != nil {
			return
		}
		dec := xml.NewDecoder(strings.NewReader(out))
		for {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			el, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			if !svgElements[el.Name.Local] {
				t.Fatalf("sanitizeSVG(%q) = %q, with element %s", in, out, el.Name.Local)
			}
			for _, a := range el.Attr {
				name, val := strings.ToLower(a.Name.Local), strings.ToLower(strings.TrimSpace(a.Value))
				if strings.HasPrefix(name, "on") || name == "href" && !strings.HasPrefix(val, "#") {
					t.Fatalf("sanitizeSVG(%q) = %q, with attribute %s=%q", in, out, a.Name.Local, a.Value)
				}
			}
		}
	})
}

// FuzzNextPath: where the sign-in form sends you afterwards is always a
// path of this site, never another host (no open redirect).
func FuzzNextPath(f *testing.F) {
	for _, s := range []string{"/designs/abc", "//evil.example", "/\\evil.example", "https://evil.example/", "/%2F%2Fevil", "", "/a?b=c#d", " /x", "/\t/evil"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := nextPath(s)
		u, err := url.Parse(got)
		if err != nil || !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.HasPrefix(got, "/\\") || u.Host != "" || u.Scheme != "" {
			t.Fatalf("nextPath(%q) = %q: not a path of this site", s, got)
		}
		// What a browser would make of it: resolved against the site, the
		// host stays.
		base, _ := url.Parse("https://vpcboard.example/login")
		if r := base.ResolveReference(u); r.Host != "vpcboard.example" {
			t.Fatalf("nextPath(%q) = %q leads to %s", s, got, r.Host)
		}
	})
}

// FuzzBodyText: a JSON body passes checkBodyText exactly when it is
// UTF-8 and none of its strings (keys included) holds a NUL; one that
// does not is refused with 400 naming a field.
func FuzzBodyText(f *testing.F) {
	f.Add([]byte(`{"ops":[{"op":"put","value":{"tags":{"Name":"a\u0000b"}}}]}`))
	f.Add([]byte("{\"a\xff\":1}"))
	f.Add([]byte(`["x",{"y":["z\u0000"],"y":"ok"}]`))
	f.Add([]byte(`{"body":"\\u0000 is text"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		nul := false
		dec := json.NewDecoder(bytes.NewReader(data))
		for {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			if s, ok := tok.(string); ok && strings.IndexByte(s, 0) >= 0 {
				nul = true
			}
		}
		want := nul || !utf8.Valid(data)
		err := checkBodyText("application/json", data)
		if !want {
			if err != nil {
				t.Fatalf("checkBodyText(%q) = %v; want nil", data, err)
			}
			return
		}
		var ae *apiError
		if !errors.As(err, &ae) || ae.Status != 400 || ae.Code != "bad_text" || ae.Field == "" {
			t.Fatalf("checkBodyText(%q) = %v; want 400 bad_text naming a field", data, err)
		}
	})
}
