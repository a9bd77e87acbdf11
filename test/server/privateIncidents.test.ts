/**
 * Issue 13, private incidents: only members (the declarer, people added, role holders, people
 * paged), admins and links made for it see one. Every door is walked as a non-member, where the
 * incident must answer exactly as one that does not exist, and as a member, where it works.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { CommandType } from '../../shared/commands.ts';
import type { IncidentSummary } from '../../shared/incident.ts';
import { responderDocName, stateDocName } from '../../shared/documents.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import { incidentRoutes } from '../../server/http/incidentRoutes.ts';
import type { IncidentRouteDeps } from '../../server/http/incidentRoutes.ts';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { closeOf, command, connectDoc, eventually, rawSocket, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { signIn } from '../helpers/sessions.ts';
import type { SignedIn } from '../helpers/sessions.ts';
import { startWebhookReceiver } from '../helpers/webhookReceiver.ts';
import type { WebhookReceiver } from '../helpers/webhookReceiver.ts';

const UNKNOWN = 'inc-zzzzzzzz';
const fixture = (name: string) => JSON.parse(fs.readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

/** Every route of the incident router, read from the router itself so a new one is walked too. */
function incidentRouteList(): Array<{ method: string; path: string }> {
  const router = incidentRoutes({} as IncidentRouteDeps) as unknown as { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
  return router.stack.flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((method) => ({ method: method.toUpperCase(), path: layer.route!.path })) : []));
}

/** A valid command of every type but declare, so each reaches the access check rather than validation. */
function sampleCommands(incidentId: string, userId: string): Record<Exclude<CommandType, 'declare'>, Record<string, unknown>> {
  return {
    claimRole: { type: 'claimRole', incidentId, role: 'scribe' },
    releaseRole: { type: 'releaseRole', incidentId, role: 'scribe' },
    handOffRole: { type: 'handOffRole', incidentId, role: 'scribe', toUserId: userId },
    assignRole: { type: 'assignRole', incidentId, role: 'scribe', toUserId: userId },
    takeOverRole: { type: 'takeOverRole', incidentId, role: 'scribe' },
    addSme: { type: 'addSme', incidentId, name: 'Dana', domain: 'database' },
    removeSme: { type: 'removeSme', incidentId, smeId: 'sme-nope' },
    pageSme: { type: 'pageSme', incidentId, domain: 'database' },
    setSeverity: { type: 'setSeverity', incidentId, severity: 'SEV1' },
    setStatus: { type: 'setStatus', incidentId, status: 'identified' },
    setField: { type: 'setField', incidentId, field: 'region', value: 'eu' },
    publishUpdate: { type: 'publishUpdate', incidentId, text: 'hello' },
    acknowledge: { type: 'acknowledge', incidentId },
    setTranscriptVisibility: { type: 'setTranscriptVisibility', incidentId, hidden: true },
    setPrivacy: { type: 'setPrivacy', incidentId, private: false },
    addMember: { type: 'addMember', incidentId, userId },
    removeMember: { type: 'removeMember', incidentId, userId },
    addTranscriptEntry: { type: 'addTranscriptEntry', incidentId, text: 'a note from chat' },
    setStatusPage: { type: 'setStatusPage', incidentId, statusPage: true },
    publishStatusUpdate: { type: 'publishStatusUpdate', incidentId, text: 'We are looking into it' },
  };
}

/** The answer with the incident's id written as ID, so an unknown id's answer can be compared. */
const shape = (body: unknown, id: string) => (typeof body === 'string' ? body : JSON.stringify(body)).replaceAll(id, 'ID');

type Credential = { cookie: string } | { token: string };

