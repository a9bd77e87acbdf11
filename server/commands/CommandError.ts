import type { CommandErrorBody, ErrorCode } from '../../shared/commands.ts';
import type { Person } from '../../shared/incident.ts';

/** A refusal that reaches the caller as is: its message says why, in words a responder reads. */
export class CommandError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly holder?: Person,
  ) {
    super(message);
  }

  toBody(): CommandErrorBody {
    return this.holder ? { code: this.code, message: this.message, holder: this.holder } : { code: this.code, message: this.message };
  }
}

/** Throws the access module's refusal (shared/access.ts) as a 403; does nothing when allowed. */
export function requireAllowed(refusal: string | null): void {
  if (refusal !== null) throw new CommandError('forbidden', refusal);
}
