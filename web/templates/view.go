// Package templates holds the designer's templ components and the view
// models they render. Components are named for what they render; a
// fragment an htmx request swaps is the same component the page uses.
package templates

import (
	"fmt"
	"net/url"
)

// Page is what every page has.
type Page struct {
	Title string
	CSRF  string
	User  string // who is signed in; "" for nobody (a share link's guest)
}

// DesignRow is one design of the list.
type DesignRow struct {
	ID, Name, Owner, Updated, Team string
	Version                        int64
	CanDelete                      bool
}

// ListPage is the design list.
type ListPage struct {
	Page
	Designs []DesignRow
	Teams   []TeamRow // where new designs can go
	Error   string
}

// Counts are the findings by severity.
type Counts struct{ Errors, Warnings, Infos int }

// TreeNode is one line of the resource tree.
type TreeNode struct {
	ID, Kind, Label string
	Severity        string // "error", "warning" or ""
	Children        []TreeNode
	Count           int // a VPC's: the rows under it, shown while it is closed
}

// TreeGroup is a heading of the tree with its nodes.
type TreeGroup struct {
	Title string
	Nodes []TreeNode
}

// Tree is the resource tree: shared resources, then each VPC.
type Tree struct {
	Groups []TreeGroup
	Kinds  []string // what "add" offers
	// Lazy says the tree is too long to show whole: its VPCs start closed
	// and the page fetches a VPC's rows when it is opened. Opened and
	// Closed are the VPCs the viewer opened or closed (per request: the
	// page says which), so an edit's answer renders only what is open.
	Lazy           bool
	Opened, Closed map[string]bool
}

// IsOpen says whether the rows of VPC id are rendered: opened by the
// viewer, or not closed by the viewer in a tree shown whole.
func (t Tree) IsOpen(id string) bool {
	return t.Opened[id] || (!t.Lazy && !t.Closed[id])
}

// FindingsPage is how many findings the panel shows before "show more".
const FindingsPage = 50

// DiagramView is the diagram area: the SVG of the chosen view.
type DiagramView struct {
	DesignID string
	Views    []ViewOption
	Current  string
	SVG      string // sanitised Graphviz SVG
	Error    string
	Nav      NavView // what the search and the breadcrumb need
}

// ViewOption is one entry of the view chooser.
type ViewOption struct{ Value, Label string }

// Finding is one row of the findings panel.
type Finding struct {
	Severity, Code, Message, Path, Hint string
	Resources                           []string
}

// FindingsView is the findings panel, with the data the overlays use.
type FindingsView struct {
	Findings []Finding
	Codes    []string
	Overlay  any // [{severity, resources}] for the diagram overlay, as JSON
	// DesignID and Version name where the rows after the first page come
	// from (the panel's "show more").
	DesignID string
	Version  int64
}

// FindingsRows is a page of the findings panel's rows: From on, at most
// FindingsPage of them, with "show more" when more follow (All: every
// row from From on, for a filter).
type FindingsRows struct {
	View FindingsView
	From int
	All  bool
}

// Rows returns the findings of the page.
func (r FindingsRows) Rows() []Finding {
	f := r.View.Findings[min(r.From, len(r.View.Findings)):]
	if !r.All && len(f) > FindingsPage {
		f = f[:FindingsPage]
	}
	return f
}

// findingsURL is where the rows of v from from on come from.
func findingsURL(v FindingsView, from int) string {
	return fmt.Sprintf("/designs/%s/findings?version=%d&from=%d", url.PathEscape(v.DesignID), v.Version, from)
}

// Next returns where the next page starts, or 0 when this one is the last.
func (r FindingsRows) Next() int {
	if n := r.From + len(r.Rows()); n < len(r.View.Findings) {
		return n
	}
	return 0
}

// Field is one input of an inspector form.
type Field struct {
	Name, Label, Type, Value, Hint, Error string
	Options                               []string
	Checked                               bool
	// Choices are what a picker (Type ref, refs or az) offers, Values
	// the chosen ones of a refs list.
	Choices []Choice
	Values  []string
	// Rows is the row editor of a list of structures (Type rows).
	Rows *RowEditor
	// Suggestions are the next free blocks by VPC and size (a CIDR field).
	Suggestions []CIDRSuggestion
	// Bits is the block size first offered.
	Bits int
}

