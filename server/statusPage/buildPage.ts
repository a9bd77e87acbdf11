/**
 * What the status page says, from what it knows (issue 21): components from the roster, their
 * state from open incidents on the page (the worst impact of their severities), a silence in
 * force or a manual override; the overall indicator; incidents with their public updates;
 * scheduled maintenance; and 90 days of history. Pure: the same inputs give the same page.
 */
import {
  INDICATOR_DESCRIPTIONS,
  StatusPageLimits,
  componentStatusOf,
  indicatorOf,
  publicStatusOf,
  worstComponentStatus,
} from '../../shared/statusPage.ts';
import type {
  ComponentStatus,
  HistoryDay,
  Indicator,
  PublicStatusUpdate,
  ScheduledMaintenance,
  StatusPageView,
  SummaryComponent,
  SummaryIncident,
} from '../../shared/statusPage.ts';
import type { ComponentOverride } from './ComponentOverrides.ts';
import type { PageIncident } from './PageIncidents.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Resolved incidents listed under "past incidents", as Statuspage's page shows about two weeks. */
const PAST_INCIDENT_DAYS = 14;

export interface PageSilence {
  id: string;
  service: string;
  startsAt: number;
  endsAt: number;
  createdAt: number;
}

export interface PageInputs {
  pageId: string;
  name: string;
  /** Where the page is: PUBLIC_URL/status. */
  url: string;
  services: Array<{ service: string; updatedAt: number }>;
  overrides: Map<string, ComponentOverride>;
  /** Silences not ended, for the services on the page. */
  silences: PageSilence[];
  /** Incidents on the page, open or resolved within the history. */
  incidents: PageIncident[];
  /** Their public updates, newest first. */
  updates: PublicStatusUpdate[];
  emailSubscriptions: boolean;
  now: number;
}

