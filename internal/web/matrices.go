package web

import (
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"golang.org/x/sync/singleflight"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/reach"
	"github.com/vpcboard/vpcboard/internal/store"
)

// matrices computes the matrix of a design version once: requests for a
// version being computed wait for that computation (singleflight) instead
// of starting their own, and the last few results are kept by design and
// version (a version never changes), up to a count and a size. A result
// is compact (pairs held by class; reach.MatrixResult), so keeping some
// costs little next to computing one.
type matrices struct {
	flight singleflight.Group

	mu    sync.Mutex
	done  *simplelru.LRU[string, keptMatrix]
	bytes int64 // of the kept results, estimated
}

type keptMatrix struct {
	m    reach.MatrixResult
	size int64
}

// Bounds of the kept matrices: how many, and their estimated bytes (at
// most 4 bytes a pair: 1,200 workloads, 5.8 MB).
const (
	matricesKept  = 16
	matricesBytes = 128 << 20
)

func newMatrices() *matrices {
	m := &matrices{}
	m.done, _ = simplelru.NewLRU(matricesKept, func(_ string, k keptMatrix) { m.bytes -= k.size })
	return m
}

func (m *matrices) get(key string) (reach.MatrixResult, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k, ok := m.done.Get(key)
	return k.m, ok
}

func (m *matrices) keep(key string, r reach.MatrixResult) {
	n := int64(len(r.Names()))
	size := 4 * n * n
	if size > matricesBytes {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.done.Remove(key)
	m.done.Add(key, keptMatrix{r, size})
	m.bytes += size
	for m.bytes > matricesBytes {
		m.done.RemoveOldest()
	}
}

// matrixHook, when set (by tests), runs at the start of every matrix
// computation.
var matrixHook atomic.Pointer[func()]

// of returns the matrix of version info.Version of a design, d.
func (m *matrices) of(info store.Info, d *design.Design) (reach.MatrixResult, error) {
	key := info.ID + "@" + strconv.FormatInt(info.Version, 10)
	if r, ok := m.get(key); ok {
		return r, nil
	}
	v, err, _ := m.flight.Do(key, func() (any, error) {
		if r, ok := m.get(key); ok {
			return r, nil
		}
		if h := matrixHook.Load(); h != nil {
			(*h)()
		}
		r, err := reach.Matrix(d)
		if err != nil {
			return nil, err
		}
		m.keep(key, r)
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
