/**
 * The chat door (issue 14; DESIGN "doors in, at the edge"): what a verified chat request does.
 * Each tool's adapter verifies its sender and reads its payload into a ChatUser, a place and a
 * request; this maps the user to an account and runs the same command layer as the room, as that
 * account. It never writes a document itself. Replies are plain text plus the room's address;
 * each adapter formats and escapes them for its tool.
 */
import type { Principal } from '../../../shared/access.ts';
import type { Command } from '../../../shared/commands.ts';
import { roleLabel } from '../../../shared/roles.ts';
import type { IncidentSummary } from '../../../shared/incident.ts';
import { CommandError } from '../../commands/CommandError.ts';
import type { CommandServices } from '../../commands/context.ts';
import { executeCommand } from '../../commands/runCommand.ts';
import { visibleIncidents } from '../../commands/visibleIncident.ts';
import type { ChatAccount, ChatIdentities } from './ChatIdentities.ts';
import type { ChatThreads } from './ChatThreads.ts';
import { chatVocabulary, helpText, parseChatCommand } from './commandText.ts';
import type { ChatRequest } from './commandText.ts';
import type { ChatPlace, ChatUser } from './chatTypes.ts';
import { CHAT_TOOL_NAMES } from './chatTypes.ts';

export interface ChatReply {
  ok: boolean;
  /** Plain text: adapters escape it for their tool. */
  text: string;
  /** The incident the reply is about, if any, and its room's address. */
  incident: { id: string; title: string; url: string } | null;
  /** For a person who must link their account first: the one-time link. */
  linkUrl: string | null;
}

/** What a guest (a chat user without a linked account) may do: what an outage cannot wait for. */
const GUEST_VERBS: ReadonlySet<ChatRequest['verb']> = new Set(['help', 'declare', 'ack', 'note', 'link', 'invalid']);

export interface ChatDoorDeps {
  identities: ChatIdentities;
  threads: ChatThreads;
  services: CommandServices;
  publicUrl: string;
  now: () => number;
}

export class ChatDoor {
  constructor(private readonly deps: ChatDoorDeps) {}

  /** The slash command's words, read with the incident model's vocabulary (issue 17). */
  parse(text: string): ChatRequest {
    return parseChatCommand(text, chatVocabulary(this.deps.services.model.model));
  }

  roomUrl(incidentId: string): string {
    return `${this.deps.publicUrl}/incidents/${incidentId}`;
  }

  /** Runs a slash command typed by `user` at `place`. Never throws for anything the user did. */
  async run(user: ChatUser, place: ChatPlace, request: ChatRequest): Promise<ChatReply> {
    if (request.verb === 'help') return reply(true, helpText(chatVocabulary(this.deps.services.model.model)));
    if (request.verb === 'invalid') return reply(false, request.message);
    const account = await this.deps.identities.resolve(user, this.deps.now());
    if (account.deactivatedAt !== null) return reply(false, 'your Incident Room account is deactivated; ask an admin');
    if (request.verb === 'link') {
      if (!account.guest) return reply(true, `your ${CHAT_TOOL_NAMES[user.tool]} account is linked to ${account.name}`);
      return this.askToLink(user, `open this link, signed in to Incident Room, to link your ${CHAT_TOOL_NAMES[user.tool]} account`);
    }
    if (account.guest && !GUEST_VERBS.has(request.verb)) {
      return this.askToLink(user, `link your account first to ${request.verb}; until then you can declare, ack and note`);
    }
    const principal = principalOf(account);
    try {
      if (request.verb === 'declare') {
        const { incident } = (await executeCommand(
          { type: 'declare', title: request.title, severity: request.severity, private: request.private } satisfies Command,
          principal,
          this.deps.services,
        )) as { incident: IncidentSummary };
        return this.about(incident, `declared ${incident.severity} ${incident.title}${incident.private ? ' (private)' : ''}`);
      }
      const incident = await this.incidentFor(principal, user, place, request.incidentId);
      if ('refusal' in incident) return reply(false, incident.refusal);
      return await this.act(principal, incident, request);
    } catch (error) {
      if (error instanceof CommandError) return reply(false, error.message);
      throw error;
    }
  }

  /** A button on a bot post: the same command layer, for the incident the button names. */
  async press(user: ChatUser, incidentId: string, request: Extract<ChatRequest, { incidentId: string | null }>): Promise<ChatReply> {
    return this.run(user, { channel: '', thread: null }, { ...request, incidentId });
  }

