package cpd

import (
	"context"
	"errors"
	"fmt"
)

// notOwn turns a failed look-up of a record the input names into a
// validation error on that field, so that it reveals no more than "not
// yours"; other errors pass through.
func notOwn(field, id string, err error) error {
	if errors.Is(err, ErrNotFound) {
		return invalid(field, "%s is not one of the person's", id)
	}
	return err
}

// readOwned returns every record of a kind owned by a person, for anyone
// who may read that person's records.
func readOwned[T any](ctx context.Context, s *kernel, kind Kind, person, op string) ([]T, error) {
	c, err := s.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if err := permit(s.canRead(c, person))(op); err != nil {
		return nil, err
	}
	var out []T
	err = s.view(c, func(tx Tx) error {
		if err := personExists(ctx, tx, person); err != nil {
			return err
		}
		out, err = listAs[T](ctx, tx, kind, Query{Owner: person})
		return err
	})
	if err != nil {
		return nil, hide(op+" of "+person, c, err)
	}
	return out, nil
}

// personExists is ErrNotFound for a person who does not exist: a list of
// their records is not an empty list.
func personExists(ctx context.Context, tx Tx, person string) error {
	_, err := tx.Get(ctx, KindPerson, person)
	return err
}

// getAs reads and decodes one record of any kind.
func getAs[T any](ctx context.Context, tx Tx, kind Kind, id string) (T, int64, error) {
	var v T
	version, err := load(ctx, tx, kind, id, &v)
	return v, version, err
}

// listAs decodes every record of a kind matching q.
func listAs[T any](ctx context.Context, tx Tx, kind Kind, q Query) ([]T, error) {
	if q.Limit == 0 {
		q.Limit = MaxLimit
	}
	var out []T
	err := each(ctx, tx, kind, q, func(r Record) error {
		var v T
		if err := decodeRecord(r, &v); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	return out, err
}
