/**
 * Slack's message text both ways (https://api.slack.com/reference/surfaces/formatting). Out:
 * `<…>` is a link or a mention (`<!channel>`, `<http://evil|ok>`) and `&` starts an entity, so all
 * text we put in a message escapes those three (issue 11). In: a message pinned to the transcript
 * arrives in that encoding and is read back into the plain text the room shows.
 */

export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A link whose address and label are both escaped, so neither can close the `<…|…>` early. */
export function slackLink(url: string, label: string): string {
  return `<${slackEscape(url).replace(/\|/g, '%7C')}|${slackEscape(label)}>`;
}

/**
 * Block Kit refuses a section text over 3,000 characters; a stakeholder update may be longer once
 * escaped, so it is cut into pieces, never inside an entity such as `&amp;`.
 */
export function chunks(escaped: string, max = 3000): string[] {
  const out: string[] = [];
  let rest = escaped;
  while (rest.length > max) {
    let cut = max;
    const amp = rest.lastIndexOf('&', cut - 1);
    if (amp > cut - 5 && !rest.slice(amp, cut).includes(';')) cut = amp;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0) out.push(rest);
  return out;
}

/** A Slack message's text as plain words: links, mentions and entities read as people see them. */
export function plainTextOf(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_whole, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@')) return label ? `@${label}` : target;
      if (target.startsWith('#')) return label ? `#${label}` : target;
      if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0]}`;
      return label && label !== target ? `${label} (${target})` : target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
