package diagram

import (
	"container/list"
	"sync"
)

// renderKey names a render: the SHA-256 of its DOT and its format.
type renderKey struct {
	sum    [32]byte
	format Format
}

// LRU is a cache of values V under keys K, bounded by the bytes its
// values hold (as Put is told), that drops the least recently used
// entries first.
// It is safe for concurrent use. The Renderer keeps its SVG under the
// SHA-256 of the DOT in one; the web server keeps each design version's
// diagram views in another, so that a version drawn once is not even
// turned into DOT again.
type LRU[K comparable, V any] struct {
	mu    sync.Mutex
	max   int64
	size  int64
	order *list.List // of *cacheEntry[K, V], most recently used first
	byKey map[K]*list.Element
}

type cacheEntry[K comparable, V any] struct {
	key  K
	val  V
	size int64
}

// NewLRU returns an empty cache that holds up to max bytes.
func NewLRU[K comparable, V any](max int64) *LRU[K, V] {
	return &LRU[K, V]{max: max, order: list.New(), byKey: map[K]*list.Element{}}
}

// Get returns the value cached under key and marks it recently used.
func (c *LRU[K, V]) Get(key K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry[K, V]).val, true
}

// Put caches val, which holds size bytes, under key, evicting the least
// recently used entries to stay within the bound; a value larger than the
// bound is not cached.
func (c *LRU[K, V]) Put(key K, val V, size int64) {
	if size > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		c.order.MoveToFront(e)
		return
	}
	for c.size+size > c.max {
		last := c.order.Back()
		old := last.Value.(*cacheEntry[K, V])
		c.order.Remove(last)
		delete(c.byKey, old.key)
		c.size -= old.size
	}
	c.byKey[key] = c.order.PushFront(&cacheEntry[K, V]{key: key, val: val, size: size})
	c.size += size
}

// Usage returns the bytes and the entries cached.
func (c *LRU[K, V]) Usage() (int64, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size, len(c.byKey)
}
