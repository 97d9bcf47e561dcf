package cpd_test

import (
	"context"
	"errors"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// mail is one message the test SMTP server accepted.
type mail struct {
	from, to, data string
}

// smtpServer is a tiny SMTP server on 127.0.0.1 for the tests: it accepts
// every message, except that it refuses recipients whose address starts
// with "refuse", and keeps what it accepted.
type smtpServer struct {
	// quitFails makes the server answer QUIT with an error, after it has
	// accepted the message.
	quitFails bool
	ln        net.Listener
	mu        sync.Mutex
	mail      []mail
	wg        sync.WaitGroup
}

func newSMTPServer(t *testing.T, quitFails bool) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := &smtpServer{ln: ln, quitFails: quitFails}
	s.wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Go(func() { s.serve(conn) })
		}
	})
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

func (s *smtpServer) received() []mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]mail(nil), s.mail...)
}

// serve speaks just enough SMTP (RFC 5321) for net/smtp's client.
func (s *smtpServer) serve(conn net.Conn) {
	defer conn.Close()
	tp := textproto.NewConn(conn)
	var m mail
	reply := func(format string, a ...any) bool { return tp.PrintfLine(format, a...) == nil }
	if !reply("220 localhost ESMTP test") {
		return
	}
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			reply("250 localhost")
		case "MAIL":
			m = mail{from: strings.Trim(strings.TrimPrefix(arg, "FROM:"), "<>")}
			reply("250 OK")
		case "RCPT":
			m.to = strings.Trim(strings.TrimPrefix(arg, "TO:"), "<>")
			if strings.HasPrefix(m.to, "refuse") {
				reply("550 no such user")
				continue
			}
			reply("250 OK")
		case "DATA":
			reply("354 go ahead")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			m.data = string(data)
			s.mu.Lock()
			s.mail = append(s.mail, m)
			s.mu.Unlock()
			reply("250 OK")
		case "QUIT":
			if s.quitFails {
				reply("451 local error in processing")
				return
			}
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}

// addressBook gives each person ID an address at example.org.
func addressBook(_ context.Context, person string) (string, error) {
	if person == "nobody" {
		return "", cpd.ErrNotFound
	}
	return person + "@example.org", nil
}

// TestSMTPNotifier: a reminder reaches the recipient's address, with one
// line of subject whatever the names in it hold; a recipient without an
// address, a bad address or a refusal are errors.
func TestSMTPNotifier(t *testing.T) {
	srv := newSMTPServer(t, false)
	n, err := cpd.NewSMTPNotifier(srv.ln.Addr().String(), "CPD <cpd@example.org>", addressBook, nil)
	require.NoError(t, err)
	r := cpd.Reminder{ID: "r1", Rule: "lapsed", Person: "tina", Requirement: "safe\r\nBcc: x@example.org",
		Trigger: cpd.OnExpiry, To: "mgr", Date: date.New(2026, 12, 9), Due: date.New(2026, 12, 10)}
	require.NoError(t, n.Notify(context.Background(), r))
	got := srv.received()
	require.Len(t, got, 1)
	require.Equal(t, "cpd@example.org", got[0].from)
	require.Equal(t, "mgr@example.org", got[0].to)
	header, body, ok := strings.Cut(got[0].data, "\n\n")
	require.True(t, ok, "a header and a body: %q", got[0].data)
	require.Contains(t, header, "\nSubject: Reminder: safe  Bcc: x@example.org for tina lapsed after 2026-12-09\n")
	require.NotContains(t, header, "\nBcc:")
	require.Contains(t, body, "Reminder rule: lapsed (due 2026-12-10)")

	for _, tc := range []struct {
		name, to string
		want     error
	}{
		{"no address", "nobody", cpd.ErrNotFound},
		{"a bad address", "a b@", cpd.ErrInvalid},
		{"refused by the server", "refuse", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := r
			r.To = tc.to
			err := n.Notify(context.Background(), r)
			require.Error(t, err)
			if tc.want != nil {
				require.ErrorIs(t, err, tc.want)
			}
		})
	}
	require.Len(t, srv.received(), 1, "nothing more was accepted")
}

// TestSMTPNotifierAccepted: once the server has accepted the message the
// reminder is delivered, whatever the server says after, so that it is not
// withdrawn and sent again.
func TestSMTPNotifierAccepted(t *testing.T) {
	srv := newSMTPServer(t, true)
	n, err := cpd.NewSMTPNotifier(srv.ln.Addr().String(), "cpd@example.org", addressBook, nil)
	require.NoError(t, err)
	require.NoError(t, n.Notify(context.Background(), cpd.Reminder{To: "mgr", Requirement: "prevent"}))
	require.Len(t, srv.received(), 1)
}

// TestSMTPNotifierArguments: a bad sender or no address book is ErrInvalid.
func TestSMTPNotifierArguments(t *testing.T) {
	_, err := cpd.NewSMTPNotifier("127.0.0.1:25", "not an address", addressBook, nil)
	require.ErrorIs(t, err, cpd.ErrInvalid)
	_, err = cpd.NewSMTPNotifier("127.0.0.1:25", "cpd@example.org", nil, nil)
	require.ErrorIs(t, err, cpd.ErrInvalid)
}

// TestSMTPNotifierCancelled: a cancelled context stops a delivery to a
// server that never answers.
func TestSMTPNotifierCancelled(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	go func() {
		conn, err := ln.Accept()
		if err == nil {
			defer conn.Close()
			_, _ = conn.Read(make([]byte, 1)) // say nothing until the client goes
		}
	}()
	n, err := cpd.NewSMTPNotifier(ln.Addr().String(), "cpd@example.org", addressBook, nil)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- n.Notify(ctx, cpd.Reminder{To: "mgr"}) }()
	cancel()
	err = <-done
	require.Error(t, err)
	require.True(t, errors.Is(err, context.Canceled) || isTimeout(err), "%v", err)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// TestReminderMessage: the subject says what the reminder is about.
func TestReminderMessage(t *testing.T) {
	base := cpd.Reminder{Person: "sam", Requirement: "prevent", Date: date.New(2026, 12, 9)}
	tests := []struct {
		name    string
		trigger cpd.ReminderTrigger
		due     date.Date
		want    string
	}{
		{"before an expiry", cpd.OnExpiry, date.New(2026, 11, 10), "Reminder: prevent for sam is valid until 2026-12-09"},
		{"lapsed", cpd.OnExpiry, date.New(2026, 12, 17), "Reminder: prevent for sam lapsed after 2026-12-09"},
		{"induction", cpd.OnInduction, date.New(2026, 11, 25), "Reminder: prevent for sam is due by 2026-12-09"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := base
			r.Trigger, r.Due = tc.trigger, tc.due
			subject, body := cpd.ReminderMessage(r)
			require.Equal(t, tc.want, subject)
			require.True(t, strings.HasPrefix(body, tc.want+"\r\n"), "%q", body)
		})
	}
}
