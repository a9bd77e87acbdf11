/**
 * The public status page (issue 21): the summary in Atlassian Statuspage's shape, the Atom feed,
 * components from the roster with their state from incidents on the page, a manual override and
 * maintenance windows, history, and what never appears: an incident not marked for the page, a
 * private one, and internal stakeholder updates. Time is a TestClock the server reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusPageView, StatusSummary } from '../../shared/statusPage.ts';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import { readAtomFeed } from './statusPageAtom.ts';

const HOUR = 60 * 60 * 1000;
const SECRET_TITLES = ['Disk filling on search-3', 'Payroll export leaked', 'internal: rollback of migration 42'];

describe('the status page', () => {
  const clock = new TestClock({ start: Date.UTC(2026, 4, 12, 9, 0) });
  let server: TestServer;
  let onPage: string;
  let unmarked: string;
  let secret: string;

  const get = async (path: string) => {
    const res = await fetch(server.url + path);
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text(), cors: res.headers.get('access-control-allow-origin') };
  };
  const summary = async () => JSON.parse((await get('/status/api/v2/summary.json')).text) as StatusSummary;
  const view = async () => JSON.parse((await get('/status/api/page.json')).text) as StatusPageView;
  const command = (id: string, body: Record<string, unknown>) => server.api('POST', `/api/incidents/${id}/commands`, body);
  const component = (s: StatusSummary, id: string) => s.components.find((c) => c.id === id)!;
  /** Nothing the page serves names what it must not show. */
  const expectNoSecrets = async () => {
    for (const path of ['/status/api/v2/summary.json', '/status/api/page.json', '/status/feed.atom']) {
      const { text } = await get(path);
      for (const title of SECRET_TITLES) expect(text, path).not.toContain(title);
      for (const id of [unmarked, secret]) expect(text, path).not.toContain(id);
    }
  };

  beforeAll(async () => {
    server = await startTestServer({}, { STATUS_PAGE: 'public', STATUS_PAGE_NAME: 'Acme Status', PUBLIC_URL: 'https://status.example.com' }, { clock });
    for (const service of ['checkout', 'payments', 'search']) expect((await server.api('PUT', `/api/services/${service}`, {})).status).toBe(200);
    const declare = async (body: Record<string, unknown>) => {
      const res = await server.api('POST', '/api/incidents', body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    onPage = await declare({ title: 'Checkout errors', severity: 'SEV1', service: 'checkout', statusPage: true });
    unmarked = await declare({ title: SECRET_TITLES[0], severity: 'SEV1', service: 'search' });
    secret = await declare({ title: SECRET_TITLES[1], severity: 'SEV1', service: 'payments', private: true });
  });
  afterAll(() => server.close());

  it('answers summary.json in the shape of Statuspage, with only the incident marked for the page', async () => {
    const res = await get('/status/api/v2/summary.json');
    expect(res.status).toBe(200);
    expect(res.type).toContain('application/json');
    // Widgets on other sites read it.
    expect(res.cors).toBe('*');
    const s = JSON.parse(res.text) as StatusSummary;
    expect(s.page).toEqual({ id: expect.any(String), name: 'Acme Status', url: 'https://status.example.com/status', time_zone: 'Etc/UTC', updated_at: expect.any(String) });
    expect(s.status).toEqual({ indicator: 'critical', description: 'Major System Outage' });
    expect(s.components.map((c) => [c.id, c.name, c.status])).toEqual([
      ['checkout', 'checkout', 'major_outage'],
      ['payments', 'payments', 'operational'],
      ['search', 'search', 'operational'],
    ]);
    for (const c of s.components) expect(Object.keys(c)).toEqual(expect.arrayContaining(['id', 'name', 'status', 'created_at', 'updated_at', 'position', 'page_id', 'group', 'only_show_if_degraded']));
    expect(s.incidents).toEqual([
      expect.objectContaining({
        id: onPage,
        name: 'Checkout errors',
        status: 'investigating',
        impact: 'critical',
        shortlink: `https://status.example.com/status#${onPage}`,
        incident_updates: [],
        components: [{ id: 'checkout', name: 'checkout', status: 'major_outage' }],
      }),
    ]);
    expect(Date.parse(s.incidents[0]!.created_at)).toBe(clock.now());
    expect(s.scheduled_maintenances).toEqual([]);
    expect(JSON.parse((await get('/status/api/v2/status.json')).text)).toEqual({ page: s.page, status: s.status });
    await expectNoSecrets();
  });

  it('never puts a private incident on the page, at declaration or later', async () => {
    const declared = await server.api('POST', '/api/incidents', { title: SECRET_TITLES[1], severity: 'SEV2', private: true, statusPage: true });
    expect(declared.status).toBe(400);
    expect(declared.body.error.message).toContain('private');
    const marked = await command(secret, { type: 'setStatusPage', statusPage: true });
    expect(marked.status).toBe(409);
    await expectNoSecrets();
  });

  it('shows public updates, never stakeholder updates, and serves them as a valid Atom feed', async () => {
    expect((await command(onPage, { type: 'publishUpdate', text: SECRET_TITLES[2] })).status).toBe(200);
    const refused = await command(unmarked, { type: 'publishStatusUpdate', text: 'Search is slow' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('not on the status page');
    clock.advance(60_000);
    const published = await command(onPage, { type: 'publishStatusUpdate', text: 'We are investigating failed checkouts & <timeouts>.' });
    expect(published.status).toBe(200);
    expect(published.body.update).toMatchObject({ status: 'investigating', text: 'We are investigating failed checkouts & <timeouts>.' });
    clock.advance(60_000);
    expect((await command(onPage, { type: 'publishStatusUpdate', text: 'The cause is a bad deploy; rolling back.', status: 'identified' })).status).toBe(200);

    const [incident] = (await summary()).incidents;
    expect(incident!.status).toBe('identified');
    expect(incident!.incident_updates.map((u) => [u.status, u.body])).toEqual([
      ['identified', 'The cause is a bad deploy; rolling back.'],
      ['investigating', 'We are investigating failed checkouts & <timeouts>.'],
    ]);
    expect(incident!.incident_updates[0]).toMatchObject({ incident_id: onPage, created_at: new Date(clock.now()).toISOString() });

    const feed = await get('/status/feed.atom');
    expect(feed.status).toBe(200);
    expect(feed.type).toContain('application/atom+xml');
    const atom = readAtomFeed(feed.text);
    expect(atom.title).toBe('Acme Status');
    expect(atom.updated).toBe(new Date(clock.now()).toISOString());
    expect(atom.entries.map((e) => [e.title, e.content, e.link])).toEqual([
      ['Checkout errors: Identified', 'The cause is a bad deploy; rolling back.', `https://status.example.com/status#${onPage}`],
      ['Checkout errors: Investigating', 'We are investigating failed checkouts & <timeouts>.', `https://status.example.com/status#${onPage}`],
    ]);
    // The timeline records both, for the postmortem.
    const exported = await server.api('GET', `/api/incidents/${onPage}/export.json`);
    expect(exported.body.events.filter((e: { type: string }) => e.type === 'statusUpdate.published')).toHaveLength(2);
    await expectNoSecrets();
  });

  it('calls the incident what the commander names it for the page', async () => {
    expect((await command(onPage, { type: 'setStatusPage', statusPage: true, title: 'Some payments failing' })).status).toBe(200);
    expect((await summary()).incidents[0]!.name).toBe('Some payments failing');
    expect(readAtomFeed((await get('/status/feed.atom')).text).entries[0]!.title).toBe('Some payments failing: Identified');
  });

  it('lets a responder override a component until it is cleared', async () => {
    const put = (service: string, body: unknown) => server.api('PUT', `/api/status-page/components/${service}`, body);
    expect((await put('search', { override: 'degraded_performance' })).status).toBe(200);
    expect(component(await summary(), 'search').status).toBe('degraded_performance');
    expect((await put('checkout', { override: 'operational' })).status).toBe(200);
    const overridden = await summary();
    expect(component(overridden, 'checkout').status).toBe('operational');
    // The incident still says how bad it is.
    expect(overridden.status.indicator).toBe('critical');
    expect((await put('search', { override: 'sideways' })).status).toBe(400);
    expect((await put('nowhere', { override: 'major_outage' })).status).toBe(404);
    expect((await put('search', { override: 'major_outage', extra: 1 })).status).toBe(400);
    expect((await put('search', { override: null })).status).toBe(200);
    expect((await put('checkout', { override: null })).status).toBe(200);
    const cleared = await summary();
    expect(component(cleared, 'search').status).toBe('operational');
    expect(component(cleared, 'checkout').status).toBe('major_outage');
  });

  it('lists scheduled maintenance, and shows the component under maintenance while it lasts', async () => {
    const start = clock.now() + HOUR;
    const made = await server.api('POST', '/api/services/payments/silences', {
      start: new Date(start).toISOString(),
      end: new Date(start + 2 * HOUR).toISOString(),
      reason: 'internal: rotate the payroll database credentials',
    });
    expect(made.status).toBe(201);
    const before = await summary();
    expect(before.scheduled_maintenances).toEqual([
      expect.objectContaining({
        id: made.body.id,
        status: 'scheduled',
        impact: 'maintenance',
        scheduled_for: new Date(start).toISOString(),
        scheduled_until: new Date(start + 2 * HOUR).toISOString(),
        components: [{ id: 'payments', name: 'payments', status: 'operational' }],
      }),
    ]);
    // The silence's reason is written for responders, not for the page.
    expect(JSON.stringify(before)).not.toContain('payroll');
    expect(component(before, 'payments').status).toBe('operational');

    clock.advance(HOUR + 1);
    const during = await summary();
    expect(component(during, 'payments').status).toBe('under_maintenance');
    expect(during.scheduled_maintenances[0]!.status).toBe('in_progress');

    expect((await server.api('DELETE', `/api/services/payments/silences/${made.body.id}`)).status).toBe(204);
    const after = await summary();
    expect(component(after, 'payments').status).toBe('operational');
    expect(after.scheduled_maintenances).toEqual([]);
  });

  it('moves a resolved incident to the past and into the history, and drops one made private or taken off', async () => {
    expect((await command(onPage, { type: 'publishStatusUpdate', text: 'Checkouts work again.', status: 'resolved' })).status).toBe(200);
    expect((await command(onPage, { type: 'setStatus', status: 'resolved' })).status).toBe(200);
    const page = await view();
    expect(page.summary.incidents).toEqual([]);
    expect(page.summary.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    expect(page.pastIncidents.map((i) => [i.id, i.status, i.impact])).toEqual([[onPage, 'resolved', 'critical']]);
    const checkout = page.history.find((h) => h.componentId === 'checkout')!.days;
    expect(checkout).toHaveLength(90);
    expect(checkout.at(-1)).toEqual({ date: '2026-05-12', status: 'major_outage' });
    expect(checkout.slice(0, -1).every((d) => d.status === 'operational')).toBe(true);
    expect(page.history.find((h) => h.componentId === 'search')!.days.every((d) => d.status === 'operational')).toBe(true);

    // An incident on the page that becomes private leaves it, with its updates.
    const later = await server.api('POST', '/api/incidents', { title: 'Slow search', severity: 'SEV3', service: 'search', statusPage: true });
    expect((await command(later.body.id, { type: 'publishStatusUpdate', text: 'Search results are slow.' })).status).toBe(200);
    expect(component(await summary(), 'search').status).toBe('degraded_performance');
    expect((await command(later.body.id, { type: 'setPrivacy', private: true })).status).toBe(200);
    expect((await command(later.body.id, { type: 'publishStatusUpdate', text: 'still slow' })).status).toBe(409);
    const afterPrivate = await get('/status/api/page.json');
    expect(afterPrivate.text).not.toContain(later.body.id);
    expect(afterPrivate.text).not.toContain('Search results are slow.');
    expect((await get('/status/feed.atom')).text).not.toContain('Search results are slow.');

    // Taken off the page: gone from it, its past and its feed.
    expect((await command(onPage, { type: 'setStatusPage', statusPage: false })).status).toBe(200);
    const off = await get('/status/api/page.json');
    expect(off.text).not.toContain(onPage);
    expect(readAtomFeed((await get('/status/feed.atom')).text).entries).toEqual([]);
    await expectNoSecrets();
  });
});
