/**
 * All configuration, read from the environment and validated in one place. Every variable is
 * listed in the README with its default; defaults are chosen for a single-node team install.
 */
import path from 'node:path';
import { z } from 'zod';
import fs from 'node:fs';
import { describeZodError } from '../shared/commands.ts';
import { SEVERITIES } from '../shared/incident.ts';
import type { Severity } from '../shared/incident.ts';
import { SINGLE_HOLDER_ROLES } from '../shared/roles.ts';
import { DEFAULT_CHECKLISTS } from '../shared/checklists.ts';
import { defaultModel } from '../shared/incidentModel.ts';
import { modelVersion, readModelFile } from './model/modelFile.ts';
import { readPostmortemEnv } from './postmortem/env.ts';
import type { PostmortemSettings } from './postmortem/env.ts';
import type { LoadedModel } from './model/modelFile.ts';
import { SERVICE_NAME_PATTERN } from '../shared/roster.ts';
import { ConfigError } from './configError.ts';
import { readSlackEnv } from './integrations/slack/env.ts';
import type { SlackSettings } from './integrations/slack/env.ts';
import { readMattermostEnv } from './integrations/mattermost/env.ts';
import type { MattermostSettings } from './integrations/mattermost/env.ts';
import { readTeamsEnv } from './integrations/teams/env.ts';
import type { TeamsSettings } from './integrations/teams/env.ts';
import { readEmailEnv } from './integrations/email/env.ts';
import type { EmailSettings } from './integrations/email/env.ts';
import { readTwilioEnv } from './integrations/twilio/env.ts';
import type { TwilioSettings } from './integrations/twilio/env.ts';
import { readStatusPageEnv } from './statusPage/env.ts';
import type { StatusPageSettings } from './statusPage/env.ts';
import { readTrackerEnv } from './followUps/env.ts';
import type { TrackerSettings } from './followUps/env.ts';

const int = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