  /**
   * A chat message added to the transcript (a pushpin, a message shortcut): written as its author,
   * at the time it was said. The incident is the one discussed where the message was posted.
   */
  async pin(author: ChatUser, place: ChatPlace, text: string, at: number): Promise<ChatReply> {
    const incidentId = await this.deps.threads.incidentAt(author.tool, place);
    if (!incidentId) return reply(false, 'this message is not in an incident’s thread or channel');
    const account = await this.deps.identities.resolve(author, this.deps.now());
    if (account.deactivatedAt !== null) return reply(false, 'the author’s Incident Room account is deactivated');
    try {
      await executeCommand({ type: 'addTranscriptEntry', incidentId, text, at }, principalOf(account), this.deps.services);
      const incident = (await this.deps.services.incidents.get(incidentId))!;
      return this.about(incident, `added ${account.name}’s message to the transcript`);
    } catch (error) {
      if (error instanceof CommandError) return reply(false, error.message);
      throw error;
    }
  }

  private async act(principal: Principal, incident: IncidentSummary, request: ChatRequest): Promise<ChatReply> {
    const incidentId = incident.id;
    const run = (command: Command) => executeCommand(command, principal, this.deps.services);
    switch (request.verb) {
      case 'ack':
        await run({ type: 'acknowledge', incidentId });
        return this.about(incident, 'acknowledged');
      case 'claim':
        await run({ type: 'claimRole', incidentId, role: request.role });
        return this.about(incident, `you are ${roleLabel(request.role)}`);
      case 'release':
        await run({ type: 'releaseRole', incidentId, role: request.role });
        return this.about(incident, `released ${roleLabel(request.role)}`);
      case 'status':
        await run({ type: 'setStatus', incidentId, status: request.status });
        return this.about(incident, `status is ${request.status}`);
      case 'sev':
        await run({ type: 'setSeverity', incidentId, severity: request.severity });
        return this.about(incident, `severity is ${request.severity}`);
      case 'update':
        await run({ type: 'publishUpdate', incidentId, text: request.text });
        return this.about(incident, 'stakeholder update published');
      case 'note':
        await run({ type: 'addTranscriptEntry', incidentId, text: request.text });
        return this.about(incident, 'added to the transcript');
      default:
        return reply(false, 'nothing to do');
    }
  }

  /**
   * The incident a command is for: the one it names; else the one discussed where it was typed;
   * else the only open incident the person sees. With several open, the person must name one:
   * guessing would acknowledge or post to the wrong incident at the worst moment.
   */
  private async incidentFor(principal: Principal, user: ChatUser, place: ChatPlace, named: string | null): Promise<IncidentSummary | { refusal: string }> {
    const { incidents } = this.deps.services;
    const id = named ?? (place.channel ? await this.deps.threads.incidentAt(user.tool, place) : null);
    if (id) {
      // The command layer answers an invisible incident as an unknown one; so does this.
      const found = await incidents.get(id);
      return found ?? { refusal: `no incident ${id}` };
    }
    const open = (await visibleIncidents(principal, incidents, 200)).filter((i) => i.statusCategory !== 'resolved');
    const [first] = open;
    if (!first) return { refusal: 'no incident is open; declare one with /incident declare <title>' };
    if (open.length === 1) return first;
    const listed = open
      .slice(0, 5)
      .map((i) => `${i.id} ${i.severity} ${i.title}`)
      .join('\n');
    return { refusal: `${open.length} incidents are open; name one after the command, e.g. /incident ack ${first.id}\n${listed}` };
  }

  private async askToLink(user: ChatUser, why: string): Promise<ChatReply> {
    const secret = await this.deps.identities.createLinkRequest(user, this.deps.now());
    return { ok: false, text: why, incident: null, linkUrl: `${this.deps.publicUrl}/link-chat#token=${encodeURIComponent(secret)}` };
  }

  private about(incident: IncidentSummary, text: string): ChatReply {
    return { ok: true, text, incident: { id: incident.id, title: incident.title, url: this.roomUrl(incident.id) }, linkUrl: null };
  }
}

function reply(ok: boolean, text: string): ChatReply {
  return { ok, text, incident: null, linkUrl: null };
}

/** A chat user acts with their account's rights, never more: no session, token or expiry of their own. */
function principalOf(account: ChatAccount): Principal {
  return {
    userId: account.id,
    name: account.name,
    access: account.admin ? 'admin' : 'responder',
    incidentId: null,
    tokenId: null,
    sessionId: null,
    expiresAt: null,
  };
}
