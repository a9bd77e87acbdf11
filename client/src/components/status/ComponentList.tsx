import type { HistoryDay, SummaryComponent } from '../../../../shared/statusPage.ts';
import { COMPONENT_STATUS_NAMES } from '../../../../shared/statusPage.ts';
import { HistoryBar } from './HistoryBar.tsx';

/** Each service, its state now and its last 90 days. */
export function ComponentList({ components, history }: { components: SummaryComponent[]; history: Array<{ componentId: string; days: HistoryDay[] }> }) {
  if (components.length === 0) return <p className="muted">No services are listed yet.</p>;
  return (
    <ul className="status-components" aria-label="Services">
      {components.map((c) => (
        <li key={c.id} className="status-component" data-testid="status-component" data-status={c.status}>
          <div className="status-component-head">
            <span className="status-component-name">{c.name}</span>
            <span className={`status-component-state component-${c.status}`}>{COMPONENT_STATUS_NAMES[c.status]}</span>
          </div>
          <HistoryBar name={c.name} days={history.find((h) => h.componentId === c.id)?.days ?? []} />
        </li>
      ))}
    </ul>
  );
}
