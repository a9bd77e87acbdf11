/** The top of the postmortem: the incident, where the review stands, the way back and the exports. */
import type { IncidentMeta } from '../../../../shared/documents.ts';
import type { Person } from '../../../../shared/incident.ts';
import type { PostmortemReview } from '../../../../shared/postmortem.ts';
import { postmortemExports } from '../../api/postmortem.ts';
import { dateTime } from '../../format/time.ts';
import { Link } from '../../routing/router.tsx';

function reviewWords(review: PostmortemReview, nameOf: (id: string) => string): string {
  switch (review.state) {
    case 'draft':
      return 'Draft';
    case 'in_review':
      return `In review by ${review.reviewers.map(nameOf).join(', ')}`;
    case 'published':
      return `Published${review.publishedAt === null ? '' : ` ${dateTime(review.publishedAt)}`}${review.publishedBy ? ` by ${nameOf(review.publishedBy)}` : ''} — read-only`;
  }
}

export function PostmortemHeader({ meta, review, people }: { meta: IncidentMeta; review: PostmortemReview; people: Person[] }) {
  const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? id;
  const exports = postmortemExports(meta.id);
  return (
    <header className="incident-header">
      <div className="incident-title-row">
        <Link to={`/incidents/${meta.id}`} className="back" aria-label="Back to the incident room">
          ←
        </Link>
        <h1 className="incident-title">Postmortem: {meta.title}</h1>
        <span className="muted small incident-ids">{meta.id}</span>
      </div>
      <div className="incident-controls">
        <span className={`review-state review-${review.state}`} role="status" data-testid="review-state" data-state={review.state}>
          {reviewWords(review, nameOf)}
        </span>
        <span className="exports">
          <span className="muted small">Export</span>
          <a href={exports.markdown} target="_blank" rel="noreferrer">
            Markdown
          </a>
          <a href={exports.html} target="_blank" rel="noreferrer">
            HTML (print to PDF)
          </a>
        </span>
      </div>
    </header>
  );
}
