package cpd

import (
	"context"
	"fmt"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/budget"
)

func getClaim(ctx context.Context, tx Tx, id string) (budget.Claim, int64, error) {
	return claimRecords.get(ctx, tx, id)
}

func putClaim(ctx context.Context, tx Tx, c *budget.Claim, version int64, ch Change) error {
	_, err := claimRecords.put(ctx, tx, c, version, ch)
	return err
}

// SubmitClaim makes an expense claim for a completed funded activity:
// itemised (fee, travel, subsistence, accommodation), dated today, due
// within the budget policy's period of the completion (a later claim is
// accepted and marked Late), and needing the policy's claim approver, and
// its excess approvers too when it is above what is still committed
// (judged again when it is approved; see ApproveClaim). The actor is
// recorded as its SubmittedBy, and may not approve it. A
// final claim releases whatever of the commitment it leaves unspent when
// approved. The person themself, their line manager, administrators and
// the head of education may submit it, also after the person has left.
// Errors: ErrInvalid (including an activity not completed or asking for no
// money), ErrForbidden, ErrNotFound, ErrNoActor.
func (s *Budgets) SubmitClaim(ctx context.Context, activity string, items []budget.Cost, final bool) (budget.Claim, error) {
	const op = "claim submit"
	c, p, err := s.budgetCaller(ctx, op)
	if err != nil {
		return budget.Claim{}, err
	}
	var cl budget.Claim
	err = s.update(c, func(tx Tx) error {
		a, err := getActivity(ctx, tx, activity)
		if err != nil {
			return err
		}
		if err := permit(s.canRecord(c, a.Person))(op); err != nil {
			return err
		}
		if a.Funding == nil {
			return invalid("activity", "%s asks for no money", a.ID)
		}
		b, _, err := getBudget(ctx, tx, a.Funding.Budget)
		if err != nil {
			return err
		}
		r, err := s.budgetRequest(c, &a, &b)
		if err != nil {
			return err
		}
		completed := a.Completed
		if !a.State.Done() {
			completed = 0 // budget refuses a claim before completion
		}
		if cl, err = p.NewClaim(s.newID(), &r, items, completed, c.today, outstanding(p, &a)); err != nil {
			return err
		}
		cl.Final, cl.SubmittedBy = final, c.Person
		return putClaim(ctx, tx, &cl, 0, c.change("claim.submitted"))
	})
	if err != nil {
		return budget.Claim{}, hide(op+" for "+activity, c, err)
	}
	return cl, nil
}

// ApproveClaim records the actor's approval of a submitted claim, in a
// role its chain waits for; nobody approves their own, nor one they
// submitted. The claim's excess over the commitment is judged again first,
// in the same transaction as the spend, against what is still committed
// now (budget.Policy.Rejudge): claims approved since it was made have
// spent some of it, so a claim that fitted when submitted may now need the
// excess approvers too. On the last
// approval, in the same transaction, the claim's total is spent from the
// activity's line, settling its commitment first (anything beyond must be
// affordable: ErrInsufficientFunds), and a final claim releases the rest
// of the commitment. A conflict with another writer is retried. Errors
// also: ErrForbidden, ErrTransition (not submitted), ErrNotFound,
// ErrNoActor.
func (s *Budgets) ApproveClaim(ctx context.Context, id string) (budget.Claim, error) {
	return retry(ctx, func() (budget.Claim, error) {
		return s.decideClaim(ctx, id, "claim.approved", func(p *budget.Policy, cl *budget.Claim, r *budget.Request, by budget.Approver, today date.Date) error {
			_, err := p.ApproveClaim(cl, r, by, today)
			return err
		})
	})
}

// RejectClaim records that the actor refused a submitted claim, with a
// reason; anyone who may approve it now may. Nothing is spent. Errors:
// ErrInvalid, ErrForbidden, ErrTransition, ErrNotFound, ErrNoActor.
func (s *Budgets) RejectClaim(ctx context.Context, id, reason string) (budget.Claim, error) {
	return s.decideClaim(ctx, id, "claim.rejected", func(p *budget.Policy, cl *budget.Claim, r *budget.Request, by budget.Approver, today date.Date) error {
		return p.RejectClaim(cl, r, by, reason, today)
	})
}

