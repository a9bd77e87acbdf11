/**
 * Each named reviewer and where they stand (waiting, approved, changes requested with what to
 * change), live from the document's review root; and, for a named reviewer while the postmortem
 * is in review, their own Approve and Request changes.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { DecisionRequest, PostmortemReview, ReviewDecision } from '../../../../shared/postmortem.ts';
import { dateTime } from '../../format/time.ts';

interface Props {
  review: PostmortemReview;
  nameOf: (userId: string) => string;
  /** Whether this person may decide now (decisionRefusal said nothing). */
  canDecide: boolean;
  myDecision: ReviewDecision | undefined;
  busy: boolean;
  decide: (decision: DecisionRequest) => Promise<boolean>;
}

const WORDS: Record<ReviewDecision['decision'], string> = { approved: 'Approved', changes_requested: 'Changes requested' };

export function ReviewDecisions({ review, nameOf, canDecide, myDecision, busy, decide }: Props) {
  const [note, setNote] = useState('');
  if (review.reviewers.length === 0) return null;

  const requestChanges = async (event: FormEvent) => {
    event.preventDefault();
    if (await decide({ decision: 'changes_requested', note })) setNote('');
  };

  return (
    <div className="review-decisions">
      <ul aria-label="Reviewers’ decisions" className="postmortem-comments">
        {review.reviewers.map((id) => {
          const d = review.decisions[id];
          return (
            <li key={id} data-testid="review-decision" data-decision={d?.decision ?? 'waiting'}>
              <strong>{nameOf(id)}</strong>{' '}
              <span className={d ? undefined : 'muted'}>{d ? WORDS[d.decision] : 'Waiting for a decision'}</span>
              {d && <span className="muted small"> · {dateTime(d.at)}</span>}
              {d?.note && <p>{d.note}</p>}
            </li>
          );
        })}
      </ul>
      {canDecide && (
        <>
          <fieldset disabled={busy}>
            <legend>Your decision</legend>
            <button type="button" disabled={myDecision?.decision === 'approved'} onClick={() => void decide({ decision: 'approved' })}>
              Approve
            </button>
            <span className="muted small">Edits after your approval keep it.</span>
          </fieldset>
          <form onSubmit={(e) => void requestChanges(e)} aria-label="Request changes">
            <fieldset disabled={busy}>
              <legend>Request changes</legend>
              <label className="field">
                <span>What should change</span>
                <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
              </label>
              <button type="submit" disabled={!note.trim()}>
                Request changes
              </button>
            </fieldset>
          </form>
        </>
      )}
    </div>
  );
}
