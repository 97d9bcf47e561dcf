package cpd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/appraisal"
)

// receiptUnread and receiptRead are a receipt record's states.
const (
	receiptUnread = "unread"
	receiptRead   = "read"
)

// SendUpdate sends a regulator or sector update (a funding-body bulletin,
// an inspection-framework change, an awarding-body notice) to the staff
// its audience covers, today, from the actor: the head of education, an
// administrator, the IQA or the managing director. Recipients are every
// member of staff in post whose HR record's roles, job role or team the
// audience names; each gets an unread receipt in the same transaction.
// An audience that covers nobody or names a role that is not one of cpd's
// (audience.roles[i]), or a topic that meets no requirement of the policy
// (which each acknowledgement would evidence), is ErrInvalid.
// It returns the stored update with its recipients.
func (s *Development) SendUpdate(ctx context.Context, u appraisal.Update) (appraisal.Update, error) {
	const op = "send update"
	c, err := s.begin(ctx)
	if err != nil {
		return appraisal.Update{}, fmt.Errorf("%s: %w", op, err)
	}
	if c.readOnly() || !c.id.Has(RoleHeadOfEducation, RoleAdministrator, RoleIQA, RoleManagingDirector) {
		return appraisal.Update{}, deny(op)
	}
	u.ID, u.SentBy, u.Sent, u.Recipients = s.newID(), c.Person, c.today, nil
	u.Topics = slices.Clone(u.Topics)
	if err := u.Validate(); err != nil {
		return appraisal.Update{}, fmt.Errorf("%s: %w", op, fromAppraisal(op, err))
	}
	if err := knownNames("audience.roles", u.Audience.Roles, roleNames, "role"); err != nil {
		return appraisal.Update{}, fmt.Errorf("%s: %w", op, err)
	}
	if err := s.meetRequirements(u.Topics); err != nil {
		return appraisal.Update{}, fmt.Errorf("%s: %w", op, err)
	}
	err = s.update(c, func(tx Tx) error {
		staff, err := s.staffOn(c, c.today)
		if err != nil {
			return err
		}
		if err := u.Address(staff); err != nil {
			return fromAppraisal(op, err)
		}
		ch := c.act("update.send")
		if _, err := updateRecords.put(ctx, tx, &u, 0, ch); err != nil {
			return err
		}
		return putReceipts(ctx, tx, u.Receipts(), ch)
	})
	if err != nil {
		return appraisal.Update{}, fmt.Errorf("%s: %w", op, err)
	}
	return u, nil
}

// AcknowledgeUpdate records that the actor has read an update sent to
// them, today, and in the same transaction gives them a short completed
// CPD activity of kind sector_update (the update's hours and compliance
// topics, its issuer as provider, recorded by the update's sender, so not
// the recipient's to amend) and refreshes their compliance status.
// Only a recipient acknowledges, and only their own copy: anyone else gets
// ErrForbidden, which says nothing about the update. Acknowledging twice
// is ErrConflict. It returns the new activity.
func (s *Development) AcknowledgeUpdate(ctx context.Context, id string) (Activity, error) {
	op := "acknowledge update " + id
	c, err := s.begin(ctx)
	if err != nil {
		return Activity{}, fmt.Errorf("%s: %w", op, err)
	}
	if c.readOnly() {
		return Activity{}, deny(op)
	}
	var a Activity
	err = s.update(c, func(tx Tx) error {
		rc, version, err := getAs[appraisal.Receipt](ctx, tx, KindReceipt, receiptID(id, c.Person))
		if errors.Is(err, ErrNotFound) {
			return deny(op)
		} else if err != nil {
			return err
		}
		u, _, err := getAs[appraisal.Update](ctx, tx, KindUpdate, id)
		if err != nil {
			return err
		}
		p, err := getPerson(ctx, tx, c.Person)
		if err != nil {
			return err
		}
		a = Activity{
			ID: s.newID(), Person: c.Person, Title: "Sector update: " + u.Title, Kind: SectorUpdate, Aspect: KeepingUpToDate,
			Necessity: Necessary, Source: Required, Topics: slices.Clone(u.Topics), Hours: u.Hours, Completed: c.today,
			Provider: u.Issuer, Evidence: "sector_update:" + u.ID, State: Completed, RequestedBy: u.SentBy, RecordedBy: u.SentBy,
		}
		if err := rc.Acknowledge(c.Person, a.Completed, a.ID); err != nil {
			return fromAppraisal(op, err)
		}
		if err := a.Validate(); err != nil {
			return err
		}
		if err := s.fits(c.today, &p, &a); err != nil {
			return err
		}
		ch := c.act("update.acknowledge")
		if err := putActivity(ctx, tx, &a, ch); err != nil {
			return err
		}
		if _, err := receiptRecords.put(ctx, tx, &rc, version, ch); err != nil {
			return err
		}
		return s.refreshStatus(c, &p)
	})
	if err != nil {
		return Activity{}, fmt.Errorf("%s: %w", op, err)
	}
	return a, nil
}

