import type { IncidentStatus } from '../../../shared/incident.ts';

const LABEL: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export function statusLabel(status: IncidentStatus): string {
  return LABEL[status];
}

/** The status in words; resolved gets a tick so a finished incident stands out without colour. */
export function StatusBadge({ status }: { status: IncidentStatus }) {
  return (
    <span className={`status status-${status}`}>
      {status === 'resolved' && <span aria-hidden="true">✓ </span>}
      {LABEL[status]}
    </span>
  );
}
