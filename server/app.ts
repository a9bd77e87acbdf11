/**
 * Builds and starts the whole server from a Config: storage, authentication, the sync
 * endpoint, socket.io and REST on one HTTP server. Tests start it on port 0.
 */
import http from 'node:http';
import path from 'node:path';
import fs from 'node:fs';
import express from 'express';
import type { Config } from './config.ts';
import { createLogger } from './logger.ts';
import type { Logger } from './logger.ts';
import { Database } from './storage/database.ts';
import { UpdateLog } from './storage/updateLog.ts';
import { Incidents } from './storage/incidents.ts';
import { Tokens } from './storage/tokens.ts';
import { Users } from './storage/users.ts';
import { AuditTrail } from './storage/audit.ts';
import { Roster } from './storage/roster.ts';
import { Timers } from './storage/timers.ts';
import { Scheduler } from './lifecycle/Scheduler.ts';
import { WebhookSender } from './lifecycle/WebhookSender.ts';
import { IncidentLifecycle } from './lifecycle/IncidentLifecycle.ts';
import { readOrCreateSecret } from './auth/secretFiles.ts';
import { SessionSigner } from './auth/sessions.ts';
import { Authenticator, AUTOMATION_USER } from './auth/authenticator.ts';
import { newSecret } from './storage/tokens.ts';
import { RoomRegistry } from './sync/RoomRegistry.ts';
import { ResponderDocPolicy } from './sync/ResponderDocPolicy.ts';
import { SyncEndpoint } from './sync/SyncEndpoint.ts';
import { IncidentStateWriter } from './state/IncidentStateWriter.ts';
import type { CommandServices } from './commands/context.ts';
import { SocketServer } from './realtime/socketServer.ts';
import { principalOf, requirePrincipal } from './http/authMiddleware.ts';
import { incidentRoutes } from './http/incidentRoutes.ts';
import { sessionRoutes } from './http/sessionRoutes.ts';
import { staticClient } from './http/staticClient.ts';
import { rosterRoutes } from './http/rosterRoutes.ts';
import { alertRoutes } from './http/alertRoutes.ts';
import { AlertIntake } from './alerts/AlertIntake.ts';
import { AlertLedger } from './storage/alertLedger.ts';
import { incidentMetrics } from './state/incidentMetrics.ts';
import { errorHandler, sendError } from './http/errors.ts';
import { stateDocName, responderDocName } from '../shared/documents.ts';
import { CloseCode } from '../shared/closeCodes.ts';

export interface RunningServer {
  url: string;
  port: number;
  adminToken: string;
  /** Secrets made on this start, for main to show once; empty on later starts. */
  created: { adminToken: boolean; inviteUrl: string | null };
  logger: Logger;
  close(): Promise<void>;
}

