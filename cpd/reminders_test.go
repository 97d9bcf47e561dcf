package cpd_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/adapters/memory"
	"github.com/cpdkit/cpdkit/adapters/storetest"
	"github.com/cpdkit/cpdkit/compliance"
	"github.com/cpdkit/cpdkit/cpd"
)

// reminderRules are the rules: the person 30 and 7 days before an
// expiry, the line manager on the day it lapses and weekly while it stays
// lapsed, and the line manager when a starter's induction item is still
// pending halfway to its deadline.
func reminderRules() []cpd.ReminderRule {
	return []cpd.ReminderRule{
		{ID: "expiry-30", When: cpd.OnExpiry, Before: period.MustParse("P30D"), To: cpd.ToPerson},
		{ID: "expiry-7", When: cpd.OnExpiry, Before: period.MustParse("P7D"), To: cpd.ToPerson},
		{ID: "lapsed", When: cpd.OnExpiry, To: cpd.ToLineManager, Every: period.MustParse("P7D")},
		{ID: "induction-half", When: cpd.OnInduction, Halfway: true, To: cpd.ToLineManager},
	}
}

// reminding returns a Service over the fixture's store with the reminder
// rules, on the fixture's clock.
func (f *fixture) reminding(t testing.TB, s cpd.Store) *cpd.Service {
	t.Helper()
	return f.remindingBy(t, s, reminderRules())
}

// remindingBy is reminding with other rules.
func (f *fixture) remindingBy(t testing.TB, s cpd.Store, rules []cpd.ReminderRule) *cpd.Service {
	t.Helper()
	svc, err := cpd.New(s, f.dir, f.policy, &cpd.Options{
		Now: f.clock, Location: time.UTC, Reminders: rules,
	})
	require.NoError(t, err)
	return svc
}

// at moves the fixture's clock to noon on a day.
func (f *fixture) at(d date.Date) { f.now = d.Midnight().Add(12 * time.Hour) }

// reminderFixture: tina's safeguarding was done on 10 December 2025, so it
// is valid until 9 December 2026 and lapses on the 10th; sam, whom mgr
// manages, started on 10 November 2026 with 30 days for his induction
// training (safeguarding and prevent, due by 9 December).
func reminderFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	f.now = time.Date(2025, 12, 10, 12, 0, 0, 0, time.UTC)
	_, err := f.svc.Activities.RecordCompleted(as("tina"), done("tina", date.New(2025, 12, 10), "safeguarding"))
	require.NoError(t, err)
	f.now = fixedNow
	f.dir.Set(org, cpd.Identity{Person: "sam", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "mgr"})
	f.addPerson(t, org, cpd.Person{ID: "sam", Name: "sam", JobRole: "teacher", LineManager: "mgr", Start: date.New(2026, 11, 10)})
	return f
}

// remBrief is what a test compares of a reminder.
type remBrief struct {
	Rule, Person, Requirement, To string
	Due                           date.Date
}

func remBriefs(rs []cpd.Reminder) []remBrief {
	out := []remBrief{}
	for _, r := range rs {
		out = append(out, remBrief{r.Rule, r.Person, r.Requirement, r.To, r.Due})
	}
	return out
}

