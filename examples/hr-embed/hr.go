package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/cpdkit/cpdkit/cpd"
)

// staffTable is the HR system's own table of staff accounts, in the same
// SQLite database as cpdkit's tables: whether an account is active, and
// the organisational roles and line manager that decide what its holder
// may do in cpdkit.
const staffTable = `CREATE TABLE IF NOT EXISTS hr_staff (
	staff_id     TEXT PRIMARY KEY,
	name         TEXT NOT NULL,
	roles        TEXT NOT NULL DEFAULT '',
	line_manager TEXT NOT NULL DEFAULT '',
	active       INTEGER NOT NULL DEFAULT 1
)`

// directory is a cpd.Directory backed by the HR system's staff table:
// the port through which the HR system tells cpdkit who is who. It
// serves one organisation. It is safe for concurrent use.
type directory struct {
	db  *sql.DB
	org string
}

var _ cpd.Directory = (*directory)(nil)

// Lookup returns an active member of staff's identity, or an error
// wrapping cpd.ErrNotFound.
func (d *directory) Lookup(ctx context.Context, org, person string) (cpd.Identity, error) {
	if org != d.org {
		return cpd.Identity{}, fmt.Errorf("organisation %s: %w", org, cpd.ErrNotFound)
	}
	var roles, manager string
	err := d.db.QueryRowContext(ctx,
		`SELECT roles, line_manager FROM hr_staff WHERE staff_id = ? AND active = 1`, person).Scan(&roles, &manager)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return cpd.Identity{}, fmt.Errorf("staff %s: %w", person, cpd.ErrNotFound)
	case err != nil:
		return cpd.Identity{}, fmt.Errorf("look up staff %s: %w", person, err)
	}
	id := cpd.Identity{Org: d.org, Person: person, LineManager: manager}
	for name := range strings.FieldsSeq(roles) {
		var r cpd.Role
		if err := r.UnmarshalText([]byte(name)); err != nil {
			return cpd.Identity{}, fmt.Errorf("staff %s: role %q: %w", person, name, err)
		}
		id.Roles = append(id.Roles, r)
	}
	return id, nil
}

// addStaff adds accounts to the staff table in one transaction.
func (d *directory) addStaff(ctx context.Context, people []cpd.Person) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }() // after Commit, a no-op
	for _, p := range people {
		roles := make([]string, len(p.Roles))
		for i, r := range p.Roles {
			roles[i] = r.String()
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO hr_staff (staff_id, name, roles, line_manager, active) VALUES (?, ?, ?, ?, ?)`,
			p.ID, p.Name, strings.Join(roles, " "), p.LineManager, p.Leaving == 0)
		if err != nil {
			return fmt.Errorf("add staff %s: %w", p.ID, err)
		}
	}
	return tx.Commit()
}

// tryWith returns active members of staff to try the server with: the
// first head of education by ID, and a member of staff with a line
// manager, preferring one without organisational roles whose manager is
// not that head (so that their line manager is someone else to try).
// Either is "" when the table holds nobody who fits.
func (d *directory) tryWith(ctx context.Context) (head, staff string, err error) {
	err = d.db.QueryRowContext(ctx, `SELECT staff_id FROM hr_staff
		WHERE active = 1 AND ' ' || roles || ' ' LIKE '% head_of_education %'
		ORDER BY staff_id LIMIT 1`).Scan(&head)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", "", err
	}
	err = d.db.QueryRowContext(ctx, `SELECT staff_id FROM hr_staff
		WHERE active = 1 AND line_manager <> '' AND staff_id <> ?
		ORDER BY roles NOT IN ('', 'staff'), line_manager = ?, staff_id LIMIT 1`, head, head).Scan(&staff)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", "", err
	}
	return head, staff, nil
}

// staffCount counts the accounts.
func (d *directory) staffCount(ctx context.Context) (int, error) {
	var n int
	err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM hr_staff`).Scan(&n)
	return n, err
}

// removeStaff empties the staff table, undoing a seed that failed.
func (d *directory) removeStaff(ctx context.Context) error {
	_, err := d.db.ExecContext(ctx, `DELETE FROM hr_staff`)
	return err
}
