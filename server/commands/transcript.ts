import type { z } from 'zod';
import type { AddTranscriptEntry, CommandResults } from '../../shared/commands.ts';
import { isRecordedTime } from '../../shared/limits.ts';
import { CommandError } from './CommandError.ts';
import type { CommandContext } from './context.ts';

/**
 * A transcript entry from a door (chat), written as the caller. Open to every responder of the
 * incident, resolved or not: late notes belong in the record, as in the room.
 */
export async function addTranscriptEntry(cmd: z.infer<typeof AddTranscriptEntry>, ctx: CommandContext): Promise<CommandResults['addTranscriptEntry']> {
  const now = ctx.now();
  const at = cmd.at ?? now;
  // The range the Yjs endpoint enforces on entries written in the room (issue 11).
  if (!isRecordedTime(at, now)) throw new CommandError('invalid', 'at must be a time between 2000-01-01 and a day from now, in milliseconds');
  return ctx.transcript.add(cmd.incidentId, ctx.actor, { kind: cmd.kind ?? 'note', text: cmd.text, at });
}
