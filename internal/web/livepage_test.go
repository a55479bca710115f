package web_test

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/vpcboard/vpcboard/internal/web"
)

// liveAttr finds the body's data-live attribute, which tells the page to
// follow the design over a websocket.
var liveAttr = regexp.MustCompile(`<body[^>]*\sdata-live[\s=>]`)

// TestPageFollowsOnlyALiveServer: the designer page connects its websocket
// only when the server pushes versions; a server without a live hub would
// leave the page reconnecting for ever, saying "Live updates lost".
func TestPageFollowsOnlyALiveServer(t *testing.T) {
	for _, c := range []struct {
		name string
		w    func(testing.TB, web.Options) *world
		want bool
	}{{"live", newLiveWorld, true}, {"without live updates", newWorld, false}} {
		t.Run(c.name, func(t *testing.T) {
			w := c.w(t, web.Options{})
			_, team := w.account("ana@example.com", "", 0)
			id := w.storeDesign(team, "three-tier")
			r := w.signIn("ana@example.com").get("/designs/" + id)
			if r.status != http.StatusOK {
				t.Fatalf("designer page = %d", r.status)
			}
			if got := liveAttr.Match(r.body); got != c.want {
				t.Errorf("data-live on the page = %v; want %v", got, c.want)
			}
		})
	}
}
