/**
 * The review flow: name reviewers and submit for review, comment on a section or a passage of
 * it, each named reviewer's decision, publish. The server keeps the review and mirrors it into
 * the document (state, reviewers, decisions, a revision of the comments), so every open page
 * follows it live; comments are read over REST, again whenever that revision moves.
 */
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { Person } from '../../../../shared/incident.ts';
import { decisionRefusal, publishRefusal } from '../../../../shared/postmortem.ts';
import type { PostmortemReview, ReviewActor } from '../../../../shared/postmortem.ts';
import { errorMessage } from '../../api/http.ts';
import { addComment, decideOnReview, publishPostmortem, requestReview, useReviewComments } from '../../api/postmortem.ts';
import { dateTime } from '../../format/time.ts';
import { ReviewDecisions } from './ReviewDecisions.tsx';
import { useSelectedPassage } from './useSelectedPassage.ts';

interface Props {
  incidentId: string;
  review: PostmortemReview;
  sections: Array<{ key: string; title: string }>;
  people: Person[];
  me: ReviewActor;
  /** A principal that may not change the postmortem at all. */
  readOnly: boolean;
}

/** Stated where the Publish button is, so nobody has to guess why it is disabled. */
export const PUBLISH_RULE = 'A named reviewer publishes once at least one named reviewer approved and none asks for changes.';

export function ReviewPanel({ incidentId, review, sections, people, me, readOnly }: Props) {
  const published = review.state === 'published';
  const fetched = useReviewComments(incidentId, `${review.state}:${review.reviewers.join(',')}:${review.commentsRevision}`);
  const [reviewers, setReviewers] = useState<string[]>(review.reviewers);
  const [section, setSection] = useState('');
  const [text, setText] = useState('');
  const { passage, clear: dropPassage } = useSelectedPassage();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const locked = readOnly || published || pending;
  const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? id;
  const titleOf = (key: string) => sections.find((s) => s.key === key)?.title ?? key;
  const chosenSection = section || sections[0]?.key || '';
  const publishBlocked = publishRefusal(review, me);

  // Someone else's submission changes who reviews: the checkboxes follow it.
  const submittedReviewers = review.reviewers.join('\n');
  useEffect(() => setReviewers(submittedReviewers ? submittedReviewers.split('\n') : []), [submittedReviewers]);
  // A selected passage brings its section to the comment form.
  useEffect(() => {
    if (passage) setSection(passage.section);
  }, [passage]);

  const run = async (action: () => Promise<unknown>) => {
    setPending(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setPending(false);
    }
  };

  const toggleReviewer = (id: string, on: boolean) => setReviewers((list) => (on ? [...list.filter((r) => r !== id), id] : list.filter((r) => r !== id)));
  const chooseSection = (key: string) => {
    setSection(key);
    if (passage && passage.section !== key) dropPassage();
  };
  const quote = passage?.section === chosenSection ? passage.quote : undefined;
  const submitComment = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => addComment(incidentId, { section: chosenSection, quote, text }))) {
      setText('');
      dropPassage();
      await fetched.refresh();
    }
  };

  return (
    <section className="postmortem-panel" aria-labelledby="pm-review">
      <h2 id="pm-review">Review</h2>
      <fieldset disabled={locked}>
        <legend>Reviewers</legend>
        {people.map((p) => (
          <label key={p.id} className="inline-field">
            <input type="checkbox" checked={reviewers.includes(p.id)} onChange={(e) => toggleReviewer(p.id, e.target.checked)} />
            <span>{p.name}</span>
          </label>
        ))}
        <button type="button" disabled={reviewers.length === 0} onClick={() => void run(() => requestReview(incidentId, reviewers))}>
          Submit for review
        </button>
      </fieldset>

      <ReviewDecisions
        review={review}
        nameOf={nameOf}
        canDecide={!readOnly && decisionRefusal(review, me) === null}
        myDecision={review.decisions[me.userId]}
        busy={pending}
        decide={(decision) => run(() => decideOnReview(incidentId, decision))}
      />

      <form onSubmit={(e) => void submitComment(e)} aria-label="Add a comment">
        <fieldset disabled={locked}>
          <legend>Comment</legend>
          <label className="field">
            <span>Section</span>
            <select value={chosenSection} onChange={(e) => chooseSection(e.target.value)}>
              {sections.map((s) => (
                <option key={s.key} value={s.key}>
                  {s.title}
                </option>
              ))}
            </select>
          </label>
          {quote ? (
            <div className="field" data-testid="comment-passage">
              <span>On the passage</span>
              <blockquote>{quote}</blockquote>
              <button type="button" className="link-button" onClick={dropPassage}>
                Comment on the whole section
              </button>
            </div>
          ) : (
            <p className="muted small">Select text in a section to comment on that passage.</p>
          )}
          <label className="field">
            <span>Comment</span>
            <textarea rows={2} value={text} onChange={(e) => setText(e.target.value)} />
          </label>
          <button type="submit" disabled={!text.trim() || !chosenSection}>
            Add comment
          </button>
        </fieldset>
      </form>

      <ul className="postmortem-comments" aria-label="Comments" data-testid="postmortem-comments">
        {(fetched.data?.comments ?? []).map((c) => (
          <li key={c.id} data-testid="postmortem-comment">
            <strong>{c.author.name}</strong> <span className="muted small">on {titleOf(c.section)} · {dateTime(c.at)}</span>
            {c.quote && <blockquote>{c.quote}</blockquote>}
            <p>{c.text}</p>
          </li>
        ))}
      </ul>
      {fetched.error && <p className="form-error small">{fetched.error}</p>}

      <button type="button" className="primary" disabled={locked || publishBlocked !== null} onClick={() => void run(() => publishPostmortem(incidentId))}>
        Publish
      </button>
      {!published && (
        <p className="muted small" data-testid="publish-rule">
          {PUBLISH_RULE}
          {review.state === 'in_review' && publishBlocked && ` Now: ${publishBlocked.reason}.`}
        </p>
      )}
      <p className="form-error small" role="alert">
        {error}
      </p>
    </section>
  );
}