export interface BuiltPage {
  view: StatusPageView;
  /** When the page changes by time alone (a silence starts or ends, a new day): it is built again then. */
  validUntil: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const INDICATOR_RANK: Record<Indicator, number> = { none: 0, minor: 1, major: 2, critical: 3 };
const worseIndicator = (a: Indicator, b: Indicator) => (INDICATOR_RANK[b] > INDICATOR_RANK[a] ? b : a);
const COMPONENT_INDICATOR: Record<ComponentStatus, Indicator> = {
  operational: 'none',
  under_maintenance: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

export function buildPage(input: PageInputs): BuiltPage {
  const { now } = input;
  const open = input.incidents.filter((i) => i.resolvedAt === null);
  const activeSilence = (service: string) => input.silences.some((s) => s.service === service && s.startsAt <= now && now < s.endsAt);

  const components: SummaryComponent[] = input.services.map(({ service, updatedAt }, position) => {
    const override = input.overrides.get(service);
    const affecting = open.filter((i) => i.service === service);
    let status: ComponentStatus = affecting.reduce<ComponentStatus>((worst, i) => worstComponentStatus(worst, componentStatusOf(i.impact)), 'operational');
    if (activeSilence(service)) status = worstComponentStatus(status, 'under_maintenance');
    if (override) status = override.status;
    const changedAt = Math.max(updatedAt, override?.setAt ?? 0, ...affecting.map((i) => i.updatedAt));
    return {
      id: service,
      name: service,
      status,
      created_at: iso(updatedAt),
      updated_at: iso(changedAt),
      position: position + 1,
      description: null,
      showcase: true,
      start_date: null,
      group_id: null,
      page_id: input.pageId,
      group: false,
      only_show_if_degraded: false,
    };
  });
  const componentOf = (service: string | null) => components.find((c) => c.id === service);

  const updatesBy = new Map<string, PublicStatusUpdate[]>();
  for (const u of input.updates) updatesBy.set(u.incidentId, [...(updatesBy.get(u.incidentId) ?? []), u]);
  const summaryIncident = (i: PageIncident): SummaryIncident => {
    const updates = updatesBy.get(i.id) ?? [];
    const component = componentOf(i.service);
    const latest = updates[0];
    const status = i.resolvedAt !== null ? 'resolved' : (latest?.status ?? publicStatusOf(i.statusCategory));
    const monitoring = updates.findLast((u) => u.status === 'monitoring');
    return {
      id: i.id,
      name: i.title,
      status,
      impact: indicatorOf(i.resolvedAt === null ? i.impact : i.worstImpact),
      created_at: iso(i.createdAt),
      updated_at: iso(Math.max(i.updatedAt, latest?.at ?? 0)),
      monitoring_at: monitoring ? iso(monitoring.at) : null,
      resolved_at: i.resolvedAt === null ? null : iso(i.resolvedAt),
      shortlink: `${input.url}#${i.id}`,
      started_at: iso(i.createdAt),
      page_id: input.pageId,
      incident_updates: updates.map((u) => ({
        id: u.id,
        status: u.status,
        body: u.text,
        incident_id: i.id,
        created_at: iso(u.at),
        updated_at: iso(u.at),
        display_at: iso(u.at),
        affected_components: component ? [{ code: component.id, name: component.name, new_status: component.status }] : null,
      })),
      components: component ? [{ id: component.id, name: component.name, status: component.status }] : [],
    };
  };
  const incidents = open.map(summaryIncident);

  const indicator = [...incidents.map((i) => i.impact), ...components.map((c) => COMPONENT_INDICATOR[c.status])].reduce(worseIndicator, 'none');
  const maintenance = indicator === 'none' && components.some((c) => c.status === 'under_maintenance');

  const scheduled: ScheduledMaintenance[] = input.silences
    .filter((s) => s.endsAt > now && componentOf(s.service))
    .sort((a, b) => a.startsAt - b.startsAt || a.id.localeCompare(b.id))
    .map((s) => {
      const component = componentOf(s.service)!;
      return {
        id: s.id,
        name: `Maintenance of ${s.service}`,
        status: s.startsAt <= now ? 'in_progress' : 'scheduled',
        impact: 'maintenance',
        created_at: iso(s.createdAt),
        updated_at: iso(s.createdAt),
        scheduled_for: iso(s.startsAt),
        scheduled_until: iso(s.endsAt),
        shortlink: `${input.url}#${s.id}`,
        page_id: input.pageId,
        incident_updates: [],
        components: [{ id: component.id, name: component.name, status: component.status }],
      };
    });

  const updatedAt = Math.max(0, ...components.map((c) => Date.parse(c.updated_at)), ...input.incidents.map((i) => i.updatedAt), ...input.updates.map((u) => u.at));
  const pastSince = now - PAST_INCIDENT_DAYS * DAY_MS;
  const view: StatusPageView = {
    summary: {
      page: { id: input.pageId, name: input.name, url: input.url, time_zone: 'Etc/UTC', updated_at: iso(updatedAt) },
      status: { indicator, description: maintenance ? 'Service Under Maintenance' : INDICATOR_DESCRIPTIONS[indicator] },
      components,
      incidents,
      scheduled_maintenances: scheduled,
    },
    history: components.map((c) => ({ componentId: c.id, days: historyOf(c.id, input.incidents, now) })),
    pastIncidents: input.incidents.filter((i) => i.resolvedAt !== null && i.resolvedAt >= pastSince).map(summaryIncident),
    emailSubscriptions: input.emailSubscriptions,
  };
  const boundaries = input.silences.flatMap((s) => [s.startsAt, s.endsAt]).filter((t) => t > now);
  return { view, validUntil: Math.min(startOfDay(now) + DAY_MS, ...boundaries) };
}

const startOfDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** Each UTC day, oldest first: the worst state an incident on the page gave the component while open. */
export function historyOf(service: string, incidents: readonly PageIncident[], now: number): HistoryDay[] {
  const today = startOfDay(now);
  const days: HistoryDay[] = [];
  for (let d = StatusPageLimits.historyDays - 1; d >= 0; d--) {
    const from = today - d * DAY_MS;
    const to = from + DAY_MS;
    let status: ComponentStatus = 'operational';
    for (const i of incidents) {
      if (i.service !== service || i.createdAt >= to || (i.resolvedAt ?? now) < from) continue;
      status = worstComponentStatus(status, componentStatusOf(i.worstImpact));
    }
    days.push({ date: new Date(from).toISOString().slice(0, 10), status });
  }
  return days;
}
