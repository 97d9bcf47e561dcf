package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// ensureSchema creates the first schema of a PostgreSQL connection's
// search_path if it does not exist, so that a DSN with
// search_path=cpdkit migrates into a schema of its own without a separate
// CREATE SCHEMA. Only the first schema is created: it is where PostgreSQL
// creates tables. "$user" and pg_temp are left alone, as PostgreSQL
// resolves them itself.
//
// It checks before it creates, so a role that may not create schemas
// still opens a schema that exists; if it may not and the schema is
// missing, the error says what to do. Two Opens that race to create the
// schema both succeed.
func ensureSchema(ctx context.Context, db *sql.DB) error {
	var path string
	if err := db.QueryRowContext(ctx, "SELECT current_setting('search_path')").Scan(&path); err != nil {
		return fmt.Errorf("read search_path: %w", err)
	}
	schema, ok := firstSchema(path)
	if !ok {
		return nil
	}
	exists, err := schemaExists(ctx, db, schema)
	if err != nil || exists {
		return err
	}
	create := "CREATE SCHEMA IF NOT EXISTS " + pgx.Identifier{schema}.Sanitize()
	if _, err := db.ExecContext(ctx, create); err != nil {
		if exists, again := schemaExists(ctx, db, schema); again == nil && exists {
			return nil // another Open created it first
		}
		return fmt.Errorf("schema %q, first in the search_path, does not exist and could not be created: "+
			"run %s as a role that may (or grant this role CREATE on the database), "+
			"or name an existing schema in the DSN's search_path: %w", schema, create, err)
	}
	return nil
}

// schemaExists reports whether the database has the schema.
func schemaExists(ctx context.Context, db *sql.DB, schema string) (bool, error) {
	var ok bool
	err := db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", schema).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("look for schema %q: %w", schema, err)
	}
	return ok, nil
}

// firstSchema returns the first schema a search_path names, read as
// PostgreSQL reads the list: surrounding spaces are dropped, an unquoted
// name is folded to lower case (ASCII letters, as PostgreSQL does in
// UTF-8) and ends at a space or comma, and a quoted one is kept as written,
// with "" standing for a quote. It reports false for an empty or malformed
// path, and for "$user" and pg_temp, which are not schemas to create.
func firstSchema(searchPath string) (string, bool) {
	s := strings.TrimLeft(searchPath, " \t\n\r\f\v")
	var name string
	if rest, quoted := strings.CutPrefix(s, `"`); quoted {
		var b strings.Builder
		for {
			i := strings.IndexByte(rest, '"')
			if i < 0 {
				return "", false // unclosed quote
			}
			b.WriteString(rest[:i])
			rest = rest[i+1:]
			if !strings.HasPrefix(rest, `"`) {
				break
			}
			b.WriteByte('"')
			rest = rest[1:]
		}
		name = b.String()
	} else {
		end := strings.IndexAny(s, " \t\n\r\f\v,")
		if end < 0 {
			end = len(s)
		}
		name = strings.Map(func(r rune) rune {
			if 'A' <= r && r <= 'Z' {
				return r + ('a' - 'A')
			}
			return r
		}, s[:end])
	}
	if name == "" || name == "$user" || name == "pg_temp" {
		return "", false
	}
	return name, true
}
