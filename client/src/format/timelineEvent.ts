/** Timeline events in words for the room's views: people's text as written, times on the reader's clock. */
import type { IncidentEvent } from '../../../shared/documents.ts';
import { describeEvent as describe } from '../../../shared/eventText.ts';
import type { IncidentDefinitions } from '../../../shared/incidentModel.ts';
import { clockTime } from './time.ts';

export { pageReason } from '../../../shared/eventText.ts';

const SCREEN = { text: (value: string) => value, time: clockTime };

export function describeEvent(e: IncidentEvent, defs: IncidentDefinitions): string {
  return describe(e, defs, SCREEN);
}
