/**
 * Rotations across clock changes (issue 18), against hand-written UTC instants. The 2026 changes
 * used: Europe/Berlin CET→CEST 29 Mar 01:00Z, CEST→CET 25 Oct 01:00Z; America/New_York EST→EDT
 * 8 Mar 07:00Z (02:00→03:00 local), EDT→EST 1 Nov 06:00Z (02:00→01:00 local, so 01:00-02:00
 * happens twice); Australia/Sydney AEDT→AEST 5 Apr (Sat 4 Apr 16:00Z), AEST→AEDT 4 Oct (Sat 3 Oct
 * 16:00Z, 02:00→03:00 local); Asia/Kolkata has none (+05:30).
 */
import { describe, expect, it } from 'vitest';
import { engineSchedule, finalRows, hoursBetween } from '../helpers/expectedShifts.ts';

const layer = (over: Record<string, unknown>) => ({ name: 'Primary', users: ['ana', 'ben', 'cai'], ...over });
const schedule = (timeZone: string, ...layers: Array<Record<string, unknown>>) => engineSchedule({ name: 'Payments', timeZone, layers });

describe('weekly rotations hand off at local time across daylight saving', () => {
  it('Europe/Berlin, spring: the week with the change lasts 167 hours', () => {
    const s = schedule('Europe/Berlin', layer({ start: '2026-03-23T09:00:00', rotation: { type: 'weekly' } }));
    const rows = finalRows(s, '2026-03-23T08:00:00Z', '2026-04-13T07:00:00Z');
    expect(rows).toEqual([
      { from: '2026-03-23T08:00:00Z', to: '2026-03-30T07:00:00Z', who: 'ana' },
      { from: '2026-03-30T07:00:00Z', to: '2026-04-06T07:00:00Z', who: 'ben' },
      { from: '2026-04-06T07:00:00Z', to: '2026-04-13T07:00:00Z', who: 'cai' },
    ]);
    expect(rows.map(hoursBetween)).toEqual([167, 168, 168]);
  });

  it('Europe/Berlin, autumn: the week with the change lasts 169 hours', () => {
    const s = schedule('Europe/Berlin', layer({ start: '2026-10-19T09:00:00+02:00', rotation: { type: 'weekly' } }));
    const rows = finalRows(s, '2026-10-19T07:00:00Z', '2026-11-02T08:00:00Z');
    expect(rows).toEqual([
      { from: '2026-10-19T07:00:00Z', to: '2026-10-26T08:00:00Z', who: 'ana' },
      { from: '2026-10-26T08:00:00Z', to: '2026-11-02T08:00:00Z', who: 'ben' },
    ]);
    expect(hoursBetween(rows[0]!)).toBe(169);
  });

  it('Australia/Sydney (southern hemisphere): 169 hours in April, 167 in October', () => {
    const april = schedule('Australia/Sydney', layer({ start: '2026-03-30T08:00:00', rotation: { type: 'weekly' } }));
    expect(finalRows(april, '2026-03-29T21:00:00Z', '2026-04-12T22:00:00Z')).toEqual([
      { from: '2026-03-29T21:00:00Z', to: '2026-04-05T22:00:00Z', who: 'ana' },
      { from: '2026-04-05T22:00:00Z', to: '2026-04-12T22:00:00Z', who: 'ben' },
    ]);
    const october = schedule('Australia/Sydney', layer({ start: '2026-09-28T08:00:00', rotation: { type: 'weekly' } }));
    expect(finalRows(october, '2026-09-27T22:00:00Z', '2026-10-11T21:00:00Z')).toEqual([
      { from: '2026-09-27T22:00:00Z', to: '2026-10-04T21:00:00Z', who: 'ana' },
      { from: '2026-10-04T21:00:00Z', to: '2026-10-11T21:00:00Z', who: 'ben' },
    ]);
  });

  it('Asia/Kolkata has no clock changes: every daily shift is 24 hours at 03:30Z', () => {
    const s = schedule('Asia/Kolkata', layer({ start: '2026-03-27T09:00:00', rotation: { type: 'daily' } }));
    expect(finalRows(s, '2026-03-27T03:30:00Z', '2026-03-31T03:30:00Z')).toEqual([
      { from: '2026-03-27T03:30:00Z', to: '2026-03-28T03:30:00Z', who: 'ana' },
      { from: '2026-03-28T03:30:00Z', to: '2026-03-29T03:30:00Z', who: 'ben' },
      { from: '2026-03-29T03:30:00Z', to: '2026-03-30T03:30:00Z', who: 'cai' },
      { from: '2026-03-30T03:30:00Z', to: '2026-03-31T03:30:00Z', who: 'ana' },
    ]);
  });
});

