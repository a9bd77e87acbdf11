/** Alert webhooks shaped like the examples in Alertmanager's and Grafana's documentation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { tokenFor } from '../helpers/incidents.ts';

const fixture = (name: string) => JSON.parse(fs.readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

describe('alerts in', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const exportOf = async (id: string) => (await server.api('GET', `/api/incidents/${id}/export.json`)).body;

  it('an Alertmanager v4 firing notification opens an incident with the documented mapping', async () => {
    const res = await server.api('POST', '/api/alerts/alertmanager', fixture('alertmanager-v4.json'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: true, duplicate: false });
    const x = await exportOf(res.body.incidentId);
    expect(x.incident).toMatchObject({
      title: 'BlackBox Probe Failure: https://server.example.org',
      severity: 'SEV1',
      service: 'checkout',
      summary: 'Instance https://server.example.org has been down for over 5m. Job: http_checks',
    });
    expect(x.incident.links.map((l: any) => l.url)).toEqual([
      'https://runbooks.example.org/probe-failure',
      'http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1',
      'http://alertmanager.example.org:9093',
    ]);
    expect(x.alerts).toMatchObject([{ source: 'alertmanager', fingerprint: '1a30ba71cca2921f', status: 'firing', name: 'ProbeFailure' }]);
    expect(x.events.map((e: any) => e.type)).toEqual(['declared', 'alert.firing']);
  });

  it('the same notification twice changes nothing the second time', async () => {
    const payload = { ...fixture('alertmanager-v4.json'), groupKey: 'dup-group' };
    const first = await server.api('POST', '/api/alerts/alertmanager', payload);
    const before = await exportOf(first.body.incidentId);
    const second = await server.api('POST', '/api/alerts/alertmanager', payload);
    expect(second.body).toEqual({ incidentId: first.body.incidentId, created: false, duplicate: true });
    expect(await exportOf(first.body.incidentId)).toEqual({ ...before, exportedAt: expect.any(Number) });
  });

  it('a new firing alert in the same group attaches to the open incident; resolved is recorded, not closed', async () => {
    const payload = { ...fixture('alertmanager-v4.json'), groupKey: 'group-b' };
    const opened = await server.api('POST', '/api/alerts/alertmanager', payload);
    const more = structuredClone(payload);
    more.alerts[0].fingerprint = 'ffff000011112222';
    more.alerts[0].labels.instance = 'https://other.example.org';
    const attached = await server.api('POST', '/api/alerts/alertmanager', more);
    expect(attached.body).toEqual({ incidentId: opened.body.incidentId, created: false, duplicate: false });

    const resolved = structuredClone(payload);
    resolved.status = 'resolved';
    resolved.alerts[0].status = 'resolved';
    resolved.alerts[0].endsAt = '2026-11-26T14:00:00Z';
    expect((await server.api('POST', '/api/alerts/alertmanager', resolved)).body.duplicate).toBe(false);
    const x = await exportOf(opened.body.incidentId);
    expect(x.incident.status).toBe('investigating');
    expect(x.alerts.map((a: any) => [a.fingerprint, a.status])).toEqual([
      ['1a30ba71cca2921f', 'resolved'],
      ['ffff000011112222', 'firing'],
    ]);
    expect(x.events.map((e: any) => e.type)).toEqual(['declared', 'alert.firing', 'alert.firing', 'alert.resolved']);
    expect((await server.api('GET', '/api/incidents')).body.incidents.filter((i: any) => i.id === opened.body.incidentId)).toHaveLength(1);
  });

  it('a Grafana notification opens an incident with its dashboard and panel links', async () => {
    const res = await server.api('POST', '/api/alerts/grafana', fixture('grafana.json'));
    expect(res.body.created).toBe(true);
    const x = await exportOf(res.body.incidentId);
    expect(x.incident).toMatchObject({ title: 'This alert was triggered for zone us-1', severity: 'SEV3', service: null });
    expect(x.incident.links.map((l: any) => l.label)).toEqual([
      'Runbook: High memory usage',
      'Dashboard: High memory usage',
      'Panel: High memory usage',
      'Source: High memory usage',
      'Grafana',
    ]);
  });

  it('malformed payloads get a 400 with the reason; other tokens are refused', async () => {
    const noVersion = { ...fixture('alertmanager-v4.json'), version: '3' };
    const bad = await server.api('POST', '/api/alerts/alertmanager', noVersion);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/only Alertmanager webhook version "4" is supported/);
    const noAlerts = await server.api('POST', '/api/alerts/grafana', { ...fixture('grafana.json'), alerts: [] });
    expect(noAlerts.body.error.message).toMatch(/alerts must hold at least one alert/);
    const badStatus = await server.api('POST', '/api/alerts/grafana', { ...fixture('grafana.json'), status: 'pending' });
    expect(badStatus.status).toBe(400);
    const some = (await server.api('GET', '/api/incidents')).body.incidents[0].id;
    const responder = await tokenFor(server, some, 'Not automation');
    expect((await server.api('POST', '/api/alerts/grafana', fixture('grafana.json'), responder)).status).toBe(403);
  });
});
