/**
 * Replays recently asked for, so that scrubbing a replay slider back and forth does not merge the
 * incident's log again for every request (issue 11). Entries are keyed by the incident, the
 * moment, and how far both documents' logs reached when it was built; a newer update makes a new
 * key, so nothing stale is served. The log itself is bounded by MAX_DOC_BYTES.
 */
import type { IncidentExport } from '../../shared/incidentExport.ts';

export class ReplayCache {
  private readonly entries = new Map<string, Promise<IncidentExport | null>>();

  constructor(private readonly maxEntries = 64) {}

  /** The cached replay for this key, or build's, shared by concurrent callers. */
  get(key: string, build: () => Promise<IncidentExport | null>): Promise<IncidentExport | null> {
    const known = this.entries.get(key);
    if (known) {
      // Most recently used last, so the oldest is the one evicted.
      this.entries.delete(key);
      this.entries.set(key, known);
      return known;
    }
    const built = build();
    this.entries.set(key, built);
    built.catch(() => this.entries.delete(key));
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return built;
  }
}
