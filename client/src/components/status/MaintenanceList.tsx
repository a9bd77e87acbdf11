import type { ScheduledMaintenance } from '../../../../shared/statusPage.ts';

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Maintenance windows in progress or to come. */
export function MaintenanceList({ windows }: { windows: ScheduledMaintenance[] }) {
  return (
    <ul className="status-maintenance">
      {windows.map((w) => (
        <li key={w.id} id={w.id} data-testid="status-maintenance">
          <strong>{w.name}</strong> {w.status === 'in_progress' ? '(in progress)' : '(scheduled)'}
          <div className="muted">
            <time dateTime={w.scheduled_for}>{when(w.scheduled_for)}</time> – <time dateTime={w.scheduled_until}>{when(w.scheduled_until)}</time>
          </div>
        </li>
      ))}
    </ul>
  );
}
