/**
 * The review flow: name reviewers and submit for review, comment on a section, publish. The
 * server keeps the review and mirrors its state into the document, so every open page follows it;
 * comments are read over REST, again whenever the review changes or one is added here.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Person } from '../../../../shared/incident.ts';
import type { PostmortemReview } from '../../../../shared/postmortem.ts';
import { errorMessage } from '../../api/http.ts';
import { addComment, publishPostmortem, requestReview, useReviewComments } from '../../api/postmortem.ts';
import { dateTime } from '../../format/time.ts';

interface Props {
  incidentId: string;
  review: PostmortemReview;
  sections: Array<{ key: string; title: string }>;
  people: Person[];
  /** A principal that may not change the postmortem at all. */
  readOnly: boolean;
}

export function ReviewPanel({ incidentId, review, sections, people, readOnly }: Props) {
  const published = review.state === 'published';
  const fetched = useReviewComments(incidentId, `${review.state}:${review.reviewers.join(',')}`);
  const [reviewers, setReviewers] = useState<string[]>(review.reviewers);
  const [section, setSection] = useState('');
  const [text, setText] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const locked = readOnly || published || pending;
  const titleOf = (key: string) => sections.find((s) => s.key === key)?.title ?? key;
  const chosenSection = section || sections[0]?.key || '';

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
  const submitComment = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => addComment(incidentId, { section: chosenSection, text }))) {
      setText('');
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

      <form onSubmit={(e) => void submitComment(e)} aria-label="Add a comment">
        <fieldset disabled={locked}>
          <legend>Comment</legend>
          <label className="field">
            <span>Section</span>
            <select value={chosenSection} onChange={(e) => setSection(e.target.value)}>
              {sections.map((s) => (
                <option key={s.key} value={s.key}>
                  {s.title}
                </option>
              ))}
            </select>
          </label>
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

      <button type="button" className="primary" disabled={locked || review.state !== 'in_review'} onClick={() => void run(() => publishPostmortem(incidentId))}>
        Publish
      </button>
      <p className="form-error small" role="alert">
        {error}
      </p>
    </section>
  );
}
