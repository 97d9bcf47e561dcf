package cpd_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// TestAuditTrailAnswersWhoChangedTheDate: the inspector's question "who
// changed this safeguarding date, when, from what?" is one call, and its
// answer names the field, the old and new values, the actor and the time.
func TestAuditTrailAnswersWhoChangedTheDate(t *testing.T) {
	f := newFixture(t)
	a, err := f.svc.Activities.RecordCompleted(as("admin"), done("tina", date.New(2026, 9, 1), "safeguarding"))
	require.NoError(t, err)
	f.now = f.now.Add(time.Hour)
	changed := a
	changed.Completed = date.New(2026, 10, 1)
	_, err = f.svc.Activities.Amend(as("admin"), a.ID, changed, "certificate shows October")
	require.NoError(t, err)

	page, err := f.svc.AuditTrail(as("audrey"), cpd.AuditQuery{Kind: cpd.KindActivity, ID: a.ID})
	require.NoError(t, err)
	require.Len(t, page.Entries, 2, "recorded, then amended")
	require.Zero(t, page.Next)
	created, amended := page.Entries[0], page.Entries[1]
	require.Equal(t, "activity.record", created.Action)
	require.Equal(t, "activity.amended", amended.Action)
	require.Equal(t, "admin", amended.Actor)
	require.Equal(t, "tina", amended.Owner)
	require.True(t, amended.At.Equal(f.now), "at %v, want %v", amended.At, f.now)
	var completed *cpd.FieldChange
	for i, ch := range amended.Changes {
		if ch.Field == "completed" {
			completed = &amended.Changes[i]
		}
	}
	require.NotNil(t, completed, "the amendment changed the completed date: %+v", amended.Changes)
	require.JSONEq(t, `"2026-09-01"`, string(completed.Before))
	require.JSONEq(t, `"2026-10-01"`, string(completed.After))
	for _, ch := range amended.Changes {
		require.NotEqual(t, "title", ch.Field, "an unchanged field is not listed")
	}
	// A creation lists every field, from null.
	require.NotEmpty(t, created.Changes)
	for _, ch := range created.Changes {
		require.JSONEq(t, "null", string(ch.Before), ch.Field)
	}
}

// TestAuditTrailWhoMayRead: the roles that read everyone read the whole
// trail; anyone else only what is about their own records, and a refusal
// is the same whether or not the person exists.
func TestAuditTrailWhoMayRead(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.Activities.RecordCompleted(as("tina"), done("tina", date.New(2026, 9, 1), "prevent"))
	require.NoError(t, err)
	_, err = f.svc.Activities.RecordCompleted(as("pete"), done("pete", date.New(2026, 9, 2), "prevent"))
	require.NoError(t, err)

	for _, who := range []string{"audrey", "head", "admin"} {
		page, err := f.svc.AuditTrail(as(who), cpd.AuditQuery{})
		require.NoError(t, err, who)
		require.NotEmpty(t, page.Entries, who)
	}
	own, err := f.svc.AuditTrail(as("tina"), cpd.AuditQuery{Person: "tina"})
	require.NoError(t, err)
	require.NotEmpty(t, own.Entries)
	for _, e := range own.Entries {
		require.Equal(t, "tina", e.Owner)
	}
	_, errOther := f.svc.AuditTrail(as("tina"), cpd.AuditQuery{Person: "pete"})
	require.ErrorIs(t, errOther, cpd.ErrForbidden)
	_, errNobody := f.svc.AuditTrail(as("tina"), cpd.AuditQuery{Person: "nobody"})
	require.ErrorIs(t, errNobody, cpd.ErrForbidden)
	require.Equal(t, errOther.Error(), errNobody.Error(), "a refusal reveals nothing")
	_, err = f.svc.AuditTrail(as("tina"), cpd.AuditQuery{})
	require.ErrorIs(t, err, cpd.ErrForbidden)
	// A line manager reads their report's records, but not the trail.
	_, err = f.svc.AuditTrail(as("mgr"), cpd.AuditQuery{Person: "tina"})
	require.ErrorIs(t, err, cpd.ErrForbidden)

	// Another organisation's administrator sees only their own.
	other, err := f.svc.AuditTrail(asOther("olga"), cpd.AuditQuery{})
	require.NoError(t, err)
	for _, e := range other.Entries {
		require.NotEqual(t, "tina", e.Owner)
		require.NotEqual(t, "pete", e.Owner)
	}
}

