/**
 * The Origin check for browser requests authenticated by cookie (websocket upgrades and
 * state-changing REST calls): a page on another site must not ride on a responder's cookie
 * (cross-site websocket hijacking). Same-origin is judged against the Host the browser sent.
 */
export function isAllowedOrigin(origin: string, host: string | undefined, allowed: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (allowed.includes(parsed.origin)) return true;
  return host !== undefined && parsed.host === host;
}
