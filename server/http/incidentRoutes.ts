/** REST for automation and the browser: incidents, commands, tokens. Same command layer as socket.io. */
import { Router } from 'express';
import type { Response } from 'express';
import { CreateToken } from '../../shared/api.ts';
import type { IncidentDetail, IncidentFieldValues, TokenInfo, TokenListing } from '../../shared/api.ts';
import type { Principal } from '../../shared/access.ts';
import { describeZodError } from '../../shared/commands.ts';
import { organisationRefusal, recordRefusal, seesPrivateFields, tokenManagementRefusal } from '../../shared/access.ts';
import type { IncidentMeta, SmeEntry } from '../../shared/documents.ts';
import { definitionsOf, readRoles } from '../../shared/stateDoc.ts';
import { responderDocName, stateDocName } from '../../shared/documents.ts';
import type * as Y from 'yjs';
import { buildExport } from '../export/incidentExport.ts';
import { renderPostmortem } from '../export/postmortemMarkdown.ts';
import { replayAt, replayMoments } from '../export/replay.ts';
import { ReplayCache } from '../export/ReplayCache.ts';
import type { UpdateLog } from '../storage/updateLog.ts';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import type { CommandServices } from '../commands/context.ts';
import { executeCommand } from '../commands/runCommand.ts';
import type { Tokens, TokenRecord } from '../storage/tokens.ts';
import type { IncidentStateWriter } from '../state/IncidentStateWriter.ts';
import { principalOf } from './authMiddleware.ts';
import { assertIncidentAccess } from './incidentAccess.ts';
import { canSeeIncident, visibleIncidents } from '../commands/visibleIncident.ts';

