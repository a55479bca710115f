package store

import (
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

func TestDocCache(t *testing.T) {
	c := newDocCache(3, 100)
	a, b, x := design.New("a"), design.New("b"), design.New("x")
	c.put("a", 2, a, 40)
	c.put("b", 5, b, 40)
	if v := c.version("a"); v != 2 {
		t.Errorf("version(a) = %d; want 2", v)
	}
	if got, _ := c.take("a", 3); got != nil {
		t.Error("take(a, 3) of a cache holding version 2 gave a document")
	}
	if v := c.version("a"); v != 0 {
		t.Errorf("after a take of the wrong version, version(a) = %d; want 0 (dropped)", v)
	}
	c.put("a", 3, a, 40)
	if got, size := c.take("a", 3); got != a || size != 40 {
		t.Errorf("take(a, 3) = %p, %d; want the document put and its size", got, size)
	}
	if got, _ := c.take("a", 3); got != nil {
		t.Error("a second take(a, 3) gave the document again; want it taken out")
	}
	c.put("b", 4, x, 40) // older than what the cache holds
	if got, _ := c.take("b", 5); got != b {
		t.Error("an older version replaced a newer one")
	}
	// Bytes: 40 + 40 + 40 > 100 evicts the least recently used.
	c.put("a", 1, a, 40)
	c.put("b", 1, b, 40)
	c.put("x", 1, x, 40)
	if c.version("a") != 0 || c.version("b") != 1 || c.version("x") != 1 || c.bytes != 80 {
		t.Errorf("after 120 bytes into 100: a %d, b %d, x %d, %d bytes; want a evicted, 80 bytes", c.version("a"), c.version("b"), c.version("x"), c.bytes)
	}
	c.put("big", 1, x, 101)
	if c.version("big") != 0 {
		t.Error("a document larger than the cache was kept")
	}
}