// decideClaim runs one decision on a claim in a transaction, and spends
// the money when it leaves the claim approved.
func (s *kernel) decideClaim(ctx context.Context, id, action string,
	decide func(*budget.Policy, *budget.Claim, *budget.Request, budget.Approver, date.Date) error) (budget.Claim, error) {
	c, p, err := s.budgetCaller(ctx, action)
	if err != nil {
		return budget.Claim{}, err
	}
	var cl budget.Claim
	err = s.update(c, func(tx Tx) error {
		var v int64
		if cl, v, err = getClaim(ctx, tx, id); err != nil {
			return err
		}
		a, err := getActivity(ctx, tx, cl.Request)
		if err != nil {
			return err
		}
		if a.Funding == nil {
			return invalid("claim", "activity %s asks for no money", a.ID)
		}
		b, _, err := getBudget(ctx, tx, a.Funding.Budget)
		if err != nil {
			return err
		}
		r, err := s.budgetRequest(c, &a, &b)
		if err != nil {
			return err
		}
		if cl.State == budget.ClaimSubmitted {
			if err := p.Rejudge(&cl, &r, outstanding(p, &a)); err != nil {
				return err
			}
		}
		if err := decide(p, &cl, &r, c.approver(), c.today); err != nil {
			return err
		}
		audited := action
		if action == "claim.approved" && cl.State != budget.ClaimApproved {
			audited = "claim.approval_recorded" // the chain still waits for others
		}
		ch := c.act(audited)
		if cl.State == budget.ClaimApproved {
			if err := s.payClaim(c, &cl, &a); err != nil {
				return err
			}
		}
		return putClaim(ctx, tx, &cl, v, ch)
	})
	if err != nil {
		return budget.Claim{}, hide(action+" "+id, c, err)
	}
	return cl, nil
}

// outstanding is what is still committed to a funded activity: nothing
// before it is approved, and less once claims have been paid.
func outstanding(p *budget.Policy, a *Activity) budget.Money {
	if a.Funding.Commitment != nil {
		return a.Funding.Commitment.Outstanding
	}
	return budget.NewCommitment(a.ID, a.Funding.Line, p.Currency).Outstanding
}

// payClaim spends an approved claim from the activity's line and updates
// the activity's commitment.
func (s *kernel) payClaim(c *work, cl *budget.Claim, a *Activity) error {
	a.Funding = a.Funding.clone()
	f := a.Funding
	if f.Commitment == nil {
		nc := budget.NewCommitment(a.ID, cl.Line, cl.Outstanding.Currency())
		f.Commitment = &nc
	}
	acct, err := getAccount(c.ctx, c.tx, f.Budget, f.Commitment.Line)
	if err != nil {
		return err
	}
	e, err := acct.Spend(f.Commitment, cl.Total(), s.causeOf(c, "claim.approved", cl.ID, ""), f.Override)
	if err != nil {
		return err
	}
	ps := []posting{{entry: e, owner: a.Person}}
	if cl.Final && f.Commitment.Outstanding.IsPositive() {
		rel, err := acct.Release(f.Commitment, f.Commitment.Outstanding, s.causeOf(c, "claim.settled", cl.ID, "final claim below the commitment"))
		if err != nil {
			return err
		}
		ps = append(ps, posting{entry: rel, owner: a.Person})
	}
	if err := acct.post(c.ctx, c.tx, c.ch, ps...); err != nil {
		return err
	}
	return putActivity(c.ctx, c.tx, a, c.ch)
}

// Claims returns a person's expense claims, in ID order, to anyone who may
// read their records. Errors: ErrForbidden, ErrNoActor.
func (s *Budgets) Claims(ctx context.Context, person string) ([]budget.Claim, error) {
	c, err := s.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("list claims: %w", err)
	}
	if err := permit(s.canRead(c, person))("list claims"); err != nil {
		return nil, err
	}
	var out []budget.Claim
	err = s.view(c, func(tx Tx) error {
		if err := personExists(ctx, tx, person); err != nil {
			return err
		}
		return each(ctx, tx, KindClaim, Query{Owner: person, Limit: MaxLimit}, func(r Record) error {
			var cl budget.Claim
			if err := decodeRecord(r, &cl); err != nil {
				return err
			}
			out = append(out, cl)
			return nil
		})
	})
	if err != nil {
		return nil, hide("list claims of "+person, c, err)
	}
	return out, nil
}