export interface IncidentRouteDeps {
  services: CommandServices;
  state: IncidentStateWriter;
  tokens: Tokens;
  /** The loaded Yjs document of that name (kept in memory for a grace period). */
  docOf: (name: string) => Promise<Y.Doc>;
  updateLog: UpdateLog;
  /** Stakeholder tabs open per link of an incident, across nodes. */
  viewers: (incidentId: string) => Promise<Record<string, number>>;
  /** Closes live connections of a revoked token (on every node); returns how many this node closed. */
  onTokenRevoked: (tokenId: string) => number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function tokenInfo(r: TokenRecord): TokenInfo {
  return { id: r.id, access: r.access, name: r.name, incidentId: r.incidentId, createdAt: r.createdAt, expiresAt: r.expiresAt, revokedAt: r.revokedAt };
}

export function incidentRoutes(deps: IncidentRouteDeps): Router {
  const router = Router();
  const { services } = deps;
  const incidentId = (res: Response) => res.locals.incidentId as string;
  const replays = new ReplayCache();

  router.get('/incidents', async (_req, res) => {
    const p = principalOf(res);
    // The organisation's list is for sessions and automation; a link for one incident sees that one.
    // Private incidents are listed only to their members and admins (issue 13).
    if (organisationRefusal(p) === null) {
      res.json({ incidents: await visibleIncidents(p, services.incidents) });
      return;
    }
    const own = p.incidentId !== null && (await canSeeIncident(p, p.incidentId, services.incidents));
    const summary = own ? await services.incidents.get(p.incidentId!) : undefined;
    res.json({ incidents: summary ? [summary] : [] });
  });

  router.post('/incidents', async (req, res) => {
    if (!isObject(req.body)) throw new CommandError('invalid', 'body must be a JSON object');
    const result = await executeCommand({ ...req.body, type: 'declare' }, principalOf(res), services);
    res.status(201).json((result as { incident: unknown }).incident);
  });

  router.use('/incidents/:id', async (req, res, next) => {
    const id = req.params.id;
    await assertIncidentAccess(principalOf(res), id, services.incidents, req.method !== 'GET');
    res.locals.incidentId = id;
    next();
  });

  router.get('/incidents/:id', async (_req, res) => {
    const id = incidentId(res);
    const summary = (await services.incidents.get(id))!;
    const maps = await deps.state.read(id);
    const meta = maps.meta.toJSON() as IncidentMeta;
    const detail: IncidentDetail = {
      ...summary,
      summary: meta.summary,
      hideTranscript: meta.hideTranscript,
      roles: readRoles(maps),
      smes: [...maps.smes.values()] as SmeEntry[],
      fields: await fieldsFor(principalOf(res), id, meta),
    };
    res.json(detail);
  });

  /** A stakeholder link sees the public fields only, as on its page; everyone else all of them. */
  const fieldsFor = async (p: Principal, id: string, meta: IncidentMeta) => {
    const values = await services.incidents.fieldValues(id);
    if (seesPrivateFields(p)) return values;
    const open = new Set(definitionsOf(meta).fields.filter((f) => f.public).map((f) => f.key));
    return Object.fromEntries(Object.entries(values).filter(([key]) => open.has(key)));
  };

  router.get('/incidents/:id/fields', async (_req, res) => {
    const id = incidentId(res);
    const meta = (await deps.state.read(id)).meta.toJSON() as IncidentMeta;
    const body: IncidentFieldValues = { revision: meta.fieldsRevision ?? 0, fields: await fieldsFor(principalOf(res), id, meta) };
    res.json(body);
  });

  const exportOf = async (res: Response) => {
    const id = incidentId(res);
    requireAllowed(recordRefusal(principalOf(res)));
    return buildExport(await deps.docOf(stateDocName(id)), await deps.docOf(responderDocName(id)), services.now(), await services.incidents.fieldValues(id));
  };

  router.get('/incidents/:id/export.json', async (_req, res) => {
    const x = await exportOf(res);
    res.setHeader('Content-Disposition', `inline; filename="${x.incident.id}.json"`);
    res.json(x);
  });

  router.get('/incidents/:id/export.md', async (_req, res) => {
    const x = await exportOf(res);
    res.setHeader('Content-Disposition', `inline; filename="${x.incident.id}-postmortem.md"`);
    res.type('text/markdown; charset=utf-8').send(renderPostmortem(x));
  });

  /** Without `at`: the moments a replay can stop at. With `at` (ms): the incident as it was then. */
  router.get('/incidents/:id/replay', async (req, res) => {
    const id = incidentId(res);
    requireAllowed(recordRefusal(principalOf(res)));
    if (req.query.at === undefined) {
      const moments = await replayMoments(deps.updateLog, id);
      res.json({ from: moments[0] ?? null, to: moments.at(-1) ?? null, moments });
      return;
    }
    const at = Number(req.query.at);
    if (!Number.isFinite(at) || at < 0) throw new CommandError('invalid', 'at must be a time in milliseconds since the epoch');
    const p = principalOf(res);
    // Rebuilding merges the incident's log: a person or link gets the command rate for it.
    if (p.access !== 'admin' && !services.commandRate.take(p.tokenId ?? p.sessionId ?? p.userId)) {
      throw new CommandError('rate_limited', 'too many replay requests; wait a moment and try again');
    }
    const heads = await deps.updateLog.heads([stateDocName(id), responderDocName(id)]);
    const key = `${id}@${at}:${[...heads.values()].join(',')}`;
    const then = await replays.get(key, () => replayAt(deps.updateLog, id, at));
    if (!then) throw new CommandError('not_found', 'the incident had not been declared yet at that moment');
    res.json(then);
  });

  router.post('/incidents/:id/commands', async (req, res) => {
    if (!isObject(req.body)) throw new CommandError('invalid', 'body must be a JSON object');
    const id = incidentId(res);
    if (req.body.incidentId !== undefined && req.body.incidentId !== id) {
      throw new CommandError('invalid', 'incidentId in the body does not match the URL');
    }
    const result = await executeCommand({ ...req.body, incidentId: id }, principalOf(res), services);
    res.json(result);
  });

  /** Who sees the incident while it is private (issue 13); members change it with addMember and removeMember. */
  router.get('/incidents/:id/members', async (_req, res) => {
    res.json({ members: await services.members.list(incidentId(res)) });
  });

  router.post('/incidents/:id/tokens', async (req, res) => {
    const p = principalOf(res);
    requireAllowed(tokenManagementRefusal(p));
    const parsed = CreateToken.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    const now = services.now();
    const user = await services.users.create(parsed.data.name, now);
    const requested = parsed.data.expiresInSeconds ? now + parsed.data.expiresInSeconds * 1000 : null;
    // A token never outlives the credential that made it (issue 11): a session's links end with it.
    const expiresAt = p.expiresAt === null ? requested : Math.min(requested ?? p.expiresAt, p.expiresAt);
    const { secret, record } = await deps.tokens.create({
      access: parsed.data.access,
      name: parsed.data.name,
      userId: user.id,
      incidentId: incidentId(res),
      now,
      expiresAt,
    });
    res.status(201).json({ token: secret, ...tokenInfo(record) });
  });

  router.get('/incidents/:id/tokens', async (_req, res) => {
    requireAllowed(tokenManagementRefusal(principalOf(res)));
    const id = incidentId(res);
    const [tokens, viewers] = await Promise.all([deps.tokens.listForIncident(id), deps.viewers(id)]);
    const body: TokenListing[] = tokens.map((t) => ({ ...tokenInfo(t), viewers: viewers[t.id] ?? 0 }));
    res.json({ tokens: body });
  });

  router.delete('/incidents/:id/tokens/:tokenId', async (req, res) => {
    requireAllowed(tokenManagementRefusal(principalOf(res)));
    const token = await deps.tokens.get(req.params.tokenId);
    if (!token || token.incidentId !== incidentId(res)) throw new CommandError('not_found', `no token ${req.params.tokenId} for this incident`);
    await deps.tokens.revoke(token.id, services.now());
    const closed = deps.onTokenRevoked(token.id);
    res.json({ revoked: true, closedConnections: closed });
  });

  return router;
}
