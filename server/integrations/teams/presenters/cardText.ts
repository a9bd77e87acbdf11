/**
 * Text for an Adaptive Card in Teams (issue 14). TextBlocks and facts read a CommonMark subset
 * (bold and italic, links, bulleted and numbered lists) and `{{DATE(…)}}`/`{{TIME(…)}}`
 * functions; HTML is shown as text. What people typed is shown as typed: the characters of that
 * subset are backslash-escaped, a list marker only where it would start a list.
 */
const INLINE = /[\\*_[\]()`~{}<>]/g;
const LIST_MARKER = /^(\s*)([-+]|\d+[.)])(?=\s|$)/;

export function cardText(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(INLINE, '\\$&').replace(LIST_MARKER, (_, indent: string, marker: string) => `${indent}${marker.replace(/[-+.)]/, '\\$&')}`))
    // A TextBlock breaks a line only at a blank one.
    .join('\n\n');
}
