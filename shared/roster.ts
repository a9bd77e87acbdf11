/**
 * The on-call roster: per service, who is primary and secondary now, the subject-matter experts
 * by domain, and where pages for the service are sent. Declaring an incident for a service fills
 * its roles from here, or from the schedules of the escalation policy it names.
 */
import { z } from 'zod';
import { Limits } from './limits.ts';
import type { OnCallNow } from './escalation.ts';

const name = z.string().trim().min(1, 'must not be empty').max(Limits.nameLength);
const userId = z.string().trim().min(1).max(Limits.idLength);
const webhookUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);

export const SERVICE_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;

export const OnCallPerson = z.strictObject({ userId, name });
export type OnCallPerson = z.infer<typeof OnCallPerson>;

export const RosterSme = z.strictObject({ name, domain: name, userId: userId.nullish() });
export type RosterSme = z.infer<typeof RosterSme>;

export const ServiceRoster = z.strictObject({
  primary: OnCallPerson.nullable().default(null),
  secondary: OnCallPerson.nullable().default(null),
  smes: z.array(RosterSme).max(100).default([]),
  /** Generic JSON webhooks that receive every page for this service. */
  webhooks: z.array(webhookUrl).max(10).default([]),
  /** Slack-style incoming webhooks (`{"text": ...}` bodies). */
  slackWebhooks: z.array(webhookUrl).max(10).default([]),
  /**
   * The escalation policy that pages this service's incidents (issue 18), instead of the fixed
   * primary and secondary; absent in rosters saved before there were policies.
   */
  escalationPolicyId: z.string().trim().min(1, 'must not be empty').max(Limits.idLength).nullish(),
});
export type ServiceRoster = z.infer<typeof ServiceRoster>;

export interface ServiceEntry extends ServiceRoster {
  service: string;
  updatedAt: number;
}

/** A service as GET /api/services lists it: with a policy, who is on call for it at that moment. */
export interface ServiceListing extends ServiceEntry {
  onCallNow?: OnCallNow;
}
