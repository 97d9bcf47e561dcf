package cpd

import (
	"context"
	"errors"
	"fmt"
	"slices"
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

// The record layer's many-at-a-time reads and writes. Each uses the Tx's
// optional capability when it has one (ReadManyTx, BulkTx, UpdateManyTx)
// and falls back to one record at a time when it does not, here and
// nowhere else: the use cases call these and never ask what the Tx can
// do.

// getMany reads the records of the kind with the given IDs that exist, by
// ID: in one call per few hundred IDs when the Tx offers ReadManyTx, with
// Get otherwise.
func getMany(ctx context.Context, tx Tx, kind Kind, ids []string) (map[string]Record, error) {
	out := make(map[string]Record, len(ids))
	if rt, ok := tx.(ReadManyTx); ok {
		rs, err := rt.GetMany(ctx, kind, ids)
		for _, r := range rs {
			out[r.ID] = r
		}
		return out, err
	}
	for _, id := range ids {
		switch r, err := tx.Get(ctx, kind, id); {
		case err == nil:
			out[id] = r
		case !errors.Is(err, ErrNotFound):
			return nil, err
		}
	}
	return out, nil
}

// getEach calls fn with each record of the kind whose ID is in ids and
// exists, in the order of ids, reading MaxLimit of them a call (see
// getMany), so that it holds one call's records at a time.
func getEach(ctx context.Context, tx Tx, kind Kind, ids []string, fn func(Record) error) error {
	for chunk := range slices.Chunk(ids, MaxLimit) {
		rs, err := getMany(ctx, tx, kind, chunk)
		if err != nil {
			return err
		}
		for _, id := range chunk {
			if r, ok := rs[id]; ok {
				if err := fn(r); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// putMany creates records with the Tx's PutMany if it has one, and with
// Put each otherwise.
func putMany(ctx context.Context, tx Tx, rs []Record, c Change) error {
	if bt, ok := tx.(BulkTx); ok {
		_, err := bt.PutMany(ctx, rs, c)
		return err
	}
	for _, r := range rs {
		if _, err := tx.Put(ctx, r, c); err != nil {
			return err
		}
	}
	return nil
}

// updateMany rewrites existing records, each over the version read, with
// the Tx's UpdateMany if it has one, and with Put each otherwise.
func updateMany(ctx context.Context, tx Tx, rs []Record, c Change) error {
	if ut, ok := tx.(UpdateManyTx); ok {
		_, err := ut.UpdateMany(ctx, rs, c)
		return err
	}
	for _, r := range rs {
		if _, err := tx.Put(ctx, r, c); err != nil {
			return err
		}
	}
	return nil
}

// listOwners returns every record of the kind whose owner is one of owners
// ("" for records without one) and, when states is not empty, whose state
// is one of states, ordered by owner, then ID: with the Tx's ListOwners if
// it has one, and a List per owner otherwise.
func listOwners(ctx context.Context, tx Tx, kind Kind, owners, states []string) ([]Record, error) {
	if rt, ok := tx.(ReadManyTx); ok {
		return rt.ListOwners(ctx, kind, owners, states)
	}
	owners = slices.Compact(slices.Sorted(slices.Values(owners)))
	var out []Record
	for _, o := range owners {
		err := each(ctx, tx, kind, Query{Owner: o, States: states, Limit: MaxLimit}, func(r Record) error {
			if r.Owner == o { // Owner "" lists every record: keep the ownerless
				out = append(out, r)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
