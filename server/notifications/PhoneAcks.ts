/**
 * The door of texts and calls (issue 19; DESIGN "doors in, at the edge"), behind Twilio's verified
 * webhooks. A text saying "ack" from a number that is exactly one person's SMS method
 * acknowledges the latest open page texted to that number; 1 pressed during a page's call
 * acknowledges that call's page. Either runs the same `acknowledge` command as the room, as that
 * person, a responder for that one command, never more (as the email link does): a deactivated
 * account, or one that no longer sees the incident, acknowledges nothing. A text or call of a page
 * without a room (issue 19) acknowledges that page, as the person it paged.
 */
import type { Principal } from '../../shared/access.ts';
import { isResolved, readMeta } from '../../shared/stateDoc.ts';
import type { CommandServices } from '../commands/context.ts';
import { executeCommand } from '../commands/runCommand.ts';
import { canSeeIncident } from '../commands/visibleIncident.ts';
import type { PhoneAck, PhoneDoor } from '../integrations/twilio/phoneDoor.ts';
import type { RoomlessPageStore } from '../roomlessPages/RoomlessPageStore.ts';
import type { Users } from '../storage/users.ts';
import type { NotificationSettings } from './NotificationSettings.ts';
import type { PhonePage, PhonePages } from './PhonePages.ts';
import { acknowledgeRoomless } from './roomlessAck.ts';

/** How far back a reply looks for an open page: a person is rarely paged this often at once. */
const RECENT_PAGES = 20;

export interface PhoneAcksDeps {
  settings: NotificationSettings;
  phonePages: PhonePages;
  roomless: RoomlessPageStore;
  users: Users;
  services: CommandServices;
  now: () => number;
}

export class PhoneAcks implements PhoneDoor {
  constructor(private readonly deps: PhoneAcksDeps) {}

  async textAck(from: string, messageSid: string): Promise<PhoneAck> {
    const { settings, phonePages, services } = this.deps;
    const owners = await settings.ownersOf('sms', from);
    if (owners.length > 1) return { kind: 'shared-number' };
    const person = owners.length === 1 ? await this.responder(owners[0]!) : null;
    if (!person || !messageSid) return { kind: 'unknown' };
    return services.state.atomically(async () => {
      // Claimed in the transaction of the acknowledgement: a refused command leaves it unclaimed.
      if (!(await phonePages.claimRequest(messageSid, this.deps.now()))) return { kind: 'repeated' };
      for (const sent of await phonePages.sentTo('sms', from, person.userId, RECENT_PAGES)) {
        if (sent.incidentId === null) {
          if ((await this.deps.roomless.get(sent.pageId))?.status === 'open') return this.acknowledgeWithoutRoom(person, sent);
          continue;
        }
        if (!(await canSeeIncident(person, sent.incidentId, services.incidents))) continue;
        const meta = readMeta(await services.state.read(sent.incidentId));
        if (meta && meta.acknowledgedAt === null && !isResolved(meta)) return this.acknowledge(person, sent.incidentId);
      }
      return { kind: 'nothing-open' };
    });
  }

  async keyAck(callSid: string, to: string): Promise<PhoneAck> {
    const { phonePages, services } = this.deps;
    const call = callSid ? await phonePages.call(callSid, to) : undefined;
    const person = call ? await this.responder(call.userId) : null;
    if (call && person && call.incidentId === null) return services.state.atomically(() => this.acknowledgeWithoutRoom(person, call));
    const incidentId = call?.incidentId;
    if (!incidentId || !person || !(await canSeeIncident(person, incidentId, services.incidents))) return { kind: 'unknown' };
    const meta = readMeta(await services.state.read(incidentId));
    if (!meta || isResolved(meta)) return { kind: 'nothing-open' };
    // Pressed again, or after someone else acknowledged: said so, and nothing is recorded twice.
    if (meta.acknowledgedAt !== null) return { kind: 'acknowledged-before', title: meta.title, severity: meta.severity, by: meta.acknowledgedBy?.name ?? null };
    return services.state.atomically(() => this.acknowledge(person, incidentId));
  }

  private async responder(userId: string): Promise<Principal | null> {
    const account = await this.deps.users.state(userId);
    if (!account || account.deactivatedAt !== null) return null;
    return { userId: account.id, name: account.name, access: 'responder', incidentId: null, tokenId: null, sessionId: null, expiresAt: null };
  }

  private async acknowledgeWithoutRoom(person: Principal, sent: PhonePage): Promise<PhoneAck> {
    const acked = await acknowledgeRoomless(this.deps.roomless, sent.pageId, { id: person.userId, name: person.name }, this.deps.now());
    if (!acked || acked.kind === 'closed') return { kind: 'nothing-open' };
    const { title, severity, acknowledgedBy } = acked.page;
    return acked.kind === 'acknowledged' ? { kind: 'acknowledged', title, severity } : { kind: 'acknowledged-before', title, severity, by: acknowledgedBy?.name ?? null };
  }

  private async acknowledge(person: Principal, incidentId: string): Promise<PhoneAck> {
    const { services } = this.deps;
    const { acknowledgedAt } = (await executeCommand({ type: 'acknowledge', incidentId }, person, services)) as { acknowledgedAt: number };
    const meta = readMeta(await services.state.read(incidentId))!;
    const byThem = meta.acknowledgedBy?.id === person.userId && meta.acknowledgedAt === acknowledgedAt;
    return byThem
      ? { kind: 'acknowledged', title: meta.title, severity: meta.severity }
      : { kind: 'acknowledged-before', title: meta.title, severity: meta.severity, by: meta.acknowledgedBy?.name ?? null };
  }
}
