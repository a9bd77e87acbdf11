/**
 * Issue 22: the scripted outage ("the drill") at its smoke size, in CI: alerts from Alertmanager
 * (where installed) and PagerDuty at different nodes open one incident, the policy pages the
 * on-call person who acknowledges from the email link, Slack follows and takes a note, two
 * responders signed in through the OpenID provider work in Chromium while one node restarts and
 * another is killed, comms publishes to stakeholders and the status page, the incident is resolved
 * with a postmortem draft and a follow-up in the tracker, and then every message was delivered
 * once, nothing seen was lost or stored twice, and the timeline tells it in order.
 * `npm run drill` runs the full size.
 */
import { describe, expect, it } from 'vitest';
import { runDrill } from '../drill/runDrill.ts';
import { DRILL_SIZES } from '../drill/sizes.ts';

describe('the drill (smoke size)', () => {
  it('runs the scripted outage from alert to follow-up on three nodes, and every check holds', { timeout: 300_000 }, async () => {
    const lines: string[] = [];
    try {
      const result = await runDrill(DRILL_SIZES.smoke, (line) => lines.push(line));
      expect(result.log.steps.map((s) => s.failed ?? 'ok')).toEqual(Array(8).fill('ok'));
      expect(result.timeline.length).toBeGreaterThan(10);
    } catch (error) {
      const e = error as Error & { nodeLogs?: string };
      throw new Error(`${e.message}\n--- drill ---\n${lines.join('\n')}\n${e.nodeLogs ?? ''}`);
    }
  });
});
