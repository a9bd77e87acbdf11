/** One list of rules as rows: minutes after the page, and a checkbox per contact method. */
import type { NotificationRule } from '../../../../shared/notifications.ts';
import type { ContactMethod } from '../../api/notifications.ts';

interface Props {
  idPrefix: string;
  rules: NotificationRule[];
  methods: ContactMethod[];
  onChange: (rules: NotificationRule[]) => void;
}

export function RuleRows({ idPrefix, rules, methods, onChange }: Props) {
  const update = (index: number, patch: Partial<NotificationRule>) => onChange(rules.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const toggle = (index: number, methodId: string, on: boolean) => {
    const ids = rules[index]!.contactMethodIds;
    update(index, { contactMethodIds: on ? [...ids, methodId] : ids.filter((id) => id !== methodId) });
  };
  const last = rules.at(-1)?.afterMinutes ?? -5;
  return (
    <>
      <ol className="notification-rules">
        {rules.map((rule, i) => (
          <li key={i}>
            <label htmlFor={`${idPrefix}-${i}-minutes`}>After (minutes)</label>{' '}
            <input
              id={`${idPrefix}-${i}-minutes`}
              type="number"
              min={0}
              max={1440}
              value={rule.afterMinutes}
              onChange={(e) => update(i, { afterMinutes: Math.max(0, Math.trunc(Number(e.target.value) || 0)) })}
            />
            {methods.map((m) => (
              <label key={m.id}>
                <input type="checkbox" checked={rule.contactMethodIds.includes(m.id)} onChange={(e) => toggle(i, m.id, e.target.checked)} /> {m.type} {m.address}
              </label>
            ))}
            <button type="button" className="link-button" onClick={() => onChange(rules.filter((_, j) => j !== i))} aria-label={`Remove rule ${i + 1}`}>
              Remove
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="small-button"
        onClick={() => onChange([...rules, { afterMinutes: last + 5, contactMethodIds: methods[0] ? [methods[0].id] : [] }])}
      >
        Add a rule
      </button>
    </>
  );
}
