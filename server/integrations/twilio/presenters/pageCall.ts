/**
 * What a page's call says (issue 19): the incident, then a request for one key, which Twilio posts
 * to the voice webhook. Titles are cut for the ear: a minute of reading helps nobody awake at 3 am.
 */
import { gather, line, xml } from './twiml.ts';

const MAX_SPOKEN_TITLE = 200;

export interface PageCallInput {
  title: string;
  severity: string;
  reason: string;
  /** PUBLIC_URL + the voice webhook's path: where Twilio posts the key pressed. */
  keyPressUrl: string;
}

export function pageCall(input: PageCallInput): string {
  const title = line(input.title).slice(0, MAX_SPOKEN_TITLE);
  return gather(input.keyPressUrl, `Incident Room. You are paged, ${line(input.reason)}, for ${line(input.severity)}: ${title}. Press 1 to acknowledge.`);
}

export function testCall(): string {
  return `<Response><Say>${xml('This is the test call you asked for from Incident Room. Pages will reach you at this number. Goodbye.')}</Say></Response>`;
}
