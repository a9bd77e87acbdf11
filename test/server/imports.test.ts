/**
 * Imports from PagerDuty and Opsgenie exports (issue 19) into a real server through its REST API:
 * a dry run says what it would create and creates nothing; an import creates people with their
 * contact methods and rules, schedules whose on-call person at given instants is what the export's
 * rotations imply (worked out by hand below), policies and the roster entry; what cannot be
 * expressed is reported; a second import creates nothing; a bad file is refused naming it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../server/imports/apiClient.ts';
import { ExportError } from '../../server/imports/readExport.ts';
import { runImport } from '../../server/imports/runImport.ts';
import type { ImportSource } from '../../shared/imports.ts';
import { signIn } from '../helpers/sessions.ts';
import { TestClock } from '../helpers/testClock.ts';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
/** Tuesday 10 March 2026, noon UTC. */
const NOW = Date.parse('2026-03-10T12:00:00Z');

let server: TestServer;
const clock = new TestClock({ start: NOW });

beforeAll(async () => {
  server = await startTestServer({}, {}, { clock });
});
afterAll(async () => {
  await server.close();
});

const importFrom = (source: ImportSource, dir: string, options: { dryRun?: boolean; createServices?: boolean } = {}) =>
  runImport({ source, dir, api: apiClient(server.url, server.adminToken), dryRun: options.dryRun ?? false, createServices: options.createServices ?? false, now: clock.now() });

const peopleByEmail = async () => new Map(((await server.api('GET', '/api/people')).body.people as any[]).filter((p) => p.email).map((p) => [p.email, p]));
const scheduleNamed = async (name: string) => ((await server.api('GET', '/api/schedules')).body.schedules as any[]).find((s) => s.name === name);
const onCallAt = async (scheduleId: string, at: string) => ((await server.api('GET', `/api/schedules/${scheduleId}/oncall?at=${at}`)).body.users as any[]).map((u) => u.name);

