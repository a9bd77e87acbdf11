import { describe, expect, it } from 'vitest';
import { describeEvent, durationText } from './eventText.ts';
import type { IncidentEvent } from './documents.ts';
import { legacyDefinitions } from './incidentModel.ts';

describe('events in words', () => {
  it('gives durations to the second below an hour', () => {
    expect(durationText(40_000)).toBe('40 s');
    expect(durationText(125_000)).toBe('2 min 5 s');
    expect(durationText(600_000)).toBe('10 min');
    expect(durationText(3_725_000)).toBe('1 h 2 min');
    expect(durationText(-5)).toBe('0 s');
  });

  it('writes people’s text through the view’s style, and names from the incident’s definitions', () => {
    const actor = { id: 'u-1', name: 'Ana' };
    const event = (fields: Record<string, unknown>) => ({ id: 'ev-1', at: 0, actor, ...fields }) as IncidentEvent;
    const loud = { text: (s: string) => s.toUpperCase(), time: () => 'then' };
    expect(describeEvent(event({ type: 'role.handedOff', role: 'commander', from: actor, to: { id: 'u-2', name: 'Ben' }, note: 'all yours' }), legacyDefinitions(), loud)).toBe(
      'handed Incident commander from ANA to BEN: “ALL YOURS”',
    );
    expect(describeEvent(event({ type: 'status.changed', from: 'investigating', to: 'monitoring' }), legacyDefinitions(), loud)).toBe('changed status Investigating → Monitoring');
    expect(describeEvent(event({ type: 'heartbeat.missed', lastAt: 5, via: 'api' }), legacyDefinitions(), loud)).toContain('since then');
  });
});
