package xapi

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAgents checks the ready-made People: each kind of identifier, the
// SHA-1 of an email address, the case of the domain, and conflicts.
func TestAgents(t *testing.T) {
	a := NewAgents()
	require.NoError(t, a.AddEmail("Ann.Lee@Example.ORG", "ann"))
	require.NoError(t, a.AddEmail("mailto:bob@example.org", "bob"))
	require.NoError(t, a.AddAccount("https://lms.example.org", "c-9", "cat"))
	require.NoError(t, a.AddOpenID("https://id.example.org/dan", "dan"))
	require.NoError(t, a.AddEmail("ann.lee@example.org", "ann"), "adding the same address again for the same person")
	tests := []struct {
		name  string
		actor Actor
		want  string // "" for nobody
	}{
		{"mbox", Actor{Mbox: "mailto:Ann.Lee@Example.ORG"}, "ann"},
		{"mbox with the domain in another case", Actor{Mbox: "mailto:Ann.Lee@example.org"}, "ann"},
		{"mbox added a second time", Actor{Mbox: "mailto:ann.lee@example.org"}, "ann"},
		{"mbox with the local part in another case", Actor{Mbox: "mailto:ANN.LEE@example.org"}, ""},
		{"mbox given with mailto", Actor{Mbox: "mailto:bob@EXAMPLE.ORG"}, "bob"},
		{"mbox without mailto", Actor{Mbox: "bob@example.org"}, ""},
		{"sha1 of the mailto IRI with a lower-case domain", Actor{MboxSHA1Sum: "4e8da470232f520ce2cbe23dbea5fb92b6168a10"}, "ann"},
		{"sha1 of the mailto IRI as written", Actor{MboxSHA1Sum: "411cb62dbacc02d8d341b2a523ca6b5474dcbbaa"}, "ann"},
		{"sha1 of another address", Actor{MboxSHA1Sum: "0000000000000000000000000000000000000000"}, ""},
		{"account", Actor{Account: Account{HomePage: "https://lms.example.org", Name: "c-9"}}, "cat"},
		{"account on another system", Actor{Account: Account{HomePage: "https://other.example.org", Name: "c-9"}}, ""},
		{"openid", Actor{OpenID: "https://id.example.org/dan"}, "dan"},
		{"nobody", Actor{Mbox: "mailto:eve@example.org"}, ""},
		{"no identifier", Actor{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := a.Person(tt.actor)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("Person(%+v) = %q, %t; want %q", tt.actor, got, ok, tt.want)
			}
		})
	}
}

// TestAgentsSHA1 checks that an email address matches the mbox_sha1sum of
// its mailto IRI, in either case of hex digits.
func TestAgentsSHA1(t *testing.T) {
	a := NewAgents()
	require.NoError(t, a.AddEmail("dan@Example.org", "dan"))
	for _, sum := range []string{"813d8ca54aa80172f08ce0419a0c542f427fb78e", "813D8CA54AA80172F08CE0419A0C542F427FB78E"} {
		got, ok := a.Person(Actor{MboxSHA1Sum: sum})
		require.True(t, ok, sum)
		require.Equal(t, "dan", got)
	}
}

// TestAgentsRejects checks the errors of the Add methods.
func TestAgentsRejects(t *testing.T) {
	a := NewAgents()
	require.NoError(t, a.AddEmail("ann@example.org", "ann"))
	require.NoError(t, a.AddAccount("https://lms", "a1", "ann"))
	require.NoError(t, a.AddOpenID("https://id/ann", "ann"))
	tests := []struct {
		name string
		add  func() error
	}{
		{"address without @", func() error { return a.AddEmail("ann", "ann") }},
		{"address without domain", func() error { return a.AddEmail("ann@", "ann") }},
		{"address with a space", func() error { return a.AddEmail("a nn@example.org", "ann") }},
		{"address of someone else", func() error { return a.AddEmail("ann@EXAMPLE.org", "bob") }},
		{"address of someone else in another case", func() error { return a.AddEmail("Ann@example.org", "bob") }},
		{"no person", func() error { return a.AddEmail("zed@example.org", "") }},
		{"account without a name", func() error { return a.AddAccount("https://lms", "", "ann") }},
		{"account of someone else", func() error { return a.AddAccount("https://lms", "a1", "bob") }},
		{"empty openid", func() error { return a.AddOpenID("", "ann") }},
		{"openid of someone else", func() error { return a.AddOpenID("https://id/ann", "bob") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.ErrorIs(t, tt.add(), ErrInvalid)
		})
	}
	t.Run("a refused address adds nothing", func(t *testing.T) {
		got, ok := a.Person(Actor{Mbox: "mailto:Ann@example.org"})
		require.False(t, ok, "Ann@example.org went to %q", got)
		got, ok = a.Person(Actor{Mbox: "mailto:ann@example.org"})
		require.True(t, ok)
		require.Equal(t, "ann", got)
	})
}

// TestCatalogue checks the ready-made Activities.
func TestCatalogue(t *testing.T) {
	c := Catalogue{"https://lms/a": {Title: "A", Topics: []string{"a"}}}
	got, ok := c.Course("https://lms/a")
	require.True(t, ok)
	require.Equal(t, "A", got.Title)
	_, ok = c.Course("https://lms/b")
	require.False(t, ok)
}

// TestEnums checks that every enumeration round-trips through its stable
// name, and that the zero value is refused.
func TestEnums(t *testing.T) {
	for m := MoveOnCompleted; m <= MoveOnNotApplicable; m++ {
		text, err := m.MarshalText()
		require.NoError(t, err)
		var back MoveOn
		require.NoError(t, back.UnmarshalText(text))
		require.Equal(t, m, back)
		require.NoError(t, back.UnmarshalText([]byte(cmi5MoveOnNames[m])), "the cmi5 spelling")
		require.Equal(t, m, back)
	}
	for v := VerbCompleted; v <= VerbOther; v++ {
		text, err := v.MarshalText()
		require.NoError(t, err)
		var back Verb
		require.NoError(t, back.UnmarshalText(text))
		require.Equal(t, v, back)
	}
	for s := NoCredit; s <= UnknownActivity; s++ {
		text, err := s.MarshalText()
		require.NoError(t, err)
		var back Status
		require.NoError(t, back.UnmarshalText(text))
		require.Equal(t, s, back)
	}
	_, err := MoveOn(0).MarshalText()
	require.ErrorIs(t, err, ErrInvalid)
	_, err = Status(99).MarshalText()
	require.ErrorIs(t, err, ErrInvalid)
	var s Status
	require.ErrorIs(t, s.UnmarshalText([]byte("Voided")), ErrInvalid)
	require.Equal(t, "completed_and_passed", MoveOnCompletedAndPassed.String())
	require.Equal(t, "unset", Verb(0).String())
	require.Equal(t, "invalid(99)", Verb(99).String())
}
