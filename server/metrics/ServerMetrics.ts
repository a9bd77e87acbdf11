/**
 * The server's own metrics for Prometheus (issue 16), one set per running server, exposed at
 * GET /metrics together with the process's (processMetrics.ts). Each part that records gets
 * this object and calls the one method that is its business; the metric names, labels and
 * buckets are defined here only, and the README's Monitoring section, the Grafana dashboard
 * (ops/grafana) and the alerting rules (ops/prometheus) are built on them.
 *
 * Two rules keep it cheap and safe:
 * - Label values are a fixed set known here (close codes, error codes, command types, channels),
 *   never a value a client chose: a client cannot grow the number of series. Anything else is
 *   counted as "other" or "invalid".
 * - The hot paths (per stored batch, per relay) use children bound to their labels once, here;
 *   what is counted per update is one addition per batch. Gauges of what is open are read when
 *   Prometheus scrapes, not kept up to date on every connect and disconnect.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CloseCode } from '../../shared/closeCodes.ts';
import { COMMAND_TYPES, ERROR_CODES, HTTP_STATUS } from '../../shared/commands.ts';
import type { ErrorCode } from '../../shared/commands.ts';
import type { Room } from '../sync/Room.ts';
import { processMetrics } from './processMetrics.ts';
import { OUTBOX_CHANNELS } from '../outbox/channels.ts';
import type { OutboxChannel } from '../outbox/channels.ts';

/** Where a request was refused: REST (and /metrics), the socket.io handshake, a Yjs admission, an upgrade nobody serves. */
export type Transport = 'http' | 'socketio' | 'yjs' | 'upgrade';
const TRANSPORTS: readonly Transport[] = ['http', 'socketio', 'yjs', 'upgrade'];

/** Where a message to the outside goes: the outbox's channels (server/outbox/channels.ts). */
export type DeliveryChannel = OutboxChannel;
const CHANNELS = OUTBOX_CHANNELS;

export type CommandOutcome = 'ok' | ErrorCode | 'error';

/** What the server holds open, read at each scrape. */
export interface LiveSources {
  rooms: () => Iterable<Room>;
  roomsLoaded: () => number;
  socketConnections: () => number;
  /** Absent on a single node: no series then, so "link down" cannot fire there. */
  clusterLink: (() => { publisher: boolean; subscriber: boolean }) | null;
}

export interface HeartbeatAge {
  seconds: number;
  via: 'alertmanager' | 'api';
}

/** Seconds: a local SQLite commit takes well under a millisecond, a remote PostgreSQL one a few. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const BATCH_BUCKETS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500];

/** Which reason a refused Yjs admission counts under, by the close code it was sent. */
const ADMISSION_REASONS: Record<number, ErrorCode> = {
  [CloseCode.badMessage]: 'invalid',
  [CloseCode.unauthorized]: 'unauthorized',
  [CloseCode.forbidden]: 'forbidden',
  [CloseCode.unknownDocument]: 'not_found',
  [CloseCode.rateLimited]: 'rate_limited',
  [CloseCode.tryAgainLater]: 'unavailable',
  [CloseCode.internalError]: 'internal',
};


const HTTP_REASONS = new Map<number, ErrorCode>([...ERROR_CODES.map((code) => [HTTP_STATUS[code], code] as const), [413, 'invalid']]);

type Child = { inc(value?: number): void };

export class ServerMetrics {
  /** This server's metrics and the process's, as /metrics serves them. */
  readonly registry: Registry;
  private sources: LiveSources | null = null;
  private heartbeatAge: (() => Promise<HeartbeatAge | null>) | null = null;

  private readonly updatesStored: Counter;
  private readonly commitUpdates: Histogram;
  private readonly commitSeconds: Record<'updates' | 'command', Histogram>;
  private readonly storeFailures: Counter;
  private readonly roomsDropped: Counter;
  private readonly relayLatency: Histogram;
  private readonly catchUpReads: Counter;
  private readonly slowClients: Counter;
  private readonly closes = new Map<number, Child>();
  private readonly otherClose: Child;
  private readonly refusals = new Map<Transport, Map<ErrorCode, Child>>();
  private readonly commands: Counter<'type' | 'outcome'>;
  private readonly commandChildren = new Map<string, Map<CommandOutcome, Child>>();
  private readonly deliveries = new Map<DeliveryChannel, { delivered: Child; failed: Child; pending: Gauge.Internal<string> }>();
  private readonly timersDue: Counter<'kind'>;
  private readonly timersFired: Counter<'kind' | 'outcome'>;
  private readonly timerChildren = new Map<string, { due: Child; ok: Child; error: Child }>();