// TestRemindersDue: which reminders each rule makes due on each day, none
// recorded as sent.
func TestRemindersDue(t *testing.T) {
	tests := []struct {
		name string
		on   date.Date
		want []remBrief
	}{
		{"31 days before the lapse", date.New(2026, 11, 9), []remBrief{}},
		{"30 days before, and sam halfway", date.New(2026, 11, 25), []remBrief{
			{"expiry-30", "tina", "safeguarding", "tina", date.New(2026, 11, 10)},
			{"induction-half", "sam", "prevent", "mgr", date.New(2026, 11, 25)},
			{"induction-half", "sam", "safeguarding", "mgr", date.New(2026, 11, 25)},
		}},
		{"7 days before: the 30-day one is still unsent", date.New(2026, 12, 3), []remBrief{
			{"expiry-30", "tina", "safeguarding", "tina", date.New(2026, 11, 10)},
			{"induction-half", "sam", "prevent", "mgr", date.New(2026, 11, 25)},
			{"induction-half", "sam", "safeguarding", "mgr", date.New(2026, 11, 25)},
			{"expiry-7", "tina", "safeguarding", "tina", date.New(2026, 12, 3)},
		}},
		{"the last valid day", date.New(2026, 12, 9), []remBrief{
			{"expiry-30", "tina", "safeguarding", "tina", date.New(2026, 11, 10)},
			{"induction-half", "sam", "prevent", "mgr", date.New(2026, 11, 25)},
			{"induction-half", "sam", "safeguarding", "mgr", date.New(2026, 11, 25)},
			{"expiry-7", "tina", "safeguarding", "tina", date.New(2026, 12, 3)},
		}},
		{"the day it lapses", date.New(2026, 12, 10), []remBrief{
			{"lapsed", "tina", "safeguarding", "mgr", date.New(2026, 12, 10)},
		}},
		{"a week and a day on: the second weekly one", date.New(2026, 12, 18), []remBrief{
			{"lapsed", "tina", "safeguarding", "mgr", date.New(2026, 12, 17)},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := reminderFixture(t)
			f.at(tc.on)
			got, err := f.reminding(t, f.store).Compliance.Reminders(as("admin"))
			require.NoError(t, err)
			if diff := cmp.Diff(tc.want, remBriefs(got)); diff != "" {
				t.Errorf("reminders on %s (-want +got):\n%s", tc.on, diff)
			}
		})
	}
}

// TestRemindersStopWhenRenewed: a renewal moves the expiry, so the
// reminders about the old one stop, lapsed or not.
func TestRemindersStopWhenRenewed(t *testing.T) {
	f := reminderFixture(t)
	f.at(date.New(2026, 12, 12))
	svc := f.reminding(t, f.store)
	_, err := svc.Activities.RecordCompleted(as("tina"), done("tina", date.New(2026, 12, 11), "safeguarding"))
	require.NoError(t, err)
	got, err := svc.Compliance.Reminders(as("admin"))
	require.NoError(t, err)
	require.Empty(t, remBriefs(got))
}

// recorder is a Notifier that keeps what it is given, failing on the
// reminders fail names.
type recorder struct {
	mu   sync.Mutex
	got  []cpd.Reminder
	fail func(cpd.Reminder) bool
}

var errUndeliverable = errors.New("undeliverable")

func (r *recorder) Notify(_ context.Context, rem cpd.Reminder) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil && r.fail(rem) {
		return errUndeliverable
	}
	r.got = append(r.got, rem)
	return nil
}

// TestSendRemindersOnce: a run sends what is due and records it; a second
// run the same day sends nothing; the weekly rule sends again a week on.
func TestSendRemindersOnce(t *testing.T) {
	f := reminderFixture(t)
	svc := f.reminding(t, f.store)
	f.at(date.New(2026, 12, 10))
	n := &recorder{}
	sent, err := svc.Compliance.SendReminders(as("admin"), n)
	require.NoError(t, err)
	require.Equal(t, []remBrief{{"lapsed", "tina", "safeguarding", "mgr", date.New(2026, 12, 10)}}, remBriefs(sent))
	require.Equal(t, sent, n.got)
	require.Equal(t, "admin", sent[0].SentBy)
	require.True(t, f.now.Equal(sent[0].SentAt))

	again, err := svc.Compliance.SendReminders(as("admin"), n)
	require.NoError(t, err)
	require.Empty(t, again)
	f.at(date.New(2026, 12, 16))
	again, err = svc.Compliance.SendReminders(as("admin"), n)
	require.NoError(t, err)
	require.Empty(t, again, "the next weekly reminder is not due until the 17th")
	f.at(date.New(2026, 12, 17))
	again, err = svc.Compliance.SendReminders(as("admin"), n)
	require.NoError(t, err)
	require.Equal(t, []remBrief{{"lapsed", "tina", "safeguarding", "mgr", date.New(2026, 12, 17)}}, remBriefs(again))
	require.Len(t, n.got, 2)
}

// TestSendRemindersConcurrently: runs racing on one store deliver each
// reminder once between them.
func TestSendRemindersConcurrently(t *testing.T) {
	f := reminderFixture(t)
	f.at(date.New(2026, 12, 3))
	RequireSentOnceConcurrently(t, f.reminding(t, f.store), as("admin"), 4)
}