/** A request as any client sends it, answering the raw text (the Markdown export is no JSON). */
async function request(server: TestServer, who: Credential, method: string, pathname: string, body?: unknown): Promise<{ status: number; text: string }> {
  const auth: Record<string, string> = 'cookie' in who ? { cookie: who.cookie, origin: server.url } : { authorization: `Bearer ${who.token}` };
  const res = await fetch(server.url + pathname, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

/** socket.io as the browser app connects: the session cookie from the server's own origin. */
function sessionSocket(server: TestServer, person: SignedIn): Promise<Socket> {
  const socket = io(server.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: person.cookie, origin: server.url } });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** The stock provider as a signed-in browser runs it: the cookie and Origin on the upgrade. */
function sessionDoc(server: TestServer, person: SignedIn, docName: string): WebsocketProvider {
  const headers = { cookie: person.cookie, origin: server.url };
  class CookieSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  return new WebsocketProvider(server.wsUrl, docName, new Y.Doc(), {
    WebSocketPolyfill: CookieSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
}

function sessionRaw(server: TestServer, person: SignedIn, docName: string): WebSocket {
  return rawSocket(`${server.wsUrl}/${encodeURIComponent(docName)}`, { headers: { cookie: person.cookie, origin: server.url } });
}

/** How a provider's connection closed, once it does. */
function closedWith(provider: WebsocketProvider): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => provider.once('connection-close', (event) => resolve({ code: event!.code, reason: event!.reason })));
}

describe('private incidents', () => {
  let server: TestServer;
  let hooks: WebhookReceiver;
  let ana: SignedIn;
  let ben: SignedIn;
  let cai: SignedIn;
  let secret: string;
  let open: string;
  let otherLink: string;
  const sockets: Socket[] = [];
  const providers: WebsocketProvider[] = [];
  const suffix = Math.random().toString(36).slice(2, 8);

  beforeAll(async () => {
    server = await startTestServer({}, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', COMMANDS_PER_MINUTE: '6000' });
    hooks = await startWebhookReceiver();
    ana = await signIn(server, `Ana ${suffix}`);
    ben = await signIn(server, `Ben ${suffix}`);
    cai = await signIn(server, `Cai ${suffix}`);
    const declared = await ana.api('POST', '/api/incidents', { title: 'Payroll export leaked', severity: 'SEV2', private: true });
    expect(declared.status).toBe(201);
    expect(declared.body.private).toBe(true);
    secret = declared.body.id;
    open = await declareIncident(server, 'Checkout slow');
    otherLink = await tokenFor(server, open, 'Bot of another incident');
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    for (const p of providers) p.destroy();
    await server.close();
    await hooks.close();
  });

  it('is listed, counted and found only for its members and admins', async () => {
    const ids = async (p: { api: SignedIn['api'] }) => ((await p.api('GET', '/api/incidents')).body.incidents as IncidentSummary[]).map((i) => i.id);
    const asToken = { api: (m: string, p: string) => server.api(m, p) };
    expect(await ids(ana)).toContain(secret);
    expect(await ids(asToken)).toContain(secret);
    expect(await ids(ben)).not.toContain(secret);
    expect(await ids(ben)).toContain(open);
    // GET /api/metrics counts only the incidents the asker sees.
    const count = async (p: { api: SignedIn['api'] }) => (await p.api('GET', '/api/metrics')).body.incidents as number;
    expect(await count(ana)).toBe((await count(ben)) + 1);
    expect(await count(asToken)).toBe(await count(ana));
  });

  it('answers every REST route as for an unknown incident to a non-member, and works for a member and the API token', async () => {
    const routes = incidentRouteList().filter((r) => r.path.includes(':id'));
    expect(routes.length).toBeGreaterThanOrEqual(9);
    const link = await ana.api('POST', `/api/incidents/${secret}/tokens`, { access: 'stakeholder', name: 'Board' });
    expect(link.status).toBe(201);
    const bodies: Record<string, unknown> = {
      'POST /incidents/:id/commands': { type: 'acknowledge' },
      'POST /incidents/:id/tokens': { access: 'stakeholder', name: 'Leak' },
    };
    const outsiders: Array<{ name: string; who: Credential }> = [
      { name: 'a signed-in non-member', who: ben },
      { name: 'a link of another incident', who: { token: otherLink } },
    ];
    const insiders: Array<{ name: string; who: Credential }> = [
      { name: 'a member', who: ana },
      { name: 'the API token', who: { token: server.adminToken } },
    ];
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      const paths = (id: string) => {
        const p = `/api${r.path.replace(':id', id).replace(':tokenId', link.body.id)}`;
        return p.endsWith('/replay') ? [p, `${p}?at=${Date.now()}`] : [p];
      };
      for (const outsider of outsiders) {
        for (const [i, path] of paths(secret).entries()) {
          const hidden = await request(server, outsider.who, r.method, path, bodies[key]);
          const unknown = await request(server, outsider.who, r.method, paths(UNKNOWN)[i]!, bodies[key]);
          expect(hidden.status, `${key} as ${outsider.name}`).toBe(404);
          expect(shape(hidden.text, secret), `${key} as ${outsider.name}`).toBe(shape(unknown.text, UNKNOWN));
        }
      }
      for (const insider of insiders) {
        // Each DELETE revokes a link of its own.
        const victim = r.method === 'DELETE' ? (await ana.api('POST', `/api/incidents/${secret}/tokens`, { access: 'stakeholder', name: 'Gone' })).body.id : link.body.id;
        for (const path of paths(secret)) {
          const res = await request(server, insider.who, r.method, path.replace(link.body.id, victim), bodies[key]);
          expect(res.status, `${key} as ${insider.name}: ${res.text}`).toBeLessThan(300);
        }
      }
    }
    // The stakeholder link a member made sees the incident: that is how a member shares it.
    expect((await server.api('GET', `/api/incidents/${secret}`, undefined, link.body.token)).status).toBe(200);
  });

  it('answers every socket.io command as for an unknown incident to a non-member, and leaves it out of the lobby', async () => {
    const socket = await sessionSocket(server, ben);
    sockets.push(socket);
    const hidden = sampleCommands(secret, ben.session.userId);
    const unknown = sampleCommands(UNKNOWN, ben.session.userId);
    for (const type of Object.keys(hidden) as Array<keyof typeof hidden>) {
      const a = await command(socket, hidden[type]);
      const b = await command(socket, unknown[type]);
      expect(a, type).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(shape(a, secret), type).toBe(shape(b, UNKNOWN));
    }
    const lobby = (await socket.timeout(10_000).emitWithAck('lobby:watch')) as { ok: true; data: IncidentSummary[] };
    expect(lobby.data.map((i) => i.id)).toContain(open);
    expect(lobby.data.map((i) => i.id)).not.toContain(secret);
    // A member's commands work.
    const anaSocket = await sessionSocket(server, ana);
    sockets.push(anaSocket);
    expect(await command(anaSocket, { type: 'setSeverity', incidentId: secret, severity: 'SEV1' })).toMatchObject({ ok: true });
  });

  it('closes both Yjs documents to a non-member as for an unknown incident, and syncs them for a member and a shared link', async () => {
    for (const name of [responderDocName, stateDocName]) {
      const hidden = await closeOf(sessionRaw(server, ben, name(secret)));
      const unknown = await closeOf(sessionRaw(server, ben, name(UNKNOWN)));
      expect(hidden.code).toBe(CloseCode.unknownDocument);
      expect(hidden.reason.replaceAll(secret, 'ID')).toBe(unknown.reason.replaceAll(UNKNOWN, 'ID'));
      const viaLink = await closeOf(rawSocket(`${server.wsUrl}/${name(secret)}?token=${otherLink}`));
      expect(viaLink).toEqual({ code: CloseCode.unknownDocument, reason: `no incident ${secret}` });

      const member = sessionDoc(server, ana, name(secret));
      providers.push(member);
      await synced(member);
    }
    const shared = await tokenFor(server, secret, 'Exec', 'stakeholder');
    const view = connectDoc(server.wsUrl, stateDocName(secret), shared);
    providers.push(view);
    await synced(view);
    expect(view.doc.getMap('meta').get('title')).toBe('Payroll export leaked');
  });

  it('sends lobby changes of a private incident to its members and admins only', async () => {
    const [anaSocket, benSocket, adminSocket] = await Promise.all([
      sessionSocket(server, ana),
      sessionSocket(server, ben),
      io(server.url, { auth: { token: server.adminToken }, transports: ['websocket'], reconnection: false }),
    ]);
    sockets.push(anaSocket, benSocket, adminSocket);
    const seen = new Map<Socket, string[]>([anaSocket, benSocket, adminSocket].map((s) => [s, []]));
    for (const [s, list] of seen) {
      s.on('lobby:incident', (i: IncidentSummary) => list.push(`${i.id}:${i.severity}`));
      await s.timeout(10_000).emitWithAck('lobby:watch');
    }
    expect(await command(anaSocket, { type: 'setSeverity', incidentId: secret, severity: 'SEV3' })).toMatchObject({ ok: true });
    await eventually(() => seen.get(anaSocket)!.includes(`${secret}:SEV3`), 'the member hears of the private incident');
    await eventually(() => seen.get(adminSocket)!.includes(`${secret}:SEV3`), 'the API token hears of the private incident');
    // Events reach one socket in order: once Ben hears of the later public change, he would have heard of the private one.
    expect((await server.api('POST', `/api/incidents/${open}/commands`, { type: 'setSeverity', severity: 'SEV4' })).status).toBe(200);
    await eventually(() => seen.get(benSocket)!.includes(`${open}:SEV4`), 'the non-member hears of the public incident');
    expect(seen.get(benSocket)!.some((e) => e.startsWith(secret))).toBe(false);
  });

  it('takes an incident off the lobbies of non-members when it becomes private, and keeps it for members', async () => {
    const turning = await ana.api('POST', '/api/incidents', { title: 'Becomes private', severity: 'SEV3' });
    const id = turning.body.id as string;
    const [anaSocket, benSocket] = await Promise.all([sessionSocket(server, ana), sessionSocket(server, ben)]);
    sockets.push(anaSocket, benSocket);
    const removed = new Map<Socket, string[]>([anaSocket, benSocket].map((s) => [s, []]));
    for (const [s, list] of removed) {
      s.on('lobby:removed', (incidentId: string) => list.push(incidentId));
      const listed = (await s.timeout(10_000).emitWithAck('lobby:watch')) as { ok: boolean; data: IncidentSummary[] };
      expect(listed.data.some((i) => i.id === id)).toBe(true);
    }
    expect(await command(anaSocket, { type: 'setPrivacy', incidentId: id, private: true })).toMatchObject({ ok: true });
    await eventually(() => removed.get(benSocket)!.includes(id), 'the non-member’s lobby drops it');
    // Events reach one socket in order: once Ana hears of a later public change, a removal would have come first.
    const heard: string[] = [];
    anaSocket.on('lobby:incident', (i: IncidentSummary) => heard.push(i.id));
    expect((await server.api('POST', `/api/incidents/${open}/commands`, { type: 'setSeverity', severity: 'SEV3' })).status).toBe(200);
    await eventually(() => heard.includes(open), 'the member hears of a later public change');
    expect(removed.get(anaSocket)).toEqual([]);
  });

  it('members add and remove members; role holders become members; only the commander changes privacy', async () => {
    expect((await ben.api('GET', `/api/incidents/${secret}`)).status).toBe(404);
    const added = await ana.api('POST', `/api/incidents/${secret}/commands`, { type: 'addMember', userId: ben.session.userId });
    expect(added).toMatchObject({ status: 200, body: { member: { id: ben.session.userId, addedBy: ana.session.userId } } });
    expect((await ben.api('GET', `/api/incidents/${secret}`)).status).toBe(200);
    const members = (await ben.api('GET', `/api/incidents/${secret}/members`)).body.members.map((m: { id: string }) => m.id);
    expect(members).toEqual(expect.arrayContaining([ana.session.userId, ben.session.userId]));

    // Ana takes command and gives Cai a role: Cai is in.
    expect((await ana.api('POST', `/api/incidents/${secret}/commands`, { type: 'claimRole', role: 'commander' })).status).toBe(200);
    expect((await cai.api('GET', `/api/incidents/${secret}`)).status).toBe(404);
    expect((await ana.api('POST', `/api/incidents/${secret}/commands`, { type: 'assignRole', role: 'scribe', toUserId: cai.session.userId })).status).toBe(200);
    expect((await cai.api('GET', `/api/incidents/${secret}`)).status).toBe(200);
    const holderOut = await ben.api('POST', `/api/incidents/${secret}/commands`, { type: 'removeMember', userId: cai.session.userId });
    expect(holderOut).toMatchObject({ status: 409, body: { error: { message: expect.stringMatching(/holds Scribe/) } } });

    // With a commander named, only they (or the API token) change privacy.
    const refused = await ben.api('POST', `/api/incidents/${secret}/commands`, { type: 'setPrivacy', private: false });
    expect(refused.status).toBe(403);

    const removed = await ana.api('POST', `/api/incidents/${secret}/commands`, { type: 'removeMember', userId: ben.session.userId });
    expect(removed.status).toBe(200);
    expect((await ben.api('GET', `/api/incidents/${secret}`)).status).toBe(404);
    const events = (await ana.api('GET', `/api/incidents/${secret}/export.json`)).body.events.map((e: { type: string }) => e.type);
    expect(events).toEqual(expect.arrayContaining(['member.added', 'member.removed']));
  });

  it('making an incident private closes the open Yjs connections of non-members, on both documents', async () => {
    const id = await declareIncident(server, 'Customer data in logs');
    expect((await server.api('POST', `/api/incidents/${id}/commands`, { type: 'addMember', userId: ana.session.userId })).status).toBe(200);
    const outsiders = [sessionDoc(server, ben, responderDocName(id)), sessionDoc(server, ben, stateDocName(id))];
    const member = sessionDoc(server, ana, responderDocName(id));
    providers.push(...outsiders, member);
    await Promise.all([...outsiders, member].map((p) => synced(p)));
    const closes = outsiders.map(closedWith);

    const made = await server.api('POST', `/api/incidents/${id}/commands`, { type: 'setPrivacy', private: true });
    expect(made).toMatchObject({ status: 200, body: { private: true } });
    for (const closed of await Promise.all(closes)) expect(closed).toEqual({ code: CloseCode.forbidden, reason: 'this incident is private to its members' });
    for (const p of outsiders) p.disconnect();
    // The member carries on: a change from her still reaches the server.
    member.doc.getText('notes').insert(0, 'still here');
    await eventually(() => member.wsconnected && member.synced, 'the member stays connected');
    const notes = async () => (await server.api('GET', `/api/incidents/${id}/export.json`)).body.notes as string;
    const start = Date.now();
    while ((await notes()) !== 'still here') {
      if (Date.now() - start > 10_000) throw new Error('the member’s note never arrived');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await ben.api('GET', `/api/incidents/${id}`)).status).toBe(404);
  });

  it('pages for a private incident make the person paged a member and keep the title out of webhooks', async () => {
    const dee = await signIn(server, `Dee ${suffix}`);
    const put = await server.api('PUT', '/api/services/payroll', {
      primary: { userId: dee.session.userId, name: dee.session.name },
      webhooks: [`${hooks.url}/generic`],
      slackWebhooks: [`${hooks.url}/slack`],
    });
    expect(put.status).toBe(200);
    const declared = await ana.api('POST', '/api/incidents', { title: 'Salaries visible to all', severity: 'SEV1', service: 'payroll', private: true });
    expect(declared.status).toBe(201);
    expect((await dee.api('GET', `/api/incidents/${declared.body.id}`)).status).toBe(200);
    await eventually(() => hooks.received.length >= 2, 'both webhooks');
    const generic = hooks.received.find((h) => h.path === '/generic')!.body;
    const slack = hooks.received.find((h) => h.path === '/slack')!.body;
    expect(generic.incident).toMatchObject({ id: declared.body.id, title: 'a private incident', private: true });
    expect(slack.text).toContain('a private incident');
    expect(JSON.stringify(hooks.received)).not.toContain('Salaries');
  });

  it('an alert labelled private="true" opens a private incident', async () => {
    const payload = fixture('alertmanager-v4.json');
    payload.groupKey = 'private-group';
    payload.commonLabels = { ...payload.commonLabels, private: 'true' };
    const res = await server.api('POST', '/api/alerts/alertmanager', payload);
    expect(res.body).toMatchObject({ created: true });
    expect((await server.api('GET', `/api/incidents/${res.body.incidentId}`)).body.private).toBe(true);
    expect((await ben.api('GET', `/api/incidents/${res.body.incidentId}`)).status).toBe(404);
  });
  it('refuses a deactivated member at every door: every incident route, socket.io, both Yjs documents', async () => {
    const eve = await signIn(server, `Eve ${suffix}`);
    expect(await command(await sessionSocket(server, ana), { type: 'addMember', incidentId: secret, userId: eve.session.userId })).toMatchObject({ ok: true });
    expect((await eve.api('GET', `/api/incidents/${secret}`)).status).toBe(200);
    expect((await server.api('POST', `/api/people/${eve.session.userId}/deactivate`)).status).toBe(200);

    const routes = incidentRouteList();
    for (const r of routes) {
      const path = `/api${r.path.replace(':id', secret).replace(':tokenId', 'tok-x')}`;
      const res = await request(server, eve, r.method, path, r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
      expect(res.status, `${r.method} ${r.path}`).toBe(401);
    }
    for (const path of ['/api/session', '/api/users', '/api/services', '/api/metrics']) {
      expect((await request(server, eve, 'GET', path)).status, path).toBe(401);
    }
    await expect(sessionSocket(server, eve)).rejects.toThrow();
    for (const name of [responderDocName, stateDocName]) {
      expect((await closeOf(sessionRaw(server, eve, name(secret)))).code).toBe(CloseCode.unauthorized);
    }
  });
});
