/**
 * Time to acknowledge, mitigate and resolve across incidents, by severity (issue 17: the model's),
 * and, from published postmortems' impact windows (issue 20), time to detect and duration of impact.
 */
import type { IncidentSummary } from '../../shared/incident.ts';
import type { IncidentMetrics, DurationStats } from '../../shared/api.ts';
import type { ImpactWindow } from '../storage/incidents.ts';

function stats(durations: number[]): DurationStats {
  if (durations.length === 0) return { count: 0, meanMs: null, medianMs: null, p90Ms: null };
  const sorted = [...durations].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { count: sorted.length, meanMs: Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length), medianMs: pick(0.5), p90Ms: pick(0.9) };
}

const since = (incidents: IncidentSummary[], at: (i: IncidentSummary) => number | null) =>
  stats(incidents.flatMap((i) => (at(i) === null ? [] : [at(i)! - i.createdAt])));

/** From the window's start to one of its later ends; a window whose end comes first says nothing. */
const spans = (windows: ImpactWindow[], end: 'detected' | 'resolved') =>
  stats(windows.flatMap((w) => (w.started !== null && w[end] !== null && w[end]! >= w.started ? [w[end]! - w.started] : [])));

/**
 * `modelSeverities`: the current model's keys, most severe first; every one gets a row.
 * `impacts`: impact windows by incident id; incidents not among `incidents` are not counted.
 */
export function incidentMetrics(incidents: IncidentSummary[], modelSeverities: string[], impacts: ReadonlyMap<string, ImpactWindow> = new Map()): IncidentMetrics {
  const severities = [...new Set([...modelSeverities, ...incidents.map((i) => i.severity)])];
  const bySeverity: IncidentMetrics['bySeverity'] = {};
  for (const sev of severities) {
    const of = incidents.filter((i) => i.severity === sev);
    const windows = of.flatMap((i) => impacts.get(i.id) ?? []);
    bySeverity[sev] = {
      incidents: of.length,
      open: of.filter((i) => i.statusCategory !== 'resolved').length,
      timeToAcknowledge: since(of, (i) => i.acknowledgedAt),
      timeToMitigate: since(of, (i) => i.mitigatedAt),
      timeToResolve: since(of, (i) => i.resolvedAt),
      timeToDetect: spans(windows, 'detected'),
      impactDuration: spans(windows, 'resolved'),
    };
  }
  return { incidents: incidents.length, severities, bySeverity };
}
