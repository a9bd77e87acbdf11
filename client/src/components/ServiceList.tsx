/** The services on the roster and who is on call for each, at a glance. */
import type { EscalationPolicyView, ServiceEntry } from '../api/roster.ts';
import { dateTime } from '../format/time.ts';

interface Props {
  services: ServiceEntry[];
  policies: EscalationPolicyView[];
  selected: string | null;
  onSelect: (service: string) => void;
}

/** Who is on call for a service now: its policy's step 1 schedules, else its fixed primary. */
export function onCallNowText(s: ServiceEntry): string | null {
  if (s.onCallNow) return s.onCallNow.length ? s.onCallNow.map((p) => p.name).join(', ') : null;
  return s.primary?.name ?? null;
}

export function ServiceList({ services, policies, selected, onSelect }: Props) {
  const policyName = (id: string) => policies.find((p) => p.id === id)?.name ?? id;
  if (services.length === 0) {
    return <p className="empty">No service is on the roster yet. Add one to have its on-call people paged when an incident is declared for it.</p>;
  }
  return (
    <table className="lobby-table roster-table">
      <thead>
        <tr>
          <th scope="col">Service</th>
          <th scope="col">On call now</th>
          <th scope="col">Escalation</th>
          <th scope="col">Experts</th>
          <th scope="col">Pages also go to</th>
        </tr>
      </thead>
      <tbody>
        {services.map((s) => (
          <tr key={s.service} className={s.service === selected ? 'selected' : undefined} data-testid="roster-row" data-service={s.service}>
            <td className="lobby-title">
              <button type="button" className="link-button roster-service" onClick={() => onSelect(s.service)} aria-label={`Edit ${s.service}`}>
                {s.service}
              </button>
              <span className="muted small">updated {dateTime(s.updatedAt)}</span>
            </td>
            <td data-testid="roster-primary">{onCallNowText(s) ?? <span className="muted">nobody</span>}</td>
            <td className="small">
              {s.escalationPolicyId ? (
                `policy ${policyName(s.escalationPolicyId)}`
              ) : s.secondary ? (
                `then ${s.secondary.name}`
              ) : (
                <span className="muted">nobody</span>
              )}
            </td>
            <td className="small">{s.smes.length === 0 ? <span className="muted">none</span> : s.smes.map((x) => `${x.name} (${x.domain})`).join(', ')}</td>
            <td className="small">
              {s.webhooks.length + s.slackWebhooks.length === 0 ? (
                <span className="muted">in-app only</span>
              ) : (
                [s.webhooks.length && `${s.webhooks.length} webhook${s.webhooks.length > 1 ? 's' : ''}`, s.slackWebhooks.length && `${s.slackWebhooks.length} Slack`]
                  .filter(Boolean)
                  .join(' · ')
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
