package web

import (
	"fmt"
	"slices"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/reach"
	"github.com/vpcboard/vpcboard/web/templates"
)

// traceView is a traced flow as the trace panel shows it: every hop of
// the forward and return paths, the blockers with their fixes, the IDs to
// light up on the diagram and the flow-log records.
func traceView(v templates.TraceResult, d *design.Design, f reach.Flow, res reach.Result) templates.TraceResult {
	v.Verdict = res.Verdict.String()
	ov := traceOverlay{Hops: []string{}, Blocked: []string{}}
	step := 0
	add := func(dir string, hops []reach.Hop) {
		for _, h := range hops {
			step++
			rule := h.Rule
			if h.Detail != "" {
				if rule != "" {
					rule += ": "
				}
				rule += h.Detail
			}
			v.Hops = append(v.Hops, templates.Hop{Step: step, Kind: h.Kind, Resource: h.Resource, Dir: dir, Decision: h.Decision, Rule: rule})
			if h.Resource == "" {
				continue
			}
			if h.Decision == reach.DecisionDeny {
				ov.Blocked = appendOnce(ov.Blocked, h.Resource)
			} else {
				ov.Hops = appendOnce(ov.Hops, h.Resource)
			}
		}
	}
	add("forward", res.Forward)
	add("return", res.Return)
	for _, b := range res.Blockers {
		rule := b.Kind
		if b.Rule != "" {
			rule += " " + b.Rule
		}
		v.Blockers = append(v.Blockers, templates.Blocker{Resource: b.Resource, Rule: rule, Fix: b.Fix})
		if b.Resource != "" {
			ov.Blocked = appendOnce(ov.Blocked, b.Resource)
		}
	}
	// The endpoints of the flow light up too.
	for _, id := range []string{f.From.ID, f.To.ID} {
		if _, ok := d.Lookup(id); ok {
			ov.Hops = appendOnce(ov.Hops, id)
		}
	}
	v.Overlay = ov
	v.FlowLogs = reach.FlowLogs(d, f, res)
	return v
}

func appendOnce(s []string, id string) []string {
	if slices.Contains(s, id) {
		return s
	}
	return append(s, id)
}

// maxMatrix is the largest matrix the page shows as a table.
const maxMatrix = 40

// matrixView is the matrix as a table, for designs small enough to read.
func matrixView(m reach.MatrixResult) (templates.MatrixView, error) {
	names := m.Names()
	v := templates.MatrixView{}
	if len(names) > maxMatrix {
		v.Note = fmt.Sprintf("%d workloads: the first %d are shown; select a workload in the diagram for its peers, or download the matrix (GET /api/v1/designs/{id}/matrix).", len(names), maxMatrix)
		names = names[:maxMatrix]
	}
	v.Names = names
	for _, from := range names {
		row := templates.MatrixRow{From: from}
		for _, to := range names {
			cell := ""
			if from != to {
				if p, ok := m.Pair(from, to); ok {
					cell = p.Allowed
					if p.Unknown != "" {
						cell += " (unknown: " + p.Unknown + ")"
					}
				}
			}
			if cell == "" && from != to {
				cell = "—"
			}
			row.Cells = append(row.Cells, cell)
		}
		v.Rows = append(v.Rows, row)
	}
	return v, nil
}

// reachableView is one workload's row of the matrix: the peers it can
// reach, lit up on the diagram.
func reachableView(m reach.MatrixResult, id string) (templates.ReachableView, error) {
	v := templates.ReachableView{Workload: id}
	ov := traceOverlay{Hops: []string{}, Blocked: []string{}, Reachable: []string{}}
	for _, to := range m.Names() {
		if to == id {
			continue
		}
		if p, ok := m.Pair(id, to); ok && p.Allowed != "" {
			v.Peers = append(v.Peers, templates.MatrixPeer{To: to, Allowed: p.Allowed})
			ov.Reachable = append(ov.Reachable, to)
		}
	}
	v.Overlay = ov
	return v, nil
}
