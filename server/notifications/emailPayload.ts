/**
 * What an `email` outbox row holds: who it goes to and what it is about, never its words or its
 * link. The email is written when it is sent (PageEmails), so the outbox keeps no secret and a
 * private incident's title is decided at that moment. A page without a room (issue 19) has no
 * incident: `incidentId` is null and `pageId` names the roomless page.
 */
export type EmailPayload =
  | { kind: 'page'; to: string; incidentId: string | null; pageId: string; step: number }
  | { kind: 'test'; to: string; userId: string };
