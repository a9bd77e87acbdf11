/**
 * What a stakeholder link shows: status, severity, who leads and who communicates, published
 * updates, and the transcript unless the responders hide it. Live, read-only, phone-friendly.
 * There is no control that writes here, and the server refuses writes from this link anyway.
 */
import { useEffect, useMemo } from 'react';
import { roleLabel } from '../../../shared/roles.ts';
import { definitionsOf } from '../../../shared/stateDoc.ts';
import { fieldText } from '../components/fields/FieldInput.tsx';
import { ConnectionBanner, describeConnection } from '../components/ConnectionBanner.tsx';
import { Elapsed } from '../components/Elapsed.tsx';
import { SeverityBadge, severityName } from '../components/SeverityBadge.tsx';
import { StatusBadge, statusLabel } from '../components/StatusBadge.tsx';
import { TranscriptList } from '../components/TranscriptList.tsx';
import { UpdateCadence } from '../components/UpdateCadence.tsx';
import { UpdateList } from '../components/UpdateList.tsx';
import { clockTime, zoneLabel } from '../format/time.ts';
import { CloseCode } from '../../../shared/closeCodes.ts';
import { onlyMaps, responderRoots } from '../../../shared/responderDoc.ts';
import { useIncidentDocs } from '../sync/useIncidentDocs.ts';
import type { IncidentDocs } from '../sync/useIncidentDocs.ts';
import { useBrowserOnline, useLinkStatus } from '../sync/useLinkStatus.ts';
import { useStateDoc } from '../sync/useStateDoc.ts';
import { useYArray } from '../sync/useYjs.ts';

export function StakeholderPage({ incidentId, token }: { incidentId: string; token: string | null }) {
  if (!token) {
    return (
      <main className="notice-page">
        <h1>Incident status</h1>
        <p role="alert">This stakeholder link is incomplete: the part after “#token=” is missing. Ask the responders for the full link.</p>
      </main>
    );
  }
  return <StakeholderView incidentId={incidentId} token={token} />;
}

function StakeholderView({ incidentId, token }: { incidentId: string; token: string }) {
  const docs = useIncidentDocs(incidentId, { kind: 'stakeholder', token });
  return docs ? <StakeholderIncident docs={docs} /> : <div className="splash" aria-busy="true" />;
}

function StakeholderIncident({ docs }: { docs: IncidentDocs }) {
  const state = useStateDoc(docs.stateDoc);
  const stateLink = useLinkStatus(docs.stateLink);
  const transcriptLink = useLinkStatus(docs.responderLink);
  const online = useBrowserOnline();
  const all = useYArray(responderRoots(docs.responderDoc).transcript);
  const entries = useMemo(() => onlyMaps(all), [all]);
  const { meta, roles } = state;
  const hidden = meta?.hideTranscript === true;
  const refusedTranscript = transcriptLink.closed?.code === CloseCode.forbidden;

  // The server refuses the transcript to stakeholders while it is hidden; ask for it only when shared.
  useEffect(() => {
    if (!meta) return;
    if (hidden) docs.responderLink.disconnect();
    else if (!docs.responderLink.shouldConnect && !stateLink.closed?.fatal) docs.responderLink.connect();
  }, [docs, meta, hidden, stateLink.closed?.fatal]);

  useEffect(() => {
    if (meta) document.title = `${severityName(meta.severity, definitionsOf(meta))} ${statusLabel(meta.status, definitionsOf(meta))}: ${meta.title}`;
  }, [meta]);

  const connection = describeConnection(stateLink, online, 'What you see may be out of date.');

  if (!meta) {
    return (
      <div className="stakeholder">
        <ConnectionBanner view={connection} />
        <main className="notice-page">
          {connection.kind === 'refused' ? <p role="alert">{connection.detail}</p> : <p aria-busy="true">Loading the incident…</p>}
        </main>
      </div>
    );
  }

  const defs = definitionsOf(meta);
  const hasComms = defs.roles.some((r) => r.key === 'comms');
  const shownFields = defs.fields.filter((f) => f.public && state.publicFields[f.key] !== undefined);
  return (
    <div className="stakeholder" data-testid="stakeholder-view">
      <ConnectionBanner view={connection} />
      <main className="stakeholder-main">
        <header className="stakeholder-header">
          <div className="stakeholder-badges">
            <SeverityBadge severity={meta.severity} defs={defs} large />
            <StatusBadge status={meta.status} defs={defs} />
          </div>
          <h1 data-testid="incident-title">{meta.title}</h1>
          {meta.service && <p className="muted">{meta.service}</p>}
          <dl className="facts">
            <div>
              <dt>Declared</dt>
              <dd>
                {clockTime(meta.createdAt)} · <Elapsed since={meta.createdAt} until={meta.resolvedAt} /> {meta.resolvedAt ? 'to resolve' : 'ago'}
              </dd>
            </div>
            <div>
              <dt>{roleLabel('commander', defs)}</dt>
              <dd data-testid="stakeholder-commander">{roles.commander?.name ?? 'not yet assigned'}</dd>
            </div>
            {hasComms && (
              <div>
                <dt>{roleLabel('comms', defs)}</dt>
                <dd data-testid="stakeholder-comms">{roles.comms?.name ?? 'not yet assigned'}</dd>
              </div>
            )}
            {shownFields.map((field) => (
              <div key={field.key} data-testid={`stakeholder-field-${field.key}`}>
                <dt>{field.name}</dt>
                <dd>{fieldText(field, state.publicFields[field.key], state.people)}</dd>
              </div>
            ))}
            {meta.nextUpdateDue != null && (
              <div>
                <dt>Next update</dt>
                <dd>
                  <UpdateCadence due={meta.nextUpdateDue} />
                </dd>
              </div>
            )}
          </dl>
          {meta.summary && <p className="summary">{meta.summary}</p>}
          <p className="muted small" data-testid="time-zone">
            Times are in your time zone, {zoneLabel(meta.createdAt)}.
          </p>
        </header>
        <section aria-labelledby="s-updates">
          <h2 id="s-updates">Updates</h2>
          <UpdateList defs={defs} updates={state.updates} emptyText="No update has been published yet. This page updates by itself." />
        </section>
        <section aria-labelledby="s-transcript" className="stakeholder-transcript">
          <h2 id="s-transcript">Responders’ transcript</h2>
          {hidden || refusedTranscript ? (
            <p className="empty" data-testid="transcript-hidden">
              The transcript is not shared for this incident.
            </p>
          ) : (
            <TranscriptList entries={entries} authorOf={state.authorOfClient} editable={false} />
          )}
        </section>
      </main>
    </div>
  );
}
