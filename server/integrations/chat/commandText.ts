/**
 * The `/incident` slash command's words (issue 14), one grammar for every chat tool:
 *
 *   declare [private] [<severity>] <title>   ack   claim <role>   release <role>
 *   status <status>   sev <severity>   update <text>   note <text>   link   help
 *
 * Severities, statuses and roles are the incident model's keys (issue 17), in any case.
 *
 * Any verb but declare and help may name its incident right after the verb (`ack inc-1a2b3c4d`);
 * otherwise the door finds it from where the command was typed. Parsing never throws: words it
 * cannot read become an `invalid` request whose message says what was expected.
 */
import { INCIDENT_ID_PATTERN } from '../../../shared/incident.ts';
import type { IncidentStatus, Severity } from '../../../shared/incident.ts';
import { defaultModel } from '../../../shared/incidentModel.ts';
import type { IncidentModel } from '../../../shared/incidentModel.ts';
import type { SingleHolderRole } from '../../../shared/roles.ts';

/** The words of the model the grammar knows. */
export interface ChatVocabulary {
  severities: string[];
  statuses: string[];
  roles: Array<{ key: string; name: string }>;
  /** A declaration from chat without a severity: the middle of the scale, changed later with `sev`. */
  defaultSeverity: string;
}

export function chatVocabulary(model: IncidentModel): ChatVocabulary {
  const severities = model.severities.map((s) => s.key);
  return {
    severities,
    statuses: model.statuses.map((s) => s.key),
    roles: model.roles.map((r) => ({ key: r.key, name: r.name })),
    defaultSeverity: severities[Math.min(2, severities.length - 1)]!,
  };
}

const DEFAULT_VOCABULARY = chatVocabulary(defaultModel());

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

/** What people type for the seed's roles, beyond their keys. */
const ROLE_ALIASES: Record<string, SingleHolderRole> = { ic: 'commander', lead: 'commander', communications: 'comms', comm: 'comms', notes: 'scribe' };

function roleOfWord(word: string | undefined, vocab: ChatVocabulary): SingleHolderRole | undefined {
  const typed = (word ?? '').toLowerCase();
  const key = vocab.roles.find((r) => r.key.toLowerCase() === typed)?.key ?? ROLE_ALIASES[typed];
  return vocab.roles.some((r) => r.key === key) ? key : undefined;
}

const keyOf = (word: string | undefined, keys: string[]) => keys.find((k) => k.toLowerCase() === (word ?? '').toLowerCase());

export function helpText(vocab: ChatVocabulary = DEFAULT_VOCABULARY): string {
  return [
    `declare [private] [${vocab.severities.join('|')}] <title> — declare an incident (a private one only its members see)`,
    'ack — acknowledge the page',
    `claim <role> / release <role> — roles: ${vocab.roles.map((r) => r.key).join(', ')}`,
    `status <${vocab.statuses.join('|')}>`,
    `sev <${vocab.severities.join('|')}>`,
    'update <text> — publish a stakeholder update (comms or commander)',
    'note <text> — add a note to the transcript',
    'link — link your chat account to your Incident Room account',
    'Name the incident after the verb (ack inc-1a2b3c4d) when the channel has several.',
  ].join('\n');
}

export function parseChatCommand(input: string, vocab: ChatVocabulary = DEFAULT_VOCABULARY): ChatRequest {
  const words = input.trim().split(/\s+/).filter(Boolean);
  const verb = (words.shift() ?? 'help').toLowerCase();
  if (verb === 'help') return { verb: 'help' };
  if (verb === 'declare') return parseDeclare(words, vocab);
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
      const role = roleOfWord(words[0], vocab);
      if (!role) return { verb: 'invalid', message: `${verb} which role? One of: ${vocab.roles.map((r) => `${r.key} (${r.name})`).join(', ')}` };
      return { verb, role, incidentId };
    }
    case 'status': {
      const status: IncidentStatus | undefined = keyOf(words[0], vocab.statuses);
      if (!status) return { verb: 'invalid', message: `status must be one of ${vocab.statuses.join(', ')}` };
      return { verb: 'status', status, incidentId };
    }
    case 'sev':
    case 'severity': {
      const severity: Severity | undefined = keyOf(words[0], vocab.severities);
      if (!severity) return { verb: 'invalid', message: `sev must be one of ${vocab.severities.join(', ')}` };
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

function parseDeclare(words: string[], vocab: ChatVocabulary): ChatRequest {
  let isPrivate = false;
  let severity: Severity = vocab.defaultSeverity;
  // Flags in either order before the title.
  for (;;) {
    if (words[0]?.toLowerCase() === 'private') {
      isPrivate = true;
      words.shift();
    } else if (keyOf(words[0], vocab.severities)) {
      severity = keyOf(words.shift(), vocab.severities)!;
    } else break;
  }
  const title = words.join(' ');
  if (!title) return { verb: 'invalid', message: `declare needs a title: /incident declare [${vocab.severities.join('|')}] <title>` };
  return { verb: 'declare', severity, title, private: isPrivate };
}
