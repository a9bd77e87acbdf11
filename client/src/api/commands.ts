/**
 * Commands go over socket.io with an acknowledgement, so every refusal comes back with the
 * server's reason (e.g. "Alice already holds Incident commander; ask them to hand it off").
 */
import { useCallback, useState } from 'react';
import type { CommandInput, CommandReply, CommandResults, CommandType } from '../../../shared/commands.ts';
import { useSocket } from './socket.tsx';
import type { RoomSocket } from './socket.tsx';

const ANSWER_TIMEOUT_MS = 10_000;

export async function sendCommand<K extends CommandType>(
  socket: RoomSocket | null,
  command: Extract<CommandInput, { type: K }>,
): Promise<CommandReply<CommandResults[K]>> {
  if (!socket?.connected) {
    return { ok: false, error: { code: 'internal', message: 'Not connected to the server; try again when the connection is back.' } };
  }
  try {
    return (await socket.timeout(ANSWER_TIMEOUT_MS).emitWithAck('command', command)) as CommandReply<CommandResults[K]>;
  } catch {
    return { ok: false, error: { code: 'internal', message: 'The server did not answer in time; check the room before trying again.' } };
  }
}

/** A command runner with its own pending flag and last refusal, for one control or panel. */
export function useCommand() {
  const { socket } = useSocket();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Who holds the role, when the refusal was a claim losing to them. */
  const [refusedFor, setRefusedFor] = useState<string | null>(null);
  const run = useCallback(
    async <K extends CommandType>(command: Extract<CommandInput, { type: K }>): Promise<CommandReply<CommandResults[K]>> => {
      setPending(true);
      setError(null);
      setRefusedFor(null);
      const reply = await sendCommand(socket, command);
      setPending(false);
      if (!reply.ok) {
        setError(reply.error.message);
        setRefusedFor(reply.error.holder?.id ?? null);
      }
      return reply;
    },
    [socket],
  );
  const clearError = useCallback(() => setError(null), []);
  return { run, pending, error, refusedFor, clearError, setError };
}
