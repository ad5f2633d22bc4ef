package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// bareBody is a small JSON list, about what the API answers for one item.
var bareBody = []byte(`{"items":[{"id":1,"name":"Ada Lovelace","city_id":1}],"next":""}` + "\n")

// bareServer is a bare net/http server in this process: no routing, no
// middleware, no database. It shows what the machine and the client can do
// at all, so the API's throughput can be read as a share of it.
type bareServer struct {
	url  string
	srv  *http.Server
	done chan error
}

// startBare serves bareBody on / and a JSON body of about sized bytes on
// /sized, on a free loopback port.
func startBare(sized int) (*bareServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("bare handler: %w", err)
	}
	big := paddedJSON(sized)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/sized" {
			_, _ = w.Write(big)
			return
		}
		_, _ = w.Write(bareBody)
	})
	b := &bareServer{url: "http://" + ln.Addr().String(), done: make(chan error, 1),
		srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}}
	go func() { b.done <- b.srv.Serve(ln) }()
	return b, nil
}

// close stops the bare server, waiting at most five seconds for open requests.
func (b *bareServer) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = b.srv.Shutdown(ctx)
	<-b.done
}

// paddedJSON returns a JSON object of about n bytes.
func paddedJSON(n int) []byte {
	const open, end = `{"items":[],"next":"","pad":"`, "\"}\n"
	return []byte(open + strings.Repeat("x", max(0, n-len(open)-len(end))) + end)
}