// RequireSentOnceConcurrently runs SendReminders from several goroutines
// at once and checks that every reminder due was delivered exactly once,
// and that nothing is due afterwards.
func RequireSentOnceConcurrently(t *testing.T, svc *cpd.Service, ctx context.Context, runs int) {
	t.Helper()
	due, err := svc.Compliance.Reminders(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, due)
	n := &recorder{}
	var wg sync.WaitGroup
	errs := make([]error, runs)
	for i := range runs {
		wg.Go(func() { _, errs[i] = svc.Compliance.SendReminders(ctx, n) })
	}
	wg.Wait()
	require.NoError(t, errors.Join(errs...))
	ids := func(rs []cpd.Reminder) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.ID)
		}
		slices.Sort(out)
		return out
	}
	require.Equal(t, ids(due), ids(n.got), "each reminder due delivered once")
	left, err := svc.Compliance.Reminders(ctx)
	require.NoError(t, err)
	require.Empty(t, left)
}

// TestSendRemindersAfterCrash: a run that recorded half the reminders and
// died before the rest leaves the rest to the next run, which sends only
// them.
func TestSendRemindersAfterCrash(t *testing.T) {
	f := reminderFixture(t)
	f.at(date.New(2026, 12, 3))
	svc := f.reminding(t, f.store)
	due, err := svc.Compliance.Reminders(as("admin"))
	require.NoError(t, err)
	require.Len(t, due, 4)
	for _, r := range due[:2] {
		recorded, err := svc.Compliance.RecordSent(as("admin"), r)
		require.NoError(t, err)
		require.True(t, recorded)
	}
	n := &recorder{}
	sent, err := svc.Compliance.SendReminders(as("admin"), n)
	require.NoError(t, err)
	require.Equal(t, remBriefs(due[2:]), remBriefs(sent))
	require.Equal(t, remBriefs(due[2:]), remBriefs(n.got))
}

// TestSendRemindersNotDelivered: a reminder the Notifier fails to deliver
// is not kept as sent: the run stops with the Notifier's error, and the
// next run sends it (and what came after it).
func TestSendRemindersNotDelivered(t *testing.T) {
	f := reminderFixture(t)
	f.at(date.New(2026, 12, 3))
	svc := f.reminding(t, f.store)
	due, err := svc.Compliance.Reminders(as("admin"))
	require.NoError(t, err)
	failing := &recorder{fail: func(r cpd.Reminder) bool { return r.ID == due[1].ID }}
	sent, err := svc.Compliance.SendReminders(as("admin"), failing)
	require.ErrorIs(t, err, errUndeliverable)
	require.Equal(t, remBriefs(due[:1]), remBriefs(sent))
	left, err := svc.Compliance.Reminders(as("admin"))
	require.NoError(t, err)
	require.Equal(t, remBriefs(due[1:]), remBriefs(left))
	n := &recorder{}
	sent, err = svc.Compliance.SendReminders(as("admin"), n)
	require.NoError(t, err)
	require.Equal(t, remBriefs(due[1:]), remBriefs(sent))
}

// TestRecordSent: recording is idempotent and audited, and a reminder
// that is not due is refused, writing nothing.
func TestRecordSent(t *testing.T) {
	f := reminderFixture(t)
	f.at(date.New(2026, 12, 10))
	svc := f.reminding(t, f.store)
	due, err := svc.Compliance.Reminders(as("head"))
	require.NoError(t, err)
	require.Len(t, due, 1)

	forged := due[0]
	forged.ID = "not-a-reminder"
	before := f.eventCount(t, org)
	_, err = svc.Compliance.RecordSent(as("head"), forged)
	var ve *cpd.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Equal(t, "reminder", ve.Field)
	require.Equal(t, before, f.eventCount(t, org))

	recorded, err := svc.Compliance.RecordSent(as("head"), due[0])
	require.NoError(t, err)
	require.True(t, recorded)
	recorded, err = svc.Compliance.RecordSent(as("head"), due[0])
	require.NoError(t, err)
	require.False(t, recorded, "recorded already")
	require.Equal(t, before+1, f.eventCount(t, org))

	trail, err := svc.AuditTrail(as("head"), cpd.AuditQuery{Person: "tina"})
	require.NoError(t, err)
	last := trail.Entries[len(trail.Entries)-1]
	require.Equal(t, "record reminder sent", last.Action)
	require.Equal(t, "head", last.Actor)
}

