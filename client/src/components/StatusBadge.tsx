import type { StatusCategory, StatusDefinition } from '../../../shared/incidentModel.ts';
import { legacyDefinitions, statusCategory } from '../../../shared/incidentModel.ts';

/** The statuses a view knows: an incident's definitions or the model (issue 17). */
export interface StatusVocabulary {
  statuses: StatusDefinition[];
}

export function statusLabel(status: string, defs?: StatusVocabulary | null): string {
  return (defs ?? legacyDefinitions()).statuses.find((s) => s.key === status)?.name ?? status;
}

function categoryOf(status: string, defs: StatusVocabulary | null | undefined): StatusCategory {
  const list = (defs ?? legacyDefinitions()).statuses;
  return list.find((s) => s.key === status)?.category ?? statusCategory(legacyDefinitions(), status);
}

/**
 * The status in its team's words; styled by its category, and a resolved one gets a tick so a
 * finished incident stands out without colour.
 */
export function StatusBadge({ status, defs }: { status: string; defs?: StatusVocabulary | null }) {
  const category = categoryOf(status, defs);
  return (
    <span className={`status status-${category}`} data-status={status}>
      {category === 'resolved' && <span aria-hidden="true">✓ </span>}
      {statusLabel(status, defs)}
    </span>
  );
}
