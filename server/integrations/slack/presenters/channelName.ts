/**
 * The name of an incident's own channel. Slack accepts lowercase letters, digits, hyphens and
 * underscores, at most 80 characters (conversations.create, invalid_name_*); the incident id
 * first keeps names unique and never empty, whatever the title is written in.
 */
const NAME_MAX = 80;

export function channelNameOf(incidentId: string, title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const name = slug ? `${incidentId}-${slug}` : incidentId;
  return name.slice(0, NAME_MAX).replace(/-+$/, '');
}
