import type { StatusSummary } from '../../../../shared/statusPage.ts';

/** The page's one-line answer to "is it working?", coloured by how bad it is. */
export function StatusBanner({ status }: { status: StatusSummary['status'] }) {
  return (
    <p className={`status-banner indicator-${status.indicator}`} role="status" data-testid="status-banner">
      {status.description}
    </p>
  );
}