describe('hand-offs in a skipped or repeated local hour', () => {
  it('America/New_York: 02:30 does not exist on 8 March, so that hand-off is at 03:00 EDT (07:00Z)', () => {
    const s = schedule('America/New_York', layer({ users: ['ana', 'ben'], start: '2026-03-06T02:30:00', rotation: { type: 'daily' } }));
    const rows = finalRows(s, '2026-03-06T07:30:00Z', '2026-03-10T06:30:00Z');
    expect(rows).toEqual([
      { from: '2026-03-06T07:30:00Z', to: '2026-03-07T07:30:00Z', who: 'ana' },
      { from: '2026-03-07T07:30:00Z', to: '2026-03-08T07:00:00Z', who: 'ben' },
      { from: '2026-03-08T07:00:00Z', to: '2026-03-09T06:30:00Z', who: 'ana' },
      { from: '2026-03-09T06:30:00Z', to: '2026-03-10T06:30:00Z', who: 'ben' },
    ]);
    expect(rows.map(hoursBetween)).toEqual([24, 23.5, 23.5, 24]);
  });

  it('America/New_York: 01:30 happens twice on 1 November; the hand-off is at the first (05:30Z)', () => {
    const s = schedule('America/New_York', layer({ users: ['ana', 'ben'], start: '2026-10-30T01:30:00-04:00', rotation: { type: 'daily' } }));
    const rows = finalRows(s, '2026-10-30T05:30:00Z', '2026-11-02T06:30:00Z');
    expect(rows).toEqual([
      { from: '2026-10-30T05:30:00Z', to: '2026-10-31T05:30:00Z', who: 'ana' },
      { from: '2026-10-31T05:30:00Z', to: '2026-11-01T05:30:00Z', who: 'ben' },
      { from: '2026-11-01T05:30:00Z', to: '2026-11-02T06:30:00Z', who: 'ana' },
    ]);
    expect(hoursBetween(rows[2]!)).toBe(25);
  });

  it('Australia/Sydney: a 02:30 hand-off on 4 October happens at 03:00 AEDT (16:00Z on the 3rd)', () => {
    const s = schedule('Australia/Sydney', layer({ users: ['ana', 'ben'], start: '2026-10-02T02:30:00', rotation: { type: 'daily' } }));
    expect(finalRows(s, '2026-10-01T16:30:00Z', '2026-10-04T15:30:00Z')).toEqual([
      { from: '2026-10-01T16:30:00Z', to: '2026-10-02T16:30:00Z', who: 'ana' },
      { from: '2026-10-02T16:30:00Z', to: '2026-10-03T16:00:00Z', who: 'ben' },
      { from: '2026-10-03T16:00:00Z', to: '2026-10-04T15:30:00Z', who: 'ana' },
    ]);
  });
});

describe('first shift, hand-off time and hour rotations', () => {
  it('the first shift runs from the start to the hand-off on the next local day', () => {
    const s = schedule('Europe/Berlin', layer({ start: '2026-03-27T12:00:00', handoffTime: '09:00', rotation: { type: 'daily' } }));
    expect(finalRows(s, '2026-03-27T00:00:00Z', '2026-03-30T07:00:00Z')).toEqual([
      { from: '2026-03-27T11:00:00Z', to: '2026-03-28T08:00:00Z', who: 'ana' },
      { from: '2026-03-28T08:00:00Z', to: '2026-03-29T07:00:00Z', who: 'ben' },
      { from: '2026-03-29T07:00:00Z', to: '2026-03-30T07:00:00Z', who: 'cai' },
    ]);
  });

  it('"hours" rotations count elapsed hours, whatever the local clock does', () => {
    const s = schedule('Europe/Berlin', layer({ start: '2026-03-28T22:00:00Z', rotation: { type: 'hours', hours: 8 } }));
    expect(finalRows(s, '2026-03-28T22:00:00Z', '2026-03-29T22:00:00Z')).toEqual([
      { from: '2026-03-28T22:00:00Z', to: '2026-03-29T06:00:00Z', who: 'ana' },
      { from: '2026-03-29T06:00:00Z', to: '2026-03-29T14:00:00Z', who: 'ben' },
      { from: '2026-03-29T14:00:00Z', to: '2026-03-29T22:00:00Z', who: 'cai' },
    ]);
  });

  it('reaching a shift far from the start needs no walk from it: week 52 of a weekly rotation', () => {
    const s = schedule('America/New_York', layer({ start: '2026-01-05T10:00:00', rotation: { type: 'weekly' } }));
    // 4 Jan 2027 is a Monday in EST; 52 weeks after the start: 52 mod 3 = 1, so ben.
    expect(finalRows(s, '2027-01-04T15:00:00Z', '2027-01-04T16:00:00Z')).toEqual([{ from: '2027-01-04T15:00:00Z', to: '2027-01-04T16:00:00Z', who: 'ben' }]);
    expect(finalRows(s, '2027-01-04T14:59:00Z', '2027-01-04T15:00:00Z')).toEqual([{ from: '2027-01-04T14:59:00Z', to: '2027-01-04T15:00:00Z', who: 'ana' }]);
  });

  it('nobody is on call before a layer starts', () => {
    const s = schedule('UTC', layer({ start: '2026-03-02T09:00:00Z', rotation: { type: 'daily' } }));
    expect(finalRows(s, '2026-03-01T00:00:00Z', '2026-03-02T10:00:00Z')).toEqual([{ from: '2026-03-02T09:00:00Z', to: '2026-03-02T10:00:00Z', who: 'ana' }]);
  });
});
