/**
 * The incident model (issue 17), from the README's example file: custom severities, statuses,
 * roles, types and fields drive declaring, claims and arbitration, cadence reminders, metrics,
 * exports, the stakeholder view and the alert mapping. Runs on both engines.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import fs from 'node:fs';
import { until } from '../helpers/cluster.ts';
import { tokenFor } from '../helpers/incidents.ts';
import { signIn } from '../helpers/sessions.ts';
import type { SignedIn } from '../helpers/sessions.ts';

const fixture = (name: string) => JSON.parse(fs.readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

const MODEL_FILE = path.resolve('ops/incident-model.example.yaml');
const MINUTE = 60_000;

describe('an incident model from INCIDENT_MODEL_FILE', () => {
  const clock = new TestClock();
  let server: TestServer;
  let ana: SignedIn;
  let ben: SignedIn;

  beforeAll(async () => {
    server = await startTestServer({}, { INCIDENT_MODEL_FILE: MODEL_FILE }, { clock });
    [ana, ben] = await Promise.all([signIn(server, 'Ana Lead'), signIn(server, 'Ben Backup')]);
  });
  afterAll(() => server?.close());

  const run = (who: SignedIn, id: string, cmd: Record<string, unknown>) => who.api('POST', `/api/incidents/${id}/commands`, cmd);
  const exportOf = async (id: string) => (await server.api('GET', `/api/incidents/${id}/export.json`)).body;

  it('serves the model to the client', async () => {
    const res = await ana.api('GET', '/api/model');
    expect(res.status).toBe(200);
    expect(res.body.model.severities.map((s: { key: string }) => s.key)).toEqual(['SEC0', 'P1', 'P2', 'minor']);
    expect(res.body.model.types.map((t: { key: string }) => t.key)).toEqual(['default', 'security']);
    expect(res.body.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('declares with the type’s default severity and privacy, and asks a person for the fields required at declaration', async () => {
    const missing = await ana.api('POST', '/api/incidents', { title: 'Leaked key', incidentType: 'security' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('Affected region');
    const unknownType = await ana.api('POST', '/api/incidents', { title: 'x', incidentType: 'fire' });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.error.message).toContain('default, security');
    const badValue = await ana.api('POST', '/api/incidents', { title: 'x', incidentType: 'security', fields: { region: 'mars' } });
    expect(badValue.status).toBe(400);
    expect(badValue.body.error.message).toContain('eu, us, apac');
    const oldSeverity = await ana.api('POST', '/api/incidents', { title: 'x', severity: 'SEV1', fields: { region: 'eu' } });
    expect(oldSeverity.status).toBe(400);
    expect(oldSeverity.body.error.message).toContain('SEC0, P1, P2, minor');

    const res = await ana.api('POST', '/api/incidents', { title: 'Leaked key', incidentType: 'security', fields: { region: 'eu', 'data-classes': ['credentials'] } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ severity: 'SEC0', status: 'triage', statusCategory: 'triage', type: 'security', private: true });
    const x = await exportOf(res.body.id);
    expect(x.incident.definitions.type.key).toBe('security');
    expect(x.incident.definitions.roles.map((r: { key: string }) => r.key)).toEqual(['primary', 'secondary', 'commander', 'comms', 'scribe', 'security-lead', 'exec']);
    expect(x.fields).toEqual({ region: 'eu', 'data-classes': ['credentials'] });
  });

  it('arbitrates a team’s own single-holder role, lets several hold a shared one, and refuses roles the type lacks', async () => {
    const id = (await ana.api('POST', '/api/incidents', { title: 'Token abuse', incidentType: 'security', fields: { region: 'us' } })).body.id;
    await run(ana, id, { type: 'addMember', userId: ben.session.userId });
    const [first, second] = await Promise.all([run(ana, id, { type: 'claimRole', role: 'security-lead' }), run(ben, id, { type: 'claimRole', role: 'security-lead' })]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    expect(loser.body.error.message).toMatch(/already holds Security lead/);

    expect((await run(ana, id, { type: 'claimRole', role: 'exec' })).status).toBe(200);
    expect((await run(ben, id, { type: 'claimRole', role: 'exec' })).status).toBe(200);
    const roles = (await server.api('GET', `/api/incidents/${id}`)).body.roles;
    expect(Object.keys(roles).filter((k) => k.startsWith('exec:')).sort()).toEqual([`exec:${ana.session.userId}`, `exec:${ben.session.userId}`].sort());
    expect((await run(ben, id, { type: 'releaseRole', role: 'exec' })).status).toBe(200);
    const after = (await server.api('GET', `/api/incidents/${id}`)).body.roles;
    expect(Object.keys(after).filter((k) => k.startsWith('exec:'))).toEqual([`exec:${ana.session.userId}`]);

    const plain = (await ana.api('POST', '/api/incidents', { title: 'Slow search', fields: { region: 'eu' } })).body.id;
    const refused = await run(ana, plain, { type: 'claimRole', role: 'security-lead' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('unknown role "security-lead"');
    // The type's own checklist replaces the role's.
    const lists = (await exportOf(id)).checklists;
    expect(lists.commander.map((c: { text: string }) => c.text)).toEqual(['Open a private channel', 'Involve legal']);
    expect(lists['security-lead'].map((c: { text: string }) => c.text)).toEqual(['Preserve evidence', 'Rotate exposed credentials']);
  });

  it('moves through the team’s statuses by category: mitigated is timed, resolving needs the fields required by then', async () => {
    const id = (await ana.api('POST', '/api/incidents', { title: 'Checkout 502s', severity: 'P1', fields: { region: 'eu' } })).body.id;
    expect((await run(ana, id, { type: 'setStatus', status: 'investigating' })).body.error.message).toContain('triage, fixing, watching, closed');
    clock.advance(2 * MINUTE);
    expect((await run(ana, id, { type: 'setStatus', status: 'watching' })).status).toBe(200);
    const early = await run(ana, id, { type: 'setStatus', status: 'closed' });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toContain('Customer impact');
    expect((await server.api('GET', `/api/incidents/${id}`)).body.statusCategory).toBe('mitigated');

    expect((await run(ana, id, { type: 'setField', field: 'customer-impact', value: 'EU checkouts failed for 9 minutes' })).status).toBe(200);
    expect((await run(ana, id, { type: 'setField', field: 'region', value: null })).body.error.message).toContain('required');
    clock.advance(MINUTE);
    expect((await run(ana, id, { type: 'setStatus', status: 'closed' })).status).toBe(200);
    const summary = (await server.api('GET', `/api/incidents/${id}`)).body;
    expect(summary).toMatchObject({ status: 'closed', statusCategory: 'resolved' });
    expect(summary.mitigatedAt - summary.createdAt).toBe(2 * MINUTE);
    expect(summary.resolvedAt - summary.createdAt).toBe(3 * MINUTE);
    // Closed means closed: roles no longer change.
    expect((await run(ana, id, { type: 'claimRole', role: 'scribe' })).status).toBe(409);

    const metrics = (await ana.api('GET', '/api/metrics')).body;
    expect(metrics.severities.slice(0, 4)).toEqual(['SEC0', 'P1', 'P2', 'minor']);
    expect(metrics.bySeverity.P1.timeToMitigate).toMatchObject({ count: 1, medianMs: 2 * MINUTE });
    expect(metrics.bySeverity.P1.timeToResolve).toMatchObject({ count: 1, medianMs: 3 * MINUTE });
  });

  it('reminds at the severity’s own cadence', async () => {
    const id = (await ana.api('POST', '/api/incidents', { title: 'Card declines', severity: 'P1', fields: { region: 'apac' } })).body.id;
    const due = (await exportOf(id)).incident.nextUpdateDue;
    expect(due - (await exportOf(id)).incident.createdAt).toBe(30 * MINUTE);
    clock.advance(30 * MINUTE + 1);
    await until(
      async () => (await exportOf(id)).events as Array<{ type: string }>,
      (events) => events.some((e) => e.type === 'update.reminder'),
      'an update reminder at the P1 cadence',
    );
  });

  it('keeps non-public fields from stakeholders and renders every field, named, in the export', async () => {
    const id = (await ana.api('POST', '/api/incidents', { title: 'Password reset emails delayed', fields: { region: 'us' } })).body.id;
    await run(ana, id, { type: 'setField', field: 'customer-impact', value: 'Secret: three enterprise tenants' });
    const stakeholder = await tokenFor(server, id, 'Board', 'stakeholder');
    const seen = await server.api('GET', `/api/incidents/${id}/fields`, undefined, stakeholder);
    expect(seen.body.fields).toEqual({ region: 'us' });
    expect((await server.api('GET', `/api/incidents/${id}`, undefined, stakeholder)).body.fields).toEqual({ region: 'us' });
    expect((await ana.api('GET', `/api/incidents/${id}/fields`)).body.fields).toEqual({ region: 'us', 'customer-impact': 'Secret: three enterprise tenants' });
    // The state document, which stakeholders sync, holds the public value and no trace of the other.
    const state = await exportOf(id);
    const changed = state.events.filter((e: { type: string }) => e.type === 'field.changed');
    expect(changed).toHaveLength(1);
    expect(changed[0]).not.toHaveProperty('value');
    const md = await markdownOf(server, id);
    expect(md).toContain('Severity P2 major, status Triage.');
    expect(md).toContain('- Affected region: us');
    expect(md).toContain('- Customer impact: Secret: three enterprise tenants');
  });

  it('appends the type’s postmortem template to the Markdown export', async () => {
    const id = (await ana.api('POST', '/api/incidents', { title: 'Leaked bucket', incidentType: 'security', fields: { region: 'eu' } })).body.id;
    const md = await markdownOf(server, id);
    expect(md).toContain('Type Security.');
    expect(md).toContain('## Postmortem (Security template)');
    expect(md).toContain('### Notification duties');
  });

  it('maps an alert onto the model: the usual severity words by rank, the type and fields from labels', async () => {
    const payload = fixture('alertmanager-v4.json');
    for (const labels of [payload.commonLabels, payload.alerts[0].labels]) Object.assign(labels, { severity: 'critical', incident_type: 'security', region: 'apac' });
    const res = await server.api('POST', '/api/alerts/alertmanager', { ...payload, groupKey: 'model-group' });
    expect(res.status).toBe(200);
    const incident = (await server.api('GET', `/api/incidents/${res.body.incidentId}`)).body;
    expect(incident).toMatchObject({ severity: 'SEC0', type: 'security', private: true, fields: { region: 'apac' } });

    const warning = fixture('alertmanager-v4.json');
    for (const labels of [warning.commonLabels, warning.alerts[0].labels]) Object.assign(labels, { severity: 'warning', region: 'nowhere' });
    const second = await server.api('POST', '/api/alerts/alertmanager', { ...warning, groupKey: 'model-group-2' });
    // Rank 2 in this model is P2; a label value that fits no option is left out, the incident still opens.
    expect((await server.api('GET', `/api/incidents/${second.body.incidentId}`)).body).toMatchObject({ severity: 'P2', type: 'default', fields: {} });
  });
});

/** The Markdown export as the API token reads it. */
async function markdownOf(server: TestServer, id: string): Promise<string> {
  const res = await fetch(`${server.url}/api/incidents/${id}/export.md`, { headers: { authorization: `Bearer ${server.adminToken}` } });
  return res.text();
}
