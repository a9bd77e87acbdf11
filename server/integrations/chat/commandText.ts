/**
 * The `/incident` slash command's words (issue 14), one grammar for every chat tool:
 *
 *   declare [private] [SEV1..SEV4] <title>   ack   claim <role>   release <role>
 *   status <status>   sev <SEVn>   update <text>   note <text>   link   help
 *
 * Any verb but declare and help may name its incident right after the verb (`ack inc-1a2b3c4d`);
 * otherwise the door finds it from where the command was typed. Parsing never throws: words it
 * cannot read become an `invalid` request whose message says what was expected.
 */
import { INCIDENT_ID_PATTERN, SEVERITIES, STATUSES } from '../../../shared/incident.ts';
import type { IncidentStatus, Severity } from '../../../shared/incident.ts';
import { ROLES, SINGLE_HOLDER_ROLES } from '../../../shared/roles.ts';
import type { SingleHolderRole } from '../../../shared/roles.ts';

export type ChatRequest =
  | { verb: 'help' }
  | { verb: 'declare'; severity: Severity; title: string; private: boolean }
  | { verb: 'ack' | 'link'; incidentId: string | null }
  | { verb: 'claim' | 'release'; role: SingleHolderRole; incidentId: string | null }
  | { verb: 'status'; status: IncidentStatus; incidentId: string | null }
  | { verb: 'sev'; severity: Severity; incidentId: string | null }
  | { verb: 'update' | 'note'; text: string; incidentId: string | null }
  | { verb: 'invalid'; message: string };

export type ChatVerb = Exclude<ChatRequest['verb'], 'invalid'>;

/** A declaration from chat without a severity: the middle of the scale, changed later with `sev`. */
export const DEFAULT_CHAT_SEVERITY: Severity = 'SEV3';

/** What people type for each role, beyond its key. */
const ROLE_WORDS: Record<string, SingleHolderRole> = {
  ...Object.fromEntries(SINGLE_HOLDER_ROLES.map((r) => [r, r])),
  ic: 'commander',
  lead: 'commander',
  communications: 'comms',
  comm: 'comms',
  notes: 'scribe',
};

export const HELP_TEXT = [
  'declare [private] [SEV1-SEV4] <title> — declare an incident (a private one only its members see)',
  'ack — acknowledge the page',
  `claim <role> / release <role> — roles: ${SINGLE_HOLDER_ROLES.join(', ')}`,
  `status <${STATUSES.join('|')}>`,
  `sev <${SEVERITIES.join('|')}>`,
  'update <text> — publish a stakeholder update (comms or commander)',
  'note <text> — add a note to the transcript',
  'link — link your chat account to your Incident Room account',
  'Name the incident after the verb (ack inc-1a2b3c4d) when the channel has several.',
].join('\n');

const upper = (word: string | undefined) => (word ?? '').toUpperCase();

export function parseChatCommand(input: string): ChatRequest {
  const words = input.trim().split(/\s+/).filter(Boolean);
  const verb = (words.shift() ?? 'help').toLowerCase();
  if (verb === 'help') return { verb: 'help' };
  if (verb === 'declare') return parseDeclare(words);
  const incidentId = words.length > 0 && INCIDENT_ID_PATTERN.test(words[0]!.toLowerCase()) ? words.shift()!.toLowerCase() : null;
  const rest = words.join(' ');
  switch (verb) {
    case 'ack':
    case 'acknowledge':
      return { verb: 'ack', incidentId };
    case 'link':
      return { verb: 'link', incidentId };
    case 'claim':
    case 'release': {
      const role = ROLE_WORDS[(words[0] ?? '').toLowerCase()];
      if (!role) return { verb: 'invalid', message: `${verb} which role? One of: ${SINGLE_HOLDER_ROLES.map((r) => `${r} (${ROLES[r].label})`).join(', ')}` };
      return { verb, role, incidentId };
    }
    case 'status': {
      const status = (STATUSES as readonly string[]).find((s) => s === (words[0] ?? '').toLowerCase()) as IncidentStatus | undefined;
      if (!status) return { verb: 'invalid', message: `status must be one of ${STATUSES.join(', ')}` };
      return { verb: 'status', status, incidentId };
    }
    case 'sev':
    case 'severity': {
      const severity = (SEVERITIES as readonly string[]).find((s) => s === upper(words[0])) as Severity | undefined;
      if (!severity) return { verb: 'invalid', message: `sev must be one of ${SEVERITIES.join(', ')}` };
      return { verb: 'sev', severity, incidentId };
    }
    case 'update':
    case 'note':
      if (!rest) return { verb: 'invalid', message: `${verb} needs text: /incident ${verb} <text>` };
      return { verb, text: rest, incidentId };
    default:
      return { verb: 'invalid', message: `unknown command "${verb.slice(0, 40)}". Try /incident help` };
  }
}

function parseDeclare(words: string[]): ChatRequest {
  let isPrivate = false;
  let severity: Severity = DEFAULT_CHAT_SEVERITY;
  // Flags in either order before the title.
  for (;;) {
    if (words[0]?.toLowerCase() === 'private') {
      isPrivate = true;
      words.shift();
    } else if ((SEVERITIES as readonly string[]).includes(upper(words[0]))) {
      severity = upper(words.shift()) as Severity;
    } else break;
  }
  const title = words.join(' ');
  if (!title) return { verb: 'invalid', message: 'declare needs a title: /incident declare [SEV1-SEV4] <title>' };
  return { verb: 'declare', severity, title, private: isPrivate };
}
