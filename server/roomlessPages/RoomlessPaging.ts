/**
 * Opens and ends pages without a room (issue 19) for the alert intakes: a low-urgency alert pages
 * its service's on-call person (the first person step 1 of the service's escalation policy
 * reaches, else the roster's primary) in their open tabs and by their low-urgency rules; an
 * urgency of `none` records the page and pages nobody. While a group's page is live, the same
 * alert firing again pages nobody twice; its resolve ends the page and its notifications.
 */
import type { AlertSource } from '../../shared/alerts.ts';
import type { Person } from '../../shared/incident.ts';
import type { RoomlessPageView, RoomlessUrgency } from '../../shared/pages.ts';
import type { AlertNotification } from '../alerts/payloads.ts';
import { peopleOf } from '../escalation/policyPeople.ts';
import type { PeopleSources } from '../escalation/policyPeople.ts';
import type { PolicyStore } from '../escalation/PolicyStore.ts';
import { newId } from '../ids.ts';
import type { PersonPager } from '../notifications/PersonPager.ts';
import type { Roster } from '../storage/roster.ts';
import { pageView } from './RoomlessPageStore.ts';
import type { RoomlessPage, RoomlessPageStore } from './RoomlessPageStore.ts';

/** What a person's open tabs are told of a page without a room (socket.io `roomlessPage`). */
export interface RoomlessNotifier {
  roomlessPage(userId: string, page: RoomlessPageView): void;
}

export interface AlertPage {
  source: AlertSource;
  groupKey: string;
  title: string;
  severity: string;
  service: string | null;
  urgency: RoomlessUrgency;
  private: boolean;
  alert: AlertNotification;
}

export interface RoomlessPagingDeps {
  store: RoomlessPageStore;
  roster: Pick<Roster, 'get'>;
  policies: Pick<PolicyStore, 'get'>;
  people: PeopleSources;
  pager: Pick<PersonPager, 'pageWithoutRoom'>;
  /** Null until the socket server runs: the person is then reached by their rules only. */
  notifier: () => RoomlessNotifier | null;
  now: () => number;
}

export class RoomlessPaging {
  constructor(private readonly deps: RoomlessPagingDeps) {}

  /** Inside the intake's transaction, holding the group's lock: the group's live page, or a new one. */
  async open(input: AlertPage): Promise<RoomlessPage> {
    const { store, now } = this.deps;
    const live = await store.liveOfGroup(input.source, input.groupKey);
    if (live) return live;
    const createdAt = now();
    const target = await this.onCall(input.service, createdAt);
    const page = await store.add({ ...input, id: newId('rpg'), alert: JSON.stringify(input.alert), target, createdAt });
    if (!target || input.urgency !== 'low') return page;
    this.deps.notifier()?.roomlessPage(target.id, pageView(page, page.title));
    await this.deps.pager.pageWithoutRoom(page, target);
    return page;
  }

  /** Inside the intake's transaction: the group's live page, resolved. */
  resolve(source: AlertSource, groupKey: string): Promise<RoomlessPage | undefined> {
    return this.deps.store.resolveGroup(source, groupKey, this.deps.now());
  }

  private async onCall(service: string | null, at: number): Promise<Person | null> {
    const entry = service ? await this.deps.roster.get(service) : undefined;
    if (!entry) return null;
    const policy = entry.escalationPolicyId ? await this.deps.policies.get(entry.escalationPolicyId) : undefined;
    const first = policy?.steps[0] ? (await peopleOf(policy.steps[0].targets, this.deps.people, at))[0] : undefined;
    if (first) return first;
    return entry.primary ? { id: entry.primary.userId, name: entry.primary.name } : null;
  }
}
