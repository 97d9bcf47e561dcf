package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// loopback reports whether addr is on the loopback interface only (not
// the unspecified address, which is every interface).
func loopback(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// limits bound what one client may take of the server.
type limits struct {
	// readHeader and read bound the time to read a request's headers,
	// and the whole request with its body (a client sending a byte a
	// second would otherwise hold a connection as long as it liked).
	readHeader, read time.Duration
	// write bounds the time from the end of the request's headers to the
	// end of the answer.
	write time.Duration
	// idle bounds how long a kept-alive connection waits for its next
	// request.
	idle time.Duration
	// maxHeader bounds the request's headers, in bytes.
	maxHeader int
	// grace is how long shutting down waits for requests in flight.
	grace time.Duration
}

// defaultLimits are the server's limits. A request's body is bounded by
// the server's maxBody (maxBodyBytes).
func defaultLimits() limits {
	return limits{
		readHeader: 5 * time.Second,
		read:       15 * time.Second,
		write:      time.Minute, // a large organisation's report takes a while to gather
		idle:       time.Minute,
		maxHeader:  16 << 10, // ample for a JWT
		grace:      10 * time.Second,
	}
}

// serve serves h on ln within l until ctx is done, then shuts down
// gracefully: it stops accepting, and waits up to l.grace for requests
// in flight.
func serve(ctx context.Context, ln net.Listener, h http.Handler, l limits) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.readHeader,
		ReadTimeout:       l.read,
		WriteTimeout:      l.write,
		IdleTimeout:       l.idle,
		MaxHeaderBytes:    l.maxHeader,
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), l.grace)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
