package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cpdkit/cpdkit/cpd"
)

// TestHintNamesStaffInTheDatabase checks the requests printed to try the
// server with name active staff that the database holds, who may make
// them: on a small new organisation, and on a database seeded before with
// another size (which the next start leaves as it is).
func TestHintNamesStaffInTheDatabase(t *testing.T) {
	tests := []struct {
		name          string
		seeded, start int // people when the database was seeded, and on this start
	}{
		{"the smallest organisation", 5, 5},
		{"ten people", 10, 10},
		{"a database seeded with 12, started with 40", 12, 40},
		{"a database seeded with 40, started with 5", 40, 5},
		{"a database seeded with 5, started with 45", 5, 45},
	}
	staff := regexp.MustCompile(`X-Staff-ID: ([^']*)'`)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			dsn := "sqlite:" + filepath.Join(t.TempDir(), "hr.db")
			clock := func() time.Time { return today.Midnight().Add(12 * time.Hour) }
			first, err := open(ctx, dsn, clock)
			require.NoError(t, err)
			require.NoError(t, first.seed(ctx, tc.seeded, today))
			require.NoError(t, first.close())
			a, err := open(ctx, dsn, clock)
			require.NoError(t, err)
			defer func() { require.NoError(t, a.close()) }()
			require.NoError(t, a.seed(ctx, tc.start, today))

			var out bytes.Buffer
			require.NoError(t, a.hint(ctx, &out, nil, "http://127.0.0.1:8080"))
			found := staff.FindAllStringSubmatch(out.String(), -1)
			require.Len(t, found, 3, "a request for the report, then for compliance and a calendar: %s", out.String())
			require.Equal(t, found[1][1], found[2][1], "the same member of staff's")
			head, teacher := found[0][1], found[1][1]
			id, err := a.dir.Lookup(ctx, orgID, head)
			require.NoError(t, err, "%q is active staff", head)
			require.True(t, id.Has(cpd.RoleHeadOfEducation), "%s may read the report", head)
			_, err = a.svc.Compliance.Compliance(asStaff(a, teacher), teacher)
			require.NoError(t, err, "%q may read their own compliance", teacher)
			require.Contains(t, out.String(), "/compliance/"+teacher+"\n")
			require.Contains(t, out.String(), "/people/"+teacher+"/calendar.ics\n")
		})
	}
}
