/**
 * The clock a test server reads instead of Date.now (startTestServer(…, { clock })): expiry,
 * escalation and update cadence are reached by moving it, never by sleeping through them.
 *
 * Stopped (the default), time moves only when the test moves it, so nothing falls due on its
 * own (rate limits read it too, and do not refill either). Running, it keeps real time plus whatever the test added: for tests that need distinct,
 * increasing timestamps throughout (a replay's moments) and a jump at one point.
 *
 * The server notices a jump at its next timer poll; startTestServer polls every 50 ms when a
 * clock is given, so a test moves the clock and then waits for the condition it expects.
 */
export class TestClock {
  private offset: number;
  private readonly running: boolean;

  constructor(options: { start?: number; running?: boolean } = {}) {
    this.running = options.running ?? false;
    this.offset = (options.start ?? Date.now()) - (this.running ? Date.now() : 0);
  }

  /** Bound, so it can be handed over as a function: startServer(config, { now: clock.now }). */
  readonly now = (): number => (this.running ? Date.now() : 0) + this.offset;

  /** Moves the clock to `at`, which must not be before now. */
  set(at: number): void {
    this.advance(at - this.now());
  }

  advance(ms: number): void {
    if (ms < 0) throw new Error('a test clock only moves forward');
    this.offset += ms;
  }
}
