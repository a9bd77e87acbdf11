/**
 * The private calendar link a person subscribes to in their calendar app: `GET
 * /api/calendars/<secret>.ics`, answered without a session because calendar apps cannot sign in.
 * The secret is the whole credential and reaches only its owner's own shifts, in every schedule;
 * a revoked or unknown link, or a deactivated owner, gets the same 404.
 */
import { Router } from 'express';
import { CalendarWindow } from '../../shared/schedules.ts';
import { CommandError } from '../commands/CommandError.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import { CalendarLinks } from './CalendarLinks.ts';
import { icsCalendar } from './icsCalendar.ts';
import { OnCall } from './OnCall.ts';
import { personOf } from './scheduleViews.ts';
import { shiftEvent } from './shiftEvents.ts';

/** What CalendarLinks makes: a prefix and 24 random bytes in base64url. Anything else is not looked up. */
const FEED_FILE = /^(irc_[A-Za-z0-9_-]{32})\.ics$/;

export function calendarFeedRoutes(deps: { db: SqlDatabase; now: () => number }): Router {
  const links = new CalendarLinks(deps.db);
  const onCall = new OnCall(deps.db);
  const router = Router();

  router.get('/calendars/:file', async (req, res) => {
    const secret = FEED_FILE.exec(req.params.file)?.[1];
    const userId = secret ? await links.ownerOf(secret) : undefined;
    if (!userId) throw new CommandError('not_found', 'no such calendar: the link may have been revoked');
    const at = deps.now();
    const shifts = await onCall.shiftsOf(userId, at - CalendarWindow.pastMs, at + CalendarWindow.aheadMs);
    const names = await onCall.store.people([userId]);
    const events = shifts.map(({ schedule, shift }) => shiftEvent(schedule, shift, names));
    // The answer is one person's whereabouts: no shared cache may keep it.
    res.set('cache-control', 'private, no-store');
    res.type('text/calendar; charset=utf-8');
    res.send(icsCalendar(`My on-call shifts (${personOf(names, userId).name})`, events, at));
  });

  return router;
}
