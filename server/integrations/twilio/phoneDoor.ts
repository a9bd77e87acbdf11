/**
 * What the Twilio webhooks ask of the room (issue 19; DESIGN "doors in, at the edge"): acknowledge
 * as the person a text came from or a call went to. The notifications module answers, through
 * the command layer; the webhooks only verify Twilio and put the outcome into words.
 */
export type PhoneAck =
  | { kind: 'acknowledged'; title: string; severity: string }
  /** Someone (or the same person, elsewhere) acknowledged first: nothing more was done. */
  | { kind: 'acknowledged-before'; title: string; severity: string; by: string | null }
  | { kind: 'nothing-open' }
  /** No person has this number (an SMS method), or the call is not one the server placed. */
  | { kind: 'unknown' }
  /** Several people have this number: a reply cannot say which of them acknowledges. */
  | { kind: 'shared-number' }
  /** The same request again (Twilio's retry, or a replay): acted on once already. */
  | { kind: 'repeated' };

export interface PhoneDoor {
  /** A text saying "ack" came from `from`. */
  textAck(from: string, messageSid: string): Promise<PhoneAck>;
  /** 1 was pressed on the call `callSid`, placed to `to`. */
  keyAck(callSid: string, to: string): Promise<PhoneAck>;
}
