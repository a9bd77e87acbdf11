/** Time to acknowledge, mitigate and resolve across incidents, by severity (issue 17: the model's). */
import type { IncidentSummary } from '../../shared/incident.ts';
import type { IncidentMetrics, DurationStats } from '../../shared/api.ts';

function stats(durations: number[]): DurationStats {
  if (durations.length === 0) return { count: 0, meanMs: null, medianMs: null, p90Ms: null };
  const sorted = [...durations].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { count: sorted.length, meanMs: Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length), medianMs: pick(0.5), p90Ms: pick(0.9) };
}

const since = (incidents: IncidentSummary[], at: (i: IncidentSummary) => number | null) =>
  stats(incidents.flatMap((i) => (at(i) === null ? [] : [at(i)! - i.createdAt])));

/** `modelSeverities`: the current model's keys, most severe first; every one gets a row. */
export function incidentMetrics(incidents: IncidentSummary[], modelSeverities: string[]): IncidentMetrics {
  const severities = [...new Set([...modelSeverities, ...incidents.map((i) => i.severity)])];
  const bySeverity: IncidentMetrics['bySeverity'] = {};
  for (const sev of severities) {
    const of = incidents.filter((i) => i.severity === sev);
    bySeverity[sev] = {
      incidents: of.length,
      open: of.filter((i) => i.statusCategory !== 'resolved').length,
      timeToAcknowledge: since(of, (i) => i.acknowledgedAt),
      timeToMitigate: since(of, (i) => i.mitigatedAt),
      timeToResolve: since(of, (i) => i.resolvedAt),
    };
  }
  return { incidents: incidents.length, severities, bySeverity };
}
