/**
 * Issue 20: who held which role reads grouped by role, holders in order with their times, the
 * same in export.md and in the postmortem's Markdown and HTML exports; names stay text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';

const T0 = Date.UTC(2026, 2, 3, 9, 0, 0);
const minutes = (n: number) => n * 60_000;

describe('roles grouped by role in the exports', () => {
  let server: TestServer;
  let id: string;
  const clock = new TestClock({ start: T0 });
  const get = async (pathname: string) => (await fetch(server.url + pathname, { headers: { authorization: `Bearer ${server.adminToken}` } })).text();
  /** The lines of one section, from its heading to the next. */
  const section = (text: string, heading: string, next: string) => text.slice(text.indexOf(heading) + heading.length, text.indexOf(next, text.indexOf(heading))).trim().split('\n');

  beforeAll(async () => {
    server = await startTestServer({}, {}, { clock });
    id = await declareIncident(server, 'Queue backlog');
    const iris = await tokenFor(server, id, 'Iris');
    const jon = await tokenFor(server, id, 'Jon');
    const kim = await tokenFor(server, id, 'Kim_<b>*');
    const run = async (token: string, cmd: object) => {
      const res = await server.api('POST', `/api/incidents/${id}/commands`, cmd, token);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    clock.advance(minutes(1));
    await run(iris, { type: 'claimRole', role: 'commander' });
    clock.advance(minutes(1));
    await run(kim, { type: 'claimRole', role: 'scribe' });
    clock.advance(minutes(3));
    const jonId = (await server.api('GET', '/api/session', undefined, jon)).body.userId as string;
    await run(iris, { type: 'handOffRole', role: 'commander', toUserId: jonId, note: 'shift change' });
    clock.advance(minutes(5));
    await run(kim, { type: 'releaseRole', role: 'scribe' });
  });
  afterAll(() => server.close());

  it('export.md has one line per role, holders in order with their times', async () => {
    const lines = section(await get(`/api/incidents/${id}/export.md`), '## Roles', '## Timeline');
    expect(lines).toEqual([
      '- Incident commander: Iris, 2026-03-03T09:01:00Z – 2026-03-03T09:05:00Z; Jon, 2026-03-03T09:05:00Z – now',
      '- Scribe: Kim\\_\\<b\\>\\*, 2026-03-03T09:02:00Z – 2026-03-03T09:10:00Z',
    ]);
  });

  it("the postmortem's Markdown export groups them the same way, in its own clock", async () => {
    const lines = section(await get(`/api/incidents/${id}/postmortem.md`), '## Roles', '\n## ');
    expect(lines).toEqual([
      '- Incident commander: Iris, 2026-03-03 09:01:00 UTC – 2026-03-03 09:05:00 UTC; Jon, 2026-03-03 09:05:00 UTC – now',
      '- Scribe: Kim\\_\\<b\\>\\*, 2026-03-03 09:02:00 UTC – 2026-03-03 09:10:00 UTC',
    ]);
  });

  it("the postmortem's HTML export lists one item per role, names escaped", async () => {
    const html = await get(`/api/incidents/${id}/postmortem.html`);
    expect(html).toContain(
      '<section><h2>Roles</h2><ul>' +
        '<li>Incident commander: Iris, 2026-03-03 09:01:00 UTC – 2026-03-03 09:05:00 UTC; Jon, 2026-03-03 09:05:00 UTC – now</li>' +
        '<li>Scribe: Kim_&lt;b&gt;*, 2026-03-03 09:02:00 UTC – 2026-03-03 09:10:00 UTC</li>' +
        '</ul></section>',
    );
  });

  it('an incident nobody took a role in says so', async () => {
    const quiet = await declareIncident(server, 'Quiet one');
    expect(section(await get(`/api/incidents/${quiet}/export.md`), '## Roles', '## Timeline')).toEqual(['_No roles were claimed._']);
    expect(await get(`/api/incidents/${quiet}/postmortem.html`)).toContain('<section><h2>Roles</h2><p class="empty">No roles were claimed.</p></section>');
  });
});
