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
import { Authenticator, AUTOMATION_USER, DEACTIVATED } from './auth/authenticator.ts';
import { LiveCredentials } from './auth/LiveCredentials.ts';
import { Sessions } from './storage/sessions.ts';
import { AuditRecorder } from './audit/AuditRecorder.ts';
import { ExpiredRows } from './housekeeping/ExpiredRows.ts';
import { KeyedRateLimiter } from './limits/KeyedRateLimiter.ts';
import { WebhookTargets } from './lifecycle/webhookTargets.ts';
import { Outbox } from './outbox/Outbox.ts';
import { EventWebhooks } from './outbox/EventWebhooks.ts';
import { TranscriptWriter } from './state/TranscriptWriter.ts';
import type { EventFeed } from './state/IncidentStateWriter.ts';
import { announcementsOf } from './integrations/chat/announcements.ts';
import type { ChatIntegration } from './integrations/chat/ChatIntegration.ts';
import { ChatDoor } from './integrations/chat/ChatDoor.ts';
import { ChatIdentities } from './integrations/chat/ChatIdentities.ts';
import { ChatThreads } from './integrations/chat/ChatThreads.ts';
import { SeenRequests } from './integrations/chat/SeenRequests.ts';
import { configuredIntegrations } from './integrations/index.ts';
import { chatLinkRoutes } from './integrations/chat/linkRoutes.ts';
import { WebhookSubscriptions } from './outbox/WebhookSubscriptions.ts';
import { webhookRoutes } from './http/webhookRoutes.ts';
import { adminRefusal, organisationRefusal } from '../shared/access.ts';
import { AuditQuery } from '../shared/api.ts';
import { describeZodError } from '../shared/commands.ts';
import { CommandError, requireAllowed } from './commands/CommandError.ts';
import { newSecret } from './storage/tokens.ts';
import { RoomRegistry } from './sync/RoomRegistry.ts';
import { WriteQueue } from './sync/WriteQueue.ts';
import { ResponderDocPolicy } from './sync/ResponderDocPolicy.ts';
import { PostmortemDocPolicy } from './sync/PostmortemDocPolicy.ts';
import { seedPostmortem } from './postmortem/seedPostmortem.ts';
import { postmortemRoutes } from './postmortem/postmortemRoutes.ts';
import { PostmortemReviews } from './postmortem/PostmortemReviews.ts';
import { SyncEndpoint } from './sync/SyncEndpoint.ts';
import { stakeholderViewers } from './sync/stakeholderViewers.ts';
import { IncidentStateWriter } from './state/IncidentStateWriter.ts';
import type { CommandServices } from './commands/context.ts';
import { refuseModelBreakingOpenIncidents } from './model/openIncidentCheck.ts';
import { modelRoutes } from './model/modelRoutes.ts';
import { SocketServer } from './realtime/socketServer.ts';
import type { PeerMessage } from './realtime/socketServer.ts';
import { principalOf, requirePrincipal } from './http/authMiddleware.ts';
import { incidentRoutes } from './http/incidentRoutes.ts';
import { sessionRoutes } from './http/sessionRoutes.ts';
import { peopleRoutes } from './http/peopleRoutes.ts';
import { OidcClient } from './auth/oidc/OidcClient.ts';
import { oidcRoutes, OIDC_CALLBACK_PATH, OIDC_LOGIN_PATH } from './auth/oidc/oidcRoutes.ts';
import { OidcLogins } from './storage/oidcLogins.ts';
import { DeviceLinks } from './storage/deviceLinks.ts';
import { staticClient } from './http/staticClient.ts';
import { rosterRoutes } from './http/rosterRoutes.ts';
import { calendarFeedRoutes, scheduleRoutes } from './schedules/scheduleRoutes.ts';
import { setUpNotifications } from './notifications/setUpNotifications.ts';
import { setUpRoomlessPages } from './roomlessPages/setUpRoomlessPages.ts';
import { setUpEscalation } from './escalation/setUpEscalation.ts';
import { peopleImportRoutes } from './imports/peopleImportRoutes.ts';
import { setUpAlerts } from './alerts/setUpAlerts.ts';
import { setUpPractice } from './practice/setUpPractice.ts';
import { Heartbeats } from './storage/heartbeats.ts';
import { DeadMansSwitch } from './watchdog/DeadMansSwitch.ts';
import { incidentMetrics } from './state/incidentMetrics.ts';
import { IncidentMembers } from './storage/incidentMembers.ts';
import { canSeeIncident, visibleIncidents } from './commands/visibleIncident.ts';
import { closeOutsiders } from './sync/closeOutsiders.ts';
import { errorHandler, sendError } from './http/errors.ts';
import { stateDocName, responderDocName, postmortemDocName } from '../shared/documents.ts';
import { CloseCode } from '../shared/closeCodes.ts';
import { ServerMetrics } from './metrics/ServerMetrics.ts';
import { metricsRoute } from './metrics/metricsRoute.ts';
import { countHttpRefusals } from './metrics/countHttpRefusals.ts';
import { setUpStatusPage } from './statusPage/setUpStatusPage.ts';
import { setUpFollowUps } from './followUps/setUpFollowUps.ts';

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
  const { db, updateLog, incidents, tokens, users, roster, timers } = storage;
  const sessions = new Sessions(db);
  const audit = new AuditRecorder(storage.audit, now, logger, { ...config.audit, maxSources: 10_000 });
  await users.ensure(AUTOMATION_USER, now());
  await refuseModelBreakingOpenIncidents(config.model.model, incidents).catch(async (error: unknown) => {
    await db.close();
    throw error;
  });

  // One node keeps its secrets in its data folder; a cluster's nodes share them in the database.
  const shared = config.storage.kind === 'postgres' ? new SharedSecrets(db) : null;
  const secret = (name: string) =>
    shared ? shared.readOrCreate(name, newSecret) : Promise.resolve(readOrCreateSecret(path.join(config.dataDir, name), newSecret));
  const admin = config.adminToken ? { value: config.adminToken, created: false } : await secret('admin-token');
  const auth = new Authenticator(admin.value, tokens, users, sessions);

  const metrics = new ServerMetrics();
  const app = express();
  app.disable('x-powered-by');
  const server = http.createServer(app);
  // A malformed request must cost its own socket and nothing else.
  server.on('clientError', (_error, socket) => socket.destroy());
  // A client that ends its side after sending a request (HTTP/1.0 tools, `nc -N`) still gets the
  // answer: a half-closed connection does not mean the client lost interest (RFC 9112, 9.6).
  // Node's default aborts every request still waiting for storage when the FIN arrives, so answers
  // depended on the storage engine's speed. The switch is Node's own, undeclared in its types.
  Object.assign(server, { httpAllowHalfOpen: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const publicUrl = config.publicUrl ?? `http://localhost:${port}`;
  const allowedOrigins = [new URL(publicUrl).origin, ...config.allowedOrigins];

  let socketServer: SocketServer | null = null;
  const webhookTargets = new WebhookTargets(config.webhookAllowedHosts);
  const live = new LiveCredentials(now);
  const writes = new WriteQueue(db, metrics);
  // Redis and its clients load only on a cluster, chat SDKs only when configured: start-up and
  // memory of a single node do not pay for them.
  const cluster = config.cluster ? await import('./cluster/clusterClients.ts') : null;
  const link = cluster && config.cluster ? new cluster.RedisLink(config.cluster.redisUrl, config.cluster.prefix, logger) : null;
  const registry: RoomRegistry = new RoomRegistry({
    db,
    updateLog,
    writes,
    cluster: link,
    logger,
    now,
    unloadGraceMs: config.roomUnloadGraceMs,
    limits: config.limits,
    policyFor: (kind) => (kind === 'responder' ? responderPolicy : kind === 'postmortem' ? postmortemPolicy : null),
    onLoaded: (room, stateRoom) => {
      if (room.kind === 'postmortem' && stateRoom) seedPostmortem(room, stateRoom, config.postmortem.template);
    },
    metrics,
  });
  const responderPolicy = new ResponderDocPolicy((incidentId) => registry.peek(stateDocName(incidentId)), now);
  const postmortemPolicy = new PostmortemDocPolicy((incidentId) => registry.peek(stateDocName(incidentId)), now);
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
  const socketAdapter = cluster && config.cluster ? cluster.redisSocketIoAdapter(config.cluster.redisUrl, config.cluster.prefix, logger) : null;
  const members = new IncidentMembers(db);
  const webhookTimeoutMs = config.lifecycle.webhookTimeoutMs;
  const outbox = new Outbox({ db, now, logger, metrics, config: { ...config.outbox, pollMs: config.timerPollMs, leaseMs: webhookTimeoutMs + 5_000 } });
  const webhookSubscriptions = new WebhookSubscriptions(db);
  // Chat tools hear of timeline events through the outbox, in the transaction that records them.
  let integrations: ChatIntegration[] = [];
  const announceInChat: EventFeed = async (summary, events, maps) => {
    if (integrations.length === 0) return;
    const announcements = announcementsOf(summary, events, maps, `${publicUrl}/incidents/${summary.id}`);
    if (announcements.length === 0) return;
    const audience = summary.private ? await members.ids(summary.id) : null;
    for (const integration of integrations) await integration.announce(announcements, audience);
  };
  const eventWebhooks = new EventWebhooks(webhookSubscriptions, outbox, webhookTargets, webhookTimeoutMs, now);
  const statusPage = await setUpStatusPage({ settings: config.statusPage, db, roster, outbox, targets: webhookTargets, email: config.email, timeoutMs: webhookTimeoutMs, linkKey: (await secret('status-page-key')).value, audit, publicUrl, now, logger });
  const state = new IncidentStateWriter(
    db,
    writes,
    registry,
    incidents,
    members,
    now,
    (summary, audience) => socketServer?.publishIncident(summary, audience),
    async (summary, events, maps) => {
      await eventWebhooks.onEvents(summary, events);
      await statusPage.onEvents(summary, events, maps);
      await announceInChat(summary, events, maps);
    },
  );
  const scheduler = new Scheduler({ timers, now, logger, pollMs: config.timerPollMs, atomically: (fn) => writes.run(fn), metrics });
  scheduler.watch(new ExpiredRows(db, logger).check);
  const notifications = await setUpNotifications({ db, email: config.email, twilio: config.twilio, timeoutMs: webhookTimeoutMs, state, scheduler, outbox, members, users, audit, publicUrl, now, logger });
  // Policies page through the lifecycle (record, tabs, rules, webhooks), which starts them.
  const escalation = setUpEscalation({ db, users, roster, state, scheduler, page: (...args) => lifecycle.page(...args), audit, now });
  const lifecycle = new IncidentLifecycle({
    writes,
    state,
    registry,
    roster,
    scheduler,
    webhooks: new WebhookSender(outbox, webhookTimeoutMs, webhookTargets, now),
    notifier: () => socketServer,
    pager: notifications.pager,
    escalation: escalation.runner,
    config: config.lifecycle,
    publicUrl,
    now,
  });
  const closeStakeholderViews = (incidentId: string) => {
    const room = registry.peek(responderDocName(incidentId));
    room?.closeConnections(CloseCode.forbidden, 'the transcript of this incident is not shared', (p) => p.access === 'stakeholder');
  };
  const closeNonMembers = (incidentId: string) => {
    const rooms = [registry.peek(stateDocName(incidentId)), registry.peek(responderDocName(incidentId)), registry.peek(postmortemDocName(incidentId))];
    closeOutsiders(rooms, (p) => canSeeIncident(p, incidentId, incidents)).catch((error: unknown) =>
      logger.warn({ err: error, incidentId }, 'could not close the connections of non-members'),
    );
  };
  const onPeerMessage = (message: PeerMessage) => {
    if (message.type === 'token.revoked') live.endToken(message.tokenId, 'token revoked');
    else if (message.type === 'session.revoked') live.endSession(message.sessionId, 'signed out');
    else if (message.type === 'user.deactivated') live.endUser(message.userId, DEACTIVATED);
    else if (message.type === 'audience.narrowed') closeNonMembers(message.incidentId);
    else closeStakeholderViews(message.incidentId);
  };
  const services: CommandServices = {
    state,
    transcript: new TranscriptWriter(writes, registry),
    incidents,
    members,
    users,
    audit,
    lifecycle,
    model: config.model,
    now,
    commandRate: new KeyedRateLimiter(config.commandsPerMinute / 60, 60, now),
    metrics,
    onTranscriptHidden: (incidentId) => {
      closeStakeholderViews(incidentId);
      socketServer?.tellPeers({ type: 'transcript.hidden', incidentId });
    },
    onAudienceNarrowed: (incidentId) => {
      closeNonMembers(incidentId);
      socketServer?.tellPeers({ type: 'audience.narrowed', incidentId });
      members.ids(incidentId).then(
        (ids) => socketServer?.removeFromLobby(incidentId, ids),
        (error: unknown) => logger.warn({ err: error, incidentId }, 'could not take a private incident off the lobbies'),
      );
    },
  };
  const chatIdentities = new ChatIdentities(db);
  const chatThreads = new ChatThreads(db);
  integrations = await configuredIntegrations(config.integrations, {
    door: new ChatDoor({ identities: chatIdentities, threads: chatThreads, services, publicUrl, now }),
    identities: chatIdentities,
    threads: chatThreads,
    seen: new SeenRequests(db),
    outbox,
    webhookTargets,
    timeoutMs: webhookTimeoutMs,
    maxBodyBytes: config.maxBodyBytes,
    publicUrl,
    now,
    logger,
  });
  const deadMansSwitch = new DeadMansSwitch({ heartbeats: new Heartbeats(db), services, config: config.heartbeat, scheduler, logger, metrics });
  metrics.observeHeartbeat(() => deadMansSwitch.age());
  const roomlessPages = setUpRoomlessPages({ db, ledger: storage.alerts, roster, users, services, pager: notifications.pager, notifier: () => socketServer });
  const alerts = setUpAlerts({ db, ledger: storage.alerts, roster, services, deadMansSwitch, pages: roomlessPages.paging, grouping: config.alertGrouping });
  const practice = setUpPractice({ db, updateLog, registry, writes, incidents, members, scheduler, now, onChanged: (summary, audience) => socketServer?.publishIncident(summary, audience) });
  const followUps = setUpFollowUps({ settings: config.trackers, db, incidents, users, outbox, audit, publicUrl, timeoutMs: webhookTimeoutMs, maxBodyBytes: config.maxBodyBytes, state, writes, now });

  const sync = new SyncEndpoint({
    auth,
    incidents,
    registry,
    audit,
    live,
    logger,
    now,
    allowedOrigins,
    maxMessageBytes: config.maxMessageBytes,
    pingIntervalMs: config.pingIntervalMs,
    limits: config.limits,
    onParticipant: (incidentId, principal) => state.ensureParticipant(incidentId, { id: principal.userId, name: principal.name }),
    metrics,
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
    live,
    viewersHere: (incidentId) => stakeholderViewers(registry.peek(stateDocName(incidentId))),
    metrics,
  });
  metrics.observe({
    rooms: () => registry.all(),
    roomsLoaded: () => registry.size,
    socketConnections: () => socketServer?.connectionCount ?? 0,
    clusterLink: link ? () => link.readiness() : null,
  });

  const requireAuth = requirePrincipal(auth, allowedOrigins, now);
  const secureCookies = publicUrl.startsWith('https:');
  const oidcClient = config.oidc ? new OidcClient(config.oidc, publicUrl + OIDC_CALLBACK_PATH, logger) : null;
  oidcClient?.warmUp();
  const onSessionRevoked = (sessionId: string) => {
    live.endSession(sessionId, 'signed out');
    socketServer?.tellPeers({ type: 'session.revoked', sessionId });
  };
  const api = express.Router();
  api.use(express.json({ limit: config.maxBodyBytes }));
  api.get('/health', (_req, res) => {
    res.json({ ok: true, roomsLoaded: registry.size, schemaVersion: db.schemaVersion, slowClientsClosed: sync.sendBufferOverflows });
  });
  api.use(
    sessionRoutes({
      auth,
      tokens,
      users,
      sessions,
      sessionTtlMs: config.sessionTtlMs,
      onSessionRevoked,
      secureCookies,
      now,
      requireAuth,
      inviteUrl: (secret) => `${publicUrl}/join?invite=${encodeURIComponent(secret)}`,
      invites: config.invites,
      oidc:
        config.oidc && oidcClient
          ? { providerName: config.oidc.providerName, loginUrl: publicUrl + OIDC_LOGIN_PATH, logoutUrl: () => oidcClient.logoutUrl(publicUrl + '/') }
          : null,
      deviceLinks: new DeviceLinks(db),
      // The secret travels in the fragment, which browsers never send to a server or its logs.
      deviceLinkUrl: (secret) => `${publicUrl}/join/device#token=${encodeURIComponent(secret)}`,
    }),
  );
  api.use(notifications.linkRoutes(services));
  api.use(calendarFeedRoutes({ db, now }));
  api.use(alerts.eventRoutes());
  api.use(requireAuth);
  api.use(modelRoutes(config.model));
  api.use(
    incidentRoutes({
      services,
      state,
      tokens,
      updateLog,
      docOf: async (name) => (await registry.current(name)).doc,
      viewers: (incidentId) => socketServer!.viewers(incidentId),
      onTokenRevoked: (tokenId) => {
        socketServer?.tellPeers({ type: 'token.revoked', tokenId });
        return live.endToken(tokenId, 'token revoked');
      },
    }),
  );
  api.use(rosterRoutes(roster, users, webhookTargets, now, escalation.forRoster));
  api.use(scheduleRoutes({ db, users, now, audit, calendarUrl: (secret) => `${publicUrl}/api/calendars/${secret}.ics` }));
  api.use(escalation.routes());
  api.use(peopleImportRoutes({ db, audit, now }));
  api.use(notifications.routes());
  api.use(webhookRoutes(webhookSubscriptions, outbox, webhookTargets, now));
  api.use(chatLinkRoutes({ identities: chatIdentities, audit, now }));
  api.use(
    peopleRoutes({
      users,
      sessions,
      services,
      onDeactivated: (userId) => {
        live.endUser(userId, DEACTIVATED);
        socketServer?.tellPeers({ type: 'user.deactivated', userId });
      },
    }),
  );
  api.use(alerts.routes());
  api.use(practice.routes());
  api.use(followUps.routes());
  api.use(postmortemRoutes({ reviews: new PostmortemReviews(db), incidents, users, registry, writes, state, now }));
  api.use(roomlessPages.routes());
  api.use(statusPage.apiRoutes());
  api.get('/users', async (_req, res) => {
    requireAllowed(organisationRefusal(principalOf(res)));
    res.json({ users: await users.list() });
  });
  api.get('/metrics', async (_req, res) => {
    const p = principalOf(res);
    requireAllowed(organisationRefusal(p));
    // Counted over the incidents this person sees: a private one is no figure for outsiders (issue 13).
    const seen = await practice.withoutPractice(await visibleIncidents(p, incidents, 100_000));
    res.json(incidentMetrics(seen, config.model.model.severities.map((s) => s.key), await incidents.impactWindows()));
  });
  api.get('/audit', async (req, res) => {
    requireAllowed(adminRefusal(principalOf(res), 'the audit trail'));
    const query = AuditQuery.safeParse(req.query);
    if (!query.success) throw new CommandError('invalid', describeZodError(query.error));
    res.json(await storage.audit.page({ limit: query.data.limit, before: query.data.before ?? null, action: query.data.action ?? null }));
  });
  api.use((_req, res) => sendError(res, 'not_found', 'no such API endpoint'));
  app.use(['/api', '/metrics'], countHttpRefusals(metrics));
  // Each chat tool verifies its own requests (signatures cover raw bodies): before parsing and sign-in.
  for (const integration of integrations) if (integration.routes) app.use(`/api/integrations/${integration.name}`, integration.routes);
  app.use('/api/integrations', followUps.hookRoutes());
  app.get('/metrics', metricsRoute(metrics, auth, config.metricsToken, now));
  app.use('/api', api);
  if (config.oidc && oidcClient) {
    app.use(oidcRoutes({ client: oidcClient, settings: config.oidc, logins: new OidcLogins(db), users, sessions, sessionTtlMs: config.sessionTtlMs, secureCookies, publicUrl, now, logger }));
  }
  app.use('/status', statusPage.routes(requireAuth));
  app.use(staticClient(config.clientDir));
  app.use(errorHandler(logger));

  const invite = config.invites ? await tokens.firstInvite(now()) : null;
  const inviteUrl = invite ? `${publicUrl}/join?invite=${encodeURIComponent(invite.secret)}` : null;

  await deadMansSwitch.start();
  lifecycle.start();
  outbox.start();

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      // Stop accepting first, then say goodbye: every write was stored as it arrived.
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      scheduler.stop();
      lifecycle.stop();
      live.stop();
      if (clusterCheck) clearInterval(clusterCheck);
      await registry.closeAll(CloseCode.goingAway, 'server restarting');
      sync.close();
      await socketServer!.close();
      server.closeAllConnections();
      await stopped;
      await outbox.stop();
      await writes.idle();
      await audit.flush();
      await link?.close();
      await socketAdapter?.close();
      await db.close();
    })();
    return closing;
  };

  logger.info({ url, publicUrl, dataDir: config.dataDir }, 'incident room listening');
  return { url, port, adminToken: admin.value, created: { adminToken: admin.created, inviteUrl }, logger, close };
}
