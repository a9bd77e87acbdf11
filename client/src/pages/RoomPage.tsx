/**
 * The responder room: one screen with the header, the alerts and links that came with the
 * incident, who is here, roles (with checklists and pages), the transcript, action items and
 * stakeholder updates. Panels scroll on their own so the screen never reflows.
 */
import { useEffect, useMemo } from 'react';
import { CloseCode } from '../../../shared/closeCodes.ts';
import type { Person } from '../../../shared/incident.ts';
import { useSession } from '../api/session.tsx';
import { useSocket } from '../api/socket.tsx';
import { ActionItems } from '../components/ActionItems.tsx';
import { AlertsStrip } from '../components/AlertsStrip.tsx';
import { ConnectionBanner, describeConnection } from '../components/ConnectionBanner.tsx';
import { DocumentLoading } from '../components/DocumentLoading.tsx';
import { IncidentHeader } from '../components/IncidentHeader.tsx';
import { MembersPanel } from '../components/MembersPanel.tsx';
import { PanelBoundary } from '../components/PanelBoundary.tsx';
import { PresenceBar } from '../components/PresenceBar.tsx';
import { IncidentFieldsPanel } from '../components/fields/IncidentFieldsPanel.tsx';
import { FollowUpsPanel } from '../components/followUps/FollowUpsPanel.tsx';
import { StatusPagePanel } from '../components/StatusPagePanel.tsx';
import { RolesPanel } from '../components/RolesPanel.tsx';
import { StakeholderUpdates } from '../components/StakeholderUpdates.tsx';
import { TranscriptView } from '../components/TranscriptView.tsx';
import { combineLinks } from '../sync/combineLinks.ts';
import { useIncidentDocs } from '../sync/useIncidentDocs.ts';
import type { IncidentDocs } from '../sync/useIncidentDocs.ts';
import { useBrowserOnline, useLinkStatus } from '../sync/useLinkStatus.ts';
import { usePresence, useTypingSignal } from '../sync/usePresence.ts';
import { useStateDoc } from '../sync/useStateDoc.ts';

export function RoomPage({ incidentId }: { incidentId: string }) {
  const session = useSession();
  const docs = useIncidentDocs(incidentId, { kind: 'responder', userId: session.userId });
  return docs ? <Room docs={docs} /> : <div className="splash" aria-busy="true" />;
}

function Room({ docs }: { docs: IncidentDocs }) {
  const session = useSession();
  const me: Person = useMemo(() => ({ id: session.userId, name: session.name }), [session.userId, session.name]);
  const state = useStateDoc(docs.stateDoc);
  const online = useBrowserOnline();
  const socket = useSocket();
  const link = combineLinks(useLinkStatus(docs.stateLink), useLinkStatus(docs.responderLink));
  const presence = usePresence(docs.awareness, me);
  const setTyping = useTypingSignal(docs.awareness);
  const { meta, roles } = state;
  const present = useMemo(() => new Set(presence.map((p) => p.userId)), [presence]);

  let connection = describeConnection(link, online, 'Keep writing: entries are saved on this device and sync when the connection returns.');
  if (connection.kind === 'refused' && link.closed?.code === CloseCode.unauthorized) {
    connection = { kind: 'refused', detail: `${connection.detail} Open your team's invite link to sign in again; what you wrote here is kept.` };
  }
  // Commands (roles, status, updates) travel over socket.io; say so when only that is down.
  if (connection.kind === 'live' && !socket.connected && socket.socket) {
    connection = { kind: 'offline', detail: 'Reconnecting to the server; role and status changes wait until then.' };
  }

  useEffect(() => {
    if (meta) document.title = `${meta.severity} ${meta.title} · Incident Room`;
  }, [meta?.severity, meta?.title]);

  if (!meta) return <DocumentLoading connection={connection} loading="Loading the incident…" />;

  const canPublish = roles.comms?.id === me.id || roles.commander?.id === me.id;
  return (
    <div className="room" data-testid="room">
      <ConnectionBanner view={connection} />
      <IncidentHeader meta={meta} commander={roles.commander} myUserId={me.id} canPublish={canPublish} />
      <AlertsStrip alerts={state.alerts} links={meta.links ?? []} />
      <PresenceBar people={presence} rolesOf={state.rolesOf} />
      <main className="room-grid">
        <PanelBoundary name="roles">
          <RolesPanel
            meta={meta}
            roles={roles}
            smes={state.smes}
            people={state.people}
            events={state.events}
            pages={state.pages}
            me={me}
            doc={docs.responderDoc}
            present={present}
          />
        </PanelBoundary>
        <PanelBoundary name="transcript">
          <TranscriptView doc={docs.responderDoc} me={me} authorOfClient={state.authorOfClient} scribe={roles.scribe} onTyping={setTyping} />
        </PanelBoundary>
        <div className="room-side">
          <PanelBoundary name="fields">
            <IncidentFieldsPanel meta={meta} people={state.people} />
          </PanelBoundary>
          <PanelBoundary name="members">
            <MembersPanel incidentId={meta.id} isPrivate={meta.private === true} changes={state.events.length} />
          </PanelBoundary>
          <PanelBoundary name="action items">
            <ActionItems doc={docs.responderDoc} people={state.people} />
          </PanelBoundary>
          <PanelBoundary name="follow-ups">
            <FollowUpsPanel incidentId={meta.id} people={state.people} />
          </PanelBoundary>
          <PanelBoundary name="status page">
            <StatusPagePanel meta={meta} events={state.events} mayChange={!roles.commander || roles.commander.id === me.id} canPublish={canPublish} />
          </PanelBoundary>
          <PanelBoundary name="stakeholder updates">
            <StakeholderUpdates meta={meta} commander={roles.commander} myUserId={me.id} updates={state.updates} canPublish={canPublish} nextUpdateDue={meta.nextUpdateDue} />
          </PanelBoundary>
        </div>
      </main>
    </div>
  );
}
