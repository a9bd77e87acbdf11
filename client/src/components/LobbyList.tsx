/**
 * The incident list, ordered for triage: open incidents first, most severe first, newest first
 * within a severity; resolved ones last and muted.
 */
import type { IncidentSummary } from '../../../shared/incident.ts';
import type { IncidentModel } from '../../../shared/incidentModel.ts';
import { useModel } from '../api/useModel.ts';
import { age } from '../format/time.ts';
import { useNow } from '../format/useNow.ts';
import { Link } from '../routing/router.tsx';
import { SeverityBadge, severityOrder } from './SeverityBadge.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { PrivateBadge } from './PrivateBadge.tsx';
import { PracticeBadge } from './PracticeBadge.tsx';

/** Severity ranks by the current model (issue 17); a severity it no longer has ranks last. */
const triageOrder = (model: IncidentModel | null) => (a: IncidentSummary, b: IncidentSummary): number => {
  const resolved = Number(a.statusCategory === 'resolved') - Number(b.statusCategory === 'resolved');
  if (resolved !== 0) return resolved;
  if (a.statusCategory !== 'resolved') {
    const severity = severityOrder(a.severity, model) - severityOrder(b.severity, model);
    if (severity !== 0) return severity;
  }
  return b.createdAt - a.createdAt;
};

export function LobbyList({ incidents, loaded }: { incidents: IncidentSummary[]; loaded: boolean }) {
  const now = useNow(10_000);
  const model = useModel();
  const sorted = [...incidents].sort(triageOrder(model));
  if (loaded && sorted.length === 0) {
    return <p className="empty">No incidents yet. When something breaks, declare one here and share the room.</p>;
  }
  return (
    <table className="lobby-table" aria-busy={!loaded}>
      <thead>
        <tr>
          <th scope="col">Severity</th>
          <th scope="col">Incident</th>
          <th scope="col">Status</th>
          <th scope="col">Commander</th>
          <th scope="col" className="num">
            Age
          </th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((incident) => (
          <tr key={incident.id} className={incident.statusCategory === 'resolved' ? 'resolved' : undefined} data-testid="lobby-row" data-incident={incident.id}>
            <td>
              <SeverityBadge severity={incident.severity} defs={model} />
            </td>
            <td className="lobby-title">
              <Link to={`/incidents/${incident.id}`}>{incident.title}</Link>
              {incident.private && <PrivateBadge />}
              <PracticeBadge incident={incident} />
              <span className="muted small">
                {incident.service ? `${incident.service} · ` : ''}
                {incident.id}
              </span>
            </td>
            <td>
              <StatusBadge status={incident.status} defs={model} />
              {incident.acknowledgedAt === null && incident.statusCategory !== 'resolved' && <span className="unacked">not acknowledged</span>}
            </td>
            <td data-testid="lobby-commander">{incident.commander ? incident.commander.name : <span className="muted">none</span>}</td>
            <td className="num" title={new Date(incident.createdAt).toLocaleString()}>
              {age(now - incident.createdAt)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