describe('importing a PagerDuty export', () => {
  const dir = path.join(FIXTURES, 'pagerduty-export');

  it('a dry run prints the plan and the notes, and creates nothing', async () => {
    const result = await importFrom('pagerduty', dir, { dryRun: true });
    expect(result.text).toContain('DRY RUN: nothing was changed');
    expect(result.text).toMatch(/would create\s+Ana Lopez <ana@example.test> — would add email, voice, sms; would set notification rules/);
    expect(result.text).toMatch(/would create\s+Primary — 2 layer\(s\)/);
    expect(result.text).toMatch(/would create\s+Checkout — 3 step\(s\), repeat 5/);
    expect(result.text).toMatch(/skipped\s+checkout-api — no service of this name here/);
    expect(result.text).toContain('schedule "Secondary", layer "Odd turns": a turn of 5400 s is not a whole number of hours');
    expect(result.text).toContain('person "Ana Lopez": a push notification contact method has no counterpart here');
    expect(result.text).toContain('escalation policy "Checkout": repeats 9 times in PagerDuty; at most 5 here');
    expect((await peopleByEmail()).size).toBe(0);
    expect((await server.api('GET', '/api/schedules')).body.schedules).toEqual([]);
    expect((await server.api('GET', '/api/escalation-policies')).body.policies).toEqual([]);
  });

  it('creates people, schedules, the policy and the roster entry that the export implies', async () => {
    // The team's service exists here already, under the name PagerDuty's "Checkout API" becomes.
    expect((await server.api('PUT', '/api/services/checkout-api', { webhooks: [] })).status).toBe(200);
    const result = await importFrom('pagerduty', dir);
    expect(result.failed, result.text).toBe(0);
    expect(result.text).toMatch(/updated\s+checkout-api — pages through "Checkout"/);

    const people = await peopleByEmail();
    const [ana, ben, cy] = ['ana@example.test', 'ben@example.test', 'cy@example.test'].map((e) => people.get(e));
    expect([ana?.name, ben?.name, cy?.name]).toEqual(['Ana Lopez', 'Ben Okafor', 'Cy Park']);
    expect(ana.issuer).toBe('import:pagerduty');
    const methods = (await server.api('GET', `/api/users/${ana.id}/contact-methods`)).body.contactMethods as any[];
    expect(methods.map((m) => [m.type, m.address])).toEqual([
      ['email', 'ana@example.test'],
      ['voice', '+442071838750'],
      ['sms', '+442071838750'],
    ]);
    const id = (type: string) => methods.find((m) => m.type === type).id;
    const rules = (await server.api('GET', `/api/users/${ana.id}/notification-rules`)).body;
    expect(rules.isDefault).toBe(false);
    expect(rules.rules).toEqual([{ afterMinutes: 0, contactMethodIds: [id('email')] }]);
    expect(rules.highUrgencyRules).toEqual([
      { afterMinutes: 0, contactMethodIds: [id('sms')] },
      { afterMinutes: 5, contactMethodIds: [id('voice')] },
    ]);

    // Primary (Europe/London, GMT until 29 March): "Weekly" hands over every Monday 09:00 from
    // 5 January, Ana then Ben; 9 March starts the tenth week, Ben's. "Weekend cover" is the top
    // layer, Cy on Saturdays and Sundays only.
    const primary = await scheduleNamed('Primary');
    expect(primary.layers.map((l: any) => l.name)).toEqual(['Weekly', 'Weekend cover']);
    expect(await onCallAt(primary.id, '2026-03-10T12:00:00Z')).toEqual(['Ben Okafor']);
    expect(await onCallAt(primary.id, '2026-03-09T08:59:00Z')).toEqual(['Ana Lopez']);
    expect(await onCallAt(primary.id, '2026-03-14T12:00:00Z')).toEqual(['Cy Park']);
    expect(await onCallAt(primary.id, '2026-03-16T12:00:00Z')).toEqual(['Ana Lopez']);
    // Secondary (America/New_York, EDT from 8 March): days from 1 January 08:00, Ben then Ana, on
    // call 08:00 to 18:00 only. 10 March is day 68 (Ben's), 11 March day 69 (Ana's).
    const secondary = await scheduleNamed('Secondary');
    expect(secondary.layers.map((l: any) => l.name)).toEqual(['Days']);
    expect(await onCallAt(secondary.id, '2026-03-10T15:00:00Z')).toEqual(['Ben Okafor']);
    expect(await onCallAt(secondary.id, '2026-03-10T23:30:00Z')).toEqual([]);
    expect(await onCallAt(secondary.id, '2026-03-11T15:00:00Z')).toEqual(['Ana Lopez']);

    const [policy] = (await server.api('GET', '/api/escalation-policies')).body.policies as any[];
    expect(policy.name).toBe('Checkout');
    expect(policy.repeat).toBe(5);
    expect(policy.steps.map((s: any) => [s.delayMinutes, s.targets.map((t: any) => t.name)])).toEqual([
      [10, ['Primary']],
      [15, ['Secondary']],
      [30, ['Cy Park']],
    ]);
    expect(policy.services).toEqual(['checkout-api']);
  });

  it('a second import creates nothing new', async () => {
    const before = { people: (await peopleByEmail()).size, schedules: (await server.api('GET', '/api/schedules')).body.schedules.length };
    const again = await importFrom('pagerduty', dir, { createServices: true });
    expect(again.failed, again.text).toBe(0);
    expect(again.lines.filter((l) => l.outcome !== 'matched').map((l) => `${l.kind} ${l.name} ${l.outcome}`)).toEqual([]);
    expect((await peopleByEmail()).size).toBe(before.people);
    expect((await server.api('GET', '/api/schedules')).body.schedules).toHaveLength(before.schedules);
    expect((await server.api('GET', '/api/escalation-policies')).body.policies).toHaveLength(1);
    const ana = (await peopleByEmail()).get('ana@example.test');
    expect((await server.api('GET', `/api/users/${ana.id}/contact-methods`)).body.contactMethods).toHaveLength(3);
  });

  it('creating a person: admins and the API token only, one account per email', async () => {
    const responder = await signIn(server, 'Rita Responder');
    expect((await responder.api('POST', '/api/people', { name: 'Mal', email: 'mal@example.test' })).status).toBe(403);
    const taken = await server.api('POST', '/api/people', { name: 'Ana Again', email: 'ANA@example.test' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toMatch(/Ana Lopez .* has that email address already/);
    expect((await server.api('POST', '/api/people', { name: 'Mal', email: 'not an email' })).status).toBe(400);
    expect((await peopleByEmail()).has('mal@example.test')).toBe(false);
  });
});

describe('importing an Opsgenie export', () => {
  it('creates the rotation and the escalation, reporting what differs', async () => {
    const result = await importFrom('opsgenie', path.join(FIXTURES, 'opsgenie-export'));
    expect(result.failed, result.text).toBe(0);
    expect(result.text).toContain('person "Dee Ops": a "mobile" contact has no counterpart here');
    expect(result.text).toContain('escalation "Ops escalation", rule 3: recipient team SRE was not imported');
    const people = await peopleByEmail();
    const dee = people.get('dee@example.test');
    expect(dee.issuer).toBe('import:opsgenie');
    expect(((await server.api('GET', `/api/users/${dee.id}/contact-methods`)).body.contactMethods as any[]).map((m) => [m.type, m.address])).toEqual([
      ['voice', '+442071838751'],
    ]);
    // Europe/Berlin (CET until 29 March): weekly from Monday 5 January 09:00, Dee then Eli, on call
    // Monday 09:00 to Friday 17:00 only. 9 March starts the tenth week, Eli's.
    const ops = await scheduleNamed('Ops Rotation');
    expect(await onCallAt(ops.id, '2026-03-10T12:00:00Z')).toEqual(['Eli Ops']);
    expect(await onCallAt(ops.id, '2026-03-13T15:59:00Z')).toEqual(['Eli Ops']);
    expect(await onCallAt(ops.id, '2026-03-13T16:01:00Z')).toEqual([]);
    expect(await onCallAt(ops.id, '2026-03-16T12:00:00Z')).toEqual(['Dee Ops']);
    const policy = ((await server.api('GET', '/api/escalation-policies')).body.policies as any[]).find((p) => p.name === 'Ops escalation');
    // Rules at 0 and 10 minutes from the alert: step 1 waits 10, step 2 the repeat's 5.
    expect(policy.steps.map((s: any) => [s.delayMinutes, s.targets.map((t: any) => t.name)])).toEqual([
      [10, ['Ops Rotation']],
      [5, ['Dee Ops']],
    ]);
    expect(policy.repeat).toBe(2);
  });
});

describe('a bad export', () => {
  const badDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-export-'));
  fs.copyFileSync(path.join(FIXTURES, 'pagerduty-export/users.json'), path.join(badDir, 'users.json'));
  const broken = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'pagerduty-export/schedules.json'), 'utf8'));
  broken.schedules[1].schedule_layers[1].rotation_turn_length_seconds = 'a day';
  fs.writeFileSync(path.join(badDir, 'schedules.json'), JSON.stringify(broken));
  afterAll(() => fs.rmSync(badDir, { recursive: true, force: true }));

  it('is refused naming the file and the field, changing nothing', async () => {
    const before = (await server.api('GET', '/api/schedules')).body.schedules.length;
    const refused = importFrom('pagerduty', badDir);
    await expect(refused).rejects.toBeInstanceOf(ExportError);
    await expect(refused).rejects.toThrow(`${path.join(badDir, 'schedules.json')}: schedules.1.schedule_layers.1.rotation_turn_length_seconds`);
    expect((await server.api('GET', '/api/schedules')).body.schedules).toHaveLength(before);
  });

  it('stops the command with status 1 and says why; so does a file that is not JSON', () => {
    fs.writeFileSync(path.join(badDir, 'escalation_policies.json'), '{"escalation_policies": [');
    fs.writeFileSync(path.join(badDir, 'schedules.json'), JSON.stringify({ schedules: [] }));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import.ts', 'pagerduty', badDir], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, IR_URL: server.url, IR_TOKEN: server.adminToken },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`import stopped: ${path.join(badDir, 'escalation_policies.json')}: not JSON`);
  });
});
