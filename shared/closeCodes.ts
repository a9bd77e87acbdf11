/**
 * Websocket close codes used by the sync endpoint, defined once so the server sends them and
 * the client explains them to people in words. 4000-4999 is the application range.
 */
export const CloseCode = {
  goingAway: 1001,
  unsupportedData: 1003,
  messageTooBig: 1009,
  internalError: 1011,
  tryAgainLater: 1013,
  badMessage: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  unknownDocument: 4404,
  // Outside 4400-4499 on purpose: the stock provider stops for good on those, and a
  // rate-limited client should come back, after its backoff.
  rateLimited: 1008,
  documentTooLarge: 4413,
  // A client that does not read what it is sent (issue 11); temporary, so the provider reconnects.
  sendBufferFull: 4503,
} as const;
export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

const EXPLANATIONS: Record<number, string> = {
  [CloseCode.goingAway]: 'The server is restarting. Reconnecting…',
  [CloseCode.unsupportedData]: 'The server could not read a message from this tab.',
  [CloseCode.messageTooBig]: 'A change was too large to send.',
  [CloseCode.internalError]: 'The server hit an error storing a change. Reconnecting…',
  [CloseCode.tryAgainLater]: 'The server is at capacity. Retrying…',
  [CloseCode.badMessage]: 'The server refused a malformed message.',
  [CloseCode.unauthorized]: 'Your sign-in or link is not valid any more.',
  [CloseCode.forbidden]: 'You do not have access to this incident.',
  [CloseCode.unknownDocument]: 'This incident does not exist.',
  [CloseCode.rateLimited]: 'Too many messages too quickly. Reconnecting…',
  [CloseCode.documentTooLarge]: 'This incident document has reached its size limit.',
  [CloseCode.sendBufferFull]: 'This tab fell too far behind the server. Reconnecting…',
};

/**
 * Closes whose words say all a person needs: the server's reason would only say it again
 * ("The server is restarting. Reconnecting… (server restarting)", issue 12). For refusals the
 * reason is kept: it says which token, field or limit.
 */
const SELF_EXPLAINED: ReadonlySet<number> = new Set([
  CloseCode.goingAway,
  CloseCode.internalError,
  CloseCode.tryAgainLater,
  CloseCode.rateLimited,
  CloseCode.sendBufferFull,
]);

export function explainClose(code: number, reason?: string): string {
  const base = EXPLANATIONS[code] ?? `Connection closed (${code}).`;
  return reason && !SELF_EXPLAINED.has(code) ? `${base} (${reason})` : base;
}

/** Codes after which reconnecting cannot help until the person does something. */
export function isFatalClose(code: number): boolean {
  return code === CloseCode.unauthorized || code === CloseCode.forbidden || code === CloseCode.unknownDocument;
}
