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

	requests := []struct {
		name, header, body string
	}{
		{"an API call", "POST /api/v1/designs HTTP/1.1\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\n",
			`{"name":"slow` + strings.Repeat(" ", 50) + `"}`},
		{"a form", "POST /login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n",
			"email=ana%40example.com&password=" + strings.Repeat("x", 40)},
	}
	for _, r := range requests {
		t.Run(r.name, func(t *testing.T) {
			sent, got := dribble(t, w.base, r.header, r.body)
			if sent == len(r.body) {
				t.Fatalf("the server read the whole body, a byte every 200 ms, and answered %d %s; want 408 after 1 s", got.status, got.body)
			}
			if got.status != http.StatusRequestTimeout || !strings.Contains(got.body, "body_timeout") {
				t.Errorf("a slow body = %d %s; want 408 body_timeout", got.status, got.body)
			}
			if !errors.Is(got.after, io.EOF) {
				t.Errorf("after answering a slow body the connection reads %v; want it closed (EOF)", got.after)
			}
		})
	}

	// A body sent at once on a connection kept alive passes the deadline.
	api := w.api(token)
	for range 2 {
		api.create(readFile(t, "../../examples/three-tier.json"))
		time.Sleep(1500 * time.Millisecond) // past the body deadline of the previous request
	}
}

// answer is what a dribbling client heard.
type answer struct {
	status int
	body   string
	after  error // reading on after the response
}

// dribble sends a request's header (with Host and Content-Length added)
// at once and then its body a byte every 200 ms, until the server answers
// or closes the connection; it returns how many bytes of the body it sent
// and what it heard.
func dribble(t *testing.T, base, header, body string) (int, answer) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "%sHost: vpcboard\r\nContent-Length: %d\r\n\r\n", header, len(body))
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
	for {
		select {
		case got := <-answered:
			return sent, got
		case <-tick.C:
			if sent == len(body) {
				continue // all sent: wait for the answer
			}
			if _, err := conn.Write([]byte{body[sent]}); err != nil {
				return sent, <-answered // the server closed the connection
			}
			sent++
		}
	}
}
