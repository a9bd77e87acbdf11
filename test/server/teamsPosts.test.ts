/**
 * Teams posts (issue 14), on a test clock: timeline events reach a Workflows incoming webhook
 * as Adaptive Cards in the documented shape, with what people typed escaped; 429 with
 * Retry-After and a Teams down for over a minute delay posts and lose none; a private incident
 * is never posted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { eventually } from '../helpers/clients.ts';
import { declareIncident } from '../helpers/incidents.ts';
import { TestClock } from '../helpers/testClock.ts';
import { capturingLogger } from '../helpers/logCapture.ts';
import type { CapturedLog } from '../helpers/logCapture.ts';
import { startTeamsStandIn } from '../helpers/teamsStandIn.ts';
import type { TeamsStandIn } from '../helpers/teamsStandIn.ts';
import { startMattermostStandIn } from '../helpers/mattermostStandIn.ts';

const SECOND = 1000;

describe('Teams posts', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const done of cleanup.reverse()) await done();
    cleanup.length = 0;
  });
  const setUp = async () => {
    const clock = new TestClock();
    const log = capturingLogger('info');
    const teams = await startTeamsStandIn({ now: clock.now });
    // Mattermost is the outbox's other target: its posts show when the outbox has looked at the clock.
    const mattermost = await startMattermostStandIn({ now: clock.now });
    const server = await startTestServer({}, { TEAMS_WEBHOOK_URL: teams.webhookUrl, MATTERMOST_WEBHOOK_URL: mattermost.webhookUrl }, { clock, logger: log.logger });
    cleanup.push(() => teams.close(), () => mattermost.close(), () => server.close());
    return { clock, log, teams, mattermost, server };
  };
  const run = async (server: TestServer, id: string, command: Record<string, unknown>) => {
    const res = await server.api('POST', `/api/incidents/${id}/commands`, command);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  // A failed attempt is recorded once the outbox logs its retry: only then may the clock move.
  const retries = (log: CapturedLog) => log.lines.filter((l) => l.msg === 'outgoing message will be retried' && l.channel === 'teams').length;
  const roomOf = (server: TestServer, id: string) => `http://localhost:${server.port}/incidents/${id}`;
  const cardsAbout = (teams: TeamsStandIn, server: TestServer, id: string) => teams.cards().filter((c) => c.actions[0].url === roomOf(server, id));
  const texts = (card: any): string[] => card.body.filter((e: any) => e.type === 'TextBlock').map((e: any) => e.text);

  it('posts the declaration and a stakeholder update as Adaptive Cards', async () => {
    const { teams, server } = await setUp();
    const id = await declareIncident(server, 'Login *broken* [see](http://evil.example) {{DATE(2017-02-14T06:08:00Z)}}', 'SEV2');
    await run(server, id, { type: 'publishUpdate', text: 'Rolled back.\n- next: _verify_\n1. done' });
    await eventually(() => cardsAbout(teams, server, id).length === 2, 'both cards');
    const [declared, update] = cardsAbout(teams, server, id);

    expect(declared).toMatchObject({ type: 'AdaptiveCard', version: '1.2', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
    expect(texts(declared)).toEqual([
      'SEV2 · Login \\*broken\\* \\[see\\]\\(http://evil.example\\) \\{\\{DATE\\(2017-02-14T06:08:00Z\\)\\}\\}',
      'Automation declared SEV2: Login \\*broken\\* \\[see\\]\\(http://evil.example\\) \\{\\{DATE\\(2017-02-14T06:08:00Z\\)\\}\\}',
    ]);
    expect(declared.body.find((e: any) => e.type === 'FactSet').facts).toEqual([
      { title: 'Severity', value: 'SEV2' },
      { title: 'Status', value: 'investigating' },
      { title: 'Incident', value: id },
    ]);
    expect(declared.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open the room', url: roomOf(server, id) }]);

    expect(texts(update)[1]).toMatch(/published a stakeholder update/);
    // List markers only where they would start a list; a line break is a blank line in a TextBlock.
    expect(texts(update)[2]).toBe('Rolled back.\n\n\\- next: \\_verify\\_\n\n1\\. done');
    expect(teams.violations).toEqual([]);
  });

  it('never posts a private incident', async () => {
    const { teams, server } = await setUp();
    const secret = await server.api('POST', '/api/incidents', { title: 'Payroll export leaked', severity: 'SEV2', private: true });
    expect(secret.status).toBe(201);
    await run(server, secret.body.id, { type: 'publishUpdate', text: 'Contained.' });
    // Posts go out in order: once a later incident's declaration is there, the private one's would be.
    const later = await declareIncident(server, 'Public incident afterwards', 'SEV4');
    await eventually(() => cardsAbout(teams, server, later).length === 1, 'the later declaration posted');
    const sent = teams.requests.map((r) => r.raw).join('\n');
    for (const word of ['Payroll', 'Contained', secret.body.id]) expect(sent).not.toContain(word);
  });

  it('waits out 429 Retry-After before posting again, then posts everything in order', async () => {
    const { clock, log, teams, mattermost, server } = await setUp();
    teams.answer({ status: 429, retryAfter: '90' });
    const id = await declareIncident(server, 'Throttled', 'SEV4');
    await eventually(() => retries(log) === 1 && mattermost.posts().length === 1, 'the first attempt, throttled');
    const throttledAt = teams.requests[0]!.at;
    // Time passes in steps; after each the outbox has looked (a Mattermost post went out), and
    // Teams has not been asked again before its Retry-After.
    for (const [step, severity, posted] of [[5, 'SEV3', 2], [84, 'SEV2', 3]] as const) {
      clock.advance(step * SECOND);
      await run(server, id, { type: 'setSeverity', severity });
      await eventually(() => mattermost.posts().length === posted, `a Mattermost post after ${step} s`);
    }
    clock.advance(1 * SECOND);
    await eventually(() => teams.cards().length === 3, 'all three posted');
    expect(teams.requests[1]!.at - throttledAt).toBeGreaterThanOrEqual(90 * SECOND);
    expect(teams.cards().map((c) => texts(c)[1])).toEqual([
      expect.stringContaining('declared SEV4'),
      expect.stringContaining('SEV4 → SEV3'),
      expect.stringContaining('SEV3 → SEV2'),
    ]);
  });

  it('posts everything, in order, after Teams was down for over a minute', async () => {
    const { clock, log, teams, server } = await setUp();
    teams.down();
    const id = await declareIncident(server, 'Teams outage', 'SEV3');
    await run(server, id, { type: 'publishUpdate', text: 'Investigating.' });
    await run(server, id, { type: 'setStatus', status: 'identified' });
    // Backoff 5, 10, 20, 40 s: five failed attempts of the first post over 75 s.
    for (const [attempts, wait] of [[1, 5], [2, 10], [3, 20], [4, 40]] as const) {
      await eventually(() => retries(log) === attempts, `attempt ${attempts}`);
      clock.advance(wait * SECOND);
    }
    await eventually(() => retries(log) === 5, 'attempt 5');
    expect(teams.cards()).toEqual([]);
    teams.up();
    clock.advance(80 * SECOND);
    await eventually(() => teams.cards().length === 3, 'all three posted');
    expect(teams.cards().map((c) => texts(c)[1])).toEqual([
      expect.stringContaining('declared SEV3'),
      expect.stringContaining('published a stakeholder update'),
      expect.stringContaining('investigating → identified'),
    ]);
    expect(teams.violations).toEqual([]);
  });
});
