/**
 * The target of an HTTP request or upgrade, as sent, read as a URL on a fixed origin. The
 * sender chooses these bytes: `new URL('//[', base)` throws, and one such upgrade stopped the
 * process (issue 11). A target that is not a path ("/…"), or does not parse, gives null, which
 * every caller answers with 400.
 */
const FIXED_ORIGIN = 'http://request.invalid';

export function requestTarget(raw: string | undefined): URL | null {
  if (raw === undefined || !raw.startsWith('/')) return null;
  try {
    // Prefixing an origin keeps "//host/…" a path, as HTTP routing reads it, never an authority.
    return new URL(FIXED_ORIGIN + raw);
  } catch {
    return null;
  }
}
