/**
 * Issue 20, the postmortem document `<id>.postmortem`: seeded from a template on first open,
 * co-edited by responders, never reached by stakeholders or by non-members of a private
 * incident, and vetted like the responder document: a write outside the client roots, or of
 * the wrong shape, closes that connection and changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { postmortemDocName } from '../../shared/documents.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import { postmortemMaps, readSections } from '../../shared/postmortem.ts';
import { readRichSections } from '../../shared/richText.ts';
import { readPostmortemEnv } from '../../server/postmortem/env.ts';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { closeOf, connectDoc, eventually, rawSocket, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { signIn } from '../helpers/sessions.ts';
import type { SignedIn } from '../helpers/sessions.ts';
import { tempDataDir } from '../helpers/tempDataDir.ts';

const MODEL_FILE = path.resolve('ops/incident-model.example.yaml');

function closedWith(provider: WebsocketProvider): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => provider.once('connection-close', (event) => resolve({ code: event!.code, reason: event!.reason })));
}

function sessionDoc(server: TestServer, person: SignedIn, docName: string): WebsocketProvider {
  const headers = { cookie: person.cookie, origin: server.url };
  class CookieSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  return new WebsocketProvider(server.wsUrl, docName, new Y.Doc(), { WebSocketPolyfill: CookieSocket as unknown as typeof globalThis.WebSocket, disableBc: true });
}

describe('the postmortem document', () => {
  let server: TestServer;
  let id: string;
  let token: string;
  const providers: WebsocketProvider[] = [];
  const open = async (name: string, t = token) => {
    const p = connectDoc(server.wsUrl, name, t);
    providers.push(p);
    await synced(p);
    return p;
  };
  /** The document as the server holds it, read by a fresh responder. */
  const serverCopy = async () => {
    const p = await open(postmortemDocName(id), await tokenFor(server, id, 'Observer'));
    const copy = postmortemMaps(p.doc);
    return { sections: readSections(copy), rich: readRichSections(copy), formats: copy.sections.get('why')!.toDelta(), highlights: copy.highlights.toArray(), impact: copy.impact.toJSON(), review: copy.review.toJSON(), roots: [...p.doc.share.keys()].sort(), done: () => p.destroy() };
  };

  beforeAll(async () => {
    const templateDir = tempDataDir();
    const file = path.join(templateDir, 'postmortem.md');
    fs.writeFileSync(file, 'Our postmortem\n\n## What happened\nOne paragraph.\n\n## Why\n\n## Next steps\n');
    server = await startTestServer({ postmortem: readPostmortemEnv({ POSTMORTEM_TEMPLATE_FILE: file }) }, { INCIDENT_MODEL_FILE: MODEL_FILE });
    id = await declareIncident(server, 'Checkout errors', 'P2');
    token = await tokenFor(server, id, 'Ana');
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await server.close();
  });

  it('starts from POSTMORTEM_TEMPLATE_FILE, and two responders co-edit it', async () => {
    const a = await open(postmortemDocName(id));
    const b = await open(postmortemDocName(id), await tokenFor(server, id, 'Ben'));
    const sections = readSections(postmortemMaps(a.doc));
    expect(sections).toEqual([
      { key: 'what-happened', title: 'What happened', text: 'One paragraph.' },
      { key: 'why', title: 'Why', text: '' },
      { key: 'next-steps', title: 'Next steps', text: '' },
    ]);
    postmortemMaps(a.doc).sections.get('why')!.insert(0, 'A bad deploy.');
    postmortemMaps(b.doc).highlights.push(['ev-1']);
    postmortemMaps(b.doc).impact.set('started', Date.UTC(2026, 0, 1));
    await eventually(() => postmortemMaps(b.doc).sections.get('why')!.toString() === 'A bad deploy.', "Ben sees Ana's text");
    await eventually(() => postmortemMaps(a.doc).highlights.length === 1 && postmortemMaps(a.doc).impact.has('started'), "Ana sees Ben's highlight and impact");
    const copy = await serverCopy();
    expect(copy.sections[1]!.text).toBe('A bad deploy.');
    expect(copy.highlights).toEqual(['ev-1']);
    copy.done();
  });

  it("starts from the incident type's own template, which adds its sections to the default ones", async () => {
    const declared = await server.api('POST', '/api/incidents', { title: 'Leaked key', incidentType: 'security', fields: { region: 'eu' } });
    expect(declared.status).toBe(201);
    const p = await open(postmortemDocName(declared.body.id), await tokenFor(server, declared.body.id, 'Sec'));
    const sections = readSections(postmortemMaps(p.doc));
    expect(sections.map((s) => s.key)).toEqual([
      'summary', 'impact', 'timeline-highlights', 'root-cause', 'contributing-factors', 'what-went-well', 'what-went-poorly', 'lessons', 'follow-ups', 'containment', 'notification-duties',
    ]);
    expect(sections.at(-1)!.text).toContain('Who must be told');
  });

  it('is refused to stakeholder links', async () => {
    const link = await tokenFor(server, id, 'VP', 'stakeholder');
    const ws = rawSocket(`${server.wsUrl}/${postmortemDocName(id)}?token=${link}`);
    expect(await closeOf(ws)).toEqual({ code: CloseCode.forbidden, reason: 'stakeholders do not see the postmortem' });
  });

  it("is a private incident's members' only, as if it did not exist for others", async () => {
    const suffix = Math.random().toString(36).slice(2, 8);
    const ana = await signIn(server, `Ana ${suffix}`);
    const ben = await signIn(server, `Ben ${suffix}`);
    const declared = await ana.api('POST', '/api/incidents', { title: 'Payroll leak', incidentType: 'security', fields: { region: 'eu' }, private: true });
    expect(declared.status).toBe(201);
    const name = postmortemDocName(declared.body.id);
    const outsider = sessionDoc(server, ben, name);
    providers.push(outsider);
    const refused = await closedWith(outsider);
    expect(refused.code).toBe(CloseCode.unknownDocument);
    expect(postmortemMaps(outsider.doc).outline.size).toBe(0);
    const member = sessionDoc(server, ana, name);
    providers.push(member);
    await synced(member);
    expect(postmortemMaps(member.doc).outline.size).toBeGreaterThan(0);
  });

  it('keeps the formats a section may carry, and a second responder sees them', async () => {
    const a = await open(postmortemDocName(id), await tokenFor(server, id, 'Fay'));
    const b = await open(postmortemDocName(id), await tokenFor(server, id, 'Gus'));
    const next = postmortemMaps(a.doc).sections.get('next-steps')!;
    next.applyDelta([
      { insert: 'Raise ' },
      { insert: 'the pool', attributes: { bold: true, italic: true } },
      { insert: ' (see ' },
      { insert: 'runbook', attributes: { link: 'https://wiki.example/runbook?x=1&y=2' } },
      { insert: ', ' },
      { insert: 'mail us', attributes: { link: 'mailto:ops@example.com' } },
      { insert: ')\nPlan' },
      { insert: '\n', attributes: { header: 3 } },
      { insert: 'alert on saturation' },
      { insert: '\n', attributes: { list: 'bullet' } },
      { insert: 'pool.max = 200', attributes: { code: true } },
      { insert: '\n', attributes: { list: 'ordered' } },
      { insert: 'SELECT 1;' },
      { insert: '\n', attributes: { 'code-block': true } },
      { insert: 'gone', attributes: { strike: true } },
      { insert: '\n', attributes: { blockquote: true } },
    ]);
    // A format that ends (null) is allowed too.
    next.format(0, 5, { bold: true });
    next.format(0, 5, { bold: null });
    const expected = next.toDelta();
    await eventually(() => JSON.stringify(postmortemMaps(b.doc).sections.get('next-steps')!.toDelta()) === JSON.stringify(expected), 'Gus sees the formats');
    const copy = await serverCopy();
    expect(copy.rich.find((s) => s.key === 'next-steps')!.lines).toEqual([
      { runs: [{ text: 'Raise ' }, { text: 'the pool', bold: true, italic: true }, { text: ' (see ' }, { text: 'runbook', link: 'https://wiki.example/runbook?x=1&y=2' }, { text: ', ' }, { text: 'mail us', link: 'mailto:ops@example.com' }, { text: ')' }] },
      { runs: [{ text: 'Plan' }], header: 3 },
      { runs: [{ text: 'alert on saturation' }], list: 'bullet' },
      { runs: [{ text: 'pool.max = 200', code: true }], list: 'ordered' },
      { runs: [{ text: 'SELECT 1;' }], 'code-block': true },
      { runs: [{ text: 'gone', strike: true }], blockquote: true },
    ]);
    copy.done();
  });

  describe('refuses a write, closing the writer and changing nothing,', () => {
    const cases: Array<[string, (doc: Y.Doc) => void, number, RegExp?]> = [
      ['to the server-written review root', (doc) => postmortemMaps(doc).review.set('state', 'published'), CloseCode.forbidden],
      ['to an unknown root', (doc) => doc.getMap('shadow').set('x', 1), CloseCode.forbidden],
      ['over an entry of the server-written outline', (doc) => postmortemMaps(doc).outline.set('why', { title: 'Mine now', position: 0 }), CloseCode.forbidden],
      ['deleting an outline entry', (doc) => postmortemMaps(doc).outline.delete('why'), CloseCode.forbidden],
      ['to a section the outline does not have', (doc) => postmortemMaps(doc).sections.set('secret', new Y.Text('x')), CloseCode.badMessage],
      ['of a plain value as a section', (doc) => postmortemMaps(doc).sections.set('why', 'plain' as unknown as Y.Text), CloseCode.badMessage],
      ['of an impact time no Date can hold', (doc) => postmortemMaps(doc).impact.set('resolved', 1e16), CloseCode.badMessage],
      ['of an impact field that does not exist', (doc) => postmortemMaps(doc).impact.set('ended', Date.UTC(2026, 0, 1)), CloseCode.badMessage],
      ['of a highlight that is no id', (doc) => postmortemMaps(doc).highlights.push([{ html: '<b>' } as unknown as string]), CloseCode.badMessage],
      ['of a type nested in a section', (doc) => postmortemMaps(doc).sections.get('why')!.insertEmbed(0, new Y.Map()), CloseCode.badMessage],
      ['of an embed in a section', (doc) => postmortemMaps(doc).sections.get('why')!.insertEmbed(0, { image: 'https://x.example/a.png' }), CloseCode.badMessage],
      ['of a javascript: link', (doc) => postmortemMaps(doc).sections.get('why')!.insert(0, 'click', { link: 'javascript:alert(1)' }), CloseCode.badMessage, /a link must be an http:, https: or mailto: address/],
      ['of a link hidden behind spaces and case', (doc) => postmortemMaps(doc).sections.get('why')!.format(0, 3, { link: ' JavaScript:alert(1)' }), CloseCode.badMessage, /a link must be/],
      ['of a data: link', (doc) => postmortemMaps(doc).sections.get('why')!.format(0, 3, { link: 'data:text/html,<script>alert(1)</script>' }), CloseCode.badMessage, /a link must be/],
      ['of a format the sections do not have', (doc) => postmortemMaps(doc).sections.get('why')!.format(0, 3, { color: 'red' }), CloseCode.badMessage, /a section has no format "color"/],
      ['of a format value of the wrong type', (doc) => postmortemMaps(doc).sections.get('why')!.format(0, 3, { bold: 'yes' }), CloseCode.badMessage, /format "bold" cannot be "yes"/],
      ['of a heading level above the sections', (doc) => postmortemMaps(doc).sections.get('why')!.format(2, 1, { header: 1 }), CloseCode.badMessage, /format "header" cannot be 1/],
      ['of a list kind the sections do not have', (doc) => postmortemMaps(doc).sections.get('why')!.format(2, 1, { list: 'checked' }), CloseCode.badMessage, /format "list" cannot be "checked"/],
    ];
    for (const [what, write, code, reason] of cases) {
      it(what, async () => {
        const before = await serverCopy();
        before.done();
        const p = await open(postmortemDocName(id), await tokenFor(server, id, 'Mallory'));
        const closed = closedWith(p);
        write(p.doc);
        const close = await closed;
        expect(close.code).toBe(code);
        if (reason) expect(close.reason).toMatch(reason);
        p.destroy();
        const after = await serverCopy();
        after.done();
        expect(after).toMatchObject({ sections: before.sections, rich: before.rich, formats: before.formats, highlights: before.highlights, impact: before.impact, review: {} });
        expect(after.roots).not.toContain('shadow');
      });
    }
  });
});
