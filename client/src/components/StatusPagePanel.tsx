/**
 * The public status page, from the room (issue 21): whether this incident is on it, under which
 * public name, and the updates written for the page — never the stakeholder updates. Shown only
 * when the server has a status page; the commander (or anyone while there is none) puts the
 * incident on it, comms or the commander publishes, as the server decides.
 */
import { useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import type { IncidentEvent, IncidentMeta } from '../../../shared/documents.ts';
import { PUBLIC_INCIDENT_STATUSES, StatusPageLimits } from '../../../shared/statusPage.ts';
import type { PublicIncidentStatus } from '../../../shared/statusPage.ts';
import { Limits } from '../../../shared/limits.ts';
import { useCommand } from '../api/commands.ts';
import { useFetched } from '../api/useFetched.ts';
import { clockTime } from '../format/time.ts';

interface Props {
  meta: IncidentMeta;
  events: IncidentEvent[];
  /** The server takes the page's toggle from the commander, or from anyone while there is none. */
  mayChange: boolean;
  /** Comms or the commander: the server takes a public update from them. */
  canPublish: boolean;
}

type PublicUpdate = Extract<IncidentEvent, { type: 'statusUpdate.published' }>;

export function StatusPagePanel(props: Props) {
  // 404 while STATUS_PAGE is off: then there is no page to put the incident on.
  const page = useFetched<unknown>('/status/api/v2/status.json');
  if (!page.data || props.meta.private) return null;
  return <StatusPageControls {...props} />;
}

function StatusPageControls({ meta, events, mayChange, canPublish }: Props) {
  const toggle = useCommand();
  const publish = useCommand();
  const onPage = meta.statusPage === true;
  const [title, setTitle] = useState(meta.statusPageTitle ?? '');
  const [text, setText] = useState('');
  const [status, setStatus] = useState<PublicIncidentStatus>('investigating');
  const updates = events.filter((e): e is PublicUpdate => e.type === 'statusUpdate.published');

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!text.trim()) return;
    const reply = await publish.run({ type: 'publishStatusUpdate', incidentId: meta.id, text: text.trim(), status });
    if (reply.ok) setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void send();
  };

  return (
    <section className="panel status-page-panel" aria-labelledby="status-page-heading" data-testid="status-page-panel">
      <header className="panel-header">
        <h2 id="status-page-heading">Status page</h2>
        <a className="small" href="/status" target="_blank" rel="noreferrer">
          Open it
        </a>
      </header>
      <form
        className="status-page-toggle"
        onSubmit={(e) => {
          e.preventDefault();
          void toggle.run({ type: 'setStatusPage', incidentId: meta.id, statusPage: !onPage, ...(!onPage && title.trim() ? { title: title.trim() } : {}) });
        }}
      >
        {!onPage && (
          <input aria-label="Public name" placeholder={`Public name (else “${meta.title}”)`} maxLength={Limits.titleLength} value={title} onChange={(e) => setTitle(e.target.value)} />
        )}
        <button type="submit" className="small-button" disabled={!mayChange || toggle.pending} title={mayChange ? undefined : 'Only the incident commander changes this'}>
          {onPage ? 'Take off the status page' : 'Put on the status page'}
        </button>
        {onPage && <span className="muted small">shown as “{meta.statusPageTitle ?? meta.title}”</span>}
      </form>
      {toggle.error && (
        <p className="form-error" role="alert">
          {toggle.error}
        </p>
      )}
      {onPage && (
        <form className="update-composer" onSubmit={send}>
          <textarea
            aria-label="Update for the status page"
            rows={2}
            maxLength={StatusPageLimits.updateLength}
            placeholder={canPublish ? 'What the public page says now. Ctrl+Enter publishes.' : 'The comms coordinator or commander publishes.'}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
          />
          <div className="update-composer-row">
            <select aria-label="Public status" value={status} onChange={(e) => setStatus(e.target.value as PublicIncidentStatus)}>
              {PUBLIC_INCIDENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s[0]!.toUpperCase() + s.slice(1)}
                </option>
              ))}
            </select>
            <button type="submit" className="primary small-button" disabled={!canPublish || publish.pending || !text.trim()}>
              Publish
            </button>
          </div>
          {publish.error && (
            <p className="form-error small" role="alert">
              {publish.error}
            </p>
          )}
        </form>
      )}
      {updates.length > 0 && (
        <ol className="update-list" reversed>
          {[...updates].reverse().map((u) => (
            <li key={u.updateId} className="update" data-testid="status-page-update">
              <span className="muted small">
                {clockTime(u.at)} · {u.status}
              </span>
              <p className="update-text">{u.text}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
