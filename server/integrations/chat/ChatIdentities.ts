/**
 * Who a chat user is here (issue 14). In an outage nobody should have to sign in first, so a
 * chat user the room does not know yet acts through a guest account named after them ("Ana
 * (Slack)"), one per chat user (issuer `chat:<tool>:<workspace>`, subject their chat id). A chat
 * user whose verified email matches an account is that account at once; anyone else links theirs
 * once through a one-time link the bot sends, and their guest account merges into it.
 */
import { randomBytes } from 'node:crypto';
import type { SqlDatabase } from '../../storage/sql/SqlDatabase.ts';
import type { AccountState } from '../../storage/users.ts';
import { hashSecret } from '../../storage/tokens.ts';
import { newId } from '../../ids.ts';
import { Limits } from '../../../shared/limits.ts';
import type { ChatTool, ChatUser } from './chatTypes.ts';
import { CHAT_TOOL_NAMES } from './chatTypes.ts';

/** Long enough to find the laptop and sign in; short enough that a link pasted somewhere dies. */
export const CHAT_LINK_TTL_MS = 60 * 60 * 1000;

export interface ChatAccount extends AccountState {
  /** A guest account: the chat user has not linked their own yet. */
  guest: boolean;
}

export type LinkRequest = { tool: ChatTool; workspace: string; chatUser: string; chatName: string };
export type LinkUse = { linked: ChatAccount; mergedGuest: string | null } | { refused: 'unknown' | 'used' | 'expired' };

interface AccountRow {
  id: string;
  name: string;
  admin: number;
  deactivated_at: number | null;
  issuer: string | null;
}

export const guestIssuer = (tool: ChatTool, workspace: string) => `chat:${tool}:${workspace}`;

export class ChatIdentities {
  constructor(private readonly db: SqlDatabase) {}

  /** The account a chat user acts as: linked, matched by email, or their guest account. */
  resolve(user: ChatUser, now: number): Promise<ChatAccount> {
    return this.db.transaction(async () => {
      await this.db.lock('user-identity');
      const known = await this.db.get<AccountRow & { linked_at: number | null }>(
        `SELECT users.id, users.name, users.admin, users.deactivated_at, users.issuer, chat_identities.linked_at
         FROM chat_identities JOIN users ON users.id = chat_identities.user_id
         WHERE tool = ? AND workspace = ? AND chat_user = ?`,
        [user.tool, user.workspace, user.id],
      );
      if (known && known.linked_at !== null) return account(known, false);
      const byEmail = user.email ? await this.accountByEmail(user.email) : undefined;
      if (byEmail) {
        // A guest whose verified email now matches (an earlier profile lookup failed) merges at once.
        if (known) await this.mergeGuest(known.id, byEmail.id, now);
        await this.db.run('DELETE FROM chat_identities WHERE tool = ? AND workspace = ? AND chat_user = ?', [user.tool, user.workspace, user.id]);
        await this.insertIdentity(user, byEmail.id, now);
        return account(byEmail, false);
      }
      if (known) return account(known, true);
      const name = `${user.name.slice(0, Limits.nameLength - 20)} (${CHAT_TOOL_NAMES[user.tool]})`;
      const id = newId('u');
      await this.db.run('INSERT INTO users (id, name, issuer, subject, created_at) VALUES (?, ?, ?, ?, ?)', [id, name, guestIssuer(user.tool, user.workspace), user.id, now]);
      await this.db.run('INSERT INTO chat_identities (tool, workspace, chat_user, user_id, linked_at) VALUES (?, ?, ?, ?, NULL)', [user.tool, user.workspace, user.id, id]);
      return { id, name, admin: false, deactivatedAt: null, guest: true };
    });
  }

  /**
   * Whether this chat user is linked to an account already, so a tool's profile lookup can be
   * skipped; a guest is looked up again each time, in case their email now matches an account.
   */
  async known(user: Pick<ChatUser, 'tool' | 'workspace' | 'id'>): Promise<boolean> {
    const row = await this.db.get('SELECT 1 AS one FROM chat_identities WHERE tool = ? AND workspace = ? AND chat_user = ? AND linked_at IS NOT NULL', [
      user.tool,
      user.workspace,
      user.id,
    ]);
    return row !== undefined;
  }

  /**
   * The chat user ids of these accounts in a tool (for direct messages to a private incident's
   * members), linked accounts only: a guest account is no proof of who reads its messages.
   */
  async chatUsersOf(tool: ChatTool, userIds: readonly string[]): Promise<Array<{ workspace: string; chatUser: string; userId: string }>> {
    if (userIds.length === 0) return [];
    const rows = await this.db.all<{ workspace: string; chat_user: string; user_id: string }>(
      `SELECT workspace, chat_user, user_id FROM chat_identities
       WHERE tool = ? AND linked_at IS NOT NULL AND user_id IN (${userIds.map(() => '?').join(', ')})`,
      [tool, ...userIds],
    );
    return rows.map((r) => ({ workspace: r.workspace, chatUser: r.chat_user, userId: r.user_id }));
  }

