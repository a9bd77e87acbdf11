/**
 * Severity must read without colour: every badge says "SEV1".."SEV4" in words, carries a shape
 * that differs per level (◆ ▲ ● ○) and a weight (solid for SEV1, heavy outline for SEV2,
 * light for the rest). Colours come from a blue/orange palette, safe for red-green deficiency.
 */
import { SEVERITY_MEANING } from '../../../shared/incident.ts';
import type { Severity } from '../../../shared/incident.ts';

const SHAPE: Record<Severity, string> = { SEV1: '◆', SEV2: '▲', SEV3: '●', SEV4: '○' };

export function SeverityBadge({ severity, large = false }: { severity: Severity; large?: boolean }) {
  return (
    <span className={`severity severity-${severity.toLowerCase()}${large ? ' severity-large' : ''}`} title={SEVERITY_MEANING[severity]}>
      <span aria-hidden="true" className="severity-shape">
        {SHAPE[severity]}
      </span>
      {severity}
    </span>
  );
}

export function severityShape(severity: Severity): string {
  return SHAPE[severity];
}
