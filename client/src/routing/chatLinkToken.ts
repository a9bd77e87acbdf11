/**
 * A chat link's secret survives a sign-in in between: someone signed out who opens the bot's link
 * signs in first, and the provider brings them back to /link-chat without the fragment. The
 * secret waits in this tab's session storage until the page has read it.
 */
const KEY = 'incident-room:chat-link';

export const chatLinkToken = {
  keep(token: string | null): void {
    if (token) sessionStorage.setItem(KEY, token);
  },
  /** Reading does not remove it (React may read twice in development): forget() does. */
  read(fromAddress: string | null): string | null {
    return fromAddress ?? sessionStorage.getItem(KEY);
  },
  forget(): void {
    sessionStorage.removeItem(KEY);
  },
};
