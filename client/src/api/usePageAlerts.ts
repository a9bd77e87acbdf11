/**
 * Pages and update reminders addressed to the signed-in person, as they arrive over socket.io.
 * Each becomes an in-app alert that stays until dismissed (a page is the one thing that must not
 * scroll away unseen), and a desktop notification when the person allowed them and is looking
 * elsewhere. Acknowledging sends the same `acknowledge` command as the room's header button.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ServerToClientEvents } from '../../../shared/api.ts';
import { navigate } from '../routing/router.tsx';
import { sendCommand } from './commands.ts';
import { useSocket } from './socket.tsx';

export type PagePayload = Parameters<ServerToClientEvents['page']>[0];
export type ReminderPayload = Parameters<ServerToClientEvents['reminder']>[0];
export type RoleTakenPayload = Parameters<ServerToClientEvents['role:taken']>[0];

export type AckState = { state: 'idle' } | { state: 'pending' } | { state: 'done'; at: number } | { state: 'failed'; message: string };

export type PageAlert =
  | { kind: 'page'; key: string; page: PagePayload; ack: AckState }
  | { kind: 'reminder'; key: string; reminder: ReminderPayload }
  | { kind: 'roleTaken'; key: string; notice: RoleTakenPayload };

/** After an acknowledgement went through, the alert confirms it briefly and then gets out of the way. */
const ACKNOWLEDGED_LINGER_MS = 8000;

export function pageHeadline(page: PagePayload): string {
  switch (page.reason) {
    case 'escalation':
      return 'Escalated to you: nobody acknowledged in time';
    case 'sme':
      return `You are paged as ${page.domain ? `the ${page.domain} expert` : 'a subject-matter expert'}`;
    default:
      return 'You are paged: you are on call';
  }
}

function notifyDesktop(title: string, body: string, tag: string, incidentId: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  // The in-app alert is enough for someone looking at this tab.
  if (!document.hidden && document.hasFocus()) return;
  try {
    // The tag makes the person's other open tabs replace this notification instead of stacking.
    const notification = new Notification(title, { body, tag, requireInteraction: true });
    notification.onclick = () => {
      window.focus();
      navigate(`/incidents/${incidentId}`);
      notification.close();
    };
  } catch {
    // Some mobile browsers only notify through a service worker; the in-app alert still shows.
  }
}

export function usePageAlerts() {
  const { socket } = useSocket();
  const [alerts, setAlerts] = useState<PageAlert[]>([]);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((key: string) => {
    setAlerts((list) => list.filter((a) => a.key !== key));
    const timer = timers.current.get(key);
    if (timer) clearTimeout(timer);
    timers.current.delete(key);
  }, []);

  useEffect(() => {
    if (!socket) return;
    const onPage = (page: PagePayload) => {
      setAlerts((list) => (list.some((a) => a.key === page.id) ? list : [...list, { kind: 'page', key: page.id, page, ack: { state: 'idle' } }]));
      notifyDesktop(`${page.severity} ${page.title}`, `${pageHeadline(page)}. Open the room to acknowledge.`, page.id, page.incidentId);
    };
    const onReminder = (reminder: ReminderPayload) => {
      const key = `reminder:${reminder.incidentId}:${reminder.overdueSince}`;
      setAlerts((list) => (list.some((a) => a.key === key) ? list : [...list, { kind: 'reminder', key, reminder }]));
      notifyDesktop(`Update due: ${reminder.title}`, 'A stakeholder update is overdue.', key, reminder.incidentId);
    };
    // Someone else now holds a role you held: wherever you are in the app, you hear of it.
    const onRoleTaken = (notice: RoleTakenPayload) => {
      const key = `role:${notice.incidentId}:${notice.role}:${notice.to.id}`;
      setAlerts((list) => (list.some((a) => a.key === key) ? list : [...list, { kind: 'roleTaken', key, notice }]));
      notifyDesktop(`${notice.title}: your role moved`, `${notice.to.name} now holds it.`, key, notice.incidentId);
    };
    socket.on('page', onPage);
    socket.on('reminder', onReminder);
    socket.on('role:taken', onRoleTaken);
    return () => {
      socket.off('page', onPage);
      socket.off('reminder', onReminder);
      socket.off('role:taken', onRoleTaken);
    };
  }, [socket]);

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((timer) => clearTimeout(timer));
  }, []);

  const setAck = (key: string, ack: AckState) =>
    setAlerts((list) => list.map((a) => (a.key === key && a.kind === 'page' ? { ...a, ack } : a)));

  const acknowledge = useCallback(
    async (alert: Extract<PageAlert, { kind: 'page' }>) => {
      setAck(alert.key, { state: 'pending' });
      const reply = await sendCommand(socket, { type: 'acknowledge', incidentId: alert.page.incidentId });
      if (!reply.ok) {
        setAck(alert.key, { state: 'failed', message: reply.error.message });
        return;
      }
      // Acknowledging an incident acknowledges every page for it: settle the others too.
      setAlerts((list) =>
        list.map((a) =>
          a.kind === 'page' && a.page.incidentId === alert.page.incidentId ? { ...a, ack: { state: 'done', at: reply.data.acknowledgedAt } } : a,
        ),
      );
      timers.current.set(alert.key, setTimeout(() => dismiss(alert.key), ACKNOWLEDGED_LINGER_MS));
    },
    [socket, dismiss],
  );

  return { alerts, dismiss, acknowledge };
}
