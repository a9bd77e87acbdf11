/**
 * What stakeholders are told. The comms coordinator or the commander writes and publishes;
 * everyone sees what went out. The links stakeholders follow are made and revoked here too.
 */
import { useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import type { IncidentMeta, RoleHolder, StakeholderUpdate } from '../../../shared/documents.ts';
import { Limits } from '../../../shared/limits.ts';
import { useCommand } from '../api/commands.ts';
import { StakeholderLinks } from './StakeholderLinks.tsx';
import { StakeholderSharing } from './StakeholderSharing.tsx';
import { UpdateCadence } from './UpdateCadence.tsx';
import { UpdateList } from './UpdateList.tsx';
import { definitionsOf } from '../../../shared/stateDoc.ts';

interface Props {
  meta: IncidentMeta;
  commander: RoleHolder | undefined;
  myUserId: string;
  updates: StakeholderUpdate[];
  /** Whether the server will accept a publish from you: you hold comms or commander. */
  canPublish: boolean;
  /** When the next update is due by the severity's cadence (null once resolved). */
  nextUpdateDue: number | null | undefined;
}

export function StakeholderUpdates({ meta, commander, myUserId, updates, canPublish, nextUpdateDue }: Props) {
  const incidentId = meta.id;
  const [text, setText] = useState('');
  const { run, pending, error } = useCommand();

  const publish = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!text.trim()) return;
    const reply = await run({ type: 'publishUpdate', incidentId, text: text.trim() });
    if (reply.ok) setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void publish();
  };

  return (
    <section className="panel updates-panel" aria-labelledby="updates-heading">
      <header className="panel-header">
        <h2 id="updates-heading">Stakeholder updates</h2>
        <StakeholderLinks incidentId={incidentId} />
      </header>
      <StakeholderSharing meta={meta} commander={commander} myUserId={myUserId} />
      {nextUpdateDue != null && (
        <p className="cadence-line">
          <UpdateCadence due={nextUpdateDue} />
        </p>
      )}
      <form className="update-composer" onSubmit={publish}>
        <textarea
          aria-label="Update for stakeholders"
          rows={2}
          maxLength={Limits.updateLength}
          placeholder={canPublish ? 'What stakeholders should know now. Ctrl+Enter publishes.' : 'Drafts only: the comms coordinator or commander publishes.'}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <div className="update-composer-row">
          <span className={error ? 'form-error small' : 'muted small'} role={error ? 'alert' : undefined}>
            {error ?? (canPublish ? 'Stakeholders see it at once.' : 'Claim Communication coordinator or Incident commander to publish.')}
          </span>
          <button type="submit" className="primary small-button" disabled={!canPublish || pending || !text.trim()}>
            Publish
          </button>
        </div>
      </form>
      <div className="panel-scroll">
        <UpdateList defs={definitionsOf(meta)} updates={updates} emptyText="Nothing published yet." />
      </div>
    </section>
  );
}