// InspectorView is the form of one resource.
type InspectorView struct {
	DesignID string
	Kind, ID string
	// Version is the design's version the form shows: a save is based on
	// it (the form carries it), so that a save over a later change of the
	// resource is a conflict, not an overwrite.
	Version   int64
	New       bool
	Fields    []Field
	Error     string
	Notice    string
	Undo      *UndoNote     // what an undo or a redo did, or why it was refused
	Conflict  *ConflictView // a save refused: theirs and mine, instead of the form
	Empty     bool          // nothing selected
	Referrers []string
	Actions   *ActionBar // what the selected resource offers
}

// UndoNote is the status line of an undo or a redo.
type UndoNote struct {
	Text    string
	Refused bool
}

// ConflictView is a save refused because someone changed the resource
// after the form was loaded: their value and the one saved, field by
// field, and the two ways on.
type ConflictView struct {
	Base, Version int64    // the form's version; the design's now
	Changes       []string // who changed what since, one line each
	Rows          []ConflictRow
	Same          int  // fields alike in both, not shown
	TheirsDeleted bool // they deleted the resource
	MineDeleted   bool // the refused edit deleted it
	TakeTheirs    string
	// Action and Mine post the refused edit again, on top of the current
	// version.
	Action string
	Mine   []Hidden
}

// ConflictRow is one field that differs: theirs, then mine.
type ConflictRow struct {
	Name, Label, Theirs, Mine string
	// MineAsLoaded reports whether mine is the value the form was loaded
	// with: only they changed the field, and putting mine on top sets it
	// back.
	MineAsLoaded bool
}

// Hidden is a hidden input of a form.
type Hidden struct{ Name, Value string }

// TraceForm is the trace panel's form.
type TraceForm struct {
	DesignID  string
	Endpoints []string
}

// Hop is one row of a traced flow.
type Hop struct {
	Step                int
	Kind, Resource, Dir string
	Decision, Rule      string
}

// TraceResult is a traced flow: the verdict, the hops, and the blockers.
type TraceResult struct {
	Flow, Verdict string
	Hops          []Hop
	Blockers      []Blocker
	Overlay       any // {hops:[...ids], blocked:[...ids]} for the overlay, as JSON
	FlowLogs      []string
	Error         string
	Port          PortNote // the port an instant trace chose
}

// Blocker is what stops a flow and how to fix it.
type Blocker struct{ Resource, Rule, Fix string }

// MatrixView is the "what can talk to what" table.
type MatrixView struct {
	Names []string
	Rows  []MatrixRow
	Note  string
}

// MatrixRow is one source of the matrix.
type MatrixRow struct {
	From  string
	Cells []string
}

// ReachableView is a workload's row of the matrix, for the overlay.
type ReachableView struct {
	Workload string
	Peers    []MatrixPeer
	Overlay  any // {reachable:[...ids]}, as JSON
}

// MatrixPeer is what one workload may send to another.
type MatrixPeer struct{ To, Allowed string }

// Designer is the designer page.
type Designer struct {
	Page
	ID, Name  string
	Version   int64
	Counts    Counts
	Tree      Tree
	Diagram   DiagramView
	Findings  FindingsView
	Inspector InspectorView
	Trace     TraceForm
	// Role of the viewer; CanEdit and CanShare follow from it.
	Role, Me          string // Me: the viewer's name in presence and revisions
	CanEdit, CanShare bool
	// Past is the version shown when it is not the current one (Current):
	// read-only, not live.
	Past, Current int64
	// Live: the server pushes committed versions (a server started
	// without a live hub has no websocket to follow).
	Live      bool
	Review    *ReviewBadge
	Commented []string // resources with open comment threads
	// ImportNotes are the importer's warnings, shown once after an import.
	ImportNotes []string
}

