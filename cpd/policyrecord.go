package cpd

import (
	"errors"
	"sync"
)

// KindCompliancePolicy is a record of the compliance policy that stored
// statuses were evaluated against: its ID is the policy's fingerprint
// (Status.Policy), and it lists the policy's requirements, by ID and name,
// in the policy's order, which is the order of the items of every status
// stored under that fingerprint. A status record keeps only its items'
// statuses and days, so this is what names them for a reader of the
// database that is not the Service, such as adapters/sqlstore's
// cpdkit_compliance view.
//
// The Service writes it in the same transaction as the first status it
// writes under its policy in an organisation (so a status is never
// stored without it), and never changes or deletes it: a policy change
// gives a new fingerprint, and so a second record beside the first. It
// has no owner, its state is the policy's ID, and its writing is audited
// as "compliance_policy.record" by the actor whose change wrote the
// status.
const KindCompliancePolicy Kind = "compliance_policy"

// policyRecord is the data of a KindCompliancePolicy record.
type policyRecord struct {
	// Policy is the fingerprint, as statuses store it (Status.Policy).
	Policy       string              `json:"policy"`
	ID           string              `json:"id"`
	Name         string              `json:"name,omitzero"`
	Requirements []policyRequirement `json:"requirements"`
}

// policyRequirement is one requirement of a policyRecord.
type policyRequirement struct {
	ID   string `json:"id"`
	Name string `json:"name,omitzero"`
	Kind string `json:"kind"`
}

// policyNotes remembers the organisations known to hold the record of the
// Service's policy, so that writing a status costs no read for it once
// the record is there. An organisation is known only once the record has
// been seen by a transaction other than the one that wrote it: a
// transaction that writes it may yet roll back.
type policyNotes struct {
	mu    sync.Mutex
	held  map[string]bool
	wrote map[string]Tx // the transaction that wrote the record, by organisation
}

// notePolicy writes the record of the Service's policy in tx, the
// transaction of the acting organisation, unless it is there. Every
// write of a status calls it first.
func (s *kernel) notePolicy(c *work) error {
	n := &s.policyNotes
	a, known := ActorFrom(c.ctx)
	if known {
		n.mu.Lock()
		held := n.held[a.Org]
		n.mu.Unlock()
		if held {
			return nil
		}
	}
	switch _, err := c.tx.Get(c.ctx, KindCompliancePolicy, s.policy); {
	case err == nil:
		if known {
			n.mu.Lock()
			if w, ok := n.wrote[a.Org]; !ok || !sameTx(w, c.tx) {
				if n.held == nil {
					n.held = map[string]bool{}
				}
				n.held[a.Org] = true
				delete(n.wrote, a.Org)
			}
			n.mu.Unlock()
		}
		return nil
	case !errors.Is(err, ErrNotFound):
		return err
	}
	pol := s.eval.Policy()
	rec := policyRecord{Policy: s.policy, ID: pol.ID, Name: pol.Name, Requirements: make([]policyRequirement, len(s.reqs))}
	for i, r := range s.reqs {
		rec.Requirements[i] = policyRequirement{ID: r.ID, Name: r.Name, Kind: r.Kind.String()}
	}
	_, err := save(c.ctx, c.tx, Record{Kind: KindCompliancePolicy, ID: s.policy, State: pol.ID}, rec,
		Change{Actor: c.ch.Actor, Action: "compliance_policy.record", At: c.ch.At})
	if errors.Is(err, ErrConflict) {
		// Another transaction, which this one could not see when it
		// read, has written the record since: it is there, and the
		// failed Put left this transaction usable.
		return nil
	}
	if err == nil && known {
		n.mu.Lock()
		if n.wrote == nil {
			n.wrote = map[string]Tx{}
		}
		n.wrote[a.Org] = c.tx
		n.mu.Unlock()
	}
	return err
}

// sameTx reports whether a and b are the same transaction. Transactions
// of a type that cannot be compared are taken to be the same, which only
// costs a read.
func sameTx(a, b Tx) (same bool) {
	defer func() {
		if recover() != nil {
			same = true
		}
	}()
	return a == b
}
