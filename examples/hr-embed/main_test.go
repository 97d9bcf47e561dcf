package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
	"github.com/cpdkit/cpdkit/demo"
	"github.com/cpdkit/cpdkit/presets"
)

// today is the day the tests run the server on.
var today = date.New(2026, 11, 25)

// people is who the seeded organisation holds, by what they may do.
type people struct {
	head, teacher, manager, stranger, leaver string
}

// newApp opens a new database in a temporary directory, seeds it and
// returns the app and who is in it.
func newApp(t *testing.T) (*app, people) {
	t.Helper()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "hr.db")
	a, err := open(context.Background(), dsn, func() time.Time { return today.Midnight().Add(12 * time.Hour) })
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, a.close()) })
	require.NoError(t, a.seed(context.Background(), 40, today))
	return a, whoIsWho(t)
}

// whoIsWho generates the seeded organisation again and picks its people.
func whoIsWho(t *testing.T) people {
	t.Helper()
	policy, err := presets.Load("letta")
	require.NoError(t, err)
	org := demo.Generate(demo.Options{People: 40, Seed: 1, On: today, Policy: policy})
	p := people{head: org.Head}
	for _, s := range org.People {
		switch {
		case s.Leaving != 0 && p.leaver == "":
			p.leaver = s.ID
		case s.Leaving == 0 && s.LineManager != "" && s.LineManager != org.Head && p.teacher == "":
			p.teacher, p.manager = s.ID, s.LineManager
		}
	}
	for _, s := range org.People {
		if s.Leaving == 0 && s.LineManager != p.manager && s.ID != p.manager && s.LineManager != "" && s.LineManager != org.Head {
			p.stranger = s.ID
		}
	}
	require.NotEmpty(t, p.teacher)
	require.NotEmpty(t, p.stranger)
	require.NotEmpty(t, p.leaver, "the seeded organisation has a leaver")
	return p
}

func TestEndpoints(t *testing.T) {
	a, who := newApp(t)
	srv := httptest.NewServer(a.server.routes())
	defer srv.Close()
	tests := []struct {
		name, method, path, staff string
		status                    int
		contentType               string
	}{
		{"no header", "GET", "/report", "", http.StatusUnauthorized, "application/json"},
		{"unknown staff", "GET", "/report", "s9999", http.StatusUnauthorized, "application/json"},
		{"leaver cannot sign in", "GET", "/report", who.leaver, http.StatusUnauthorized, "application/json"},
		{"teacher may not read the report", "GET", "/report", who.teacher, http.StatusForbidden, "application/json"},
		{"line manager may not either", "GET", "/report", who.manager, http.StatusForbidden, "application/json"},
		{"head of education reads it", "GET", "/report", who.head, http.StatusOK, "text/html; charset=utf-8"},
		{"own compliance", "GET", "/compliance/" + who.teacher, who.teacher, http.StatusOK, "application/json"},
		{"line manager reads a report's", "GET", "/compliance/" + who.teacher, who.manager, http.StatusOK, "application/json"},
		{"colleague may not", "GET", "/compliance/" + who.teacher, who.stranger, http.StatusForbidden, "application/json"},
		{"unknown person, to the head", "GET", "/compliance/nobody", who.head, http.StatusNotFound, "application/json"},
		{"unknown person, to a teacher, is only forbidden", "GET", "/compliance/nobody", who.teacher, http.StatusForbidden, "application/json"},
		{"compliance without a header", "GET", "/compliance/" + who.teacher, "", http.StatusUnauthorized, "application/json"},
		{"wrong method", "POST", "/report", who.head, http.StatusMethodNotAllowed, "application/json"},
		{"wrong method, without a credential", "DELETE", "/compliance/x", "", http.StatusMethodNotAllowed, "application/json"},
		{"no such page", "GET", "/nothing", who.head, http.StatusNotFound, "application/json"},
		{"no such page, without a credential", "GET", "/nothing", "", http.StatusNotFound, "application/json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, srv.URL+tc.path, nil)
			require.NoError(t, err)
			if tc.staff != "" {
				req.Header.Set(staffHeader, tc.staff)
			}
			res, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			require.Equal(t, tc.status, res.StatusCode)
			require.Equal(t, tc.contentType, res.Header.Get("Content-Type"))
			if tc.status >= 400 {
				var body struct{ Error string }
				require.NoError(t, json.NewDecoder(res.Body).Decode(&body))
				require.NotEmpty(t, body.Error, "every error answers {\"error\": …}")
			}
			if tc.status == http.StatusUnauthorized {
				require.NotEmpty(t, res.Header.Get("WWW-Authenticate"))
			}
			if tc.status == http.StatusMethodNotAllowed {
				require.Equal(t, "GET, HEAD", res.Header.Get("Allow"))
			}
		})
	}
}

// get fetches a path as a member of staff and returns the body.
func get(t *testing.T, url, staff string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	require.NoError(t, err)
	req.Header.Set(staffHeader, staff)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, string(body)
}

