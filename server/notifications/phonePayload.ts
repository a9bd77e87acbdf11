/**
 * What an `sms` or `voice` outbox row holds (issue 19): who it goes to and what it is about, never
 * its words. The text or call is written when it is sent (PagePhones), so a private incident's
 * title is decided at that moment, as for email. A page without a room has no incident (null).
 */
export type PhoneChannel = 'sms' | 'voice';

export type PhonePayload =
  | { kind: 'page'; channel: PhoneChannel; to: string; incidentId: string | null; pageId: string; step: number }
  | { kind: 'test'; channel: PhoneChannel; to: string; userId: string };