  /** A one-time link for this chat user; only its hash is kept. */
  async createLinkRequest(user: ChatUser, now: number): Promise<string> {
    const secret = 'irc_' + randomBytes(24).toString('base64url');
    await this.db.run(
      'INSERT INTO chat_link_requests (token_hash, tool, workspace, chat_user, chat_name, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)',
      [hashSecret(secret), user.tool, user.workspace, user.id, user.name.slice(0, Limits.nameLength), now, now + CHAT_LINK_TTL_MS],
    );
    return secret;
  }

  /** What a link would link, for the page that asks the signed-in person to confirm. */
  async linkRequest(secret: string, now: number): Promise<LinkRequest | { refused: 'unknown' | 'used' | 'expired' }> {
    const row = await this.requestRow(secret);
    if (!row) return { refused: 'unknown' };
    if (row.used_at !== null) return { refused: 'used' };
    if (row.expires_at <= now) return { refused: 'expired' };
    return { tool: row.tool as ChatTool, workspace: row.workspace, chatUser: row.chat_user, chatName: row.chat_name };
  }

  /**
   * Spends the link for `userId`: the chat user acts as that account from now on, and their guest
   * account, if they had one, merges into it.
   */
  useLink(secret: string, userId: string, now: number): Promise<LinkUse> {
    return this.db.transaction(async () => {
      await this.db.lock('user-identity');
      const row = await this.requestRow(secret);
      if (!row) return { refused: 'unknown' as const };
      if (row.used_at !== null) return { refused: 'used' as const };
      if (row.expires_at <= now) return { refused: 'expired' as const };
      await this.db.run('UPDATE chat_link_requests SET used_at = ? WHERE token_hash = ?', [now, hashSecret(secret)]);
      const target = await this.db.get<AccountRow>('SELECT id, name, admin, deactivated_at, issuer FROM users WHERE id = ?', [userId]);
      if (!target) return { refused: 'unknown' as const };
      const previous = await this.db.get<{ user_id: string; issuer: string | null }>(
        `SELECT user_id, users.issuer FROM chat_identities JOIN users ON users.id = chat_identities.user_id
         WHERE tool = ? AND workspace = ? AND chat_user = ?`,
        [row.tool, row.workspace, row.chat_user],
      );
      let mergedGuest: string | null = null;
      if (previous?.issuer?.startsWith('chat:') && previous.user_id !== userId) {
        mergedGuest = previous.user_id;
        await this.mergeGuest(mergedGuest, userId, now);
      }
      await this.db.run('DELETE FROM chat_identities WHERE tool = ? AND workspace = ? AND chat_user = ?', [row.tool, row.workspace, row.chat_user]);
      await this.insertIdentity({ tool: row.tool as ChatTool, workspace: row.workspace, id: row.chat_user }, userId, now);
      return { linked: account(target, false), mergedGuest };
    });
  }

  /**
   * The guest can no longer act; it keeps its name on what it wrote (the record stays as it
   * happened), and its memberships of incidents pass to the account.
   */
  private async mergeGuest(guestId: string, userId: string, now: number): Promise<void> {
    await this.db.run('UPDATE users SET merged_into = ?, deactivated_at = ? WHERE id = ?', [userId, now, guestId]);
    await this.db.run(
      `INSERT INTO incident_members (incident_id, user_id, added_by, added_at)
       SELECT incident_id, ?, ?, ? FROM incident_members WHERE user_id = ?
       ON CONFLICT DO NOTHING`,
      [userId, userId, now, guestId],
    );
  }

  private accountByEmail(email: string): Promise<AccountRow | undefined> {
    return this.db.get<AccountRow>(
      `SELECT id, name, admin, deactivated_at, issuer FROM users
       WHERE lower(email) = lower(?) AND merged_into IS NULL AND (issuer IS NULL OR issuer NOT LIKE 'chat:%')
       ORDER BY created_at LIMIT 1`,
      [email],
    );
  }

  private requestRow(secret: string) {
    return this.db.get<{ tool: string; workspace: string; chat_user: string; chat_name: string; expires_at: number; used_at: number | null }>(
      'SELECT tool, workspace, chat_user, chat_name, expires_at, used_at FROM chat_link_requests WHERE token_hash = ?',
      [hashSecret(secret)],
    );
  }

  private async insertIdentity(user: Pick<ChatUser, 'tool' | 'workspace' | 'id'>, userId: string, now: number): Promise<void> {
    await this.db.run('INSERT INTO chat_identities (tool, workspace, chat_user, user_id, linked_at) VALUES (?, ?, ?, ?, ?)', [user.tool, user.workspace, user.id, userId, now]);
  }
}

function account(row: AccountRow, guest: boolean): ChatAccount {
  return { id: row.id, name: row.name, admin: row.admin === 1, deactivatedAt: row.deactivated_at, guest };
}
