/**
 * Mattermost does not sign the request a message button sends (issue 14), so each button signs
 * itself: its context carries an HMAC-SHA256 over what it does (action, incident, role), keyed by
 * a secret derived from the slash command's token. The server keeps the context of webhook
 * posts from clients; a context that does not verify is refused and nothing happens.
 *
 * What this does not prove is who pressed: the user id comes from the request. Anyone who can
 * read a post's stored context (a Mattermost admin, its database) could replay that same button
 * as any user id, which is why the actions endpoint should be reachable only from the
 * Mattermost server. A new command token invalidates the buttons already posted.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { INCIDENT_ID_PATTERN } from '../../../shared/incident.ts';
import type { SingleHolderRole } from '../../../shared/roles.ts';

export type SignedButton = { action: 'acknowledge'; incidentId: string } | { action: 'claim'; incidentId: string; role: SingleHolderRole };

/** A button's `integration.context`, as posted and as Mattermost sends it back. */
export const ButtonContext = z.object({
  action: z.enum(['acknowledge', 'claim']),
  incident: z.string().regex(INCIDENT_ID_PATTERN),
  /** A role key of the incident's model (issue 17); the command checks it. */
  role: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/).optional(),
  mac: z.string().max(100),
});
export type ButtonContext = z.infer<typeof ButtonContext>;

/** Kept apart from the token itself, so a MAC says nothing about the token another use needs. */
const KEY_PURPOSE = 'incident-room mattermost button v1';

export class ButtonSigner {
  private readonly key: Buffer;

  constructor(commandToken: string) {
    this.key = createHmac('sha256', commandToken).update(KEY_PURPOSE).digest();
  }

  context(button: SignedButton): ButtonContext {
    const role = button.action === 'claim' ? button.role : undefined;
    return { action: button.action, incident: button.incidentId, ...(role ? { role } : {}), mac: this.mac(button.action, button.incidentId, role) };
  }

  /** The button a context stands for, or null when it is malformed or its MAC does not match. */
  verify(context: unknown): SignedButton | null {
    const parsed = ButtonContext.safeParse(context);
    if (!parsed.success) return null;
    const { action, incident, role, mac } = parsed.data;
    if ((action === 'claim') !== (role !== undefined)) return null;
    const expected = Buffer.from(this.mac(action, incident, role));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return action === 'claim' ? { action, incidentId: incident, role: role! } : { action, incidentId: incident };
  }

  private mac(action: string, incidentId: string, role: string | undefined): string {
    // JSON keeps the three apart: no two different buttons sign the same bytes.
    return createHmac('sha256', this.key)
      .update(JSON.stringify([action, incidentId, role ?? null]))
      .digest('base64url');
  }
}
