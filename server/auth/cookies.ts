/**
 * Reads one cookie from a Cookie header without a parser dependency for a single name. The
 * header is the sender's to choose: a value that is not valid percent-encoding is returned as
 * sent, so it fails verification like any other wrong value instead of throwing (issue 11:
 * `ir_session=%` stopped the process from socket.io's handshake middleware).
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeCookieValue(part.slice(eq + 1).trim());
  }
  return undefined;
}

function decodeCookieValue(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