const Env = z.object({
  PORT: int(3000),
  /** Loopback by default: exposing the room to a network is a deliberate choice (HOST=0.0.0.0). */
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  /** API token for automation; generated into DATA_DIR on first start when unset. */
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Bearer token that reads GET /metrics and nothing else, for Prometheus; the API token reads it too. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The address people use; links are built from it and browser websockets must come from it. */
  PUBLIC_URL: z.url().optional(),
  /** Further origins allowed to open browser websockets, comma-separated (e.g. a dev server). */
  ALLOWED_ORIGINS: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How long a room with no connection stays in memory before it is unloaded. */
  ROOM_UNLOAD_GRACE_MS: int(5000),
  /** Largest websocket frame accepted on the sync endpoint; larger ones close with 1009. */
  MAX_MESSAGE_BYTES: int(1024 * 1024),
  /** Each Yjs websocket is pinged this often; one that has not answered the previous ping is closed (a vanished peer's presence goes within two intervals). */
  PING_INTERVAL_MS: int(5000),
  /** Largest JSON body on REST and socket.io payload. */
  MAX_BODY_BYTES: int(64 * 1024),
  SESSION_TTL_HOURS: int(24 * 7),
  /** Yjs updates one connection may send per second, sustained; bursts of 5 s worth pass. Over it: close 1008. */
  RATE_UPDATES_PER_SEC: int(60),
  /** Presence messages one connection may send per second; excess ones are dropped, not relayed. */
  RATE_AWARENESS_PER_SEC: int(10),
  /** Open Yjs websockets from one remote address. Behind a proxy, raise it. */
  MAX_CONNECTIONS_PER_ADDRESS: int(2000),
  /** Documents held in memory at once; beyond it new rooms are refused (1013) until others unload. */
  MAX_ROOMS_IN_MEMORY: int(20000),
  /** Stored size of one document beyond which further updates are refused (4413). */
  MAX_DOC_BYTES: int(64 * 1024 * 1024),
  /** Updates stored since the last snapshot before a document is compacted. */
  COMPACT_AFTER_UPDATES: int(500),
  /** Presence changes in a room are relayed together at most this often (0 = at once). */
  PRESENCE_BATCH_MS: int(100),
  /** Seconds the primary has to acknowledge before the secondary is paged. */
  ESCALATE_AFTER_SEC: int(300),
  /** Seconds a role holder must have had no live connection to the incident before anyone may take the role over (issue 12). */
  ROLE_AWAY_SEC: int(120),
  /** Minutes between stakeholder updates, per severity, before comms is reminded. */
  UPDATE_CADENCE_MINUTES: z.string().default('SEV1=15,SEV2=30,SEV3=60,SEV4=120'),
  /** JSON file with default role checklists ({"commander": ["…"], …}); built-in defaults otherwise. */
  CHECKLISTS_FILE: z.string().optional(),
  /**
   * The team's incident model (issue 17), JSON or YAML: severities, statuses, roles, types and
   * custom fields. Replaces UPDATE_CADENCE_MINUTES and CHECKLISTS_FILE, which shape the default model.
   */
  INCIDENT_MODEL_FILE: z.string().optional(),
  /** Timeout of one outgoing webhook delivery. */
  WEBHOOK_TIMEOUT_MS: int(5000),
  /**
   * Hosts that webhook targets set through the API may name, comma-separated. Only the API token
   * may set others, and loopback, private and link-local addresses are refused unless listed.
   */
  WEBHOOK_ALLOWED_HOSTS: z.string().default(''),
  /** Hours an outgoing message (webhook, page) is retried before it is marked failed (issue 14). */
  OUTBOX_GIVE_UP_HOURS: int(24),
  /** Outgoing messages one node delivers at once, each to a different target; a slow target holds one slot. */
  OUTBOX_CONCURRENCY: int(8),
  /** Days a delivered or given-up outgoing message stays in its delivery log before it is deleted. */
  OUTBOX_KEEP_DAYS: int(14),
  /** Commands one person or link may issue per minute (bursts of a minute's worth); the API token is exempt. 0 = unlimited. */
  COMMANDS_PER_MINUTE: int(120),
  /** Refusals of one kind from one source written to the audit trail one by one per window; the rest are summed up in one row. */
  AUDIT_BURST: int(20),
  AUDIT_WINDOW_SEC: int(10),
  /** PostgreSQL instead of the embedded SQLite file: required for several nodes. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** Connections one node keeps to PostgreSQL. */
  DATABASE_POOL_SIZE: int(10),
  /** Redis that links several nodes (updates, presence, socket.io events); needs DATABASE_URL. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  /** Prefix of every Redis channel and key, so several clusters can share one Redis. */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'letters, digits, ".", "_" and "-"').default('incident-room'),
  /** How often a node looks for durable timers that fell due (another node's, or while it was down). */
  TIMER_POLL_MS: int(1000),
  /** On a cluster, how often a node checks that its loaded documents hold everything stored. */
  CLUSTER_CHECK_MS: int(2000),
  /**
   * Bytes one websocket may have queued for a client that is not reading them. A send due when
   * more is queued closes the connection with 4503 instead (issue 11: a stakeholder that never
   * read grew the server by 205 MB). One reply may exceed it, so a larger document still syncs.
   */
  MAX_SEND_BUFFER_BYTES: int(8 * 1024 * 1024),
  /** Sync step 1 and awareness queries one connection may send per second (burst 5 s worth); over it: close 1008. 0 = unlimited. */
  RATE_STATE_REQUESTS_PER_SEC: int(2),
  /**
   * The dead man's switch (issue 16): seconds without a heartbeat (POST /api/heartbeat, or
   * Alertmanager's always-firing Watchdog alert) after which the room declares an incident of
   * its own and pages HEARTBEAT_SERVICE's on-call. 0 = off.
   */
  HEARTBEAT_TIMEOUT_SEC: int(0),
  /** The roster service that incident is declared for; required when the switch is on, so the silence pages someone. */
  HEARTBEAT_SERVICE: z.string().regex(SERVICE_NAME_PATTERN, 'must be a service name of the roster').optional(),
  HEARTBEAT_SEVERITY: z.string().default('SEV2'),
  /**
   * Which alerts share an incident: `group` (the sender's alert group only) or `service` (also
   * any alert of a service whose incident alerts opened is still open, whatever sent it: the same
   * outage reported by Alertmanager and by a PagerDuty-speaking tool is one room, issue 22).
   */
  ALERT_GROUPING: z.enum(['group', 'service']).default('group'),
  /**
   * OpenID Connect sign-in (issue 13): the provider's issuer. https://, or http:// on a loopback
   * address only (a local provider, the tests). Unset: no single sign-on, invites only.
   */
  OIDC_ISSUER_URL: z.url().optional(),
  /** This server's client id and secret at the provider; both required with OIDC_ISSUER_URL. */
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** How the sign-in button names the provider; the issuer's host name when unset. */
  OIDC_PROVIDER_NAME: z.string().trim().min(1).max(60).optional(),
  /** Scopes asked for; profile and email give the name and address shown to others. */
  OIDC_SCOPES: z.string().default('openid profile email'),
  /** The claim (ID token or userinfo) that lists a person's groups. */
  OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
  /** Comma-separated: when set, only people in one of these groups (or an admin group) get a session. */
  OIDC_RESPONDER_GROUPS: z.string().default(''),
  /** Comma-separated: people in one of these groups are admins (people administration, invites, audit). */
  OIDC_ADMIN_GROUPS: z.string().default(''),
  /** How this server authenticates at the token endpoint: the OpenID default, or the secret in the body for providers that need it. */
  OIDC_TOKEN_AUTH: z.enum(['client_secret_basic', 'client_secret_post']).default('client_secret_basic'),
  /** Sign-ins one address may start per minute (each stores a pending row for 10 minutes); beyond it 429. */
  OIDC_LOGINS_PER_MINUTE: int(30),
  /** Team invite links: on by default without OIDC, off by default with it. */
  INVITES: z.enum(['on', 'off']).optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  adminToken: string | undefined;
  metricsToken: string | undefined;
  publicUrl: string | undefined;
  allowedOrigins: string[];
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  roomUnloadGraceMs: number;
  maxMessageBytes: number;
  pingIntervalMs: number;
  maxBodyBytes: number;
  sessionTtlMs: number;
  limits: ServerLimits;
  webhookAllowedHosts: string[];
  commandsPerMinute: number;
  audit: { burst: number; windowMs: number };
  lifecycle: LifecycleConfig;
  /** The incident model (issue 17) and its version. */
  model: LoadedModel;
  /** The postmortem's template (issue 20): POSTMORTEM_TEMPLATE_FILE, else the built-in sections. */
  postmortem: PostmortemSettings;
  /** Where the built client is served from; absent in API-only test servers. */
  clientDir: string | null;
  /** SQLite lives in dataDir; PostgreSQL where its URL says. */
  storage: { kind: 'sqlite' } | { kind: 'postgres'; url: string; poolSize: number };
  cluster: { redisUrl: string; prefix: string; checkMs: number } | null;
  timerPollMs: number;
  /** Null when the dead man's switch is off. */
  heartbeat: HeartbeatConfig | null;
  /** ALERT_GROUPING: whether alerts of one service join its open alert incident. */
  alertGrouping: 'group' | 'service';
  /** OpenID Connect sign-in; null when OIDC_ISSUER_URL is unset. */
  oidc: OidcConfig | null;
  /** Whether team invite links sign people in (INVITES). */
  invites: boolean;
  outbox: { giveUpAfterMs: number; concurrency: number; keepMs: number };
  /** Chat tools (issue 14): each null while it is not configured. */
  integrations: { slack: SlackSettings | null; mattermost: MattermostSettings | null; teams: TeamsSettings | null };
  /** Email over SMTP (issue 18: SMTP_URL, SMTP_FROM); null while SMTP_URL is unset. */
  email: EmailSettings | null;
  /** SMS and voice through Twilio (issue 19: TWILIO_*); null unless the SID, auth token and from-number are set. */
  twilio: TwilioSettings | null;
  /** The public status page (issue 21: STATUS_PAGE, STATUS_PAGE_NAME, STATUS_PAGE_SUBSCRIBES_PER_HOUR). */
  statusPage: StatusPageSettings;
  /** Issue trackers follow-ups export to (issue 21: GITHUB_*, JIRA_*); each null while not configured. */
  trackers: TrackerSettings;
}

