/**
 * A strict reader of the XML the status page's feed is (no DTDs, no CDATA needed): it refuses
 * anything not well-formed (unclosed or crossed tags, unquoted or repeated attributes, stray
 * `<` or `&`, text outside the root), and checks what RFC 4287 requires of an Atom feed.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = '[A-Za-z_][\\w.:-]*';
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new Error(`a "<" in ${where}`);
  return raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new Error(`a bare "&" in ${where}`);
    if (ref in ENTITIES) return ENTITIES[ref]!;
    const code = /^#x([0-9a-f]+)$/i.exec(ref) ? parseInt(ref.slice(2), 16) : /^#\d+$/.test(ref) ? Number(ref.slice(1)) : NaN;
    if (Number.isNaN(code)) throw new Error(`an unknown entity &${ref}; in ${where}`);
    return String.fromCodePoint(code);
  });
}

export function parseXml(source: string): XmlElement {
  const body = source.replace(/^\uFEFF?<\?xml\s+version="1\.0"(\s+encoding="[^"]+")?\s*\?>/, '');
  if (body === source) throw new Error('no XML declaration');
  const tag = new RegExp(`<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>|<!--[\\s\\S]*?-->`, 'y');
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const text = body.slice(i, lt < 0 ? body.length : lt);
    if (text.length) {
      if (stack.length === 0) {
        if (text.trim()) throw new Error(`text outside the root: ${text.trim().slice(0, 40)}`);
      } else stack.at(-1)!.text += decode(text, stack.at(-1)!.name);
    }
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    if (!m) throw new Error(`malformed markup at ${lt}: ${body.slice(lt, lt + 40)}`);
    i = tag.lastIndex;
    if (m[0].startsWith('<!--')) continue;
    const [, closing, name, attrText, selfClosing] = m;
    if (closing) {
      if (attrText || selfClosing) throw new Error(`a closing tag with attributes: ${m[0]}`);
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText!.matchAll(new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g'))) {
      if (a[1]! in attrs) throw new Error(`attribute ${a[1]} twice on <${name}>`);
      attrs[a[1]!] = decode(a[2] ?? a[3] ?? '', `${name}@${a[1]}`);
    }
    const element: XmlElement = { name: name!, attrs, children: [], text: '' };
    if (stack.length) stack.at(-1)!.children.push(element);
    else if (root) throw new Error('a second root element');
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const one = (parent: XmlElement, name: string): XmlElement => {
  const found = parent.children.filter((c) => c.name === name);
  if (found.length !== 1) throw new Error(`<${parent.name}> must have exactly one <${name}>, has ${found.length}`);
  return found[0]!;
};

export interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  link: string;
  content: string;
}

/** The feed's entries, once it has passed RFC 4287's requirements (4.1.1, 4.1.2). */
export function readAtomFeed(source: string): { id: string; title: string; updated: string; entries: AtomEntry[] } {
  const feed = parseXml(source);
  if (feed.name !== 'feed' || feed.attrs.xmlns !== 'http://www.w3.org/2005/Atom') throw new Error('the root is not an Atom <feed>');
  for (const name of ['id', 'title', 'updated']) one(feed, name);
  if (!RFC3339.test(one(feed, 'updated').text)) throw new Error('feed <updated> is not an RFC 3339 date');
  const feedAuthor = feed.children.some((c) => c.name === 'author' && c.children.some((n) => n.name === 'name'));
  if (!feed.children.some((c) => c.name === 'link' && c.attrs.rel === 'self' && c.attrs.href)) throw new Error('no rel="self" link');
  const entries = feed.children
    .filter((c) => c.name === 'entry')
    .map((entry) => {
      for (const name of ['id', 'title', 'updated']) one(entry, name);
      if (!RFC3339.test(one(entry, 'updated').text)) throw new Error('entry <updated> is not an RFC 3339 date');
      if (!feedAuthor && !entry.children.some((c) => c.name === 'author')) throw new Error('an entry without an author in a feed without one');
      const link = entry.children.find((c) => c.name === 'link' && (c.attrs.rel ?? 'alternate') === 'alternate');
      const content = entry.children.find((c) => c.name === 'content');
      if (!link && !content) throw new Error('an entry with neither content nor an alternate link');
      return { id: one(entry, 'id').text, title: one(entry, 'title').text, updated: one(entry, 'updated').text, link: link?.attrs.href ?? '', content: content?.text ?? '' };
    });
  if (new Set(entries.map((e) => e.id)).size !== entries.length) throw new Error('two entries share an id');
  return { id: one(feed, 'id').text, title: one(feed, 'title').text, updated: one(feed, 'updated').text, entries };
}
