/**
 * Teams posts (issue 14), on a test clock: timeline events reach a Workflows incoming webhook
 * as Adaptive Cards in the documented shape, with what people typed escaped; 429 with
 * Retry-After and a Teams down for over a minute delay posts and lose none; a private incident
 * is never posted (those three as every chat channel has them, in test/helpers/chatTargets.ts).
 */
import { describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/testServer.ts';
import { eventually } from '../helpers/clients.ts';
import { declareIncident } from '../helpers/incidents.ts';
import { textBlocks } from '../helpers/teamsStandIn.ts';
import type { TeamsStandIn } from '../helpers/teamsStandIn.ts';
import { chatTargetsPerTest, itDeliversLikeEveryChatChannel, roomOf, runCommand } from '../helpers/chatTargets.ts';

describe('Teams posts', () => {
  const setUp = chatTargetsPerTest();
  const cardsAbout = (teams: TeamsStandIn, server: TestServer, id: string) => teams.cards().filter((c) => c.actions[0].url === roomOf(server, id));

  it('posts the declaration and a stakeholder update as Adaptive Cards', async () => {
    const { teams, server } = await setUp();
    const id = await declareIncident(server, 'Login *broken* [see](http://evil.example) {{DATE(2017-02-14T06:08:00Z)}}', 'SEV2');
    await runCommand(server, id, { type: 'publishUpdate', text: 'Rolled back.\n- next: _verify_\n1. done' });
    await eventually(() => cardsAbout(teams, server, id).length === 2, 'both cards');
    const [declared, update] = cardsAbout(teams, server, id);

    expect(declared).toMatchObject({ type: 'AdaptiveCard', version: '1.2', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
    expect(textBlocks(declared)).toEqual([
      'SEV2 · Login \\*broken\\* \\[see\\]\\(http://evil.example\\) \\{\\{DATE\\(2017-02-14T06:08:00Z\\)\\}\\}',
      'Automation declared SEV2: Login \\*broken\\* \\[see\\]\\(http://evil.example\\) \\{\\{DATE\\(2017-02-14T06:08:00Z\\)\\}\\}',
    ]);
    expect(declared.body.find((e: any) => e.type === 'FactSet').facts).toEqual([
      { title: 'Severity', value: 'SEV2' },
      { title: 'Status', value: 'investigating' },
      { title: 'Incident', value: id },
    ]);
    expect(declared.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open the room', url: roomOf(server, id) }]);

    expect(textBlocks(update)[1]).toMatch(/published a stakeholder update/);
    // List markers only where they would start a list; a line break is a blank line in a TextBlock.
    expect(textBlocks(update)[2]).toBe('Rolled back.\n\n\\- next: \\_verify\\_\n\n1\\. done');
    expect(teams.violations).toEqual([]);
  });

  itDeliversLikeEveryChatChannel('teams', setUp, { retryAfterSeconds: 90, postedAbout: ({ teams, server }, id) => cardsAbout(teams, server, id).length });
});