export interface OidcConfig {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  providerName: string;
  scopes: string;
  groupsClaim: string;
  responderGroups: string[];
  adminGroups: string[];
  tokenAuth: 'client_secret_basic' | 'client_secret_post';
  loginsPerMinute: number;
}

export interface HeartbeatConfig {
  timeoutMs: number;
  service: string;
  severity: Severity;
}

/** The limits that protect the server; each is an environment variable above. */
export interface ServerLimits {
  updatesPerSecond: number;
  awarenessPerSecond: number;
  connectionsPerAddress: number;
  roomsInMemory: number;
  docBytes: number;
  compactAfterUpdates: number;
  presenceBatchMs: number;
  sendBufferBytes: number;
  stateRequestsPerSecond: number;
}

export interface LifecycleConfig {
  escalateAfterMs: number;
  roleAwayMs: number;
  webhookTimeoutMs: number;
}

export { ConfigError };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeZodError(parsed.error)}`);
  const e = parsed.data;
  if (e.REDIS_URL && !e.DATABASE_URL) {
    throw new ConfigError('Invalid configuration: REDIS_URL links several nodes, which must share a database: set DATABASE_URL too');
  }
  if (e.HEARTBEAT_TIMEOUT_SEC > 0 && !e.HEARTBEAT_SERVICE) {
    throw new ConfigError('Invalid configuration: HEARTBEAT_TIMEOUT_SEC turns the dead man\'s switch on: set HEARTBEAT_SERVICE to the roster service whose on-call it pages');
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const oidc = readOidc(e);
  const model = readModel(env, e);
  if (e.HEARTBEAT_SERVICE && !model.model.severities.some((sev) => sev.key === e.HEARTBEAT_SEVERITY)) {
    throw new ConfigError(`Invalid configuration: HEARTBEAT_SEVERITY "${e.HEARTBEAT_SEVERITY}" is not a severity of the incident model`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    adminToken: e.ADMIN_TOKEN,
    metricsToken: e.METRICS_TOKEN,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    allowedOrigins: list(e.ALLOWED_ORIGINS),
    logLevel: e.LOG_LEVEL,
    roomUnloadGraceMs: e.ROOM_UNLOAD_GRACE_MS,
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    pingIntervalMs: Math.max(100, e.PING_INTERVAL_MS),
    maxBodyBytes: e.MAX_BODY_BYTES,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600 * 1000,
    webhookAllowedHosts: list(e.WEBHOOK_ALLOWED_HOSTS),
    commandsPerMinute: e.COMMANDS_PER_MINUTE,
    audit: { burst: Math.max(1, e.AUDIT_BURST), windowMs: Math.max(1, e.AUDIT_WINDOW_SEC) * 1000 },
    limits: {
      updatesPerSecond: e.RATE_UPDATES_PER_SEC,
      awarenessPerSecond: e.RATE_AWARENESS_PER_SEC,
      connectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
      roomsInMemory: e.MAX_ROOMS_IN_MEMORY,
      docBytes: e.MAX_DOC_BYTES,
      compactAfterUpdates: e.COMPACT_AFTER_UPDATES,
      presenceBatchMs: e.PRESENCE_BATCH_MS,
      sendBufferBytes: e.MAX_SEND_BUFFER_BYTES,
      stateRequestsPerSecond: e.RATE_STATE_REQUESTS_PER_SEC,
    },
    lifecycle: {
      escalateAfterMs: e.ESCALATE_AFTER_SEC * 1000,
      roleAwayMs: e.ROLE_AWAY_SEC * 1000,
      webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
    },
    model,
    postmortem: readPostmortemEnv(env),
    clientDir: path.resolve('dist/client'),
    storage: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: Math.max(2, e.DATABASE_POOL_SIZE) }
      : { kind: 'sqlite' },
    cluster: e.REDIS_URL ? { redisUrl: e.REDIS_URL, prefix: e.REDIS_PREFIX, checkMs: Math.max(100, e.CLUSTER_CHECK_MS) } : null,
    timerPollMs: Math.max(50, e.TIMER_POLL_MS),
    heartbeat:
      e.HEARTBEAT_TIMEOUT_SEC > 0 && e.HEARTBEAT_SERVICE
        ? { timeoutMs: e.HEARTBEAT_TIMEOUT_SEC * 1000, service: e.HEARTBEAT_SERVICE, severity: e.HEARTBEAT_SEVERITY }
        : null,
    alertGrouping: e.ALERT_GROUPING,
    oidc,
    invites: (e.INVITES ?? (oidc ? 'off' : 'on')) === 'on',
    outbox: { giveUpAfterMs: e.OUTBOX_GIVE_UP_HOURS * 3600 * 1000, concurrency: Math.max(1, e.OUTBOX_CONCURRENCY), keepMs: Math.max(1, e.OUTBOX_KEEP_DAYS) * 86_400_000 },
    integrations: { slack: readSlackEnv(env), mattermost: readMattermostEnv(env), teams: readTeamsEnv(env) },
    email: readEmailEnv(env),
    twilio: readTwilioEnv(env),
    statusPage: readStatusPageEnv(env),
    trackers: readTrackerEnv(env),
  };
}

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

function readOidc(e: z.infer<typeof Env>): OidcConfig | null {
  if (!e.OIDC_ISSUER_URL) return null;
  const issuer = new URL(e.OIDC_ISSUER_URL);
  // Identities from an issuer over plain HTTP could be forged by anyone on the path (issue 13).
  if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && LOOPBACK_HOST.test(issuer.hostname))) {
    throw new ConfigError('Invalid configuration: OIDC_ISSUER_URL must be https:// (http:// only on a loopback address)');
  }
  if (!e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET) {
    throw new ConfigError('Invalid configuration: OIDC_ISSUER_URL needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too');
  }
  const scopes = e.OIDC_SCOPES.split(/[\s,]+/).filter(Boolean);
  if (!scopes.includes('openid')) throw new ConfigError('Invalid configuration: OIDC_SCOPES must include openid');
  return {
    issuer,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    providerName: e.OIDC_PROVIDER_NAME ?? issuer.hostname,
    scopes: scopes.join(' '),
    groupsClaim: e.OIDC_GROUPS_CLAIM,
    responderGroups: list(e.OIDC_RESPONDER_GROUPS),
    adminGroups: list(e.OIDC_ADMIN_GROUPS),
    tokenAuth: e.OIDC_TOKEN_AUTH,
    loginsPerMinute: Math.max(1, e.OIDC_LOGINS_PER_MINUTE),
  };
}

const list = (text: string) => text.split(',').map((item) => item.trim()).filter(Boolean);

/** The model file when there is one; otherwise the default model, with the older settings' cadences and checklists. */
function readModel(env: NodeJS.ProcessEnv, e: z.infer<typeof Env>): LoadedModel {
  if (e.INCIDENT_MODEL_FILE) {
    const older = ['UPDATE_CADENCE_MINUTES', 'CHECKLISTS_FILE'].filter((name) => env[name] !== undefined);
    if (older.length) throw new ConfigError(`Invalid configuration: INCIDENT_MODEL_FILE replaces ${older.join(' and ')}: set cadences and checklists in the model file`);
    return readModelFile(e.INCIDENT_MODEL_FILE);
  }
  const model = defaultModel(parseCadence(e.UPDATE_CADENCE_MINUTES), e.CHECKLISTS_FILE ? readChecklists(e.CHECKLISTS_FILE) : DEFAULT_CHECKLISTS);
  return { model, version: modelVersion(model) };
}

/** Minutes per severity of the default model. */
function parseCadence(text: string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [sev, minutes] = part.split('=').map((x) => x.trim());
    if (!(SEVERITIES as readonly string[]).includes(sev!) || !minutes || !Number.isInteger(Number(minutes)) || !(Number(minutes) > 0)) {
      throw new ConfigError(`Invalid configuration: UPDATE_CADENCE_MINUTES part "${part}" must look like SEV1=15`);
    }
    result[sev!] = Number(minutes);
  }
  for (const sev of SEVERITIES) if (!result[sev]) throw new ConfigError(`Invalid configuration: UPDATE_CADENCE_MINUTES lacks ${sev}`);
  return result;
}

const ChecklistFile = z.partialRecord(z.enum(SINGLE_HOLDER_ROLES), z.array(z.string().min(1).max(200)).max(50));

function readChecklists(file: string): Record<string, string[]> {
  let parsed;
  try {
    parsed = ChecklistFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (error) {
    throw new ConfigError(`Invalid configuration: CHECKLISTS_FILE ${file}: ${(error as Error).message}`);
  }
  if (!parsed.success) throw new ConfigError(`Invalid configuration: CHECKLISTS_FILE ${file}: ${describeZodError(parsed.error)}`);
  return { ...DEFAULT_CHECKLISTS, ...parsed.data };
}
