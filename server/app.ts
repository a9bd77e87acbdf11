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
import { openStorage } from './storage/openStorage.ts';
import { SharedSecrets } from './storage/secrets.ts';
import { Scheduler } from './lifecycle/Scheduler.ts';
import { WebhookSender } from './lifecycle/WebhookSender.ts';
import { IncidentLifecycle } from './lifecycle/IncidentLifecycle.ts';
import { readOrCreateSecret } from './auth/secretFiles.ts';
import { SessionSigner } from './auth/sessions.ts';
import { Authenticator, AUTOMATION_USER } from './auth/authenticator.ts';
import { newSecret } from './storage/tokens.ts';
import { RoomRegistry } from './sync/RoomRegistry.ts';
import { WriteQueue } from './sync/WriteQueue.ts';
import { RedisLink } from './cluster/RedisLink.ts';
import { redisSocketIoAdapter } from './cluster/socketIoAdapter.ts';
import { ResponderDocPolicy } from './sync/ResponderDocPolicy.ts';
import { SyncEndpoint } from './sync/SyncEndpoint.ts';
import { IncidentStateWriter } from './state/IncidentStateWriter.ts';
import type { CommandServices } from './commands/context.ts';
import { SocketServer } from './realtime/socketServer.ts';
import type { PeerMessage } from './realtime/socketServer.ts';
import { principalOf, requirePrincipal } from './http/authMiddleware.ts';
import { incidentRoutes } from './http/incidentRoutes.ts';
import { sessionRoutes } from './http/sessionRoutes.ts';
import { staticClient } from './http/staticClient.ts';
import { rosterRoutes } from './http/rosterRoutes.ts';
import { alertRoutes } from './http/alertRoutes.ts';
import { AlertIntake } from './alerts/AlertIntake.ts';
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

  const storage = await openStorage(config);
  const { db, updateLog, incidents, tokens, users, audit, roster, timers } = storage;
  await users.ensure(AUTOMATION_USER, now());

  // One node keeps its secrets in its data folder; a cluster's nodes share them in the database.
  const shared = config.storage.kind === 'postgres' ? new SharedSecrets(db) : null;
  const secret = (name: string) =>
    shared ? shared.readOrCreate(name, newSecret) : Promise.resolve(readOrCreateSecret(path.join(config.dataDir, name), newSecret));
  const admin = config.adminToken ? { value: config.adminToken, created: false } : await secret('admin-token');
  const sessions = new SessionSigner((await secret('session-key')).value, config.sessionTtlMs);
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
  const writes = new WriteQueue(db);
  const link = config.cluster ? new RedisLink(config.cluster.redisUrl, config.cluster.prefix, logger) : null;
  const registry: RoomRegistry = new RoomRegistry({
    db,
    updateLog,
    writes,
    cluster: link,
    logger,
    now,
    unloadGraceMs: config.roomUnloadGraceMs,
    limits: config.limits,
    policyFor: (kind) => (kind === 'responder' ? responderPolicy : null),
  });
  const responderPolicy = new ResponderDocPolicy((incidentId) => registry.peek(stateDocName(incidentId)));
  const catchUp = () => registry.catchUpAll().catch((error: unknown) => logger.warn({ err: error }, 'could not catch up from storage'));
  let clusterCheck: NodeJS.Timeout | null = null;
  if (link && config.cluster) {
    await link.connect({
      onUpdate: (doc, first, last, update) => registry.peek(doc)?.applyRelayed(first, last, update),
      onPresence: (doc, update) => registry.peek(doc)?.applyRelayedPresence(update),
      onHead: (doc, head) => registry.peek(doc)?.applyRelayedHead(head),
      onResumed: () => void catchUp(),
    });
    // Pub/sub drops messages while a node is away; this check bounds how long a gap can last.
    clusterCheck = setInterval(() => void catchUp(), config.cluster.checkMs);
    clusterCheck.unref();
  }
  const socketAdapter = config.cluster ? redisSocketIoAdapter(config.cluster.redisUrl, config.cluster.prefix, logger) : null;
  const state = new IncidentStateWriter(db, writes, registry, incidents, now, (summary) => socketServer?.publishIncident(summary));
  const scheduler = new Scheduler({ timers, now, logger, pollMs: config.timerPollMs, atomically: (fn) => writes.run(fn) });
  const lifecycle = new IncidentLifecycle({
    writes,
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
  const closeStakeholderViews = (incidentId: string) => {
    const room = registry.peek(responderDocName(incidentId));
    for (const c of room ? [...room.connections] : []) {
      if (c.principal.access === 'stakeholder') c.close(CloseCode.forbidden, 'the transcript of this incident is not shared');
    }
  };
  const closeToken = (tokenId: string) => sync.closeToken(tokenId, 'token revoked') + (socketServer?.closeToken(tokenId, 'token revoked') ?? 0);
  const onPeerMessage = (message: PeerMessage) => {
    if (message.type === 'token.revoked') closeToken(message.tokenId);
    else closeStakeholderViews(message.incidentId);
  };
  const services: CommandServices = {
    state,
    incidents,
    users,
    audit,
    lifecycle,
    now,
    onTranscriptHidden: (incidentId) => {
      closeStakeholderViews(incidentId);
      socketServer?.tellPeers({ type: 'transcript.hidden', incidentId });
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
  socketServer = new SocketServer(server, {
    auth,
    services,
    logger,
    now,
    allowedOrigins,
    maxBodyBytes: config.maxBodyBytes,
    adapter: socketAdapter?.adapter ?? null,
    onPeerMessage,
  });

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
      docOf: async (name) => (await registry.current(name)).doc,
      onTokenRevoked: (tokenId) => {
        socketServer?.tellPeers({ type: 'token.revoked', tokenId });
        return closeToken(tokenId);
      },
    }),
  );
  api.use(rosterRoutes(roster, users, now));
  api.use(alertRoutes(new AlertIntake(storage.alerts, services)));
  api.get('/users', async (_req, res) => {
    if (principalOf(res).access === 'stakeholder') return sendError(res, 'forbidden', 'stakeholder links are read-only');
    res.json({ users: await users.list() });
  });
  api.get('/metrics', async (_req, res) => {
    if (principalOf(res).access === 'stakeholder') return sendError(res, 'forbidden', 'stakeholder links are read-only');
    res.json(incidentMetrics(await incidents.list(100_000)));
  });
  api.get('/audit', async (_req, res) => {
    if (principalOf(res).access !== 'admin') return sendError(res, 'forbidden', 'the audit trail is for the API token');
    res.json({ entries: await audit.recent(200) });
  });
  api.use((_req, res) => sendError(res, 'not_found', 'no such API endpoint'));
  app.use('/api', api);
  app.use(staticClient(config.clientDir));
  app.use(errorHandler(logger));

  const invite = await tokens.firstInvite(now());
  const inviteUrl = invite ? `${publicUrl}/join?invite=${encodeURIComponent(invite.secret)}` : null;

  lifecycle.start();

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      // Stop accepting first, then say goodbye: every write was stored as it arrived.
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      scheduler.stop();
      if (clusterCheck) clearInterval(clusterCheck);
      await registry.closeAll(CloseCode.goingAway, 'server restarting');
      sync.close();
      await socketServer!.close();
      server.closeAllConnections();
      await stopped;
      await writes.idle();
      await link?.close();
      socketAdapter?.close();
      await db.close();
    })();
    return closing;
  };

  logger.info({ url, publicUrl, dataDir: config.dataDir }, 'incident room listening');
  return { url, port, adminToken: admin.value, created: { adminToken: admin.created, inviteUrl }, logger, close };
}
