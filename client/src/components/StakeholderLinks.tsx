/**
 * Read-only links for stakeholders: make one per audience, copy it, revoke it. The secret is
 * shown once, when made; afterwards only its name and age are listed. It sits in the URL
 * fragment (/s/<id>#token=…) so it never reaches a server log.
 */
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { TokenInfo, TokenListing } from '../../../shared/api.ts';
import { Limits } from '../../../shared/limits.ts';
import { apiRequest, errorMessage } from '../api/http.ts';
import { dateTime } from '../format/time.ts';

/** How often the room asks again how many stakeholders are watching. */
const VIEWERS_REFRESH_MS = 15_000;

export function stakeholderUrl(incidentId: string, token: string): string {
  return `${location.origin}/s/${incidentId}#token=${encodeURIComponent(token)}`;
}

export function StakeholderLinks({ incidentId }: { incidentId: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [links, setLinks] = useState<TokenListing[]>([]);
  const [name, setName] = useState('Stakeholders');
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);

  const refresh = async () => {
    try {
      const body = await apiRequest<{ tokens: TokenListing[] }>('GET', `/api/incidents/${incidentId}/tokens`);
      const now = Date.now();
      setLinks(body.tokens.filter((t) => t.access === 'stakeholder' && t.revokedAt === null && (t.expiresAt === null || t.expiresAt > now)));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  // The room shows how many links are live and how many are watching, not only the dialog, and
  // keeps the count fresh while it is open (issue 12).
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), VIEWERS_REFRESH_MS);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [incidentId]);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      void refresh();
    } else if (!open && d.open) d.close();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const body = await apiRequest<{ token: string }>('POST', `/api/incidents/${incidentId}/tokens`, { access: 'stakeholder', name: name.trim() });
      setCreated(stakeholderUrl(incidentId, body.token));
      await refresh();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const watching = links.reduce((n, link) => n + link.viewers, 0);

  const revoke = async (link: TokenInfo) => {
    setError(null);
    try {
      await apiRequest('DELETE', `/api/incidents/${incidentId}/tokens/${link.id}`);
      await refresh();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <>
      <span className="muted small" data-testid="live-links">
        {links.length === 1 ? '1 live link' : `${links.length} live links`}
        {watching > 0 && ` · ${watching} watching`}
      </span>
      <button type="button" className="small-button" onClick={() => setOpen(true)}>
        Share stakeholder link
      </button>
      <dialog ref={dialog} className="dialog links-dialog" onClose={() => {
          setOpen(false);
          setCreated(null);
        }}
        aria-labelledby="links-heading">
        <h2 id="links-heading">Stakeholder links</h2>
        <p className="muted small">
          A stakeholder link shows status, severity, commander, comms, published updates and the transcript (unless hidden). It cannot change
          anything. Anyone holding it can read until you revoke it.
        </p>
        <form className="link-create" onSubmit={create}>
          <label htmlFor="link-name">Link name (who it is for)</label>
          <input id="link-name" maxLength={Limits.nameLength} value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="primary small-button" disabled={!name.trim()}>
            Create link
          </button>
        </form>
        {created && (
          <div className="link-created">
            <label htmlFor="link-url">Copy this link now; it is shown only once</label>
            <div className="link-url-row">
              <input id="link-url" data-testid="stakeholder-link-url" readOnly value={created} onFocus={(e) => e.target.select()} />
              <button type="button" className="small-button" onClick={() => void navigator.clipboard?.writeText(created)}>
                Copy
              </button>
            </div>
          </div>
        )}
        <h3>Active links</h3>
        {links.length === 0 ? (
          <p className="muted small">No active links.</p>
        ) : (
          <ul className="link-list">
            {links.map((link) => (
              <li key={link.id} data-testid="stakeholder-link">
                <span>{link.name}</span>
                <span className="muted small">created {dateTime(link.createdAt)}</span>
                <span className="muted small" data-testid="link-viewers">
                  {link.viewers === 1 ? '1 watching now' : `${link.viewers} watching now`}
                </span>
                <button type="button" className="small-button danger" onClick={() => void revoke(link)}>
                  Revoke
                </button>
              </li>
            ))}
          </ul>
        )}
        <p className="form-error" role="alert">
          {error}
        </p>
        <div className="dialog-buttons">
          <button type="button" onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
      </dialog>
    </>
  );
}
