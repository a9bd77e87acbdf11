/**
 * Issue 11: the audit trail could be flooded (one row per refused foreign-origin upgrade, with a
 * target of the sender's choosing, up to 15 KB; one per read-only sync message), until a real
 * denied write fell out of `GET /api/audit`. Refusals are now counted per source and summed up,
 * targets truncated, and the trail is paged and filtered by action.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { closeOf, rawSocket } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { opened, syncFrame, updateOf } from '../helpers/frames.ts';

interface Entry {
  id: number;
  action: string;
  userId: string | null;
  target: string | null;
  detail: string | null;
}

describe('an audit trail that cannot be flooded', () => {
  let server: TestServer;
  let id: string;
  beforeAll(async () => {
    server = await startTestServer({}, { AUDIT_BURST: '5', AUDIT_WINDOW_SEC: '1' });
    id = await declareIncident(server);
  });
  afterAll(() => server.close());

  const audit = async (query = ''): Promise<{ entries: Entry[]; next: number | null }> => (await server.api('GET', `/api/audit${query}`)).body;

  it('sums up a flood of refused upgrades from one address and keeps a genuine denied write', async () => {
    const longTarget = `${id}${'x'.repeat(15_000)}`;
    const floods = Array.from({ length: 200 }, () => closeOf(rawSocket(`${server.wsUrl}/${longTarget}`, { headers: { origin: 'https://evil.example' } })));
    for (const closed of await Promise.all(floods)) expect(closed.code).toBe(4403);

    // A responder tries to write server-owned state: a genuine denied write.
    const token = await tokenFor(server, id, 'Mallory');
    const ws = rawSocket(`${server.wsUrl}/${id}?token=${token}`);
    await opened(ws);
    const closed = closeOf(ws);
    ws.send(syncFrame(2, updateOf((d) => d.getMap('roles').set('commander', { id: 'x', name: 'Mallory', since: 0 }))));
    expect((await closed).code).toBe(4403);

    let origin: Entry[] = [];
    const deadline = Date.now() + 15_000;
    do {
      origin = (await audit('?action=sync.origin-denied&limit=500')).entries;
      if (origin.some((e) => e.detail?.includes('more sync.origin-denied'))) break;
      await new Promise((r) => setTimeout(r, 100));
    } while (Date.now() < deadline);
    // Five one by one, then one row for the rest of the window (or a few, if the flood spanned windows).
    expect(origin.length).toBeLessThan(20);
    const summaries = origin.filter((e) => e.detail?.includes('more sync.origin-denied from address'));
    expect(summaries.length).toBeGreaterThan(0);
    const counted = origin.length - summaries.length + summaries.reduce((n, e) => n + Number(/^([\d,]+) more/.exec(e.detail!)![1]!.replace(/,/g, '')), 0);
    expect(counted).toBe(200);
    for (const e of origin) expect(e.target!.length).toBeLessThan(300);

    const denied = (await audit('?action=sync.write-denied')).entries;
    expect(denied.some((e) => e.detail?.includes('roles'))).toBe(true);
  });

  it('sums up a stakeholder link that keeps sending writes', async () => {
    const link = await tokenFor(server, id, 'Board member', 'stakeholder');
    const ws = rawSocket(`${server.wsUrl}/${id}?token=${link}`);
    await opened(ws);
    for (let i = 0; i < 300; i++) ws.send(syncFrame(2, updateOf((d) => d.getArray('transcript').push([`forged ${i}`]))));
    const userId = (await server.api('GET', '/api/session', undefined, link)).body.userId as string;
    const countOf = (entries: Entry[]) => entries.reduce((n, e) => n + Number(/^([\d,]+) more/.exec(e.detail ?? '')?.[1]?.replace(/,/g, '') ?? 1), 0);
    let mine: Entry[] = [];
    const deadline = Date.now() + 15_000;
    do {
      mine = (await audit('?action=sync.write-denied&limit=500')).entries.filter((e) => e.userId === userId);
      if (countOf(mine) === 300) break;
      await new Promise((r) => setTimeout(r, 100));
    } while (Date.now() < deadline);
    expect(countOf(mine)).toBe(300);
    expect(mine.length).toBeLessThan(20);
    expect(mine.some((e) => e.detail?.includes('more sync.write-denied'))).toBe(true);
    ws.close();
  });

  it('pages through the trail newest first', async () => {
    const first = await audit('?limit=2');
    expect(first.entries).toHaveLength(2);
    expect(first.next).toBe(first.entries[1]!.id);
    const second = await audit(`?limit=2&before=${first.next}`);
    expect(second.entries[0]!.id).toBeLessThan(first.entries[1]!.id);
    expect((await server.api('GET', '/api/audit?limit=0')).status).toBe(400);
    expect((await server.api('GET', '/api/audit?bogus=1')).status).toBe(400);
  });
});
