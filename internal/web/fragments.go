package web

import (
	"bytes"
	"container/list"
	"fmt"
	"net/http"
	"strconv"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/web/templates"
)

// fragmentCache keeps the live fragments of recent versions, so that a
// version is rendered once however many viewers fetch it. The fragments
// hold no per-viewer data (the CSRF token is in the page, not in them).
type fragmentCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // of string keys, most recent first
	items map[string]*list.Element
}

type fragmentEntry struct {
	key  string
	html []byte
}

func newFragmentCache(n int) *fragmentCache {
	return &fragmentCache{max: n, order: list.New(), items: map[string]*list.Element{}}
}

func (fc *fragmentCache) get(key string) ([]byte, bool) {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if e, ok := fc.items[key]; ok {
		fc.order.MoveToFront(e)
		return e.Value.(fragmentEntry).html, true
	}
	return nil, false
}

func (fc *fragmentCache) put(key string, html []byte) {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if _, ok := fc.items[key]; ok {
		return
	}
	fc.items[key] = fc.order.PushFront(fragmentEntry{key, html})
	for fc.order.Len() > fc.max {
		last := fc.order.Back()
		fc.order.Remove(last)
		delete(fc.items, last.Value.(fragmentEntry).key)
	}
}

// fragLive answers a viewer that heard of a new version: the panels of
// the current version, out of band.
func (srv *Server) fragLive(c echo.Context) error {
	ctx := c.Request().Context()
	info, d, err := srv.store.DesignShared(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	key := fmt.Sprintf("%s/%d/%s/%s/%s", info.ID, info.Version, c.QueryParam("view"), treeStateOf(c).key(), c.Request().Header.Get(headerNavIndex))
	c.Response().Header().Set("X-Design-Version", strconv.FormatInt(info.Version, 10))
	if html, ok := srv.frags.get(key); ok {
		return c.HTMLBlob(http.StatusOK, html)
	}
	v := srv.designer(c, info, d, "")
	var b bytes.Buffer
	if err := templates.LiveFragments(*v).Render(ctx, &b); err != nil {
		return err
	}
	srv.frags.put(key, b.Bytes())
	return c.HTMLBlob(http.StatusOK, b.Bytes())
}
