package cpd

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"strings"
	"sync"
	"time"
)

// Notifier delivers a reminder: the port through which the embedder's own
// e-mail, chat or messaging sends what Compliance.SendReminders says is due.
// Implementations must be safe for concurrent use and should return an
// error only when the reminder was not delivered, so that it is sent
// again.
type Notifier interface {
	Notify(ctx context.Context, r Reminder) error
}

// ReminderMessage is the plain-text subject and body of a reminder, as the
// reference notifiers write it.
func ReminderMessage(r Reminder) (subject, body string) {
	switch r.Trigger {
	case OnInduction:
		subject = fmt.Sprintf("Reminder: %s for %s is due by %s", r.Requirement, r.Person, r.Date)
	default:
		if r.Due > r.Date {
			subject = fmt.Sprintf("Reminder: %s for %s lapsed after %s", r.Requirement, r.Person, r.Date)
		} else {
			subject = fmt.Sprintf("Reminder: %s for %s is valid until %s", r.Requirement, r.Person, r.Date)
		}
	}
	body = fmt.Sprintf("%s\r\n\r\nPerson: %s\r\nRequirement: %s\r\nStatus: %s\r\nReminder rule: %s (due %s)\r\n",
		subject, r.Person, r.Requirement, r.Status, r.Rule, r.Due)
	return oneLine(subject), body
}

// oneLine keeps text that goes into a header on one line.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, s)
}

// WriterNotifier is the reference Notifier: it writes each reminder as one
// line to a writer (a log file, standard output). It is safe for
// concurrent use.
type WriterNotifier struct {
	mu sync.Mutex
	w  io.Writer
}

// NewWriterNotifier returns a Notifier that writes to w.
func NewWriterNotifier(w io.Writer) *WriterNotifier { return &WriterNotifier{w: w} }

// Notify writes "to <recipient>: <subject>" and a newline; it returns the
// writer's error.
func (n *WriterNotifier) Notify(_ context.Context, r Reminder) error {
	subject, _ := ReminderMessage(r)
	n.mu.Lock()
	defer n.mu.Unlock()
	_, err := fmt.Fprintf(n.w, "to %s: %s\n", oneLine(r.To), subject)
	return err
}

// SMTPNotifier sends each reminder as an e-mail through an SMTP server,
// with net/smtp. It is safe for concurrent use (one connection per
// reminder).
type SMTPNotifier struct {
	addr    string
	from    *mail.Address
	address func(ctx context.Context, person string) (string, error)
	opts    SMTPOptions
}

// SMTPOptions tune an SMTPNotifier. A nil *SMTPOptions means the defaults.
type SMTPOptions struct {
	// Auth authenticates to the server; nil sends without.
	Auth smtp.Auth
	// Hello is the name given in HELO/EHLO; default "localhost".
	Hello string
	// Timeout bounds one delivery when the context sets no deadline;
	// default 30 seconds.
	Timeout time.Duration
}

// NewSMTPNotifier returns a Notifier that sends reminders from the
// address from through the SMTP server at addr (host:port), to the address
// that address gives for the recipient's person ID. A from that is not one
// e-mail address, or a nil address, is ErrInvalid.
func NewSMTPNotifier(addr, from string, address func(ctx context.Context, person string) (string, error), opts *SMTPOptions) (*SMTPNotifier, error) {
	sender, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("smtp notifier: %w", invalid("from", "%v", err))
	}
	if address == nil {
		return nil, fmt.Errorf("smtp notifier: %w", invalid("address", "is required"))
	}
	n := &SMTPNotifier{addr: addr, from: sender, address: address, opts: SMTPOptions{Hello: "localhost", Timeout: 30 * time.Second}}
	if opts != nil {
		n.opts.Auth = opts.Auth
		if opts.Hello != "" {
			n.opts.Hello = opts.Hello
		}
		if opts.Timeout > 0 {
			n.opts.Timeout = opts.Timeout
		}
	}
	return n, nil
}

// Notify sends the reminder to its recipient's address. An address that
// is not one e-mail address is ErrInvalid; otherwise the error is the
// lookup's, the connection's or the server's.
func (n *SMTPNotifier) Notify(ctx context.Context, r Reminder) error {
	raw, err := n.address(ctx, r.To)
	if err != nil {
		return fmt.Errorf("address of %s: %w", r.To, err)
	}
	to, err := mail.ParseAddress(raw)
	if err != nil {
		return fmt.Errorf("address of %s: %w", r.To, invalid("address", "%v", err))
	}
	subject, body := ReminderMessage(r)
	msg := fmt.Sprintf("From: %s\r\nTo: %s\r\nSubject: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s",
		n.from, to, mime.QEncoding.Encode("utf-8", subject), body)
	return n.send(ctx, n.from.Address, to.Address, msg)
}

// send delivers one message in one SMTP session, bounded by the context.
func (n *SMTPNotifier) send(ctx context.Context, from, to, msg string) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, n.opts.Timeout)
		defer cancel()
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", n.addr)
	if err != nil {
		return fmt.Errorf("smtp %s: %w", n.addr, err)
	}
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	host, _, _ := net.SplitHostPort(n.addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp %s: %w", n.addr, err)
	}
	defer c.Close()
	if err := n.session(c, from, to, msg); err != nil {
		return fmt.Errorf("smtp %s: %w", n.addr, err)
	}
	return nil
}

func (n *SMTPNotifier) session(c *smtp.Client, from, to, msg string) error {
	if err := c.Hello(n.opts.Hello); err != nil {
		return err
	}
	if n.opts.Auth != nil {
		if err := c.Auth(n.opts.Auth); err != nil {
			return err
		}
	}
	if err := c.Mail(from); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	_ = c.Quit() // the server has accepted the message: it is delivered
	return nil
}