// TestRemindersAuthorisation: the roles that read everyone list the
// reminders due; of those, auditors may not record or send them; nobody
// else may do either.
func TestRemindersAuthorisation(t *testing.T) {
	f := reminderFixture(t)
	f.at(date.New(2026, 12, 10))
	svc := f.reminding(t, f.store)
	due, err := svc.Compliance.Reminders(as("admin"))
	require.NoError(t, err)
	_, err = svc.Compliance.Reminders(as("audrey"))
	require.NoError(t, err)
	for _, actor := range []string{"tina", "mgr", "audrey"} {
		if actor != "audrey" {
			_, err = svc.Compliance.Reminders(as(actor))
			require.ErrorIs(t, err, cpd.ErrForbidden, actor)
		}
		_, err = svc.Compliance.RecordSent(as(actor), due[0])
		require.ErrorIs(t, err, cpd.ErrForbidden, actor)
		_, err = svc.Compliance.SendReminders(as(actor), &recorder{})
		require.ErrorIs(t, err, cpd.ErrForbidden, actor)
	}
	_, err = svc.Compliance.SendReminders(as("admin"), nil)
	require.ErrorIs(t, err, cpd.ErrInvalid)
}

// TestRecordSentByRole: of every organisational role, those that read
// everyone but auditors may record a reminder as sent (this one is not
// due, so they are told it is invalid); the rest are refused, and nothing
// is written either way.
func TestRecordSentByRole(t *testing.T) {
	allowed := []cpd.Role{cpd.RoleAdministrator, cpd.RoleHeadOfEducation, cpd.RoleManagingDirector, cpd.RoleIQA}
	for _, role := range allRoles {
		t.Run(role.String(), func(t *testing.T) {
			f := newMatrixFixture(t)
			before := f.eventCount(t, org)
			_, err := f.reminding(t, f.store).Compliance.RecordSent(as(actorFor(role)), cpd.Reminder{ID: "r", Person: "tina"})
			want := cpd.ErrForbidden
			if slices.Contains(allowed, role) {
				want = cpd.ErrInvalid
			}
			require.ErrorIs(t, err, want)
			require.Equal(t, before, f.eventCount(t, org))
		})
	}
}

// TestReminderRulesValidated: a bad rule is ErrInvalid naming its field.
func TestReminderRulesValidated(t *testing.T) {
	ok := cpd.ReminderRule{ID: "r", When: cpd.OnExpiry, To: cpd.ToPerson}
	with := func(change func(*cpd.ReminderRule)) []cpd.ReminderRule {
		r := ok
		change(&r)
		return []cpd.ReminderRule{r}
	}
	tests := []struct {
		name  string
		rules []cpd.ReminderRule
		field string
	}{
		{"no ID", with(func(r *cpd.ReminderRule) { r.ID = "" }), "reminders[0].id"},
		{"a long ID", with(func(r *cpd.ReminderRule) { r.ID = string(make([]byte, 65)) }), "reminders[0].id"},
		{"an ID twice", []cpd.ReminderRule{ok, ok}, "reminders[1].id"},
		{"no trigger", with(func(r *cpd.ReminderRule) { r.When = 0 }), "reminders[0].when"},
		{"no recipient", with(func(r *cpd.ReminderRule) { r.To = 9 }), "reminders[0].to"},
		{"a negative before", with(func(r *cpd.ReminderRule) { r.Before = period.MustParse("-P7D") }), "reminders[0].before"},
		{"a before in hours", with(func(r *cpd.ReminderRule) { r.Before = period.MustParse("PT12H") }), "reminders[0].before"},
		{"every with before", with(func(r *cpd.ReminderRule) {
			r.Before, r.Every = period.MustParse("P7D"), period.MustParse("P7D")
		}), "reminders[0].every"},
		{"every on induction", with(func(r *cpd.ReminderRule) { r.When, r.Every = cpd.OnInduction, period.MustParse("P7D") }), "reminders[0].every"},
		{"every in hours", with(func(r *cpd.ReminderRule) { r.Every = period.MustParse("PT1H") }), "reminders[0].every"},
		{"halfway on expiry", with(func(r *cpd.ReminderRule) { r.Halfway = true }), "reminders[0].halfway"},
		{"an unknown requirement", with(func(r *cpd.ReminderRule) { r.Requirements = []string{"fire"} }), "reminders[0].requirements"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := cpd.New(memory.New(), newFixture(t).dir, testPolicy(), &cpd.Options{Reminders: tc.rules})
			var ve *cpd.ValidationError
			require.ErrorAs(t, err, &ve)
			require.ErrorIs(t, err, cpd.ErrInvalid)
			require.Equal(t, tc.field, ve.Field)
		})
	}
}

