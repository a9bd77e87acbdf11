/**
 * Layers, restrictions and overrides together (issue 18): the top layer that has someone wins, a
 * restriction's gap falls through to the layer below, and overrides sit above everything, the
 * newest first. Expected instants are hand-written (Berlin is +01:00 until 29 Mar 2026 01:00Z,
 * +02:00 after).
 */
import { describe, expect, it } from 'vitest';
import { shiftAt } from '../../server/schedules/finalSchedule.ts';
import { engineSchedule, finalRows, layerRows } from '../helpers/expectedShifts.ts';

const base = { name: 'Around the clock', start: '2026-03-23T09:00:00', rotation: { type: 'weekly' }, users: ['ana'] };
const office = (restrictions: unknown[]) => ({ name: 'Office hours', start: '2026-03-23T09:00:00', rotation: { type: 'daily' }, users: ['ben', 'cai'], restrictions });
const berlin = (...layers: unknown[]) => engineSchedule({ name: 'Payments', timeZone: 'Europe/Berlin', layers });

describe('restrictions', () => {
  it('a weekday office-hours layer over a round-the-clock one: gaps fall through to the layer below', () => {
    const s = berlin(base, office([{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }]));
    // Friday 27 March (CET) into Monday 30 March (CEST).
    expect(finalRows(s, '2026-03-27T07:00:00Z', '2026-03-30T17:00:00Z')).toEqual([
      { from: '2026-03-27T07:00:00Z', to: '2026-03-27T08:00:00Z', who: 'ana' },
      { from: '2026-03-27T08:00:00Z', to: '2026-03-27T16:00:00Z', who: 'ben' },
      { from: '2026-03-27T16:00:00Z', to: '2026-03-30T07:00:00Z', who: 'ana' },
      { from: '2026-03-30T07:00:00Z', to: '2026-03-30T15:00:00Z', who: 'cai' },
      { from: '2026-03-30T15:00:00Z', to: '2026-03-30T17:00:00Z', who: 'ana' },
    ]);
  });

  it('the rotation keeps counting through the gaps', () => {
    const s = berlin(office([{ from: '09:00', to: '17:00' }]));
    // Daily from Monday 23 March: ben, cai, ben, cai, ben (Fri 27), cai (Sat 28), ben (Sun 29).
    expect(layerRows(s, 0, '2026-03-28T00:00:00Z', '2026-03-30T00:00:00Z')).toEqual([
      { from: '2026-03-28T08:00:00Z', to: '2026-03-28T16:00:00Z', who: 'cai' },
      { from: '2026-03-29T07:00:00Z', to: '2026-03-29T15:00:00Z', who: 'ben' },
    ]);
  });

  it('a window past midnight belongs to the day it starts; 24:00 ends at midnight', () => {
    const s = berlin(base, office([{ days: ['fri'], from: '22:00', to: '06:00' }, { days: ['sun'], from: '00:00', to: '24:00' }]));
    expect(layerRows(s, 1, '2026-03-27T00:00:00Z', '2026-03-30T00:00:00Z')).toEqual([
      // Friday 22:00 to Saturday 06:00 (CET), all within Friday's shift (ben, until 09:00 Saturday).
      { from: '2026-03-27T21:00:00Z', to: '2026-03-28T05:00:00Z', who: 'ben' },
      // All of Sunday 29 March, a 23-hour day: cai until 09:00 CEST, then ben.
      { from: '2026-03-28T23:00:00Z', to: '2026-03-29T07:00:00Z', who: 'cai' },
      { from: '2026-03-29T07:00:00Z', to: '2026-03-29T22:00:00Z', who: 'ben' },
    ]);
  });
});

describe('overrides', () => {
  const s = berlin(base);

  it('an override sits above every layer; the newest wins where two overlap', () => {
    const overrides = [
      { id: 'o1', userId: 'dee', start: Date.parse('2026-03-24T10:00:00Z'), end: Date.parse('2026-03-24T14:00:00Z') },
      { id: 'o2', userId: 'eli', start: Date.parse('2026-03-24T12:00:00Z'), end: Date.parse('2026-03-24T13:00:00Z') },
    ];
    expect(finalRows(s, '2026-03-24T09:00:00Z', '2026-03-24T15:00:00Z', overrides)).toEqual([
      { from: '2026-03-24T09:00:00Z', to: '2026-03-24T10:00:00Z', who: 'ana' },
      { from: '2026-03-24T10:00:00Z', to: '2026-03-24T12:00:00Z', who: 'dee' },
      { from: '2026-03-24T12:00:00Z', to: '2026-03-24T13:00:00Z', who: 'eli' },
      { from: '2026-03-24T13:00:00Z', to: '2026-03-24T14:00:00Z', who: 'dee' },
      { from: '2026-03-24T14:00:00Z', to: '2026-03-24T15:00:00Z', who: 'ana' },
    ]);
  });

  it('an override covers a gap where no layer has anyone', () => {
    const gappy = berlin(office([{ days: ['tue'], from: '09:00', to: '10:00' }]));
    const overrides = [{ id: 'o1', userId: 'dee', start: Date.parse('2026-03-24T20:00:00Z'), end: Date.parse('2026-03-24T21:00:00Z') }];
    expect(shiftAt(gappy, overrides, Date.parse('2026-03-24T20:30:00Z'))).toMatchObject({ userId: 'dee', source: { kind: 'override', overrideId: 'o1' } });
    expect(shiftAt(gappy, overrides, Date.parse('2026-03-24T21:00:00Z'))).toBeNull();
  });

  it('the answer for one instant is the shift under way, with its real start and end', () => {
    expect(shiftAt(s, [], Date.parse('2026-03-25T12:00:00Z'))).toEqual({
      start: Date.parse('2026-03-23T08:00:00Z'),
      end: Date.parse('2026-03-30T07:00:00Z'),
      userId: 'ana',
      source: { kind: 'layer', layer: 0, index: 0 },
    });
  });
});
