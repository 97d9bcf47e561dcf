package cpd

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/cpdkit/cpdkit/appraisal"
)

// GiveFeedback records the actor's feedback on a completed activity,
// scored against the five levels of professional-development evaluation,
// dated today. Only the person who completed the activity may give it
// (anyone else gets ErrForbidden); feedback is given once per activity
// (again is ErrConflict). It returns the stored feedback, or ErrInvalid
// (naming the field), ErrForbidden or ErrNoActor.
func (s *Development) GiveFeedback(ctx context.Context, f appraisal.Feedback) (appraisal.Feedback, error) {
	op := "give feedback on " + f.Activity
	c, err := s.begin(ctx)
	if err != nil {
		return appraisal.Feedback{}, fmt.Errorf("%s: %w", op, err)
	}
	if c.readOnly() {
		return appraisal.Feedback{}, deny(op)
	}
	f.By, f.Given = c.Person, c.today
	err = s.update(c, func(tx Tx) error {
		a, err := getActivity(ctx, tx, f.Activity)
		switch {
		case err != nil:
			return err
		case a.Person != c.Person:
			return deny(op)
		}
		if err := f.Check(a.view()); err != nil {
			return fromAppraisal(op, err)
		}
		_, err = feedbackRecords.put(ctx, tx, &f, 0, c.change("feedback.give"))
		return err
	})
	if err != nil {
		return appraisal.Feedback{}, hide(op, c, err)
	}
	return f, nil
}

// Feedback returns the feedback on an activity, to anyone who may read its
// person's records; ErrNotFound when none has been given.
func (s *Development) Feedback(ctx context.Context, activity string) (appraisal.Feedback, error) {
	op := "get feedback on " + activity
	c, err := s.begin(ctx)
	if err != nil {
		return appraisal.Feedback{}, fmt.Errorf("%s: %w", op, err)
	}
	var f appraisal.Feedback
	none := false
	err = s.view(c, func(tx Tx) error {
		a, err := getActivity(ctx, tx, activity)
		if err != nil {
			return err
		}
		if err := permit(s.canRead(c, a.Person))(op); err != nil {
			return err
		}
		f, _, err = getAs[appraisal.Feedback](ctx, tx, KindFeedback, activity)
		if errors.Is(err, ErrNotFound) {
			none, err = true, nil
		}
		return err
	})
	switch {
	case err != nil:
		return appraisal.Feedback{}, hide(op, c, err)
	case none:
		return appraisal.Feedback{}, fmt.Errorf("%s: none given: %w", op, ErrNotFound)
	}
	return f, nil
}

// FeedbackReport is the feedback monitoring report for today: average
// scores at each level by provider, activity kind and aspect, as exact
// decimals, and the completed activities still waiting for feedback.
// opts limits it to activities completed in a window (nil: all), and a
// window reads only the activities completed in it, through the links the
// Service keeps (KindCompletion; see Development.RebuildCompletions). The head
// of education (director of school improvement), the IQA, the managing
// director and auditors may read it.
func (s *Development) FeedbackReport(ctx context.Context, opts *appraisal.ReportOptions) (appraisal.Report, error) {
	const op = "feedback report"
	c, err := s.begin(ctx)
	if err != nil {
		return appraisal.Report{}, fmt.Errorf("%s: %w", op, err)
	}
	if !c.monitorsFeedback() {
		return appraisal.Report{}, deny(op)
	}
	var r appraisal.Report
	err = s.view(c, func(tx Tx) error {
		if opts != nil && (opts.From != 0 || opts.Through != 0) {
			// A window: the activities done in it, through their links
			// (KindCompletion), and their feedback.
			done, err := completedIn(ctx, tx, opts.From, opts.Through)
			if err != nil {
				return err
			}
			acts := make([]appraisal.Activity, len(done))
			ids := make([]string, len(done))
			for i := range done {
				acts[i], ids[i] = done[i].view(), done[i].ID
			}
			fb, err := feedbackOn(ctx, tx, ids)
			r = appraisal.BuildReport(c.today, acts, fb, opts)
			return err
		}
		var acts []appraisal.Activity
		err := each(ctx, tx, KindActivity, Query{States: doneStates(), Limit: MaxLimit}, func(rec Record) error {
			a, err := decodeActivity(rec)
			acts = append(acts, a.view())
			return err
		})
		if err != nil {
			return err
		}
		fb, err := listAs[appraisal.Feedback](ctx, tx, KindFeedback, Query{})
		r = appraisal.BuildReport(c.today, acts, fb, opts)
		return err
	})
	if err != nil {
		return appraisal.Report{}, fmt.Errorf("%s: %w", op, err)
	}
	return r, nil
}

// feedbackOn reads the feedback given on the activities with the given
// IDs (feedback is stored under its activity's ID), MaxLimit a call.
func feedbackOn(ctx context.Context, tx Tx, ids []string) ([]appraisal.Feedback, error) {
	slices.Sort(ids)
	var out []appraisal.Feedback
	err := getEach(ctx, tx, KindFeedback, ids, func(r Record) error {
		var f appraisal.Feedback
		if err := decodeRecord(r, &f); err != nil {
			return err
		}
		out = append(out, f)
		return nil
	})
	return out, err
}
