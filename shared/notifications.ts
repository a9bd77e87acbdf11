/**
 * How a page reaches a person (issue 18): their contact methods, their notification rules, and
 * what each attempt records on the incident's timeline.
 *
 * In-app is not a contact method: every page is pushed at once to the person's open tabs (the
 * socket.io `page` event, and a desktop notification where they allowed it), whatever their
 * rules say. Rules name the methods that reach a person who has no tab open: email (SMTP), and
 * SMS and voice calls to E.164 numbers (Twilio, issue 19), whose replies acknowledge. A method
 * the server is not set up for records so on the timeline and falls through to the next rule.
 */
import { z } from 'zod';

export const CONTACT_METHOD_TYPES = ['email', 'sms', 'voice'] as const;
export type ContactMethodType = (typeof CONTACT_METHOD_TYPES)[number];

/** What this version delivers, each once the server is set up for it (SMTP_URL; TWILIO_*). */
export const DELIVERED_METHOD_TYPES: readonly ContactMethodType[] = ['email', 'sms', 'voice'];

/** Enough for a work address, a personal one and a phone; a page must not fan out without bound. */
export const MAX_CONTACT_METHODS = 10;
export const MAX_RULES = 10;
/** A rule waits at most a day: later than that, the escalation policy has long moved on. */
export const MAX_AFTER_MINUTES = 1440;

/** E.164: a plus, a country code, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;
const CONTACT_METHOD_ID = /^cm-[a-z0-9]{12}$/;

export const ContactMethodInput = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('email'), address: z.email({ error: 'must be an email address' }).max(254, 'must be at most 254 characters') }),
    z.strictObject({ type: z.literal('sms'), address: z.string().regex(E164, 'must be a phone number in E.164 form, like +442071838750') }),
    z.strictObject({ type: z.literal('voice'), address: z.string().regex(E164, 'must be a phone number in E.164 form, like +442071838750') }),
  ],
  { error: () => `type must be one of ${CONTACT_METHOD_TYPES.join(', ')}` },
);
export type ContactMethodInput = z.infer<typeof ContactMethodInput>;

export interface ContactMethod {
  id: string;
  userId: string;
  type: ContactMethodType;
  address: string;
  createdAt: number;
  /** Who added it: the person themself, or an admin or the API token for them. */
  createdBy: string;
}

export const NotificationRule = z.strictObject({
  afterMinutes: z.number().int('must be whole minutes').min(0, 'must not be negative').max(MAX_AFTER_MINUTES, `must be at most ${MAX_AFTER_MINUTES}`),
  contactMethodIds: z
    .array(z.string().regex(CONTACT_METHOD_ID, 'is not a contact method id'))
    .min(1, 'must name at least one contact method')
    .max(MAX_CONTACT_METHODS)
    .refine((ids) => new Set(ids).size === ids.length, 'must not name a contact method twice'),
});
export type NotificationRule = z.infer<typeof NotificationRule>;

const ruleList = z.array(NotificationRule).max(MAX_RULES, `must be at most ${MAX_RULES} rules`);

/** `PUT /api/users/<id>/notification-rules`. High-urgency pages follow `highUrgencyRules` where given, else `rules`. */
export const NotificationRules = z.strictObject({ rules: ruleList.min(1, 'must hold at least one rule'), highUrgencyRules: ruleList.optional() });
export type NotificationRules = z.infer<typeof NotificationRules>;

/** What `GET` and `PUT .../notification-rules` answer; `isDefault` while the person has set none. */
export interface StoredNotificationRules extends NotificationRules {
  isDefault: boolean;
  updatedAt: number | null;
}

/** High-urgency pages follow `highUrgencyRules`; the severity's urgency decides (issue 17's model). */
export type PageUrgency = 'high' | 'low';

/**
 * What a person without rules gets: their first email address, at once (with the in-app page that
 * every page has). Rules always run in order of `afterMinutes`.
 */
export function effectiveRules(stored: NotificationRules | null, methods: readonly ContactMethod[], urgency: PageUrgency): NotificationRule[] {
  if (!stored) {
    const email = methods.find((m) => m.type === 'email');
    return email ? [{ afterMinutes: 0, contactMethodIds: [email.id] }] : [];
  }
  const chosen = urgency === 'high' && stored.highUrgencyRules?.length ? stored.highUrgencyRules : stored.rules;
  return [...chosen].sort((a, b) => a.afterMinutes - b.afterMinutes);
}

/**
 * What an attempt came to: handed to the outbox, delivered (for SMS and voice: taken by Twilio),
 * failed for good, or not possible on this server.
 */
export const NOTIFICATION_OUTCOMES = ['queued', 'sent', 'failed', 'skipped'] as const;
export type NotificationOutcome = (typeof NOTIFICATION_OUTCOMES)[number];

/**
 * An address as the timeline shows it, which stakeholders may read: enough for responders to
 * recognise which one was tried, not enough to harvest.
 */
export function maskAddress(type: ContactMethodType, address: string): string {
  if (type === 'email') {
    const at = address.lastIndexOf('@');
    // Always three stars: the mask must not tell how long the name is.
    return `${address.slice(0, 1)}***${address.slice(at)}`;
  }
  return `${'*'.repeat(Math.max(0, address.length - 4))}${address.slice(-4)}`;
}

/** `POST /api/page-links/inspect` and `/ack`: the secret from the link's fragment. */
export const PageLinkRequest = z.strictObject({ token: z.string().min(1, 'is required').max(200) });
export type PageLinkRequest = z.infer<typeof PageLinkRequest>;

/**
 * What the acknowledge page shows before anything is done. For a page without a room (issue 19),
 * `incident` describes the page (its id, the alert's title and severity, the page's status) and
 * `roomless` is true.
 */
export interface PageLinkInfo {
  incident: { id: string; title: string; severity: string; status: string };
  roomless: boolean;
  /** Where to go next: the incident's room; for a page without a room the lobby, or the room it was promoted to. */
  roomUrl: string;
  person: { id: string; name: string };
  acknowledged: { at: number; by: string | null } | null;
  expiresAt: number;
}

/** What pressing the button did. */
export interface PageLinkAcknowledged {
  /** Null for a page without a room (issue 19). */
  incidentId: string | null;
  pageId: string;
  acknowledgedAt: number;
  /** False when someone had acknowledged already: the link did nothing more. */
  byYou: boolean;
  acknowledgedBy: string | null;
  roomUrl: string;
}

/** `POST /api/users/<id>/test-notification`: what was tried on each method. */
export interface TestNotificationResult {
  results: Array<{ contactMethodId: string; type: ContactMethodType; address: string; outcome: NotificationOutcome; detail: string | null }>;
}
