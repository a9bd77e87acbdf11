/** While an incident's document has not synced: loading, or the server's refusal in words and a way back. */
import { Link } from '../routing/router.tsx';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import type { ConnectionView } from './ConnectionBanner.tsx';

export function DocumentLoading({ connection, loading }: { connection: ConnectionView; loading: string }) {
  return (
    <div className="room">
      <ConnectionBanner view={connection} />
      <main className="notice-page">
        {connection.kind === 'refused' ? (
          <>
            <p role="alert">{connection.detail}</p>
            <Link to="/">Back to the incident list</Link>
          </>
        ) : (
          <p aria-busy="true">{loading}</p>
        )}
      </main>
    </div>
  );
}
