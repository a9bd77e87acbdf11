/**
 * What stakeholder links show, said in the room where responders write (issue 12: the transcript
 * was shared with every link as it was written, with nothing in the room saying so), and the
 * switch for it, offered to whoever the server lets change it (the commander, or anyone while
 * nobody is).
 */
import type { IncidentMeta, RoleHolder } from '../../../shared/documents.ts';
import { useCommand } from '../api/commands.ts';

interface Props {
  meta: IncidentMeta;
  commander: RoleHolder | undefined;
  myUserId: string;
}

export function StakeholderSharing({ meta, commander, myUserId }: Props) {
  const { run, pending, error } = useCommand();
  const shared = !meta.hideTranscript;
  const mayChange = !commander || commander.id === myUserId;
  return (
    <div className={`sharing-line small${shared ? ' shared' : ''}`} data-testid="sharing-indicator" data-shared={String(shared)}>
      <span>
        <span aria-hidden="true">{shared ? '◉ ' : '○ '}</span>
        {shared ? 'Transcript shared with stakeholders' : 'Transcript hidden from stakeholders'}
        <span className="muted"> · status, roles and updates are always shown</span>
      </span>
      <button
        type="button"
        className="small-button"
        disabled={!mayChange || pending}
        title={mayChange ? undefined : `${commander?.name} is incident commander; only they change what stakeholders see`}
        onClick={() => void run({ type: 'setTranscriptVisibility', incidentId: meta.id, hidden: shared })}
      >
        {shared ? 'Hide transcript' : 'Share transcript'}
      </button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
