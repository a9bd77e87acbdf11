/**
 * TwiML, the XML Twilio reads to know what to say. Every text in it is escaped: an incident's
 * title is whatever someone typed, and unescaped it could add verbs of its own (a <Dial>, a
 * <Redirect>) to a call the server places.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export const xml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** One line: a title with line breaks must not read as lines of ours. */
export const line = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The answer to a text: one text back. */
export const messageReply = (text: string) => `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${xml(text)}</Message></Response>`;

/** The answer to a key press: said, then the call ends. */
export const sayReply = (text: string) => `<?xml version="1.0" encoding="UTF-8"?><Response><Say>${xml(text)}</Say></Response>`;

/** An answer that does nothing: to a request already acted on. */
export const emptyReply = () => '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/** Asks for one key; Twilio posts it to `action`, or carries on past the Gather when none is pressed. */
export const gather = (action: string, prompt: string) =>
  `<Response><Gather numDigits="1" action="${xml(action)}" method="POST"><Say>${xml(prompt)}</Say></Gather><Say>No key was pressed. Goodbye.</Say></Response>`;
