/**
 * Issue 20: the impact window feeds the metrics. Set in the postmortem document by a responder's
 * y-websocket client, it is copied onto the incident when the postmortem is published, and
 * `GET /api/metrics` gains time to detect and duration of impact per severity, counted only over
 * published postmortems the caller may see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { postmortemDocName } from '../../shared/documents.ts';
import type { ImpactField } from '../../shared/postmortem.ts';
import { postmortemMaps } from '../../shared/postmortem.ts';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { connectDoc, eventually, synced } from '../helpers/clients.ts';
import { tokenFor } from '../helpers/incidents.ts';
import { signIn } from '../helpers/sessions.ts';
import type { SignedIn } from '../helpers/sessions.ts';

const T = Date.UTC(2026, 0, 5, 8, 0, 0);
const MIN = 60_000;
const EMPTY = { count: 0, meanMs: null, medianMs: null, p90Ms: null };

describe('the impact window feeds the metrics', () => {
  let server: TestServer;
  let ana: SignedIn;
  let ben: SignedIn;
  const providers: WebsocketProvider[] = [];

  /** Declares an incident as Ana and sets its impact window through the postmortem document. */
  const withWindow = async (severity: string, window: Partial<Record<ImpactField, number>>, extra: object = {}) => {
    const declared = await ana.api('POST', '/api/incidents', { title: `Outage ${severity}`, severity, ...extra });
    expect(declared.status).toBe(201);
    const id = declared.body.id as string;
    const open = async (name: string) => {
      const p = connectDoc(server.wsUrl, postmortemDocName(id), await tokenFor(server, id, name));
      providers.push(p);
      await synced(p);
      return p;
    };
    const writer = await open('Writer');
    for (const [field, at] of Object.entries(window)) postmortemMaps(writer.doc).impact.set(field, at);
    const observer = await open('Observer');
    const stored = postmortemMaps(observer.doc).impact;
    await eventually(() => Object.entries(window).every(([field, at]) => stored.get(field) === at), 'the window is stored');
    return id;
  };
  const publish = async (id: string) => {
    expect((await ana.api('POST', `/api/incidents/${id}/postmortem/review`, { reviewers: [ana.session.userId] })).status).toBe(200);
    // Publishing takes a named reviewer's approval first.
    expect((await ana.api('POST', `/api/incidents/${id}/postmortem/decision`, { decision: 'approved' })).status).toBe(200);
    expect((await ana.api('POST', `/api/incidents/${id}/postmortem/publish`)).status).toBe(200);
  };

  beforeAll(async () => {
    server = await startTestServer();
    const suffix = Math.random().toString(36).slice(2, 8);
    ana = await signIn(server, `Ana ${suffix}`);
    ben = await signIn(server, `Ben ${suffix}`);
    await publish(await withWindow('SEV1', { started: T, detected: T + 4 * MIN, mitigated: T + 10 * MIN, resolved: T + 30 * MIN }));
    await publish(await withWindow('SEV1', { started: T, detected: T + 2 * MIN, resolved: T + 60 * MIN }));
    // Only the start known: counted nowhere.
    await publish(await withWindow('SEV1', { started: T }));
    // Still in review: its window can change, so it is no figure yet.
    const inReview = await withWindow('SEV1', { started: T, detected: T + 40 * MIN, resolved: T + 90 * MIN });
    expect((await ana.api('POST', `/api/incidents/${inReview}/postmortem/review`, { reviewers: [ana.session.userId] })).status).toBe(200);
    // Private: a figure for its members only.
    await publish(await withWindow('SEV2', { started: T, detected: T + 7 * MIN, resolved: T + 20 * MIN }, { private: true }));
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await server.close();
  });

  it('counts time to detect and duration of impact over published postmortems, by severity', async () => {
    const { body } = await ana.api('GET', '/api/metrics');
    expect(body.bySeverity.SEV1.timeToDetect).toEqual({ count: 2, meanMs: 3 * MIN, medianMs: 4 * MIN, p90Ms: 4 * MIN });
    expect(body.bySeverity.SEV1.impactDuration).toEqual({ count: 2, meanMs: 45 * MIN, medianMs: 60 * MIN, p90Ms: 60 * MIN });
    expect(body.bySeverity.SEV2.timeToDetect).toEqual({ count: 1, meanMs: 7 * MIN, medianMs: 7 * MIN, p90Ms: 7 * MIN });
    expect(body.bySeverity.SEV2.impactDuration).toMatchObject({ count: 1, medianMs: 20 * MIN });
    expect(body.bySeverity.SEV3.timeToDetect).toEqual(EMPTY);
  });

  it("leaves out a private incident's window for people outside it", async () => {
    const { body } = await ben.api('GET', '/api/metrics');
    expect(body.bySeverity.SEV1.timeToDetect.count).toBe(2);
    expect(body.bySeverity.SEV2.timeToDetect).toEqual(EMPTY);
    expect(body.bySeverity.SEV2.impactDuration).toEqual(EMPTY);
  });
});
