/**
 * Issue 20: transcript entries marked in the room (the entry's `highlighted`) make the
 * postmortem's timeline; publishing copies the marks into the postmortem, so the published
 * timeline stays as reviewed whatever the room marks or unmarks afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postmortemDocName, responderDocName } from '../../shared/documents.ts';
import { postmortemMaps } from '../../shared/postmortem.ts';
import { onlyMaps, readTranscript, responderRoots, transcriptEntry } from '../../shared/responderDoc.ts';
import { connectDoc, eventually, synced } from '../helpers/clients.ts';
import { tokenFor } from '../helpers/incidents.ts';
import { signIn } from '../helpers/sessions.ts';
import type { SignedIn } from '../helpers/sessions.ts';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import type { WebsocketProvider } from 'y-websocket';

describe('highlights marked in the room', () => {
  let server: TestServer;
  let ana: SignedIn;
  let id: string;
  const providers: WebsocketProvider[] = [];
  const open = async (docName: string) => {
    const p = connectDoc(server.wsUrl, docName, await tokenFor(server, id, 'Scribe'));
    providers.push(p);
    await synced(p);
    return p;
  };
  const markdown = async () => (await fetch(`${server.url}/api/incidents/${id}/postmortem.md`, { headers: { cookie: ana.cookie, origin: server.url } })).text();
  const timelineOf = (md: string) => md.slice(md.indexOf('## Highlighted timeline'), md.indexOf('##', md.indexOf('## Highlighted timeline') + 3));

  beforeAll(async () => {
    server = await startTestServer();
    ana = await signIn(server, 'Ana');
    id = (await ana.api('POST', '/api/incidents', { title: 'Checkout errors', severity: 'SEV2' })).body.id;
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await server.close();
  });

  it('shows marked entries in the postmortem’s timeline and keeps them as published', async () => {
    const room = await open(responderDocName(id));
    const roots = responderRoots(room.doc);
    roots.transcript.push([
      transcriptEntry({ id: 'ent-pool', at: Date.now() - 2000, kind: 'note', text: 'connection pool exhausted' }),
      transcriptEntry({ id: 'ent-lunch', at: Date.now() - 1000, kind: 'note', text: 'ordering lunch' }),
      transcriptEntry({ id: 'ent-rollback', at: Date.now(), kind: 'note', text: 'rolled back 4.2.1' }),
    ]);
    const entry = (entryId: string) => onlyMaps(roots.transcript.toArray()).find((m) => m.get('id') === entryId)!;
    entry('ent-pool').set('highlighted', true);
    entry('ent-rollback').set('highlighted', true);
    const check = await open(responderDocName(id));
    await eventually(() => readTranscript(check.doc).filter((e) => e.highlighted).length === 2, 'the marks are stored');

    const draft = timelineOf(await markdown());
    expect(draft).toContain('connection pool exhausted');
    expect(draft).toContain('rolled back 4.2.1');
    expect(draft).not.toContain('ordering lunch');

    // Unmarked in the room before publishing: it leaves the draft's timeline.
    entry('ent-rollback').set('highlighted', false);
    await eventually(() => readTranscript(check.doc).filter((e) => e.highlighted).length === 1, 'the unmark is stored');
    expect(timelineOf(await markdown())).not.toContain('rolled back 4.2.1');

    expect((await ana.api('POST', `/api/incidents/${id}/postmortem/review`, { reviewers: [ana.session.userId] })).status).toBe(200);
    expect((await ana.api('POST', `/api/incidents/${id}/postmortem/decision`, { decision: 'approved' })).status).toBe(200);
    expect((await ana.api('POST', `/api/incidents/${id}/postmortem/publish`)).status).toBe(200);
    const postmortem = await open(postmortemDocName(id));
    expect(postmortemMaps(postmortem.doc).highlights.toArray()).toEqual(['ent-pool']);
    const events = (await server.api('GET', `/api/incidents/${id}/export.json`)).body.events as Array<{ type: string; actor: { name: string } }>;
    expect(events.filter((e) => e.type === 'postmortem.published').map((e) => e.actor.name)).toEqual(['Ana']);

    // The room goes on marking; the published timeline does not move.
    entry('ent-pool').set('highlighted', false);
    entry('ent-lunch').set('highlighted', true);
    await eventually(() => readTranscript(check.doc).find((e) => e.id === 'ent-lunch')!.highlighted, 'the later marks are stored');
    const published = timelineOf(await markdown());
    expect(published).toContain('connection pool exhausted');
    expect(published).not.toContain('ordering lunch');
  });
});
