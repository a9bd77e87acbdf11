/**
 * The dead man's switch (issue 16): a silent alert pipeline is the worst outage of all, because
 * every other outage then goes unannounced. The pipeline says it is alive (Alertmanager's
 * always-firing Watchdog alert, or anything that POSTs /api/heartbeat); when it has said nothing
 * for the configured time, the room declares an incident of its own for the configured service,
 * which pages that service's on-call through the ordinary lifecycle.
 *
 * The state is one row (storage/heartbeats.ts): every node looks at it in each timer poll, and
 * claiming the silence and declaring its incident share one transaction, so a silence raises
 * one incident in a cluster and a node dying halfway leaves it for another node. While that
 * incident is open, later silences are recorded on it rather than opening more; heartbeats that
 * resume are recorded on it too, and nobody but a person resolves it.
 */
import { AUTOMATION, AUTOMATION_USER } from '../auth/authenticator.ts';
import type { CommandServices } from '../commands/context.ts';
import { executeCommand } from '../commands/runCommand.ts';
import type { HeartbeatConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { HeartbeatAge, ServerMetrics } from '../metrics/ServerMetrics.ts';
import type { Scheduler } from '../lifecycle/Scheduler.ts';
import type { HeartbeatRow, HeartbeatSource, Heartbeats } from '../storage/heartbeats.ts';
import type { EventDraft } from '../state/IncidentStateWriter.ts';
import { ThrottledLog } from '../throttledLog.ts';

/** The row's name: one alert pipeline per room. */
const PIPELINE = 'alert-pipeline';
/** The timer kind the silence is counted under in incident_room_timers_* metrics. */
const TIMER_KIND = 'heartbeat-missed';

export interface DeadMansSwitchDeps {
  heartbeats: Heartbeats;
  services: CommandServices;
  /** Null: heartbeats are recorded (and their age exported), no silence raises anything. */
  config: HeartbeatConfig | null;
  scheduler: Pick<Scheduler, 'watch'>;
  logger: Logger;
  metrics: Pick<ServerMetrics, 'timerDue' | 'timerFired'>;
}

export class DeadMansSwitch {
  private readonly failures: ThrottledLog;

  constructor(private readonly deps: DeadMansSwitchDeps) {
    this.failures = new ThrottledLog(deps.logger, 6, deps.services.now);
  }

  /** Starts counting (from now, if no heartbeat was ever heard) and has the scheduler look for a silence in each poll. */
  async start(): Promise<void> {
    const config = this.deps.config;
    if (!config) return;
    await this.deps.heartbeats.arm(PIPELINE, this.deps.services.now());
    this.deps.scheduler.watch((now) => this.check(now, config));
  }

  /** A heartbeat arrived; if it ends a silence, the silence's open incident records that. */
  async beat(source: Exclude<HeartbeatSource, 'armed'>): Promise<{ receivedAt: number }> {
    const { heartbeats, services } = this.deps;
    const receivedAt = services.now();
    await services.state.atomically(async () => {
      const before = await heartbeats.getLocked(PIPELINE);
      await heartbeats.beat(PIPELINE, source, receivedAt);
      if (before?.missedAt == null || !before.incidentId) return;
      if (!(await this.isOpen(before.incidentId))) return;
      await services.state.change(before.incidentId, AUTOMATION_USER, ({ record }) => record(resumedEvent(source, receivedAt - before.lastAt)));
    });
    return { receivedAt };
  }

  /** How long ago the last heartbeat arrived, and from what; null before the first. */
  async age(): Promise<HeartbeatAge | null> {
    const row = await this.deps.heartbeats.get(PIPELINE);
    if (!row || row.lastSource === 'armed') return null;
    return { seconds: (this.deps.services.now() - row.lastAt) / 1000, via: row.lastSource };
  }

  private async check(now: number, config: HeartbeatConfig): Promise<void> {
    const { heartbeats, services, metrics } = this.deps;
    let due = false;
    try {
      const silentSince = now - config.timeoutMs;
      // A read without a transaction first: on every node, every poll, nothing is due.
      const row = await heartbeats.get(PIPELINE);
      if (!row || row.missedAt !== null || row.lastAt > silentSince) return;
      due = true;
      metrics.timerDue(TIMER_KIND);
      const claimed = await services.state.atomically(async () => {
        if (!(await heartbeats.claimMissed(PIPELINE, silentSince, now))) return false;
        const silence = (await heartbeats.get(PIPELINE))!;
        if (silence.incidentId && (await this.isOpen(silence.incidentId))) {
          await services.state.change(silence.incidentId, AUTOMATION_USER, ({ record }) => record(missedEvent(silence)));
          return true;
        }
        const declared = (await executeCommand(
          {
            type: 'declare',
            title: `No heartbeat from the alert pipeline since ${clockTime(silence.lastAt)}`,
            severity: config.severity,
            service: config.service,
            summary: silenceSummary(silence, config),
          },
          AUTOMATION,
          services,
        )) as { incident: { id: string } };
        await heartbeats.bindIncident(PIPELINE, declared.incident.id);
        await services.state.change(declared.incident.id, AUTOMATION_USER, ({ record }) => record(missedEvent(silence)));
        return true;
      });
      if (claimed) metrics.timerFired(TIMER_KIND, true);
    } catch (error) {
      if (due) metrics.timerFired(TIMER_KIND, false);
      this.failures.warn({ err: error }, "the dead man's switch could not raise its incident; retrying at the next poll");
    }
  }

  private async isOpen(incidentId: string): Promise<boolean> {
    return (await this.deps.services.incidents.get(incidentId))?.statusCategory !== 'resolved';
  }
}

/*
 * The timeline has no heartbeat events yet (shared/documents.ts); until it does, a silence and
 * its end read as the firing and resolving of an alert named DeadMansSwitch.
 */
const missedEvent = (silence: HeartbeatRow): EventDraft => ({ type: 'heartbeat.missed', lastAt: silence.lastAt, via: silence.lastSource });
const resumedEvent = (via: Exclude<HeartbeatSource, 'armed'>, silentMs: number): EventDraft => ({ type: 'heartbeat.resumed', via, silentMs });

function silenceSummary(row: HeartbeatRow, config: HeartbeatConfig): string {
  const last =
    row.lastSource === 'armed'
      ? `No heartbeat has arrived since the dead man's switch was armed at ${clockTime(row.lastAt)}`
      : `The last heartbeat (${row.lastSource === 'alertmanager' ? "Alertmanager's Watchdog alert" : 'POST /api/heartbeat'}) arrived at ${clockTime(row.lastAt)}`;
  return (
    `${last}, and none in the ${config.timeoutMs / 1000} s since (HEARTBEAT_TIMEOUT_SEC). ` +
    'Alerts may not be reaching this room: check Prometheus, Alertmanager and the route from Alertmanager to this server. ' +
    'Heartbeats that resume are recorded here; resolving is for a person to decide.'
  );
}

/** UTC to the second: the people paged may be anywhere. */
const clockTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
