/**
 * The page's public updates as an Atom 1.0 feed (RFC 4287), newest first: one entry per update,
 * linking to its incident on the page. Only what the page shows is in it.
 */
import type { PublicStatusUpdate } from '../../../shared/statusPage.ts';

/** XML 1.0 has no escape for most control characters: they are dropped, the rest escaped. */
const xml = (text: string) =>
  text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

const iso = (ms: number) => new Date(ms).toISOString();
const STATUS_WORDS = { investigating: 'Investigating', identified: 'Identified', monitoring: 'Monitoring', resolved: 'Resolved' } as const;

export interface FeedInput {
  name: string;
  /** PUBLIC_URL/status */
  pageUrl: string;
  updates: Array<PublicStatusUpdate & { title: string }>;
  /** When the page last changed, for a feed without entries. */
  updatedAt: number;
}

export function atomFeed(input: FeedInput): string {
  const { pageUrl } = input;
  const updated = input.updates[0]?.at ?? input.updatedAt;
  const entries = input.updates.map(
    (u) => `  <entry>
    <id>${xml(`${pageUrl}#${u.id}`)}</id>
    <title>${xml(`${u.title}: ${STATUS_WORDS[u.status]}`)}</title>
    <updated>${iso(u.at)}</updated>
    <published>${iso(u.at)}</published>
    <link rel="alternate" type="text/html" href="${xml(`${pageUrl}#${u.incidentId}`)}"/>
    <content type="text">${xml(u.text)}</content>
  </entry>
`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(pageUrl)}</id>
  <title>${xml(input.name)}</title>
  <updated>${iso(updated)}</updated>
  <link rel="self" type="application/atom+xml" href="${xml(`${pageUrl}/feed.atom`)}"/>
  <link rel="alternate" type="text/html" href="${xml(pageUrl)}"/>
  <author><name>${xml(input.name)}</name></author>
${entries.join('')}</feed>
`;
}