// EditResult is what an edit returns: the inspector, the panels that
// changed (out of band) and the data of the undo stack.
type EditResult struct {
	Inspector InspectorView
	Designer  *Designer // nil when the edit was refused
	Edit      any       // {kind, version} for the undo stack, as JSON
}

// LoginPage is the sign-in or sign-up form.
type LoginPage struct {
	Page
	Next, Email, Error, Notice string
	SignUp                     bool // sign-up is open
	// Invitation is the secret of the invitation link the form came from:
	// signing in or up joins its team.
	Invitation string
}

// JoinPage is an invitation link opened: the team it joins, and the ways
// to join (a button when signed in, else sign-in and sign-up forms).
type JoinPage struct {
	Page
	Secret, Team, Role, InvitedBy, Email, Expires string
}

// TeamRow is a team of the account page.
type TeamRow struct{ ID, Name, Role string }

// TokenRow is an API token of the account page.
type TokenRow struct {
	ID                                           int64
	Name, Team, Role, Created, LastUsed, Revoked string
}

// AccountPage is the account: password, teams, API tokens.
type AccountPage struct {
	Page
	Email         string
	Teams         []TeamRow
	Tokens        []TokenRow
	Roles         []string
	NewToken      string // a token just made: shown once
	Notice, Error string
}

// MemberRow is a member (or a pending invitation) of a team.
type MemberRow struct {
	UserID      int64
	Email, Role string
	Pending     bool
	Expires     string // of a pending invitation's link: "works until ..." or "expired ..."
}

// TeamPage is a team: its members, and for owners the forms to change them.
type TeamPage struct {
	Page
	ID, Name, Role string
	Owner          bool
	Me             int64
	Members        []MemberRow
	Roles          []string
	Notice, Error  string
	// NewInvitation is the link of an invitation just made, shown once to
	// the owner, who passes it on.
	NewInvitation string
}

// ShareRow is a share link of a design.
type ShareRow struct {
	ID                          int64
	CreatedBy, Created, Revoked string
}

// SharePage lists a design's share links.
type SharePage struct {
	Page
	DesignID, DesignName string
	Links                []ShareRow
	NewLink              string // a link just made: shown once
}

// AuditRow is one event of a team's trail.
type AuditRow struct{ At, Actor, Action, Design, Detail string }

// AuditPage is a team's audit trail.
type AuditPage struct {
	Page
	TeamID, TeamName string
	Events           []AuditRow
}

// HistoryRow is one version in the History tab.
type HistoryRow struct {
	Version               int64
	Author, Time, Summary string
	OpCount               int
	Names                 []string
}

// HistoryView is the History tab.
type HistoryView struct {
	DesignID, CSRF string
	Current        int64
	CanEdit        bool
	Rows           []HistoryRow // newest first
}

// DiffResource is one changed resource of a diff page.
type DiffResource struct {
	Kind, ID, Change string
	Fields           []string // "path: old -> new"
}

// DiffSentence is one reachability change: opened, closed or both.
type DiffSentence struct{ Kind, Says string }

// DiffView is the diff page.
type DiffView struct {
	Page
	DesignID, Name        string
	From, To              int64
	OpensFromInternet     bool
	Reach                 []DiffSentence
	Resources             []DiffResource
	Appeared, Disappeared []string
	SVG                   string // the newer version's diagram, sanitised
	Marks                 string // {"id":"added"|"changed"} as JSON, for the overlay
}

// CommentRow is one comment.
type CommentRow struct {
	Author, Body, Time string
	Mentions           []string // team members the comment names (@handle)
}

// Thread is a comment with its replies.
type Thread struct {
	ID       int64
	Resource string
	Resolved bool
	Comments []CommentRow
}

// CommentsView is the Comments tab.
type CommentsView struct {
	DesignID   string
	Open       []string // resources with open threads
	Threads    []Thread
	CanComment bool
	Selected   string
}

// ReviewBadge is the design's latest review in the designer's header.
type ReviewBadge struct {
	ID                    int64
	State, Label, DiffURL string
	Detail, VerdictURL    string
	CanVote               bool
	CSRF                  string
}
