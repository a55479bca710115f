package diagram

import (
	"container/list"
	"sync"
)

// svgCache is an LRU cache of pictures (SVG or PNG) by the SHA-256 of the
// DOT and the format, bounded by the bytes it holds.
type svgCache struct {
	mu    sync.Mutex
	max   int64
	size  int64
	order *list.List // of *cacheEntry, most recently used first
	byKey map[renderKey]*list.Element
}

// renderKey names a render: the SHA-256 of its DOT and its format.
type renderKey struct {
	sum    [32]byte
	format Format
}

type cacheEntry struct {
	key renderKey
	svg []byte
}

func newSVGCache(max int64) *svgCache {
	return &svgCache{max: max, order: list.New(), byKey: map[renderKey]*list.Element{}}
}

// get returns the SVG cached under key and marks it recently used.
func (c *svgCache) get(key renderKey) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry).svg, true
}

// put caches svg under key, evicting the least recently used entries to
// stay within the bound; an SVG larger than the bound is not cached.
func (c *svgCache) put(key renderKey, svg []byte) {
	n := int64(len(svg))
	if n > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		c.order.MoveToFront(e)
		return
	}
	for c.size+n > c.max {
		last := c.order.Back()
		old := last.Value.(*cacheEntry)
		c.order.Remove(last)
		delete(c.byKey, old.key)
		c.size -= int64(len(old.svg))
	}
	c.byKey[key] = c.order.PushFront(&cacheEntry{key: key, svg: svg})
	c.size += n
}

// usage returns the bytes and the entries cached.
func (c *svgCache) usage() (int64, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size, len(c.byKey)
}
