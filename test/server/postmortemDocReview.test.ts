/**
 * Issue 20, the postmortem's review and exports: review, comment, publish (after which the
 * document refuses every client change), the list of published postmortems as each caller may
 * see it, and exports where hostile text stays text (Markdown through markdown-it, HTML escaped).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import MarkdownIt from 'markdown-it';
import { postmortemDocName } from '../../shared/documents.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import { postmortemMaps } from '../../shared/postmortem.ts';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { connectDoc, eventually, synced } from '../helpers/clients.ts';
import { tokenFor } from '../helpers/incidents.ts';
import { signIn } from '../helpers/sessions.ts';
import type { SignedIn } from '../helpers/sessions.ts';
import type { WebsocketProvider } from 'y-websocket';

const HOSTILE = '# Injected heading\n[click](https://evil.example) <script>alert(1)</script>\n- not a list\n<img src=x onerror=alert(1)>';

describe('the postmortem review and exports', () => {
  let server: TestServer;
  let ana: SignedIn;
  let ben: SignedIn;
  let id: string;
  let hidden: string;
  const providers: WebsocketProvider[] = [];
  const open = async (incidentId: string, name: string) => {
    const p = connectDoc(server.wsUrl, postmortemDocName(incidentId), await tokenFor(server, incidentId, name));
    providers.push(p);
    await synced(p);
    return p;
  };
  const text = async (who: SignedIn, pathname: string) => {
    const res = await fetch(server.url + pathname, { headers: { cookie: who.cookie, origin: server.url } });
    return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
  };

  beforeAll(async () => {
    server = await startTestServer();
    const suffix = Math.random().toString(36).slice(2, 8);
    ana = await signIn(server, `Ana ${suffix}`);
    ben = await signIn(server, `Ben ${suffix}`);
    const declared = await ana.api('POST', '/api/incidents', { title: `Checkout ${HOSTILE}`.slice(0, 200), severity: 'SEV2', service: `svc-${suffix}` });
    expect(declared.status).toBe(201);
    id = declared.body.id;
    const secret = await ana.api('POST', '/api/incidents', { title: 'Payroll leak', severity: 'SEV2', service: `svc-${suffix}`, private: true });
    hidden = secret.body.id;
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await server.close();
  });

  it('goes from draft to review to published, after which the document refuses every change', async () => {
    const writer = await open(id, 'Writer');
    const maps = postmortemMaps(writer.doc);
    maps.sections.get('root-cause')!.insert(0, HOSTILE);
    maps.impact.set('started', Date.UTC(2026, 0, 1, 10, 0, 0));
    maps.impact.set('resolved', Date.UTC(2026, 0, 1, 10, 0, 42));
    const observer = await open(id, 'Observer');
    await eventually(() => postmortemMaps(observer.doc).sections.get('root-cause')!.toString() === HOSTILE, 'the text is stored');

    expect((await ana.api('POST', `/api/incidents/${id}/postmortem/publish`)).body.error.message).toBe('ask for a review before publishing');
    const badReviewer = await ana.api('POST', `/api/incidents/${id}/postmortem/review`, { reviewers: ['u-nobody'] });
    expect(badReviewer).toMatchObject({ status: 400, body: { error: { message: 'reviewers: no person u-nobody' } } });
    const review = await ana.api('POST', `/api/incidents/${id}/postmortem/review`, { reviewers: [ben.session.userId] });
    expect(review.status).toBe(200);
    await eventually(() => postmortemMaps(writer.doc).review.get('state') === 'in_review', 'the room sees the review');

    const badSection = await ben.api('POST', `/api/incidents/${id}/postmortem/comments`, { section: 'nope', text: 'x' });
    expect(badSection.status).toBe(400);
    const comment = await ben.api('POST', `/api/incidents/${id}/postmortem/comments`, { section: 'root-cause', quote: 'Injected', text: HOSTILE });
    expect(comment.status).toBe(201);
    const listed = await ana.api('GET', `/api/incidents/${id}/postmortem/review`);
    expect(listed.body).toMatchObject({ review: { state: 'in_review', reviewers: [ben.session.userId] }, comments: [{ section: 'root-cause', quote: 'Injected', text: HOSTILE }] });

    const closed = new Promise<number>((resolve) => writer.once('connection-close', (event) => resolve(event!.code)));
    const published = await ben.api('POST', `/api/incidents/${id}/postmortem/publish`);
    expect(published).toMatchObject({ status: 200, body: { review: { state: 'published', publishedBy: ben.session.userId } } });
    expect(await closed).toBe(CloseCode.forbidden);
    expect((await ana.api('POST', `/api/incidents/${id}/postmortem/comments`, { section: 'root-cause', text: 'late' })).status).toBe(409);
    expect((await ana.api('POST', `/api/incidents/${id}/postmortem/publish`)).status).toBe(409);

    // A responder who opens it now reads it, and a change they make is refused and not kept.
    const late = await open(id, 'Late');
    expect(postmortemMaps(late.doc).review.get('state')).toBe('published');
    postmortemMaps(late.doc).sections.get('summary')!.insert(0, 'too late');
    // Its connection is read-only: the server drops the change and audits the attempt.
    const denied = async () => ((await server.api('GET', '/api/audit?action=sync.write-denied')).body.entries as Array<{ target: string }>).some((e) => e.target === postmortemDocName(id));
    for (let start = Date.now(); !(await denied()); ) if (Date.now() - start > 10_000) throw new Error('the write was not refused');
    const check = await open(id, 'Checker');
    expect(postmortemMaps(check.doc).sections.get('summary')!.toString()).toBe('');
  });

  it('lists published postmortems, by service and date, to those who may see each', async () => {
    await ana.api('POST', `/api/incidents/${hidden}/postmortem/review`, { reviewers: [ana.session.userId] });
    expect((await ana.api('POST', `/api/incidents/${hidden}/postmortem/publish`)).status).toBe(200);
    const service = (await ana.api('GET', `/api/incidents/${id}`)).body.service as string;
    const ids = async (who: SignedIn, query: string) => ((await who.api('GET', `/api/postmortems${query}`)).body.postmortems as Array<{ incidentId: string }>).map((r) => r.incidentId);
    expect((await ids(ana, `?service=${service}`)).sort()).toEqual([id, hidden].sort());
    expect(await ids(ben, `?service=${service}`)).toEqual([id]);
    expect(await ids(ana, `?service=${service}&to=1000`)).toEqual([]);
    expect(await ids(ana, `?service=other`)).toEqual([]);
    expect((await ana.api('GET', '/api/postmortems?from=yesterday')).status).toBe(400);
    const link = await tokenFor(server, id, 'VP', 'stakeholder');
    const res = await fetch(`${server.url}/api/postmortems`, { headers: { authorization: `Bearer ${link}` } });
    expect(res.status).toBe(403);
    // A non-member asking for a private incident's postmortem learns nothing of it.
    expect((await ben.api('GET', `/api/incidents/${hidden}/postmortem/review`)).status).toBe(404);
    expect((await text(ben, `/api/incidents/${hidden}/postmortem.md`)).status).toBe(404);
  });

  it('exports Markdown in which hostile text stays text, with UTC times and durations to the second', async () => {
    const md = await text(ana, `/api/incidents/${id}/postmortem.md`);
    expect(md.status).toBe(200);
    expect(md.body).toContain('All times are in UTC.');
    expect(md.body).toContain('Impact started: 2026-01-01 10:00:00 UTC');
    expect(md.body).toContain('Duration of impact: 42 s');
    const html = new MarkdownIt().render(md.body);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<a |<script|<img|<h[1-6]>Injected/);
    expect(html).toContain('# Injected heading');
  });

  it('exports HTML with every string escaped', async () => {
    const page = await text(ana, `/api/incidents/${id}/postmortem.html`);
    expect(page.status).toBe(200);
    expect(page.type).toContain('text/html');
    expect(page.body).not.toMatch(/<script|<img|<a /);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).toContain('Duration of impact: 42 s');
  });
});