// TestAuditTrailFiltersAndPages: actor, action and time filters, and pages
// that join up to the whole answer.
func TestAuditTrailFiltersAndPages(t *testing.T) {
	f := newFixture(t)
	start := f.now
	for i := range 5 {
		f.now = start.Add(time.Duration(i) * time.Hour)
		_, err := f.svc.Activities.RecordCompleted(as("admin"), done("tina", date.New(2026, 9, 1+i), "prevent"))
		require.NoError(t, err)
	}
	_, err := f.svc.Activities.RecordCompleted(as("pete"), done("pete", date.New(2026, 9, 1), "prevent"))
	require.NoError(t, err)

	all, err := f.svc.AuditTrail(as("audrey"), cpd.AuditQuery{Actor: "admin", Action: "activity.record"})
	require.NoError(t, err)
	require.Len(t, all.Entries, 5)
	for _, e := range all.Entries {
		require.Equal(t, "admin", e.Actor)
		require.Equal(t, "activity.record", e.Action)
	}

	window, err := f.svc.AuditTrail(as("audrey"), cpd.AuditQuery{Action: "activity.record",
		From: start.Add(time.Hour), To: start.Add(3 * time.Hour)})
	require.NoError(t, err)
	require.Len(t, window.Entries, 2, "the second and third, not the fourth (To is exclusive)")

	var paged []cpd.AuditEntry
	q := cpd.AuditQuery{Actor: "admin", Action: "activity.record", Limit: 2}
	for range 10 {
		page, err := f.svc.AuditTrail(as("audrey"), q)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page.Entries), 2)
		paged = append(paged, page.Entries...)
		if page.Next == 0 {
			break
		}
		q.After = page.Next
	}
	require.Equal(t, all.Entries, paged)

	var every []cpd.AuditEntry
	for e, err := range f.svc.AuditTrailAll(as("audrey"), cpd.AuditQuery{Actor: "admin", Action: "activity.record", Limit: 2}) {
		require.NoError(t, err)
		every = append(every, e)
	}
	require.Equal(t, all.Entries, every)

	_, err = f.svc.AuditTrail(as("audrey"), cpd.AuditQuery{From: start.Add(time.Hour), To: start})
	require.ErrorIs(t, err, cpd.ErrInvalid)
	_, err = f.svc.AuditTrail(as("audrey"), cpd.AuditQuery{Limit: -1})
	require.ErrorIs(t, err, cpd.ErrInvalid)
}

// TestAuditExports: the trail as JSON Lines and as CSV, one row per
// changed field, read back.
func TestAuditExports(t *testing.T) {
	f := newFixture(t)
	a, err := f.svc.Activities.RecordCompleted(as("admin"), done("tina", date.New(2026, 9, 1), "safeguarding"))
	require.NoError(t, err)
	changed := a
	changed.Completed = date.New(2026, 10, 1)
	_, err = f.svc.Activities.Amend(as("admin"), a.ID, changed, "typo")
	require.NoError(t, err)
	q := cpd.AuditQuery{ID: a.ID, Action: "activity.amended"}

	var lines bytes.Buffer
	require.NoError(t, cpd.WriteAuditJSONLines(&lines, f.svc.AuditTrailAll(as("audrey"), q)))
	rows := strings.Split(strings.TrimSuffix(lines.String(), "\n"), "\n")
	require.Len(t, rows, 1)
	var e cpd.AuditEntry
	require.NoError(t, json.Unmarshal([]byte(rows[0]), &e))
	require.Equal(t, a.ID, e.ID)
	require.Equal(t, "admin", e.Actor)

	var out bytes.Buffer
	require.NoError(t, cpd.WriteAuditCSV(&out, f.svc.AuditTrailAll(as("audrey"), q)))
	require.Contains(t, out.String(), "\r\n")
	recs, err := csv.NewReader(&out).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"seq", "at", "actor", "action", "kind", "id", "owner", "field", "before", "after"}, recs[0])
	found := false
	for _, r := range recs[1:] {
		require.Equal(t, a.ID, r[5])
		if r[7] == "completed" {
			found = true
			require.Equal(t, `"2026-09-01"`, r[8])
			require.Equal(t, `"2026-10-01"`, r[9])
		}
	}
	require.True(t, found, "the completed date's change is a row: %v", recs)

	// A refusal stops the export with the error and writes no rows.
	out.Reset()
	err = cpd.WriteAuditCSV(&out, f.svc.AuditTrailAll(as("tina"), cpd.AuditQuery{}))
	require.True(t, errors.Is(err, cpd.ErrForbidden))
	require.Equal(t, 1, strings.Count(out.String(), "\n"), "the header only")
}
