/**
 * Severity must read without colour: every badge says the severity's name in words, carries a
 * shape that differs by rank (◆ ▲ ● ○, most severe first) and a weight (solid for the most
 * severe, heavy outline for the next, light for the rest). Colours come from a blue/orange
 * palette by rank, safe for red-green deficiency; the model's own colour marks the shape.
 * Names and ranks come from the incident's definitions, or the current model (issue 17).
 */
import type { SeverityDefinition } from '../../../shared/incidentModel.ts';
import { legacyDefinitions } from '../../../shared/incidentModel.ts';

const SHAPES = ['◆', '▲', '●', '○'] as const;

/** The severities a view knows: an incident's definitions or the model. */
export interface SeverityVocabulary {
  severities: SeverityDefinition[];
}

function placeOf(severity: string, vocabulary: SeverityVocabulary | null | undefined) {
  const list = (vocabulary ?? legacyDefinitions()).severities;
  const index = list.findIndex((s) => s.key === severity);
  const rank = Math.min(index < 0 ? SHAPES.length - 1 : index, SHAPES.length - 1);
  return { definition: index < 0 ? undefined : list[index], rank };
}

export function SeverityBadge({ severity, defs, large = false }: { severity: string; defs?: SeverityVocabulary | null; large?: boolean }) {
  const { definition, rank } = placeOf(severity, defs);
  return (
    <span className={`severity severity-sev${rank + 1}${large ? ' severity-large' : ''}`} title={definition?.description || undefined} data-severity={severity}>
      <span aria-hidden="true" className="severity-shape" style={definition ? { color: definition.colour } : undefined}>
        {SHAPES[rank]}
      </span>
      {definition?.name ?? severity}
    </span>
  );
}

export function severityShape(severity: string, defs?: SeverityVocabulary | null): string {
  return SHAPES[placeOf(severity, defs).rank]!;
}

export function severityName(severity: string, defs?: SeverityVocabulary | null): string {
  return placeOf(severity, defs).definition?.name ?? severity;
}

/** 0 for the most severe; a severity the vocabulary does not know ranks last. */
export function severityOrder(severity: string, defs?: SeverityVocabulary | null): number {
  const list = (defs ?? legacyDefinitions()).severities;
  const index = list.findIndex((s) => s.key === severity);
  return index < 0 ? list.length : index;
}
