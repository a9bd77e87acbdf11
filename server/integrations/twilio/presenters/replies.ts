/** What a person hears back after texting or pressing a key (issue 19), in words for each outcome. */
import type { PhoneAck } from '../phoneDoor.ts';
import { line } from './twiml.ts';

const named = (a: { title: string; severity: string }) => `[${line(a.severity)}] ${line(a.title).slice(0, 200)}`;

/** Null: answer nothing (a repeated request). */
export function textReply(ack: PhoneAck): string | null {
  switch (ack.kind) {
    case 'acknowledged':
      return `Acknowledged ${named(ack)}.`;
    case 'acknowledged-before':
      return `${named(ack)} was acknowledged already${ack.by ? ` by ${line(ack.by)}` : ''}.`;
    case 'nothing-open':
      return 'Nothing to acknowledge: no open page was sent to this number.';
    case 'unknown':
      return 'This number is not known here: acknowledge in the incident room.';
    case 'shared-number':
      return 'This number belongs to more than one person here: acknowledge in the incident room.';
    case 'repeated':
      return null;
  }
}

export function keyReply(ack: PhoneAck): string | null {
  switch (ack.kind) {
    case 'acknowledged':
      return 'Acknowledged';
    case 'acknowledged-before':
      return `This incident was acknowledged already${ack.by ? ` by ${line(ack.by)}` : ''}.`;
    case 'nothing-open':
      return 'This incident is no longer open.';
    case 'unknown':
    case 'shared-number':
      return 'This call is not known here. Acknowledge in the incident room.';
    case 'repeated':
      return null;
  }
}

export const TEXT_HELP = 'Reply ACK to acknowledge your latest open page.';
