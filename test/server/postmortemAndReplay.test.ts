import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import { command, connectDoc, connectSocket, eventually, synced } from '../helpers/clients.ts';
import { tokenFor } from '../helpers/incidents.ts';
import { readTranscript } from '../../shared/responderDoc.ts';

describe('postmortem out, metrics and replay', () => {
  let server: TestServer;
  let id: string;
  let midpoint = 0;
  const clock = new TestClock({ running: true });
  beforeAll(async () => {
    server = await startTestServer({}, {}, { clock });
    id = (await server.api('POST', '/api/incidents', { title: 'Search is down', severity: 'SEV1', summary: 'Search returned 500s for EU users.' })).body.id;
    const token = await tokenFor(server, id, 'Iris');
    const socket = await connectSocket(server.url, token);
    const scribe = connectDoc(server.wsUrl, id, token);
    await synced(scribe);
    const write = (text: string, kind = 'note') => {
      const entry = new Y.Map<unknown>();
      entry.set('id', text);
      entry.set('at', Date.now());
      entry.set('kind', kind);
      entry.set('text', new Y.Text(text));
      scribe.doc.getArray('transcript').push([entry]);
    };
    await command(socket, { type: 'acknowledge', incidentId: id });
    await command(socket, { type: 'claimRole', incidentId: id, role: 'commander' });
    write('index cluster red');
    const action = new Y.Map<unknown>();
    action.set('id', 'a1');
    action.set('title', new Y.Text('add disk alerts'));
    action.set('owner', (await server.api('GET', '/api/session', undefined, token)).body.userId);
    action.set('status', 'open');
    scribe.doc.getArray('actions').push([action]);
    const reader = connectDoc(server.wsUrl, id, token);
    await eventually(() => readTranscript(reader.doc).length === 1, 'first entry stored');
    clock.advance(1000);
    midpoint = clock.now();
    clock.advance(1000);
    write('failed over to standby', 'decision');
    await command(socket, { type: 'setStatus', incidentId: id, status: 'monitoring' });
    await command(socket, { type: 'publishUpdate', incidentId: id, text: 'Search restored; monitoring.' });
    await command(socket, { type: 'setStatus', incidentId: id, status: 'resolved' });
    await eventually(() => readTranscript(reader.doc).length === 2, 'second entry stored');
    reader.destroy();
    scribe.destroy();
    socket.disconnect();
  });
  afterAll(() => server.close());

  it('the Markdown export reads as a postmortem draft', async () => {
    const res = await fetch(`${server.url}/api/incidents/${id}/export.md`, { headers: { authorization: `Bearer ${server.adminToken}` } });
    expect(res.headers.get('content-type')).toMatch(/text\/markdown/);
    const md = await res.text();
    for (const heading of ['# Postmortem draft: Search is down', '## Summary and impact', '## Clocks', '## Roles', '## Timeline', '## Action items', '## Stakeholder updates']) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('Search returned 500s for EU users.');
    expect(md).toMatch(/- Acknowledged: .* after declaration\)/);
    expect(md).toMatch(/- Mitigated: .* after declaration\)/);
    expect(md).toMatch(/- Resolved: .* after declaration\)/);
    expect(md).toMatch(/- Incident commander: Iris, .* – now/);
    expect(md).toContain('- [ ] add disk alerts (owner: Iris)');
    // Events and transcript merged in time order, with authors.
    const timeline = md.slice(md.indexOf('## Timeline'), md.indexOf('## Action items'));
    const order = ['declared the incident', 'acknowledged the incident', 'claimed Incident commander', '[note] index cluster red', '[decision] failed over to standby', 'changed status Investigating → Monitoring'];
    const positions = order.map((s) => timeline.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(timeline).toContain('**Iris** [decision] failed over to standby');
  });

  it('metrics across incidents, by severity', async () => {
    const m = (await server.api('GET', '/api/metrics')).body;
    expect(m.bySeverity.SEV1.incidents).toBe(1);
    expect(m.bySeverity.SEV1.open).toBe(0);
    expect(m.bySeverity.SEV1.timeToAcknowledge.count).toBe(1);
    expect(m.bySeverity.SEV1.timeToResolve.medianMs).toBeGreaterThan(0);
    expect(m.bySeverity.SEV2.timeToResolve).toEqual({ count: 0, meanMs: null, medianMs: null, p90Ms: null });
  });

  it('replays the room as it was at a moment', async () => {
    const range = (await server.api('GET', `/api/incidents/${id}/replay`)).body;
    expect(range.moments.length).toBeGreaterThan(5);
    expect(range.from).toBeLessThan(midpoint);
    const then = (await server.api('GET', `/api/incidents/${id}/replay?at=${midpoint}`)).body;
    expect(then.transcript.map((e: any) => e.text)).toEqual(['index cluster red']);
    expect(then.incident.status).toBe('investigating');
    expect(then.roles.commander.name).toBe('Iris');
    const now = (await server.api('GET', `/api/incidents/${id}/replay?at=${range.to}`)).body;
    expect(now.transcript).toHaveLength(2);
    expect(now.incident.status).toBe('resolved');
    expect((await server.api('GET', `/api/incidents/${id}/replay?at=yesterday`)).status).toBe(400);
    expect((await server.api('GET', `/api/incidents/${id}/replay?at=${range.from - 1}`)).status).toBe(404);
  });
});
