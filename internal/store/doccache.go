package store

import (
	"sync"

	"github.com/hashicorp/golang-lru/v2/simplelru"

	"github.com/vpcboard/vpcboard/internal/design"
)

// docCache keeps the decoded document of recently edited designs, each
// for the one version it is, so that an edit need not decode the stored
// document again. It is bounded by count and by the bytes of the stored
// documents it stands for.
//
// An edit takes the document out of the cache (take) and changes a
// shallow copy of it (design.Shallow: the copy's collections are its own,
// the resources are replaced, never changed); only after its transaction
// commits is the copy put back, as the new version, here and in the
// readers' cache (Store.DesignShared), which may still hand out the
// version before it. So a document in the cache is never one an edit is changing,
// an edit that fails leaves nothing of it behind, and since a committed
// (design, version) names one document for good, a cached document whose
// version equals the version read under the row lock is that document,
// whichever replica wrote it.
type docCache struct {
	mu       sync.Mutex
	lru      *simplelru.LRU[string, cachedDoc]
	bytes    int64 // of the entries' stored documents
	maxBytes int64
}

type cachedDoc struct {
	version int64
	d       *design.Design
	size    int64 // bytes of the stored document
}

// Bounds of the document cache: designs, and bytes of their stored
// documents (a decoded design takes a few times its document).
const (
	docCacheDesigns = 128
	docCacheBytes   = 32 << 20
)

func newDocCache(designs int, maxBytes int64) *docCache {
	c := &docCache{maxBytes: maxBytes}
	c.lru, _ = simplelru.NewLRU(designs, func(_ string, e cachedDoc) { c.bytes -= e.size })
	return c
}

// version returns the version the cache holds of a design, or 0.
func (c *docCache) version(id string) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, _ := c.lru.Peek(id)
	return e.version
}

// take removes a design's document from the cache and returns it and the
// size of its stored document if it is of version v, else nil.
func (c *docCache) take(id string, v int64) (*design.Design, int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.lru.Peek(id)
	if !ok {
		return nil, 0
	}
	c.lru.Remove(id)
	if e.version != v {
		return nil, 0
	}
	return e.d, e.size
}

// get returns a design's document and the size of its stored document if
// the cache holds version v of it, else nil, and leaves it there: for a cache whose documents nobody
// changes (Store.DesignShared's).
func (c *docCache) get(id string, v int64) (*design.Design, int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.lru.Get(id); ok && e.version == v {
		return e.d, e.size
	}
	return nil, 0
}

// put keeps d as version v of a design, whose stored document has size
// bytes; the caller gives d up.
func (c *docCache) put(id string, v int64, d *design.Design, size int64) {
	if size > c.maxBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.lru.Peek(id); ok {
		if e.version > v {
			return // a later edit got there first
		}
		c.lru.Remove(id)
	}
	c.lru.Add(id, cachedDoc{version: v, d: d, size: size})
	c.bytes += size
	for c.bytes > c.maxBytes {
		c.lru.RemoveOldest()
	}
}