// TestReminderRulesFromJSON: the rules are policy data, read from JSON by
// their stable names.
func TestReminderRulesFromJSON(t *testing.T) {
	raw := `{"id": "lapsed", "when": "expiry", "to": "line_manager", "every": "P7D", "requirements": ["safeguarding"]}`
	var got cpd.ReminderRule
	require.NoError(t, jsonStrict(raw, &got))
	want := cpd.ReminderRule{ID: "lapsed", When: cpd.OnExpiry, To: cpd.ToLineManager, Every: period.MustParse("P7D"),
		Requirements: []string{"safeguarding"}}
	require.Equal(t, want, got)
	require.Error(t, jsonStrict(`{"id": "x", "when": "birthday", "to": "person"}`, &got))
}

// TestRemindersAtomic: recording a reminder is one write, which a failing
// store leaves unwritten. (SendReminders records each reminder in a
// transaction of its own, by design, so that a crash keeps what was sent:
// with one reminder due it is all or nothing too.)
func TestRemindersAtomic(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func(svc *cpd.Service, due cpd.Reminder) error
	}{
		{"record sent", func(svc *cpd.Service, due cpd.Reminder) error {
			_, err := svc.Compliance.RecordSent(as("admin"), due)
			return err
		}},
		{"send reminders", func(svc *cpd.Service, _ cpd.Reminder) error {
			_, err := svc.Compliance.SendReminders(as("admin"), &recorder{})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := reminderFixture(t)
			f.at(date.New(2026, 12, 10))
			due, err := f.reminding(t, f.store).Compliance.Reminders(as("admin"))
			require.NoError(t, err)
			require.Len(t, due, 1)
			storetest.AtomicUseCase(t, f.store, org, func(s cpd.Store) error {
				return tc.run(f.reminding(t, s), due[0])
			}, &storetest.AtomicOptions{Kinds: cpd.ReminderKinds()})
		})
	}
}

// reminderMethods are the Service's reminder methods that write, proved
// atomic by TestRemindersAtomic and audited by TestRecordSent.
func reminderMethods() []string { return []string{"RecordSent", "SendReminders"} }

// TestWriterNotifier: the reference notifier writes one line per reminder.
func TestWriterNotifier(t *testing.T) {
	var b bytes.Buffer
	n := cpd.NewWriterNotifier(&b)
	err := n.Notify(context.Background(), cpd.Reminder{Person: "tina", To: "mgr", Requirement: "safe\nguarding",
		Trigger: cpd.OnExpiry, Date: date.New(2026, 12, 9), Due: date.New(2026, 12, 10)})
	require.NoError(t, err)
	require.Equal(t, "to mgr: Reminder: safe guarding for tina lapsed after 2026-12-09\n", b.String())
}

// jsonStrict decodes one JSON value, refusing unknown fields.
func jsonStrict(raw string, v any) error {
	d := json.NewDecoder(strings.NewReader(raw))
	d.DisallowUnknownFields()
	return d.Decode(v)
}

// conflictOnce is a store whose first reminder write fails with
// ErrConflict, as a database that could not serialise two runs reports it,
// although no record exists.
type conflictOnce struct {
	cpd.Store
	mu   sync.Mutex
	done bool
}

func (s *conflictOnce) Update(ctx context.Context, org string, fn func(cpd.Tx) error) error {
	return s.Store.Update(ctx, org, func(tx cpd.Tx) error { return fn(conflictTx{tx, s}) })
}