// Readership shows who has read an update and who has not yet: its
// sender, and the roles that read everyone, may ask.
func (s *Development) Readership(ctx context.Context, id string) (appraisal.Readership, error) {
	op := "readership of update " + id
	c, err := s.begin(ctx)
	if err != nil {
		return appraisal.Readership{}, fmt.Errorf("%s: %w", op, err)
	}
	var r appraisal.Readership
	err = s.view(c, func(tx Tx) error {
		u, _, err := getAs[appraisal.Update](ctx, tx, KindUpdate, id)
		if err != nil {
			return err
		}
		if u.SentBy != c.Person && !c.readsEveryone() {
			return deny(op)
		}
		receipts, err := receiptsOf(ctx, tx, id)
		r = appraisal.ReadershipOf(&u, receipts)
		return err
	})
	if err != nil {
		return appraisal.Readership{}, hide(op, c, err)
	}
	return r, nil
}

// Unread returns the updates sent to a person that they have not yet
// acknowledged, to anyone who may read their records.
func (s *Development) Unread(ctx context.Context, person string) ([]appraisal.Update, error) {
	const op = "unread updates"
	c, err := s.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if err := permit(s.canRead(c, person))(op); err != nil {
		return nil, err
	}
	var out []appraisal.Update
	err = s.view(c, func(tx Tx) error {
		if err := personExists(ctx, tx, person); err != nil {
			return err
		}
		receipts, err := listAs[appraisal.Receipt](ctx, tx, KindReceipt, Query{Owner: person, States: []string{receiptUnread}})
		if err != nil {
			return err
		}
		for _, rc := range receipts {
			u, _, err := getAs[appraisal.Update](ctx, tx, KindUpdate, rc.Update)
			if err != nil {
				return err
			}
			out = append(out, u)
		}
		return nil
	})
	if err != nil {
		return nil, hide(op+" for "+person, c, err)
	}
	return out, nil
}

// staffOn lists the organisation's staff in post on a day (the call's today) as audience members,
// by their HR records.
func (s *kernel) staffOn(c *work, today date.Date) ([]appraisal.Member, error) {
	var out []appraisal.Member
	err := each(c.ctx, c.tx, KindPerson, Query{Limit: MaxLimit}, func(r Record) error {
		var p Person
		if err := json.Unmarshal(r.Data, &p); err != nil {
			return fmt.Errorf("decode person %s: %w", r.ID, err)
		}
		if p.Start > today || (p.Leaving != 0 && p.Leaving < today) {
			return nil
		}
		m := appraisal.Member{Person: p.ID, JobRole: p.JobRole, Team: p.Team, Roles: make([]string, len(p.Roles))}
		for i, role := range p.Roles {
			m.Roles[i] = role.String()
		}
		out = append(out, m)
		return nil
	})
	return out, err
}

// receiptID is the ID of a person's receipt of an update. Update IDs come
// from the Service and contain no "/", so an update's receipts are exactly
// the IDs that start with its ID and "/".
func receiptID(update, person string) string { return update + "/" + person }

// putReceipts creates receipts, with the Tx's PutMany if it has one.
func putReceipts(ctx context.Context, tx Tx, receipts []appraisal.Receipt, ch Change) error {
	return receiptRecords.putNew(ctx, tx, receipts, ch)
}

// errPrefixEnd stops a scan past the last ID with a prefix.
var errPrefixEnd = errors.New("end of prefix")

// receiptsOf reads an update's receipts: a scan of the IDs that start
// with the update's ID and "/", which sort together, from just after the
// prefix itself.
func receiptsOf(ctx context.Context, tx Tx, update string) ([]appraisal.Receipt, error) {
	prefix := update + "/"
	var out []appraisal.Receipt
	err := each(ctx, tx, KindReceipt, Query{After: prefix, Limit: MaxLimit}, func(r Record) error {
		if !strings.HasPrefix(r.ID, prefix) {
			return errPrefixEnd
		}
		var rc appraisal.Receipt
		if err := json.Unmarshal(r.Data, &rc); err != nil {
			return fmt.Errorf("decode receipt %s: %w", r.ID, err)
		}
		out = append(out, rc)
		return nil
	})
	if errors.Is(err, errPrefixEnd) {
		err = nil
	}
	return out, err
}