export async function startServer(config: Config, options: { logger?: Logger; now?: () => number } = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const now = options.now ?? Date.now;
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });

  const db = new Database(path.join(config.dataDir, 'incident-room.sqlite'));
  const updateLog = new UpdateLog(db);
  const incidents = new Incidents(db);
  const tokens = new Tokens(db);
  const users = new Users(db);
  const audit = new AuditTrail(db);
  const roster = new Roster(db);
  const scheduler = new Scheduler(new Timers(db), now, logger);
  users.ensure(AUTOMATION_USER, now());

  const admin = config.adminToken
    ? { value: config.adminToken, created: false }
    : readOrCreateSecret(path.join(config.dataDir, 'admin-token'), newSecret);
  const sessionKey = readOrCreateSecret(path.join(config.dataDir, 'session-key'), newSecret);
  const sessions = new SessionSigner(sessionKey.value, config.sessionTtlMs);
  const auth = new Authenticator(admin.value, tokens, users, sessions);

  const app = express();
  app.disable('x-powered-by');
  const server = http.createServer(app);
  // A malformed request must cost its own socket and nothing else.
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const publicUrl = config.publicUrl ?? `http://localhost:${port}`;
  const allowedOrigins = [new URL(publicUrl).origin, ...config.allowedOrigins];

  let socketServer: SocketServer | null = null;
  const registry: RoomRegistry = new RoomRegistry({
    db,
    updateLog,
    logger,
    now,
    unloadGraceMs: config.roomUnloadGraceMs,
    limits: config.limits,
    policyFor: (kind) => (kind === 'responder' ? responderPolicy : null),
  });
  const responderPolicy = new ResponderDocPolicy((incidentId) => registry.get(stateDocName(incidentId)));
  const state = new IncidentStateWriter(db, registry, incidents, now, (summary) => socketServer?.publishIncident(summary));
  const lifecycle = new IncidentLifecycle({
    db,
    state,
    registry,
    roster,
    scheduler,
    webhooks: new WebhookSender(config.lifecycle.webhookTimeoutMs, logger),
    notifier: () => socketServer,
    config: config.lifecycle,
    publicUrl,
    now,
  });
  const services: CommandServices = {
    state,
    incidents,
    users,
    audit,
    lifecycle,
    now,
    onTranscriptHidden: (incidentId) => {
      const room = registry.peek(responderDocName(incidentId));
      for (const c of room ? [...room.connections] : []) {
        if (c.principal.access === 'stakeholder') c.close(CloseCode.forbidden, 'the transcript of this incident is not shared');
      }
    },
  };

  const sync = new SyncEndpoint({
    auth,
    incidents,
    registry,
    audit,
    logger,
    now,
    allowedOrigins,
    maxMessageBytes: config.maxMessageBytes,
    limits: config.limits,
    onParticipant: (incidentId, principal) => state.ensureParticipant(incidentId, { id: principal.userId, name: principal.name }),
  });
  sync.attach(server);
  socketServer = new SocketServer(server, { auth, services, logger, now, allowedOrigins, maxBodyBytes: config.maxBodyBytes });

  const requireAuth = requirePrincipal(auth, allowedOrigins, now);
  const api = express.Router();
  api.use(express.json({ limit: config.maxBodyBytes }));
  api.get('/health', (_req, res) => {
    res.json({ ok: true, roomsLoaded: registry.size });
  });
  api.use(
    sessionRoutes({
      auth,
      tokens,
      users,
      sessions,
      secureCookies: publicUrl.startsWith('https:'),
      now,
      requireAuth,
      inviteUrl: (secret) => `${publicUrl}/join?invite=${encodeURIComponent(secret)}`,
    }),
  );
  api.use(requireAuth);
  api.use(
    incidentRoutes({
      services,
      state,
      tokens,
      updateLog,
      docOf: (name) => {
        const room = registry.get(name);
        registry.touch(room);
        return room.doc;
      },
      onTokenRevoked: (tokenId) =>
        sync.closeToken(tokenId, 'token revoked') + (socketServer?.closeToken(tokenId, 'token revoked') ?? 0),
    }),
  );
  api.use(rosterRoutes(roster, users, now));
  api.use(alertRoutes(new AlertIntake(db, new AlertLedger(db), services)));
  api.get('/users', (_req, res) => {
    if (principalOf(res).access === 'stakeholder') return sendError(res, 'forbidden', 'stakeholder links are read-only');
    res.json({ users: users.list() });
  });
  api.get('/metrics', (_req, res) => {
    if (principalOf(res).access === 'stakeholder') return sendError(res, 'forbidden', 'stakeholder links are read-only');
    res.json(incidentMetrics(incidents.list(100_000)));
  });
  api.get('/audit', (_req, res) => {
    if (principalOf(res).access !== 'admin') return sendError(res, 'forbidden', 'the audit trail is for the API token');
    res.json({ entries: audit.recent(200) });
  });
  api.use((_req, res) => sendError(res, 'not_found', 'no such API endpoint'));
  app.use('/api', api);
  app.use(staticClient(config.clientDir));
  app.use(errorHandler(logger));

  let inviteUrl: string | null = null;
  if (!tokens.hasInvite()) {
    const invite = tokens.create({ access: 'invite', name: 'team invite', userId: null, incidentId: null, now: now(), expiresAt: null });
    inviteUrl = `${publicUrl}/join?invite=${encodeURIComponent(invite.secret)}`;
  }

  lifecycle.start();

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      // Stop accepting first, then say goodbye: every write was stored as it arrived.
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      scheduler.stop();
      registry.closeAll(CloseCode.goingAway, 'server restarting');
      sync.close();
      await socketServer!.close();
      server.closeAllConnections();
      await stopped;
      // Fold the WAL into the database so a clean stop leaves one self-contained file.
      db.sql.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    })();
    return closing;
  };

  logger.info({ url, publicUrl, dataDir: config.dataDir }, 'incident room listening');
  return { url, port, adminToken: admin.value, created: { adminToken: admin.created, inviteUrl }, logger, close };
}
