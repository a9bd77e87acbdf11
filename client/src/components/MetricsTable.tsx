/**
 * How fast incidents are detected (from published postmortems' impact windows, issue 20),
 * acknowledged, mitigated and resolved, by severity: median and 90th percentile, with the mean
 * and the number measured on hover. Severity is the incident's current one; the rows are the
 * model's severities (issue 17), then any only older incidents have.
 */
import type { DurationStats, IncidentMetrics } from '../../../shared/api.ts';
import { useModel } from '../api/useModel.ts';
import { shortDuration } from '../format/time.ts';
import { SeverityBadge } from './SeverityBadge.tsx';

function Stat({ stats, what }: { stats: DurationStats; what: string }) {
  if (stats.count === 0 || stats.medianMs === null) return <span className="muted">—</span>;
  return (
    <span title={`${what}: median ${shortDuration(stats.medianMs)}, p90 ${shortDuration(stats.p90Ms ?? 0)}, mean ${shortDuration(stats.meanMs ?? 0)} over ${stats.count} incident${stats.count === 1 ? '' : 's'}`}>
      <span className="metric-median">{shortDuration(stats.medianMs)}</span>
      <span className="metric-p90 muted small">p90 {shortDuration(stats.p90Ms ?? stats.medianMs)}</span>
    </span>
  );
}

export function MetricsTable({ metrics }: { metrics: IncidentMetrics }) {
  const model = useModel();
  return (
    <div className="metrics-scroll">
    <table className="metrics-table" data-testid="metrics-table">
      <thead>
        <tr>
          <th scope="col">Severity</th>
          <th scope="col" className="num" title="Incidents (open now)">
            Incidents
          </th>
          <th scope="col" title="Time to detect, from published postmortems' impact windows: median and 90th percentile">
            <abbr title="time to detect">MTTD</abbr>
          </th>
          <th scope="col" title="Mean time to acknowledge: median and 90th percentile">
            <abbr title="time to acknowledge">MTTA</abbr>
          </th>
          <th scope="col" title="Time to mitigate: median and 90th percentile">
            <abbr title="time to mitigate">MTTM</abbr>
          </th>
          <th scope="col" title="Mean time to resolve: median and 90th percentile">
            <abbr title="time to resolve">MTTR</abbr>
          </th>
        </tr>
      </thead>
      <tbody>
        {metrics.severities.map((severity) => {
          const row = metrics.bySeverity[severity];
          if (!row) return null;
          return (
            <tr key={severity} data-testid="metrics-row" data-severity={severity}>
              <td>
                <SeverityBadge severity={severity} defs={model} />
              </td>
              <td className="num">
                {row.incidents}
                {row.open > 0 && <span className="muted small"> ({row.open} open)</span>}
              </td>
              <td data-testid="metrics-mttd">
                <Stat stats={row.timeToDetect} what="Time to detect (published postmortems)" />
              </td>
              <td data-testid="metrics-mtta">
                <Stat stats={row.timeToAcknowledge} what="Time to acknowledge" />
              </td>
              <td data-testid="metrics-mttm">
                <Stat stats={row.timeToMitigate} what="Time to mitigate" />
              </td>
              <td data-testid="metrics-mttr">
                <Stat stats={row.timeToResolve} what="Time to resolve" />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
    </div>
  );
}
