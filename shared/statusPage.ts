/**
 * The public status page (issue 21): its vocabulary, which is Atlassian Statuspage's so existing
 * widgets and monitors read `/status/api/v2/summary.json` as they read a Statuspage page, and the
 * shapes of its requests and answers, shared by the server and the page.
 */
import { z } from 'zod';
import type { STATUS_PAGE_IMPACTS, StatusCategory } from './incidentModel.ts';

export const STATUS_PAGE_MODES = ['public', 'private', 'off'] as const;
export type StatusPageMode = (typeof STATUS_PAGE_MODES)[number];

/** A component's state, worst last but one: maintenance is planned, not an outage. */
export const COMPONENT_STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

/** Statuspage's incident statuses: what a public update says the incident is at. */
export const PUBLIC_INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type PublicIncidentStatus = (typeof PUBLIC_INCIDENT_STATUSES)[number];

/** What the page says an incident is at when an update names no status: its status's category in Statuspage's words. */
export function publicStatusOf(category: StatusCategory): PublicIncidentStatus {
  return ({ triage: 'investigating', active: 'identified', mitigated: 'monitoring', resolved: 'resolved' } as const)[category];
}

export type Indicator = 'none' | 'minor' | 'major' | 'critical';
export type StatusPageImpact = (typeof STATUS_PAGE_IMPACTS)[number];

/** How bad each is, for "the worst of": maintenance ranks below any outage. */
const COMPONENT_RANK: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};
export const worstComponentStatus = (a: ComponentStatus, b: ComponentStatus): ComponentStatus => (COMPONENT_RANK[b] > COMPONENT_RANK[a] ? b : a);

const IMPACT_RANK: Record<StatusPageImpact, number> = { none: 0, degraded: 1, partial_outage: 2, major_outage: 3 };
export const worstImpact = (a: StatusPageImpact, b: StatusPageImpact): StatusPageImpact => (IMPACT_RANK[b] > IMPACT_RANK[a] ? b : a);

export function componentStatusOf(impact: StatusPageImpact): ComponentStatus {
  return impact === 'none' ? 'operational' : impact === 'degraded' ? 'degraded_performance' : impact;
}

/** Statuspage's incident impact for a severity's impact on the page. */
export function indicatorOf(impact: StatusPageImpact): Indicator {
  return ({ none: 'none', degraded: 'minor', partial_outage: 'major', major_outage: 'critical' } as const)[impact];
}

/** The page's overall line, in Statuspage's words. */
export const INDICATOR_DESCRIPTIONS: Record<Indicator, string> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major System Outage',
};

export const COMPONENT_STATUS_NAMES: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

export const StatusPageLimits = {
  /** Days of history per component. */
  historyDays: 90,
  /** Entries in the Atom feed. */
  feedEntries: 50,
  /** Email and webhook subscribers together: each public update is one outbox row per subscriber. */
  subscribers: 5_000,
  updateLength: 5_000,
} as const;

/** An update written for the page (the publishStatusUpdate command); who wrote it stays inside. */
export interface PublicStatusUpdate {
  id: string;
  incidentId: string;
  at: number;
  text: string;
  status: PublicIncidentStatus;
}

/** `PUT /api/status-page/components/<service>`: a state that holds until cleared with null. */
export const ComponentOverride = z.strictObject({
  override: z.enum(COMPONENT_STATUSES, { error: () => `must be one of ${COMPONENT_STATUSES.join(', ')}, or null` }).nullable(),
});

/** `POST /status/api/subscribe`: one of an email address or a webhook URL. */
export const Subscribe = z
  .strictObject({
    email: z.email({ error: 'must be an email address' }).max(254).optional(),
    webhookUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000).optional(),
  })
  .refine((s) => (s.email === undefined) !== (s.webhookUrl === undefined), 'send one of {"email": "…"} or {"webhookUrl": "https://…"}');
export type Subscribe = z.infer<typeof Subscribe>;

export interface SummaryComponent {
  id: string;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
}

export interface SummaryIncidentUpdate {
  id: string;
  status: PublicIncidentStatus;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: Array<{ code: string; name: string; new_status: ComponentStatus }> | null;
}

export interface SummaryIncident {
  id: string;
  name: string;
  status: PublicIncidentStatus;
  impact: Indicator;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: SummaryIncidentUpdate[];
  components: Array<Pick<SummaryComponent, 'id' | 'name' | 'status'>>;
}

export interface ScheduledMaintenance {
  id: string;
  name: string;
  status: 'scheduled' | 'in_progress';
  impact: 'maintenance';
  created_at: string;
  updated_at: string;
  scheduled_for: string;
  scheduled_until: string;
  shortlink: string;
  page_id: string;
  incident_updates: SummaryIncidentUpdate[];
  components: Array<Pick<SummaryComponent, 'id' | 'name' | 'status'>>;
}

/** `GET /status/api/v2/summary.json`, as Statuspage answers it. */
export interface StatusSummary {
  page: { id: string; name: string; url: string; time_zone: 'Etc/UTC'; updated_at: string };
  status: { indicator: Indicator; description: string };
  components: SummaryComponent[];
  incidents: SummaryIncident[];
  scheduled_maintenances: ScheduledMaintenance[];
}

/** One day of a component's history: the worst state an incident on the page gave it (UTC days). */
export interface HistoryDay {
  date: string;
  status: ComponentStatus;
}

/** `GET /status/api/page.json`: what the page shows beyond the summary. */
export interface StatusPageView {
  summary: StatusSummary;
  history: Array<{ componentId: string; days: HistoryDay[] }>;
  /** Resolved incidents of the last days, newest first, with their public updates. */
  pastIncidents: SummaryIncident[];
  /** Whether subscribing by email is possible (SMTP is configured). */
  emailSubscriptions: boolean;
}
