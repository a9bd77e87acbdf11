/** Time to acknowledge and to resolve across incidents, by severity. */
import { SEVERITIES } from '../../shared/incident.ts';
import type { IncidentSummary, Severity } from '../../shared/incident.ts';
import type { IncidentMetrics, DurationStats } from '../../shared/api.ts';

function stats(durations: number[]): DurationStats {
  if (durations.length === 0) return { count: 0, meanMs: null, medianMs: null, p90Ms: null };
  const sorted = [...durations].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { count: sorted.length, meanMs: Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length), medianMs: pick(0.5), p90Ms: pick(0.9) };
}

export function incidentMetrics(incidents: IncidentSummary[]): IncidentMetrics {
  const bySeverity = {} as IncidentMetrics['bySeverity'];
  for (const sev of SEVERITIES) {
    const of = incidents.filter((i) => i.severity === (sev as Severity));
    bySeverity[sev] = {
      incidents: of.length,
      open: of.filter((i) => i.status !== 'resolved').length,
      timeToAcknowledge: stats(of.filter((i) => i.acknowledgedAt !== null).map((i) => i.acknowledgedAt! - i.createdAt)),
      timeToResolve: stats(of.filter((i) => i.resolvedAt !== null).map((i) => i.resolvedAt! - i.createdAt)),
    };
  }
  return { incidents: incidents.length, bySeverity };
}
