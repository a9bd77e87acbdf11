/**
 * Text for Mattermost (issue 14): what people typed is shown as they typed it, never as markup,
 * a link or a notification.
 *
 * - Mattermost reads Slack's `<url|label>`, `<!channel>` and `<userid>` in webhook posts and
 *   command replies before its markdown ("Slack compatibility"), so `<`, `>` and `&` go out as
 *   entities, which its markdown shows as the characters.
 * - Markdown's own characters are backslash-escaped (CommonMark escapes any ASCII punctuation).
 * - `@channel`, `@here`, `@all` or `@someone` in a title would notify a whole channel from a
 *   post nobody meant as a call: a zero-width space after each `@` keeps the text and drops the
 *   mention.
 */
const MARKDOWN = /[\\`*_~[\](){}#+\-.!|]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const NO_MENTION = '@\u200b';

export function mattermostText(text: string): string {
  return text
    .replace(MARKDOWN, '\\$&')
    .replace(/[&<>]/g, (c) => ENTITIES[c]!)
    .replace(/@/g, NO_MENTION);
}

/** Plain text where Mattermost shows no markdown (an attachment's fallback, in notifications). */
export function mattermostPlain(text: string): string {
  return text.replace(/@/g, NO_MENTION);
}

/** A link to one of the room's own addresses, labelled with text that may be anyone's. */
export function mattermostLink(label: string, url: string): string {
  return `[${mattermostText(label)}](${url.replace(/[\s()<>]/g, (c) => (c === '(' ? '%28' : c === ')' ? '%29' : encodeURIComponent(c)))})`;
}