  constructor() {
    const register = new Registry();
    const registers = [register];
    const sources = () => this.sources;
    const heartbeatAge = () => this.heartbeatAge;

    new Gauge({
      name: 'incident_room_connections',
      help: 'Open connections: Yjs websockets of responders (and automation), of stakeholder links, and socket.io sockets.',
      labelNames: ['kind'],
      registers,
      collect() {
        const s = sources();
        let responder = 0;
        let stakeholder = 0;
        for (const room of s?.rooms() ?? []) {
          for (const { access } of room.principals()) {
            if (access === 'stakeholder') stakeholder++;
            else responder++;
          }
        }
        this.set({ kind: 'yjs_responder' }, responder);
        this.set({ kind: 'yjs_stakeholder' }, stakeholder);
        this.set({ kind: 'socketio' }, s?.socketConnections() ?? 0);
      },
    });
    new Gauge({
      name: 'incident_room_rooms_loaded',
      help: 'Documents held in memory (MAX_ROOMS_IN_MEMORY is the limit).',
      registers,
      collect() {
        this.set(sources()?.roomsLoaded() ?? 0);
      },
    });
    new Gauge({
      name: 'incident_room_cluster_link_up',
      help: 'Whether each connection of the cluster link to Redis is ready (1) or not (0); absent on a single node.',
      labelNames: ['connection'],
      registers,
      collect() {
        const state = sources()?.clusterLink?.();
        if (!state) return;
        this.set({ connection: 'publisher' }, state.publisher ? 1 : 0);
        this.set({ connection: 'subscriber' }, state.subscriber ? 1 : 0);
      },
    });
    new Gauge({
      name: 'incident_room_heartbeat_age_seconds',
      help: "Seconds since the alert pipeline's last heartbeat reached the dead man's switch, by what sent it (api: POST /api/heartbeat, alertmanager: the Watchdog alert); absent before the first.",
      labelNames: ['via'],
      registers,
      async collect() {
        const age = await heartbeatAge()?.();
        // One series, labelled with the latest sender: the previous sender's goes.
        this.reset();
        if (age) this.set({ via: age.via }, age.seconds);
      },
    });

    this.updatesStored = new Counter({ name: 'incident_room_updates_stored_total', help: 'Document updates appended to the update log (committed).', registers });
    this.commitSeconds = {
      updates: new Histogram({
        name: 'incident_room_commit_duration_seconds',
        help: 'Duration of one group commit: the transaction storing the updates of every room that changed since the last one.',
        buckets: LATENCY_BUCKETS,
        registers,
      }),
      command: new Histogram({
        name: 'incident_room_command_duration_seconds',
        help: "Duration of one command's transaction, with the updates it made (waiting for the write queue not included).",
        buckets: LATENCY_BUCKETS,
        registers,
      }),
    };
    this.commitUpdates = new Histogram({
      name: 'incident_room_commit_updates',
      help: 'Updates stored by one committed transaction (group-commit size).',
      buckets: BATCH_BUCKETS,
      registers,
    });
    this.storeFailures = new Counter({
      name: 'incident_room_store_failures_total',
      help: 'Group commits of waiting updates that failed; the rooms in them are dropped.',
      registers,
    });
    this.roomsDropped = new Counter({
      name: 'incident_room_rooms_dropped_total',
      help: 'Rooms dropped because memory may differ from storage (a failed store or catch-up); their clients reconnect.',
      registers,
    });
    this.relayLatency = new Histogram({
      name: 'incident_room_relay_latency_seconds',
      help: "From a client update's arrival to its relay, after it is stored (oldest update of each stored batch).",
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.catchUpReads = new Counter({
      name: 'incident_room_catch_up_reads_total',
      help: 'Reads of the update log to bring a loaded document up to what other nodes stored (cluster).',
      registers,
    });
    this.slowClients = new Counter({
      name: 'incident_room_slow_clients_closed_total',
      help: 'Yjs connections closed because their client stopped reading (MAX_SEND_BUFFER_BYTES).',
      registers,
    });

    const closes = new Counter({
      name: 'incident_room_websocket_closes_total',
      help: 'Yjs websockets the server closed, by the close code it sent (shared/closeCodes.ts; 1000 = room unloaded).',
      labelNames: ['code'],
      registers,
    });
    for (const code of [1000, ...Object.values(CloseCode)]) this.closes.set(code, closes.labels(String(code)));
    this.otherClose = closes.labels('other');

    const refused = new Counter({
      name: 'incident_room_refused_requests_total',
      help: 'Requests refused, by transport and by reason (the error code of the answer).',
      labelNames: ['transport', 'reason'],
      registers,
    });
    for (const transport of TRANSPORTS) {
      this.refusals.set(transport, new Map(ERROR_CODES.map((code) => [code, refused.labels(transport, code)])));
    }

    this.commands = new Counter({
      name: 'incident_room_commands_total',
      help: 'Commands by type ("invalid" when the type is not one) and outcome ("ok", the error code of a refusal, or "error").',
      labelNames: ['type', 'outcome'],
      registers,
    });
    for (const type of [...COMMAND_TYPES, 'invalid']) this.commandChildren.set(type, new Map());

    const deliveries = new Counter({
      name: 'incident_room_outgoing_deliveries_total',
      help: 'Messages to the outside by channel and outcome: delivered, or failed after every retry.',
      labelNames: ['channel', 'outcome'],
      registers,
    });
    const pending = new Gauge({
      name: 'incident_room_outgoing_deliveries_pending',
      help: 'Messages to the outside being delivered or waiting for a retry.',
      labelNames: ['channel'],
      registers,
    });
    for (const channel of CHANNELS) {
      this.deliveries.set(channel, { delivered: deliveries.labels(channel, 'delivered'), failed: deliveries.labels(channel, 'failed'), pending: pending.labels(channel) });
      pending.labels(channel).set(0);
    }

    this.timersDue = new Counter({
      name: 'incident_room_timers_due_total',
      help: 'Durable timers (escalations, reminders) this node found due and tried to fire, including ones another node fired first.',
      labelNames: ['kind'],
      registers,
    });
    this.timersFired = new Counter({
      name: 'incident_room_timers_fired_total',
      help: 'Durable timers this node fired, by outcome: ok, or error (the timer stays due and is retried).',
      labelNames: ['kind', 'outcome'],
      registers,
    });

    this.registry = Registry.merge([processMetrics(), register]);
  }

  /** Tells the scrape where to read what is open; called once the server's parts exist. */
  observe(sources: LiveSources): void {
    this.sources = sources;
  }

  /** Where the scrape reads the heartbeat's age (null before the first); read from storage, so every node of a cluster agrees. */
  observeHeartbeat(age: () => Promise<HeartbeatAge | null>): void {
    this.heartbeatAge = age;
  }

  /** A write-queue transaction committed, having stored `updates` updates. */
  committed(kind: 'updates' | 'command', updates: number, seconds: number): void {
    this.commitSeconds[kind].observe(seconds);
    if (updates === 0) return;
    this.updatesStored.inc(updates);
    this.commitUpdates.observe(updates);
  }

  storeFailed(): void {
    this.storeFailures.inc();
  }

  roomDropped(): void {
    this.roomsDropped.inc();
  }

  relayed(seconds: number): void {
    this.relayLatency.observe(seconds);
  }

  catchUpRead(): void {
    this.catchUpReads.inc();
  }

  slowClientClosed(): void {
    this.slowClients.inc();
  }

  /** The server closed a Yjs websocket with `code`. */
  closed(code: number): void {
    (this.closes.get(code) ?? this.otherClose).inc();
  }

  refused(transport: Transport, reason: ErrorCode): void {
    this.refusals.get(transport)!.get(reason)!.inc();
  }

  /** A Yjs websocket refused at admission: one close, one refusal. */
  admissionRefused(code: number): void {
    this.closed(code);
    this.refused('yjs', ADMISSION_REASONS[code] ?? 'invalid');
  }

  /** An HTTP answer of `status` (>= 400) on the API or /metrics. */
  httpRefused(status: number): void {
    this.refused('http', HTTP_REASONS.get(status) ?? (status >= 500 ? 'internal' : 'invalid'));
  }

  /** `type` is what the client sent; anything but a command type counts as "invalid". */
  command(type: unknown, outcome: CommandOutcome): void {
    const known = this.commandChildren.get(type as string);
    const byOutcome = known ?? this.commandChildren.get('invalid')!;
    let child = byOutcome.get(outcome);
    if (!child) {
      child = this.commands.labels(known ? (type as string) : 'invalid', outcome);
      byOutcome.set(outcome, child);
    }
    child.inc();
  }

  /** A message reached its end: delivered, or given up on after its retries. */
  deliveryEnded(channel: DeliveryChannel, delivered: boolean): void {
    const d = this.deliveries.get(channel)!;
    (delivered ? d.delivered : d.failed).inc();
  }

  /** How many of a channel's messages wait in the outbox, as the outbox last counted them. */
  deliveriesPending(channel: DeliveryChannel, count: number): void {
    this.deliveries.get(channel)!.pending.set(count);
  }

  timerDue(kind: string): void {
    this.timer(kind).due.inc();
  }

  timerFired(kind: string, ok: boolean): void {
    const t = this.timer(kind);
    (ok ? t.ok : t.error).inc();
  }

  /** Timer kinds are the server's own (storage/timers.ts), so they are bound on first use. */
  private timer(kind: string): { due: Child; ok: Child; error: Child } {
    let t = this.timerChildren.get(kind);
    if (!t) {
      t = { due: this.timersDue.labels(kind), ok: this.timersFired.labels(kind, 'ok'), error: this.timersFired.labels(kind, 'error') };
      this.timerChildren.set(kind, t);
    }
    return t;
  }
}
