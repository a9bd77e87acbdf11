/**
 * What the drill prints: each step with how long it took and what it noted on the way, and at
 * the end the incident's own timeline. Times are offsets from the drill's start.
 */
export interface StepRecord {
  name: string;
  startedAt: number;
  endedAt: number;
  notes: string[];
  failed?: string;
}

export class StepLog {
  readonly startedAt = Date.now();
  readonly steps: StepRecord[] = [];
  private current: StepRecord | null = null;

  constructor(private readonly print: (line: string) => void = () => {}) {}

  /** Runs one step, recording its duration; a failure is recorded and thrown on. */
  async step<T>(name: string, run: () => Promise<T>): Promise<T> {
    const record: StepRecord = { name, startedAt: Date.now(), endedAt: 0, notes: [] };
    this.steps.push(record);
    this.current = record;
    this.print(`${offset(record.startedAt - this.startedAt)}  ▶ ${name}`);
    try {
      return await run();
    } catch (error) {
      record.failed = (error as Error).message;
      throw error;
    } finally {
      record.endedAt = Date.now();
      this.current = null;
      this.print(`${offset(record.endedAt - this.startedAt)}  ${record.failed ? '✗' : '✓'} ${name} (${seconds(record.endedAt - record.startedAt)})`);
    }
  }

  /** Something that happened within the running step, printed as it happens. */
  note(text: string): void {
    this.current?.notes.push(text);
    this.print(`${offset(Date.now() - this.startedAt)}      ${text}`);
  }
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** `+MM:SS.s` from the drill's start. */
export function offset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.abs(ms);
  const minutes = Math.floor(abs / 60_000);
  return `${sign}${String(minutes).padStart(2, '0')}:${((abs % 60_000) / 1000).toFixed(1).padStart(4, '0')}`;
}
