/** Published postmortems, newest first: each title links to its postmortem page. */
import type { PublishedPostmortemListing } from '../../../../shared/api.ts';
import { dateTime } from '../../format/time.ts';
import { Link } from '../../routing/router.tsx';

export function PublishedPostmortemsTable({ postmortems }: { postmortems: readonly PublishedPostmortemListing[] }) {
  if (postmortems.length === 0) return <p className="empty">No published postmortems match.</p>;
  return (
    <table className="postmortems-table">
      <thead>
        <tr>
          <th scope="col">Postmortem</th>
          <th scope="col">Service</th>
          <th scope="col">Published</th>
          <th scope="col">Published by</th>
        </tr>
      </thead>
      <tbody>
        {postmortems.map((p) => (
          <tr key={p.incidentId} data-testid="postmortem-row">
            <td>
              <Link to={`/incidents/${p.incidentId}/postmortem`}>{p.title}</Link>
            </td>
            <td>{p.service ?? <span className="muted">—</span>}</td>
            <td>
              <time dateTime={new Date(p.publishedAt).toISOString()}>{dateTime(p.publishedAt)}</time>
            </td>
            <td>{p.publishedBy?.name ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
