package export

import (
	"strconv"
	"strings"
	"sync"
)

// namer gives each design ID, and each resource the export adds, a unique
// name in the target format, deterministically: names are handed out in
// the order asked for, a clash gets the first free numeric suffix.
type namer struct {
	clean func(string) string
	used  map[string]bool
	of    map[string]string // design ID -> name
}

// newNamer returns a namer that makes names with clean, sized for ids
// design IDs.
func newNamer(clean func(string) string, ids int) *namer {
	n := &namer{clean: clean}
	if m, ok := namerMaps.Get().(*namer); ok {
		n.used, n.of = m.used, m.of
	} else {
		n.used, n.of = make(map[string]bool, namesPerID*ids), make(map[string]string, ids)
	}
	return n
}

// namerMaps are the cleared maps of released namers (in a *namer), which
// keep their room for the next export: ~1 MB for the base design.
var namerMaps sync.Pool

// release hands n's maps to the next namer; n is not used afterwards.
func (n *namer) release() {
	clear(n.used)
	clear(n.of)
	namerMaps.Put(&namer{used: n.used, of: n.of})
	n.used, n.of = nil, nil
}

// namesPerID is about how many names an export makes per design ID (the
// resources it adds: rules, entries, routes, associations): room for
// them from the start spares the growing map its rehashing (the base
// design's CloudFormation export names ~4.7 per ID: 19,777 template resources
// for 4,227 design resources).
const namesPerID = 5

// name returns the name of design ID id, making it on first use.
func (n *namer) name(id string) string {
	if s, ok := n.of[id]; ok {
		return s
	}
	s := n.fresh(n.clean(id))
	n.of[id] = s
	return s
}

// derived returns the name kept under key (a part of a resource, such as
// "attachment igw-1"), making it from base on first use; made reports
// that first use.
func (n *namer) derived(key, base string) (name string, made bool) {
	if s, ok := n.of[key]; ok {
		return s, false
	}
	s := n.fresh(base)
	n.of[key] = s
	return s, true
}

// fresh returns base, or base with the first free suffix 2, 3, ....
func (n *namer) fresh(base string) string {
	// Most names are free: claiming base and seeing the set grow is one
	// hash of it where a test and a claim were two.
	before := len(n.used)
	if n.used[base] = true; len(n.used) > before {
		return base
	}
	for i := 2; ; i++ {
		s := base + strconv.Itoa(i)
		if !n.used[s] {
			n.used[s] = true
			return s
		}
	}
}

// logicalID turns a design ID into a CloudFormation logical ID: letters
// and digits only, each part after a separator capitalised: "app-a" is
// AppA, "web-vpc.main-rtb" is WebVpcMainRtb.
func logicalID(id string) string {
	var b strings.Builder
	b.Grow(len(id))
	up := true
	for _, c := range id {
		switch {
		case 'a' <= c && c <= 'z':
			if up {
				c -= 'a' - 'A'
			}
			b.WriteRune(c)
			up = false
		case 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			b.WriteRune(c)
			up = false
		default:
			up = true
		}
	}
	s := b.String()
	if s == "" {
		s = "Resource"
	}
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// tfName turns a design ID into a Terraform resource name: letters,
// digits, '_' and '-', not starting with a digit or '-'. "web-vpc.main-rtb"
// is web-vpc_main-rtb.
func tfName(id string) string {
	var b strings.Builder
	for _, c := range id {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_':
			b.WriteRune(c)
		default:
			b.WriteByte('_')
		}
	}
	s := b.String()
	if s == "" || s[0] >= '0' && s[0] <= '9' || s[0] == '-' {
		s = "r_" + s
	}
	return s
}
