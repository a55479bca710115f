package export

import (
	"strconv"
	"strings"
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
	return &namer{clean: clean, used: make(map[string]bool, namesPerID*ids), of: make(map[string]string, ids)}
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