func TestComplianceJSON(t *testing.T) {
	a, who := newApp(t)
	srv := httptest.NewServer(a.server.routes())
	defer srv.Close()
	status, body := get(t, srv.URL+"/compliance/"+who.teacher, who.teacher)
	require.Equal(t, http.StatusOK, status, body)
	var got struct {
		Person  string `json:"person"`
		On      string `json:"on"`
		Failing int    `json:"failing"`
		Items   []struct {
			Requirement, Status, Reason string
		} `json:"items"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &got))
	require.Equal(t, who.teacher, got.Person)
	require.Equal(t, "2026-11-25", got.On)
	policy := a.svc.Evaluator().Policy()
	require.Len(t, got.Items, len(policy.Requirements))
	failing := 0
	for i, it := range got.Items {
		require.Equal(t, policy.Requirements[i].ID, it.Requirement)
		require.NotEmpty(t, it.Reason)
		if it.Status == "overdue" || it.Status == "missing" {
			failing++
		}
	}
	require.Equal(t, failing, got.Failing)
}

func TestReport(t *testing.T) {
	a, who := newApp(t)
	srv := httptest.NewServer(a.server.routes())
	defer srv.Close()
	status, body := get(t, srv.URL+"/report", who.head)
	require.Equal(t, http.StatusOK, status)
	require.True(t, strings.HasPrefix(body, "<!DOCTYPE html>"))
	require.Contains(t, body, "Demo College")
	require.Contains(t, body, "figures for 2026-11-25")
	require.Equal(t, 40, strings.Count(body, `<td class="person">`), "a row per person, leavers included (they left this term)")
	require.NotContains(t, body, "<script")
}

// TestSeedOnce checks that a database keeps its organisation across
// restarts: the second start does not seed again.
func TestSeedOnce(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "hr.db")
	clock := func() time.Time { return today.Midnight().Add(12 * time.Hour) }
	ctx := context.Background()
	first, err := open(ctx, dsn, clock)
	require.NoError(t, err)
	require.NoError(t, first.seed(ctx, 40, today))
	before, err := first.svc.Compliance.Compliance(asStaff(first, "s0001"), "s0005")
	require.NoError(t, err)
	require.NoError(t, first.close())
	again, err := open(ctx, dsn, clock)
	require.NoError(t, err)
	defer func() { require.NoError(t, again.close()) }()
	require.NoError(t, again.seed(ctx, 40, today), "a second seed would fail on the taken IDs")
	n, err := again.dir.staffCount(ctx)
	require.NoError(t, err)
	require.Equal(t, 40, n)
	after, err := again.svc.Compliance.Compliance(asStaff(again, "s0001"), "s0005")
	require.NoError(t, err)
	require.Equal(t, len(before.Items), len(after.Items))
	for i := range before.Items {
		require.Equal(t, before.Items[i].Status, after.Items[i].Status)
	}
}

// asStaff is a context acting as a member of staff of the app's
// organisation.
func asStaff(a *app, staff string) context.Context {
	return cpd.WithActor(context.Background(), cpd.Actor{Org: a.server.org, Person: staff})
}

// TestGracefulShutdown checks that stopping the server lets a request in
// flight finish, then stops accepting.
func TestGracefulShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	entered, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		_, _ = io.WriteString(w, "finished")
	})
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serve(ctx, ln, h, defaultLimits()) }()
	answer := make(chan string, 1)
	go func() {
		res, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			answer <- err.Error()
			return
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		answer <- string(b)
	}()
	<-entered
	cancel() // shutting down while the request is in flight
	select {
	case err := <-served:
		t.Fatalf("the server stopped before its request finished: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	require.Equal(t, "finished", <-answer)
	require.NoError(t, <-served)
	_, err = net.Dial("tcp", ln.Addr().String())
	require.Error(t, err, "no longer accepting")
}

// TestRun starts the whole program on a free port, asks it for the
// report, and stops it.
func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-db", "sqlite:" + filepath.Join(t.TempDir(), "hr.db"), "-people", "12"}, w, io.Discard)
		w.Close()
	}()
	first, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err)
	_, addr, ok := strings.Cut(strings.Fields(first)[4], "http://")
	require.True(t, ok, "the first line names the address: %q", first)
	go func() { _, _ = io.Copy(io.Discard, out) }()
	status, body := get(t, "http://"+addr+"/report", "s0001")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, "<!DOCTYPE html>")
	cancel()
	require.NoError(t, <-done)
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"not SQLite", []string{"-db", "postgres://x"}, "sqlite:FILE"},
		{"too few people", []string{"-people", "1"}, "-people"},
		{"stray argument", []string{"extra"}, "unexpected"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := run(context.Background(), tc.args, io.Discard, io.Discard)
			require.ErrorContains(t, err, tc.want)
		})
	}
}
