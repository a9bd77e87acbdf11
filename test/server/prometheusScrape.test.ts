/**
 * A real Prometheus scrapes a real server's /metrics with METRICS_TOKEN (issue 16): its target is
 * up, the server's metrics are in its database, the alerting rules shipped in ops/ load and
 * evaluate against them without error, and every query of the Grafana dashboard is valid PromQL. Skipped, saying so, only where /usr/bin/prometheus is
 * not installed (Debian's `prometheus` package; scripts/install-test-deps.sh installs it).
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { declareIncident } from '../helpers/incidents.ts';
import { PROMETHEUS_BINARY, PrometheusServer } from '../helpers/prometheusServer.ts';

const METRICS_TOKEN = 'scraper-0123456789-abcdef';
const RULES = path.resolve('ops/prometheus/incident-room-rules.yml');
const DASHBOARD = path.resolve('ops/grafana/incident-room.json');
const installed = fs.existsSync(PROMETHEUS_BINARY);
if (!installed) console.warn(`skipping the Prometheus scrape test: ${PROMETHEUS_BINARY} is not installed (apt-get install prometheus)`);

interface RuleGroup {
  rules: Array<{ name: string; health: string; lastError?: string }>;
}

describe.skipIf(!installed)('Prometheus scraping the room', () => {
  let server: TestServer | null = null;
  const prometheus = new PrometheusServer();
  afterAll(async () => {
    await prometheus.stop();
    await server?.close();
  });

  it('finds the target up, reads the server metrics and evaluates the shipped rules', async () => {
    server = await startTestServer({}, { METRICS_TOKEN });
    await declareIncident(server);
    await prometheus.start(
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        `rule_files: [${JSON.stringify(RULES)}]`,
        'scrape_configs:',
        '  - job_name: incident-room',
        `    authorization: { type: Bearer, credentials: ${JSON.stringify(METRICS_TOKEN)} }`,
        `    static_configs: [{ targets: [${JSON.stringify(new URL(server.url).host)}] }]`,
        // A second job without the token: Prometheus must see that target refused (up == 0).
        '  - job_name: anonymous',
        `    static_configs: [{ targets: [${JSON.stringify(new URL(server.url).host)}] }]`,
        '',
      ].join('\n'),
    );

    const up = async (job: string) => (await prometheus.query(`up{job="${job}"}`))[0]?.value[1];
    await prometheus.until(async () => (await up('incident-room')) === '1', 'the incident-room target up');
    await prometheus.until(async () => (await up('anonymous')) === '0', 'the anonymous target scraped and refused');
    const targets = await prometheus.api<{ activeTargets: Array<{ labels: { job: string }; lastError: string }> }>('/api/v1/targets');
    expect(targets.activeTargets.find((t) => t.labels.job === 'anonymous')!.lastError).toMatch(/401/);

    await prometheus.until(async () => Number((await prometheus.query('incident_room_updates_stored_total{job="incident-room"}'))[0]?.value[1] ?? 0) > 0, 'the stored updates counter in Prometheus');
    expect((await prometheus.query('process_cpu_seconds_total{job="incident-room"}')).length).toBe(1);
    expect((await prometheus.query('incident_room_commit_duration_seconds_bucket{job="incident-room", le="+Inf"}')).length).toBe(1);

    const rules = async () => (await prometheus.api<{ groups: RuleGroup[] }>('/api/v1/rules')).groups.flatMap((g) => g.rules);
    await prometheus.until(async () => (await rules()).every((r) => r.health !== 'unknown'), 'every rule evaluated');
    const all = await rules();
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(all.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.lastError}`)).toEqual([]);

    // Every panel of the dashboard is a query Prometheus accepts, with Grafana's variables filled in.
    const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8')) as { panels: Array<{ title: string; targets?: Array<{ expr: string }> }> };
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets ?? []) {
        const filled = expr.replaceAll('$__rate_interval', '1m').replaceAll('$job', 'incident-room').replaceAll('$instance', '.*');
        await expect(prometheus.query(filled), `${panel.title}: ${filled}`).resolves.toBeInstanceOf(Array);
      }
    }
  });
});
