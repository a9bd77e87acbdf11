/**
 * Pages without a room (issue 19). A low-urgency alert (its severity's urgency in the incident
 * model is `low`) opens no incident: it pages the on-call person of its service by their
 * low-urgency rules, and resolves itself when its source resolves the alert. An alert of urgency
 * `none` is recorded the same way and pages nobody. Anyone in the organisation can acknowledge a
 * page or promote it: "Open a room" declares an incident for the alert, once.
 */
import { z } from 'zod';
import type { AlertSource } from './alerts.ts';
import type { Person } from './incident.ts';
import type { ContactMethodType, NotificationOutcome } from './notifications.ts';

export const ROOMLESS_PAGE_STATUSES = ['open', 'acknowledged', 'resolved', 'promoted'] as const;
export type RoomlessPageStatus = (typeof ROOMLESS_PAGE_STATUSES)[number];

/** The urgencies that page without a room: `low` pages, `none` only records. */
export type RoomlessUrgency = 'low' | 'none';

/** What a private alert's page shows to anyone but the person paged and admins (DESIGN: private means private at every door). */
export const PRIVATE_PAGE_TITLE = 'a private alert';

/** How many pages `GET /api/pages` answers, newest first. */
export const MAX_LISTED_PAGES = 200;

/** `GET /api/pages?status=open`: one status, or every page without it. */
export const RoomlessPageQuery = z.strictObject({
  status: z.enum(ROOMLESS_PAGE_STATUSES, { error: () => `status must be one of ${ROOMLESS_PAGE_STATUSES.join(', ')}` }).optional(),
});

/** One try of one rule step, as the incident timeline's `notification` event has it (address masked). */
export interface NotificationAttempt {
  at: number;
  step: number;
  method: ContactMethodType | null;
  address: string | null;
  outcome: NotificationOutcome;
  detail: string | null;
}

export interface RoomlessPageView {
  id: string;
  source: AlertSource;
  title: string;
  severity: string;
  service: string | null;
  urgency: RoomlessUrgency;
  private: boolean;
  /** Who is paged: the first person of step 1 of the service's escalation policy, else the roster's primary; null when nobody is. */
  target: Person | null;
  status: RoomlessPageStatus;
  createdAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: Person | null;
  resolvedAt: number | null;
  /** The incident it was promoted to. */
  incidentId: string | null;
  attempts: NotificationAttempt[];
}

/** `GET /api/pages`. */
export interface RoomlessPageList {
  pages: RoomlessPageView[];
}

/** `POST /api/pages/<id>/promote`: the incident opened for the page (the same one if it was promoted before). */
export interface PromotedPage {
  incidentId: string;
}
