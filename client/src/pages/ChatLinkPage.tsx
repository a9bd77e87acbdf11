/**
 * /link-chat#token=…: the link a chat bot sends (issue 14). The signed-in person sees which chat
 * account it would link to them, and confirms; from then on what they do in chat is done as
 * them. The secret is in the fragment (never in a server log) and leaves the address bar once read.
 */
import { useEffect, useState } from 'react';
import type { ChatLinkDone, ChatLinkInfo, ChatLinkRequest } from '../../../shared/api.ts';
import { apiRequest, errorMessage } from '../api/http.ts';
import { useSession } from '../api/session.tsx';
import { Link } from '../routing/router.tsx';
import { chatLinkToken } from '../routing/chatLinkToken.ts';

export function ChatLinkPage({ token: fromAddress }: { token: string | null }) {
  const me = useSession();
  const [token] = useState(() => chatLinkToken.read(fromAddress));
  const [info, setInfo] = useState<ChatLinkInfo | null>(null);
  const [done, setDone] = useState<ChatLinkDone | null>(null);
  const [error, setError] = useState<string | null>(token ? null : 'This link has no token in it. Ask the bot for a new one with /incident link.');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!token) return;
    chatLinkToken.forget();
    if (location.hash) history.replaceState(null, '', location.pathname);
    apiRequest<ChatLinkInfo>('POST', '/api/chat-links/inspect', { token } satisfies ChatLinkRequest)
      .then(setInfo)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [token]);

  const confirm = () => {
    if (!token) return;
    setBusy(true);
    apiRequest<ChatLinkDone>('POST', '/api/chat-links/use', { token } satisfies ChatLinkRequest)
      .then(setDone)
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setBusy(false));
  };

  return (
    <main className="notice-page stack" data-testid="chat-link">
      <h1>Link your chat account</h1>
      {error ? (
        <p role="alert">{error}</p>
      ) : done ? (
        <p role="status">
          Linked: what {done.chatName} does in {done.toolName} is now done as {done.account.name}.
        </p>
      ) : info ? (
        <>
          <p>
            Link <strong>{info.chatName}</strong> in {info.toolName} to your account, <strong>{me.name}</strong>? Commands you type there
            will then act as you, and anything done as “{info.chatName} ({info.toolName})” so far stays in the record under that name.
          </p>
          <p>
            <button type="button" className="primary" onClick={confirm} disabled={busy} autoFocus>
              Link {info.toolName} account
            </button>
          </p>
        </>
      ) : (
        <p aria-busy="true">Reading the link…</p>
      )}
      <p>
        <Link to="/">Go to the incident list</Link>
      </p>
    </main>
  );
}
