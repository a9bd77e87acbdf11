/**
 * A real Alertmanager (Debian's prometheus-alertmanager) where it is installed: alerts posted to
 * its API v2 reach one node's Alertmanager intake through a webhook receiver, a group per alert
 * name and service with a short group_wait, as a team would configure it for the room. Where it is not installed,
 * the drill posts the same webhook shape (version 4) itself, and says which it did.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers/serverProcess.ts';

export const ALERTMANAGER_BINARY = process.env.ALERTMANAGER_PATH ?? '/usr/bin/prometheus-alertmanager';

export interface DrillAlert {
  alertname: string;
  service: string;
  severity: string;
  summary: string;
  description: string;
}

/** Where alerts go in: through a real Alertmanager or straight to the room's webhook. */
export interface AlertSender {
  readonly kind: 'Alertmanager' | 'direct webhook';
  fire(alerts: DrillAlert[]): Promise<void>;
  close(): Promise<void>;
}

export function alertmanagerInstalled(): boolean {
  return fs.existsSync(ALERTMANAGER_BINARY);
}

/** `intakeUrl` is a node's `/api/alerts/alertmanager`; `token` the API token it needs. */
export async function startAlertSender(intakeUrl: string, token: string): Promise<AlertSender> {
  return alertmanagerInstalled() ? startAlertmanager(intakeUrl, token) : directSender(intakeUrl, token);
}

async function startAlertmanager(intakeUrl: string, token: string): Promise<AlertSender> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-alertmanager-'));
  fs.writeFileSync(path.join(dir, 'token'), token, { mode: 0o600 });
  fs.writeFileSync(
    path.join(dir, 'alertmanager.yml'),
    [
      'route:',
      '  receiver: incident-room',
      "  group_by: ['alertname', 'service']",
      '  group_wait: 1s',
      '  group_interval: 2s',
      '  repeat_interval: 4h',
      'receivers:',
      '  - name: incident-room',
      '    webhook_configs:',
      `      - url: ${intakeUrl}`,
      '        send_resolved: true',
      '        http_config:',
      `          authorization: { type: Bearer, credentials_file: ${path.join(dir, 'token')} }`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(
    ALERTMANAGER_BINARY,
    [`--config.file=${path.join(dir, 'alertmanager.yml')}`, `--storage.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited with ${child.exitCode}: ${output}`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`alertmanager did not become ready: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    kind: 'Alertmanager',
    fire: async (alerts) => {
      const startsAt = new Date().toISOString();
      const res = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          alerts.map((a) => ({
            labels: { alertname: a.alertname, service: a.service, severity: a.severity },
            annotations: { summary: a.summary, description: a.description },
            startsAt,
            generatorURL: 'http://prometheus.drill.invalid/graph',
          })),
        ),
      });
      if (!res.ok) throw new Error(`alertmanager refused the alerts: ${res.status} ${await res.text()}`);
    },
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The webhooks Alertmanager would send for these alerts: a group per alert name and service. */
function directSender(intakeUrl: string, token: string): AlertSender {
  return {
    kind: 'direct webhook',
    fire: async (alerts) => {
      const startsAt = new Date().toISOString();
      for (const a of alerts) {
        const labels = { alertname: a.alertname, service: a.service, severity: a.severity };
        const body = {
          version: '4',
          groupKey: `{}:{alertname="${a.alertname}", service="${a.service}"}`,
          truncatedAlerts: 0,
          status: 'firing',
          receiver: 'incident-room',
          groupLabels: { alertname: a.alertname, service: a.service },
          commonLabels: labels,
          commonAnnotations: { summary: a.summary, description: a.description },
          externalURL: 'http://alertmanager.drill.invalid',
          alerts: [{ status: 'firing', labels, annotations: { summary: a.summary, description: a.description }, startsAt, endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://prometheus.drill.invalid/graph', fingerprint: Buffer.from(a.alertname).toString('hex').slice(0, 16).padEnd(16, '0') }],
        };
        const res = await fetch(intakeUrl, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        if (!res.ok) throw new Error(`the Alertmanager intake answered ${res.status}: ${await res.text()}`);
      }
    },
    close: async () => {},
  };
}
