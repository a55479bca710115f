package templates

// NavView is what the diagram's navigation (web/static/nav.js) needs of
// the view shown: the search index of the design, the views, and the
// design's name for the breadcrumb and the picture export.
type NavView struct {
	DesignID, DesignName string
	Current              string       // the view shown, as in ViewOption.Value
	Views                []ViewOption // the views the page offers
	// IndexJSON is the search index ([]NavEntry) as JSON, IndexKey a hash
	// of it; a page that holds the index of that key already (it says so
	// in X-Nav-Index) is sent the key alone (Omit): most edits change no
	// name, place or address, and the base design's index is ~770 KB.
	IndexJSON, IndexKey string
	Omit                bool
}

// NavEntry is one resource of the search index: what it is called, where
// it is (VPC, zone, subnet) and the address blocks and addresses it has,
// so that a search finds it by ID, name, CIDR or IP.
type NavEntry struct {
	ID     string   `json:"id"`
	Kind   string   `json:"kind"`
	Name   string   `json:"name,omitempty"`
	VPC    string   `json:"vpc,omitempty"`
	AZ     string   `json:"az,omitempty"`
	Subnet string   `json:"subnet,omitempty"`
	CIDRs  []string `json:"cidrs,omitempty"` // blocks it holds (VPC, subnet)
	IPs    []string `json:"ips,omitempty"`   // addresses it owns
	// Drawn is the resource a search for this one shows: itself, or what
	// draws it (the NAT gateway or workload of an Elastic IP).
	Drawn string `json:"drawn,omitempty"`
}
