package web

import (
	"strconv"
	"sync/atomic"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/sync/singleflight"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/reach"
	"github.com/vpcboard/vpcboard/internal/store"
)

// matrices computes the matrix of a design version once: requests for a
// version being computed wait for that computation (singleflight) instead
// of starting their own, and the last few results are kept by design and
// version (a version never changes). A result is compact (pairs held by
// class; reach.MatrixResult), so keeping some costs little next to
// computing one.
type matrices struct {
	flight singleflight.Group
	done   *lru.Cache[string, reach.MatrixResult]
}

// matricesKept is how many versions' matrices are kept.
const matricesKept = 16

func newMatrices() *matrices {
	c, _ := lru.New[string, reach.MatrixResult](matricesKept)
	return &matrices{done: c}
}

// matrixHook, when set (by tests), runs at the start of every matrix
// computation.
var matrixHook atomic.Pointer[func()]

// of returns the matrix of version info.Version of a design, d.
func (m *matrices) of(info store.Info, d *design.Design) (reach.MatrixResult, error) {
	key := info.ID + "@" + strconv.FormatInt(info.Version, 10)
	if r, ok := m.done.Get(key); ok {
		return r, nil
	}
	v, err, _ := m.flight.Do(key, func() (any, error) {
		if r, ok := m.done.Get(key); ok {
			return r, nil
		}
		if h := matrixHook.Load(); h != nil {
			(*h)()
		}
		r, err := reach.Matrix(d)
		if err != nil {
			return nil, err
		}
		m.done.Add(key, r)
		return r, nil
	})
	if err != nil {
		return reach.MatrixResult{}, err
	}
	return v.(reach.MatrixResult), nil
}

// matrixPairsPerUnit is how many pairs of a matrix count as one unit of
// admission (about a second of work and 60 MB of garbage per 1.4 M pairs
// to compute, 0.1 KB a pair to send).
const matrixPairsPerUnit = 1 << 20

// matrixUnits estimates the admission units of a design's matrix: one,
// and one more per matrixPairsPerUnit pairs of workloads.
func matrixUnits(d *design.Design) int {
	n := len(d.Workloads) + 1
	return 1 + n*n/matrixPairsPerUnit
}