type conflictTx struct {
	cpd.Tx
	s *conflictOnce
}

func (tx conflictTx) Put(ctx context.Context, r cpd.Record, c cpd.Change) (cpd.Record, error) {
	tx.s.mu.Lock()
	first := !tx.s.done && r.Kind == cpd.KindReminder
	tx.s.done = tx.s.done || first
	tx.s.mu.Unlock()
	if first {
		return cpd.Record{}, fmt.Errorf("serialisation failure: %w", cpd.ErrConflict)
	}
	return tx.Tx.Put(ctx, r, c)
}

// TestSendRemindersRetriesConflict: a conflict that did not leave the
// reminder recorded is retried, not reported as "already sent" nor as the
// run's failure.
func TestSendRemindersRetriesConflict(t *testing.T) {
	f := reminderFixture(t)
	f.at(date.New(2026, 12, 10))
	n := &recorder{}
	sent, err := f.reminding(t, &conflictOnce{Store: f.store}).Compliance.SendReminders(as("admin"), n)
	require.NoError(t, err)
	require.Equal(t, []remBrief{{"lapsed", "tina", "safeguarding", "mgr", date.New(2026, 12, 10)}}, remBriefs(sent))
	require.Len(t, n.got, 1)
}

// TestRemindersInSubjectAccess: the reminders sent about a person are
// among what is held on them.
func TestRemindersInSubjectAccess(t *testing.T) {
	f := reminderFixture(t)
	f.at(date.New(2026, 12, 10))
	svc := f.reminding(t, f.store)
	sent, err := svc.Compliance.SendReminders(as("admin"), &recorder{})
	require.NoError(t, err)
	require.Len(t, sent, 1)
	raw, err := svc.Staff.SubjectAccess(as("tina"), "tina")
	require.NoError(t, err)
	var x cpd.Export
	require.NoError(t, json.Unmarshal(raw, &x))
	i := slices.IndexFunc(x.Records, func(r cpd.ExportedRecord) bool { return r.Kind == cpd.KindReminder })
	require.GreaterOrEqual(t, i, 0, "no reminder among the records")
	require.Equal(t, sent[0].ID, x.Records[i].ID)
}

