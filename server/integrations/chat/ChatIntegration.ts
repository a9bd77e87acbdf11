/**
 * The shape every chat integration has (issue 14; STYLE "one folder per outside system"): routes
 * for the tool's requests, inward through the ChatDoor to the command layer, and announcements,
 * outward through the durable outbox. Adding the next tool means filling in this shape.
 */
import type { Router } from 'express';
import type { Logger } from '../../logger.ts';
import type { Outbox } from '../../outbox/Outbox.ts';
import type { WebhookTargets } from '../../lifecycle/webhookTargets.ts';
import type { Announcement } from './announcements.ts';
import type { ChatDoor } from './ChatDoor.ts';
import type { ChatIdentities } from './ChatIdentities.ts';
import type { ChatThreads } from './ChatThreads.ts';
import type { SeenRequests } from './SeenRequests.ts';

export interface IntegrationDeps {
  door: ChatDoor;
  identities: ChatIdentities;
  threads: ChatThreads;
  seen: SeenRequests;
  outbox: Outbox;
  /**
   * For addresses set through the API (WEBHOOK_ALLOWED_HOSTS and the private-address checks, issue
   * 11). Webhook URLs from the environment are the operator's and trusted as configured
   * (outbox/operatorWebhook.ts).
   */
  webhookTargets: WebhookTargets;
  /** How long one outgoing request may take (WEBHOOK_TIMEOUT_MS). */
  timeoutMs: number;
  /** The largest request body accepted (MAX_BODY_BYTES). */
  maxBodyBytes: number;
  publicUrl: string;
  now: () => number;
  logger: Logger;
}

export interface ChatIntegration {
  /** Its path under /api/integrations/. */
  name: string;
  /**
   * The tool's requests, mounted at /api/integrations/<name> before the JSON parser and sign-in:
   * the integration reads its own body (a signature covers the raw bytes) and verifies its sender.
   */
  routes: Router | null;
  /**
   * Called inside the transaction that recorded the events, so it only writes outbox rows: a
   * slow or failing chat API delays its posts, never a command. `members` is set for a private
   * incident: only they may hear of it, by direct message, never in a shared channel.
   */
  announce(announcements: readonly Announcement[], members: readonly string[] | null): Promise<void>;
}
