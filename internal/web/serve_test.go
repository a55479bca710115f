package web_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/web"
)

// A client that sends a request's header and then its body a byte at a
// time is answered 408 and disconnected once the body deadline passes,
// with most of its body unsent; a request sent at once still works.
func TestSlowBodyIsCutOff(t *testing.T) {
	w := startWorld(t, web.ServeOptions{Options: web.Options{BodyTimeout: time.Second}})
	ana, team := w.account("ana@example.com", "", 0)
	token := w.token(ana, team, auth.Owner)
	w.api(token).create(readFile(t, "../../examples/three-tier.json"))

	body := `{"name":"slow` + strings.Repeat(" ", 50) + `"}` // a byte every 200 ms: 13 s to send
	conn, err := net.Dial("tcp", strings.TrimPrefix(w.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/designs HTTP/1.1\r\nHost: vpcboard\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n", token, len(body))
	type answer struct {
		status int
		body   string
		after  error // reading on after the response
	}
	answered := make(chan answer, 1)
	go func() {
		conn.SetReadDeadline(time.Now().Add(time.Minute)) // bounds a failing test only
		br := bufio.NewReader(conn)
		res, err := http.ReadResponse(br, nil)
		if err != nil {
			answered <- answer{after: err}
			return
		}
		data, _ := io.ReadAll(res.Body)
		_, err = br.ReadByte()
		answered <- answer{status: res.StatusCode, body: string(data), after: err}
	}()
	sent := 0
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	var got answer
dribble:
	for {
		select {
		case got = <-answered:
			break dribble
		case <-tick.C:
			if sent == len(body) {
				continue // all sent: wait for the answer
			}
			if _, err := conn.Write([]byte{body[sent]}); err != nil {
				got = <-answered // the server closed the connection
				break dribble
			}
			sent++
		}
	}
	if sent == len(body) {
		t.Fatalf("the server read the whole body, a byte every 200 ms, and answered %d %s; want 408 after 1 s", got.status, got.body)
	}
	if got.status != http.StatusRequestTimeout || !strings.Contains(got.body, "body_timeout") {
		t.Errorf("a slow body = %d %s; want 408 body_timeout", got.status, got.body)
	}
	if !errors.Is(got.after, io.EOF) {
		t.Errorf("after answering a slow body the connection reads %v; want it closed (EOF)", got.after)
	}

	// A body sent at once on a connection kept alive passes the deadline.
	api := w.api(token)
	for range 2 {
		api.create(readFile(t, "../../examples/three-tier.json"))
		time.Sleep(1500 * time.Millisecond) // past the body deadline of the previous request
	}
}