// TestRemindersCases: who gets which reminder in the cases the rules
// leave out or treat apart.
func TestRemindersCases(t *testing.T) {
	lapsed := cpd.ReminderRule{ID: "lapsed", When: cpd.OnExpiry, To: cpd.ToLineManager}
	monthly := lapsed
	monthly.Every = period.MustParse("P1M")
	onlyPrevent := lapsed
	onlyPrevent.Requirements = []string{"prevent"}
	toPerson := lapsed
	toPerson.To = cpd.ToPerson
	halfway := cpd.ReminderRule{ID: "induction-half", When: cpd.OnInduction, Halfway: true, To: cpd.ToLineManager}
	tests := []struct {
		name  string
		rules []cpd.ReminderRule
		on    date.Date
		setup func(t *testing.T, f *fixture)
		want  []remBrief
	}{
		{"lapsed, once", []cpd.ReminderRule{lapsed}, date.New(2027, 2, 15), nil, []remBrief{
			{"lapsed", "tina", "safeguarding", "mgr", date.New(2026, 12, 10)}}},
		{"lapsed, monthly: the latest occurrence", []cpd.ReminderRule{monthly}, date.New(2027, 2, 15), nil, []remBrief{
			{"lapsed", "tina", "safeguarding", "mgr", date.New(2027, 2, 10)}}},
		{"limited to another requirement", []cpd.ReminderRule{onlyPrevent}, date.New(2027, 2, 15), nil, []remBrief{}},
		{"a line manager the directory does not name", []cpd.ReminderRule{lapsed}, date.New(2027, 2, 15), func(t *testing.T, f *fixture) {
			f.dir.Set(org, cpd.Identity{Person: "tina", Roles: []cpd.Role{cpd.RoleStaff}})
		}, []remBrief{}},
		{"the directory's line manager, not the HR record's", []cpd.ReminderRule{lapsed}, date.New(2027, 2, 15), func(t *testing.T, f *fixture) {
			f.dir.Set(org, cpd.Identity{Person: "tina", Roles: []cpd.Role{cpd.RoleStaff}, LineManager: "head"})
		}, []remBrief{{"lapsed", "tina", "safeguarding", "head", date.New(2026, 12, 10)}}},
		{"exempt", []cpd.ReminderRule{toPerson}, date.New(2027, 2, 15), func(t *testing.T, f *fixture) {
			_, err := f.svc.Compliance.Exempt(as("head"), "tina", compliance.Exemption{Requirement: "safeguarding", Reason: "r"})
			require.NoError(t, err)
		}, []remBrief{}},
		{"an extension is not an induction", []cpd.ReminderRule{halfway}, date.New(2026, 11, 25), func(t *testing.T, f *fixture) {
			_, err := f.svc.Compliance.GrantExtension(as("mgr"), "tina", compliance.Extension{Requirement: "prevent", Until: date.New(2026, 12, 31), Reason: "booked"})
			require.NoError(t, err)
		}, []remBrief{
			{"induction-half", "sam", "prevent", "mgr", date.New(2026, 11, 25)},
			{"induction-half", "sam", "safeguarding", "mgr", date.New(2026, 11, 25)},
		}},
		{"a starter's item under an extension is not reminded as induction", []cpd.ReminderRule{halfway}, date.New(2026, 11, 25), func(t *testing.T, f *fixture) {
			_, err := f.svc.Compliance.GrantExtension(as("mgr"), "sam", compliance.Extension{Requirement: "prevent", Until: date.New(2027, 1, 8), Reason: "booked"})
			require.NoError(t, err)
		}, []remBrief{
			{"induction-half", "sam", "safeguarding", "mgr", date.New(2026, 11, 25)},
		}},
		{"a week before the induction deadline", []cpd.ReminderRule{{ID: "induction-7", When: cpd.OnInduction, Before: period.MustParse("P7D"), To: cpd.ToPerson}},
			date.New(2026, 12, 3), nil, []remBrief{
				{"induction-7", "sam", "prevent", "sam", date.New(2026, 12, 3)},
				{"induction-7", "sam", "safeguarding", "sam", date.New(2026, 12, 3)},
			}},
		{"induction reminders stop at the deadline", []cpd.ReminderRule{halfway}, date.New(2026, 12, 10), nil, []remBrief{}},
		{"a leaver", []cpd.ReminderRule{toPerson}, date.New(2027, 2, 15), func(t *testing.T, f *fixture) {
			_, err := f.svc.Staff.Resign(as("head"), "tina", cpd.Resignation{ResignedOn: date.New(2026, 11, 20), Leaving: date.New(2026, 12, 31)})
			require.NoError(t, err)
		}, []remBrief{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := reminderFixture(t)
			if tc.setup != nil {
				tc.setup(t, f)
			}
			f.at(tc.on)
			got, err := f.remindingBy(t, f.store, tc.rules).Compliance.Reminders(as("admin"))
			require.NoError(t, err)
			if diff := cmp.Diff(tc.want, remBriefs(got)); diff != "" {
				t.Errorf("reminders on %s (-want +got):\n%s", tc.on, diff)
			}
		})
	}
}

// TestRemindersUnreadable: a person whose records do not decode fails the
// run, naming the record, rather than going unreminded unnoticed.
func TestRemindersUnreadable(t *testing.T) {
	f := reminderFixture(t)
	f.at(date.New(2026, 12, 10))
	require.NoError(t, f.store.Update(context.Background(), org, func(tx cpd.Tx) error {
		for _, kind := range []cpd.Kind{cpd.KindStatus, cpd.KindPerson} {
			r, err := tx.Get(context.Background(), kind, "tina")
			require.NoError(t, err)
			r.Data = []byte(`{"id": 5}`)
			if _, err := tx.Put(context.Background(), r, cpd.Change{Actor: "dba", Action: "hand edit", At: fixedNow}); err != nil {
				return err
			}
		}
		return nil
	}))
	_, err := f.reminding(t, f.store).Compliance.Reminders(as("admin"))
	require.ErrorIs(t, err, cpd.ErrUnreadable)
	var de *cpd.DecodeError
	require.ErrorAs(t, err, &de)
	require.Equal(t, "tina", de.ID)
}
