/**
 * The Grafana dashboard and the alerting rules in ops/ (issue 16) name only metrics the server
 * serves: renaming a metric without them, or a typo in a panel, fails here instead of leaving an
 * empty panel or an alert that can never fire.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { scrape } from '../helpers/prometheusText.ts';
import type { Scrape } from '../helpers/prometheusText.ts';

const METRIC_NAME = /\b(?:incident_room|process|nodejs)_[a-z0-9_]+/g;

function namesIn(text: string): string[] {
  return [...new Set(text.match(METRIC_NAME) ?? [])];
}

/** A histogram's series are served as <name>_bucket, _sum and _count. */
function served(s: Scrape, name: string): boolean {
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return s.has(name) || (s.has(base) && s.family(base).type === 'HISTOGRAM');
}

describe('the dashboard and the alerting rules', () => {
  let server: TestServer;
  let metrics: Scrape;
  beforeAll(async () => {
    server = await startTestServer();
    metrics = await scrape(server, server.adminToken);
  });
  afterAll(() => server.close());

  it('name only metrics that /metrics serves', () => {
    const dashboard = fs.readFileSync('ops/grafana/incident-room.json', 'utf8');
    const exprs = (JSON.parse(dashboard) as { panels: Array<{ targets?: Array<{ expr: string }> }> }).panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);
    expect(exprs.length).toBeGreaterThan(20);
    const rules = fs.readFileSync('ops/prometheus/incident-room-rules.yml', 'utf8');
    const names = namesIn([...exprs, rules].join('\n'));
    expect(names).toContain('incident_room_updates_stored_total');
    expect(names.filter((name) => !served(metrics, name))).toEqual([]);
  });
});
