/**
 * Which page each text and call was for (issue 19), kept once Twilio took it, with Twilio's SID:
 * a reply to a number acknowledges the latest open page texted to it, and a key press the page
 * its call was placed for. Also the Twilio requests already acted on: Twilio signs a request
 * without a timestamp, so a captured "ACK" replayed later must not acknowledge a newer page.
 */
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { PhoneChannel } from './phonePayload.ts';

export interface PhonePage {
  sid: string;
  channel: PhoneChannel;
  address: string;
  userId: string;
  /** Null for a page without a room (issue 19): `pageId` names it. */
  incidentId: string | null;
  pageId: string;
  sentAt: number;
}

interface Row {
  sid: string;
  channel: PhoneChannel;
  address: string;
  user_id: string;
  incident_id: string | null;
  page_id: string;
  sent_at: number;
}

const toPage = (r: Row): PhonePage => ({
  sid: r.sid,
  channel: r.channel,
  address: r.address,
  userId: r.user_id,
  incidentId: r.incident_id,
  pageId: r.page_id,
  sentAt: Number(r.sent_at),
});

export class PhonePages {
  constructor(private readonly db: SqlDatabase) {}

  async add(page: PhonePage): Promise<void> {
    // Delivery is at least once: the same message's record may come twice.
    await this.db.run(
      'INSERT INTO phone_pages (sid, channel, address, user_id, incident_id, page_id, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sid) DO NOTHING',
      [page.sid, page.channel, page.address, page.userId, page.incidentId, page.pageId, page.sentAt],
    );
  }

  /** A person's latest pages sent to an address by a channel, newest first. */
  async sentTo(channel: PhoneChannel, address: string, userId: string, limit: number): Promise<PhonePage[]> {
    const rows = await this.db.all<Row>('SELECT * FROM phone_pages WHERE address = ? AND channel = ? AND user_id = ? ORDER BY seq DESC LIMIT ?', [
      address,
      channel,
      userId,
      limit,
    ]);
    return rows.map(toPage);
  }

  /** The page a call was placed for, if it went to `address`. */
  async call(sid: string, address: string): Promise<PhonePage | undefined> {
    const row = await this.db.get<Row>("SELECT * FROM phone_pages WHERE sid = ? AND address = ? AND channel = 'voice'", [sid, address]);
    return row && toPage(row);
  }

  /** True the first time a request (Twilio's SID for it) is claimed; inside a transaction, a rollback releases it. */
  async claimRequest(sid: string, now: number): Promise<boolean> {
    return (await this.db.run('INSERT INTO phone_requests_seen (sid, at) VALUES (?, ?) ON CONFLICT DO NOTHING', [sid, now])) > 0;
  }
}
