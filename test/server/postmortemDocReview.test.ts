/**
 * Issue 20, the postmortem's review and exports: review, comment, named reviewers approve or ask
 * for changes, publish once approved (after which the document refuses every client change), the
 * list of published postmortems as each caller may see it, and exports where hostile text stays
 * text (Markdown through markdown-it, HTML escaped).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import MarkdownIt from 'markdown-it';
import { postmortemDocName } from '../../shared/documents.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import { DRAFT_NOT_PUBLISHABLE, NEEDS_APPROVAL, NOT_IN_REVIEW, postmortemMaps, readReview } from '../../shared/postmortem.ts';
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
  let cara: SignedIn;
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
    cara = await signIn(server, `Cara ${suffix}`);
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

    expect(await ana.api('POST', `/api/incidents/${id}/postmortem/publish`)).toMatchObject({ status: 409, body: { error: { message: DRAFT_NOT_PUBLISHABLE } } });
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

    // Not yet approved: nobody publishes it; Ana is not a named reviewer, so she cannot approve.
    expect(await ben.api('POST', `/api/incidents/${id}/postmortem/publish`)).toMatchObject({ status: 409, body: { error: { message: NEEDS_APPROVAL } } });
    expect((await ana.api('POST', `/api/incidents/${id}/postmortem/decision`, { decision: 'approved' })).status).toBe(403);
    expect((await ben.api('POST', `/api/incidents/${id}/postmortem/decision`, { decision: 'approved' })).status).toBe(200);
    await eventually(() => readReview(postmortemMaps(writer.doc)).decisions[ben.session.userId]?.decision === 'approved', 'the room sees the approval');
    expect((await ana.api('POST', `/api/incidents/${id}/postmortem/publish`)).status).toBe(403);

    const closed = new Promise<number>((resolve) => writer.once('connection-close', (event) => resolve(event!.code)));
    const published = await ben.api('POST', `/api/incidents/${id}/postmortem/publish`);
    expect(published).toMatchObject({ status: 200, body: { review: { state: 'published', publishedBy: ben.session.userId } } });
    expect(await closed).toBe(CloseCode.forbidden);
    expect((await ana.api('POST', `/api/incidents/${id}/postmortem/comments`, { section: 'root-cause', text: 'late' })).status).toBe(409);
    expect((await ana.api('POST', `/api/incidents/${id}/postmortem/publish`)).status).toBe(409);
    expect((await ben.api('POST', `/api/incidents/${id}/postmortem/decision`, { decision: 'approved' })).status).toBe(409);

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
    expect((await ana.api('POST', `/api/incidents/${hidden}/postmortem/decision`, { decision: 'approved' })).status).toBe(200);
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

  it('lets only named reviewers decide, shows decisions and comments live, and publishes once approved', async () => {
    const declared = await ana.api('POST', '/api/incidents', { title: 'Queue backlog', severity: 'SEV3' });
    const incident = declared.body.id as string;
    const path = (what: string) => `/api/incidents/${incident}/postmortem/${what}`;
    const viewer = postmortemMaps((await open(incident, 'Viewer')).doc);
    const live = () => readReview(viewer);
    const withToken = async (token: string, what: string, body: unknown) =>
      (await fetch(server.url + path(what), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).status;

    // A draft: nobody approves it, and nobody, automation included, publishes it directly.
    expect(await ben.api('POST', path('decision'), { decision: 'approved' })).toMatchObject({ status: 409, body: { error: { message: NOT_IN_REVIEW } } });
    expect(await server.api('POST', path('publish'))).toMatchObject({ status: 409, body: { error: { message: DRAFT_NOT_PUBLISHABLE } } });

    expect((await ana.api('POST', path('review'), { reviewers: [ben.session.userId, cara.session.userId] })).status).toBe(200);
    await eventually(() => live().state === 'in_review', 'the review is mirrored');

    // A comment moves the revision every open page refetches on; the comment itself stays out of the document.
    expect(live().commentsRevision).toBe(0);
    expect((await cara.api('POST', path('comments'), { section: 'summary', quote: 'queue', text: 'Which queue?' })).status).toBe(201);
    await eventually(() => live().commentsRevision === 1, 'the comment revision moves');
    expect(JSON.stringify(viewer.review.toJSON())).not.toContain('Which queue?');

    // Refused: bad bodies, a non-reviewer, a stakeholder link, a per-incident token; nothing changes.
    expect((await ben.api('POST', path('decision'), { decision: 'changes_requested' })).status).toBe(400);
    expect((await ben.api('POST', path('decision'), { decision: 'changes_requested', note: '   ' })).status).toBe(400);
    expect((await ben.api('POST', path('decision'), { decision: 'maybe' })).status).toBe(400);
    expect((await ben.api('POST', path('decision'), { decision: 'approved', as: cara.session.userId })).status).toBe(400);
    expect(await ana.api('POST', path('decision'), { decision: 'approved' })).toMatchObject({ status: 403, body: { error: { message: 'only the named reviewers approve or ask for changes' } } });
    const link = await tokenFor(server, incident, 'VP', 'stakeholder');
    const scoped = await tokenFor(server, incident, 'Bot');
    expect(await withToken(link, 'decision', { decision: 'approved' })).toBe(403);
    expect(await withToken(link, 'publish', {})).toBe(403);
    expect(await withToken(scoped, 'decision', { decision: 'approved' })).toBe(403);
    expect(await withToken(scoped, 'publish', {})).toBe(403);
    expect((await ana.api('GET', path('review'))).body.review.decisions).toEqual({});

    // Cara asks for changes, Ben approves: publishing waits for Cara.
    const note = 'Say how long the backlog took to drain.';
    expect((await cara.api('POST', path('decision'), { decision: 'changes_requested', note })).status).toBe(200);
    expect((await ben.api('POST', path('decision'), { decision: 'approved' })).status).toBe(200);
    await eventually(() => Object.keys(live().decisions).length === 2, 'both decisions are mirrored');
    expect(live().decisions).toMatchObject({ [cara.session.userId]: { decision: 'changes_requested', note }, [ben.session.userId]: { decision: 'approved', note: null } });
    expect((await ben.api('POST', path('publish'))).status).toBe(409);

    // Editing after an approval keeps it; naming Ben alone drops Cara's request, and Ben publishes.
    const writer = await open(incident, 'Writer');
    postmortemMaps(writer.doc).sections.get('summary')!.insert(0, 'The backlog drained in 40 minutes.');
    await eventually(() => viewer.sections.get('summary')!.toString().startsWith('The backlog'), 'the edit is stored');
    expect((await ana.api('GET', path('review'))).body.review.decisions[ben.session.userId]).toMatchObject({ decision: 'approved' });
    expect((await ana.api('POST', path('review'), { reviewers: [ben.session.userId] })).status).toBe(200);
    await eventually(() => Object.keys(live().decisions).join() === ben.session.userId, 'the dropped reviewer’s decision is gone');
    expect((await cara.api('POST', path('decision'), { decision: 'approved' })).status).toBe(403);
    expect(await ben.api('POST', path('publish'))).toMatchObject({ status: 200, body: { review: { state: 'published', publishedBy: ben.session.userId } } });
    expect(await ben.api('POST', path('decision'), { decision: 'approved' })).toMatchObject({ status: 409 });
  });

  it('lets automation with the API token publish a postmortem in review without an approval', async () => {
    const incident = (await ana.api('POST', '/api/incidents', { title: 'Nightly job', severity: 'SEV4' })).body.id as string;
    expect((await ana.api('POST', `/api/incidents/${incident}/postmortem/review`, { reviewers: [ben.session.userId] })).status).toBe(200);
    expect((await ana.api('POST', `/api/incidents/${incident}/postmortem/publish`)).status).toBe(403);
    expect(await server.api('POST', `/api/incidents/${incident}/postmortem/publish`)).toMatchObject({ status: 200, body: { review: { state: 'published' } } });
  });

  it('hides a private incident’s review from non-members at every route', async () => {
    const secret = (await ana.api('POST', '/api/incidents', { title: 'Salary file', severity: 'SEV2', private: true })).body.id as string;
    expect((await ana.api('POST', `/api/incidents/${secret}/postmortem/review`, { reviewers: [ana.session.userId] })).status).toBe(200);
    for (const what of ['decision', 'publish', 'comments', 'review']) {
      const res = await ben.api('POST', `/api/incidents/${secret}/postmortem/${what}`, what === 'decision' ? { decision: 'approved' } : undefined);
      expect(res, what).toMatchObject({ status: 404 });
      expect(JSON.stringify(res.body)).not.toContain('Salary');
    }
    expect((await ana.api('GET', `/api/incidents/${secret}/postmortem/review`)).body.review).toMatchObject({ state: 'in_review', decisions: {} });
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
