package appraisal_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/appraisal"
)

func update() appraisal.Update {
	return appraisal.Update{
		ID: "u1", Kind: appraisal.FundingBody, Issuer: "ESFA", Title: "ESFA Update: funding rules 2026/27",
		Published: day(2026, 11, 18), SentBy: "head", Sent: day(2026, 11, 19),
		Audience: appraisal.Audience{JobRoles: []string{"assessor"}, Teams: []string{"apprenticeships"}},
		Hours:    hours("0.5"), Topics: []string{"ofsted-update"},
	}
}

func TestUpdateValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*appraisal.Update)
		want  error
		field string
	}{
		{"valid", func(*appraisal.Update) {}, nil, ""},
		{"everyone", func(u *appraisal.Update) { u.Audience = appraisal.Audience{Everyone: true} }, nil, ""},
		{"no kind", func(u *appraisal.Update) { u.Kind = 0 }, appraisal.ErrInvalid, "kind"},
		{"no issuer", func(u *appraisal.Update) { u.Issuer = "" }, appraisal.ErrInvalid, "issuer"},
		{"no title", func(u *appraisal.Update) { u.Title = "" }, appraisal.ErrInvalid, "title"},
		{"no sender", func(u *appraisal.Update) { u.SentBy = "" }, appraisal.ErrInvalid, "sent_by"},
		{"unsent", func(u *appraisal.Update) { u.Sent = 0 }, appraisal.ErrInvalid, "sent"},
		{"published after sent", func(u *appraisal.Update) { u.Published = day(2026, 11, 20) }, appraisal.ErrInvalid, "published"},
		{"no hours", func(u *appraisal.Update) { u.Hours = hours("0") }, appraisal.ErrInvalid, "hours"},
		{"empty topic", func(u *appraisal.Update) { u.Topics = []string{""} }, appraisal.ErrInvalid, "topics[0]"},
		{"nobody", func(u *appraisal.Update) { u.Audience = appraisal.Audience{} }, appraisal.ErrInvalid, "audience"},
		{"empty role", func(u *appraisal.Update) { u.Audience.Roles = []string{""} }, appraisal.ErrInvalid, "audience.roles"},
		{"empty team", func(u *appraisal.Update) { u.Audience.Teams = []string{"a", ""} }, appraisal.ErrInvalid, "audience.teams"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u := update()
			tc.edit(&u)
			wantErr(t, u.Validate(), tc.want, tc.field)
		})
	}
}

func TestAudienceIncludes(t *testing.T) {
	a := appraisal.Audience{Roles: []string{"line_manager"}, JobRoles: []string{"assessor"}, Teams: []string{"apprenticeships"}}
	tests := []struct {
		name string
		m    appraisal.Member
		want bool
	}{
		{"by role", appraisal.Member{Person: "p", Roles: []string{"staff", "line_manager"}, JobRole: "teacher"}, true},
		{"by job role", appraisal.Member{Person: "p", Roles: []string{"staff"}, JobRole: "assessor"}, true},
		{"by team", appraisal.Member{Person: "p", JobRole: "teacher", Team: "apprenticeships"}, true},
		{"none", appraisal.Member{Person: "p", Roles: []string{"staff"}, JobRole: "teacher", Team: "itt"}, false},
		{"empty job role never matches", appraisal.Member{Person: "p"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, a.Includes(tc.m))
		})
	}
	require.True(t, (&appraisal.Audience{Everyone: true}).Includes(appraisal.Member{Person: "p"}))
}

func TestUpdateAddress(t *testing.T) {
	staff := []appraisal.Member{
		{Person: "zoe", JobRole: "assessor"},
		{Person: "amy", JobRole: "teacher", Team: "apprenticeships"},
		{Person: "bob", JobRole: "teacher", Team: "itt"},
		{Person: "amy", JobRole: "teacher", Team: "apprenticeships"},
	}
	u := update()
	require.NoError(t, u.Address(staff))
	require.Equal(t, []string{"amy", "zoe"}, u.Recipients)
	want := []appraisal.Receipt{{Update: "u1", Person: "amy", Sent: day(2026, 11, 19)}, {Update: "u1", Person: "zoe", Sent: day(2026, 11, 19)}}
	if d := cmp.Diff(want, u.Receipts()); d != "" {
		t.Errorf("receipts (-want +got):\n%s", d)
	}
	nobody := update()
	wantErr(t, nobody.Address(staff[2:3]), appraisal.ErrInvalid, "audience")
	require.Nil(t, nobody.Recipients)
}

func TestReceiptAcknowledge(t *testing.T) {
	tests := []struct {
		name     string
		read     date.Date // already
		person   string
		on       date.Date
		activity string
		want     error
		field    string
		after    date.Date
	}{
		{"recipient", 0, "amy", day(2026, 11, 20), "a1", nil, "", day(2026, 11, 20)},
		{"someone else", 0, "head", day(2026, 11, 20), "a1", appraisal.ErrNotRecipient, "", 0},
		{"twice", day(2026, 11, 19), "amy", day(2026, 11, 20), "a1", appraisal.ErrDuplicate, "", day(2026, 11, 19)},
		{"undated", 0, "amy", 0, "a1", appraisal.ErrInvalid, "read", 0},
		{"before it was sent", 0, "amy", day(2026, 11, 18), "a1", appraisal.ErrInvalid, "read", 0},
		{"no activity", 0, "amy", day(2026, 11, 20), "", appraisal.ErrInvalid, "activity", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := appraisal.Receipt{Update: "u1", Person: "amy", Sent: day(2026, 11, 19), Read: tc.read}
			wantErr(t, r.Acknowledge(tc.person, tc.on, tc.activity), tc.want, tc.field)
			require.Equal(t, tc.after, r.Read)
		})
	}
}

func TestReadershipOf(t *testing.T) {
	u := update()
	receipts := []appraisal.Receipt{
		{Update: "u1", Person: "zoe", Sent: day(2026, 11, 19)},
		{Update: "u1", Person: "bob", Sent: day(2026, 11, 19), Read: day(2026, 11, 21), Activity: "a2"},
		{Update: "u1", Person: "amy", Sent: day(2026, 11, 19), Read: day(2026, 11, 20), Activity: "a1"},
		{Update: "u1", Person: "cat", Sent: day(2026, 11, 19)},
		{Update: "u2", Person: "dan", Sent: day(2026, 11, 19)},
	}
	want := appraisal.Readership{Update: "u1", Recipients: 4, Read: []appraisal.Receipt{receipts[2], receipts[1]}, Unread: []string{"cat", "zoe"}}
	if d := cmp.Diff(want, appraisal.ReadershipOf(&u, receipts)); d != "" {
		t.Errorf("readership (-want +got):\n%s", d)
	}
}
