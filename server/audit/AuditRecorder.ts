/**
 * The way into the audit trail for every refusal, so that nobody can flood it (issue 11: one row
 * per refused foreign-origin upgrade, with a target of the sender's choosing, pushed genuine
 * denied writes out of view). Each source (a person, or the address of an anonymous caller) has
 * its first AUDIT_BURST refusals of one kind per window recorded one by one; the rest of the
 * window becomes one summary row ("1,000 more sync.origin-denied from 203.0.113.7 in 10 s").
 * Nothing is dropped uncounted, and one source's flood never crowds out another's entries.
 */
import type { AuditEntry, AuditTrail } from '../storage/audit.ts';
import type { Logger } from '../logger.ts';

/** Where a refusal came from when no account is behind it. */
export interface AuditInput extends AuditEntry {
  source?: string;
}

export interface AuditRecorderOptions {
  /** Refusals of one kind from one source recorded one by one per window. */
  burst: number;
  windowMs: number;
  /** Sources tracked at once; beyond it the oldest window is summarised early. */
  maxSources: number;
}

/** Targets and details are chosen by whoever was refused: kept short. */
const TARGET_LENGTH = 200;
const DETAIL_LENGTH = 500;

interface Window {
  started: number;
  kept: number;
  suppressed: number;
  sample: AuditInput;
  timer: NodeJS.Timeout | null;
}

export class AuditRecorder {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly trail: AuditTrail,
    private readonly now: () => number,
    private readonly logger: Logger,
    private readonly options: AuditRecorderOptions,
  ) {}

  /** Records a refusal; never rejects (a failing audit write is logged, the caller carries on). */
  async record(input: AuditInput): Promise<void> {
    const who = input.userId ?? `address ${input.source ?? 'unknown'}`;
    const key = `${input.action}\u0000${who}`;
    const t = this.now();
    let window = this.windows.get(key);
    if (window && t - window.started >= this.options.windowMs) {
      this.summarise(key, window);
      window = undefined;
    }
    if (!window) {
      if (this.windows.size >= this.options.maxSources) {
        const [oldestKey, oldest] = this.windows.entries().next().value!;
        this.summarise(oldestKey, oldest);
      }
      window = { started: t, kept: 0, suppressed: 0, sample: input, timer: null };
      this.windows.set(key, window);
    }
    if (window.kept < this.options.burst) {
      window.kept++;
      await this.write({ ...input, target: clip(input.target, TARGET_LENGTH), detail: clip(input.detail, DETAIL_LENGTH) });
      return;
    }
    window.suppressed++;
    if (!window.timer) {
      const w = window;
      w.timer = setTimeout(() => this.summarise(key, w), this.options.windowMs);
      w.timer.unref();
    }
  }

  /** Writes what is still being counted, e.g. before the server stops. */
  flush(): Promise<void> {
    const pending = [...this.windows].map(([key, w]) => this.summarise(key, w));
    return Promise.all(pending).then(() => undefined);
  }

  private summarise(key: string, window: Window): Promise<void> {
    if (this.windows.get(key) === window) this.windows.delete(key);
    if (window.timer) clearTimeout(window.timer);
    window.timer = null;
    if (window.suppressed === 0) return Promise.resolve();
    const { sample } = window;
    const who = sample.userId ?? `address ${sample.source ?? 'unknown'}`;
    const seconds = Math.max(1, Math.round((this.now() - window.started) / 1000));
    const count = window.suppressed;
    window.suppressed = 0;
    return this.write({
      at: this.now(),
      userId: sample.userId,
      action: sample.action,
      target: clip(sample.target, TARGET_LENGTH),
      detail: `${count.toLocaleString('en')} more ${sample.action} from ${who} in ${seconds} s (recorded as this one summary)`,
    });
  }

  private async write(entry: AuditEntry): Promise<void> {
    try {
      await this.trail.record(entry);
    } catch (error) {
      this.logger.warn({ err: error, action: entry.action }, 'could not record an audit entry');
    }
  }
}

function clip(text: string | null, max: number): string | null {
  return text === null || text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}
