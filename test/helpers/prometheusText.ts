/**
 * Scrapes a test server's /metrics and reads it with a Prometheus text-format parser. That parser
 * folds the series of a labelled histogram into one, so the server's histograms have no labels.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { PrometheusFamily, PrometheusSample } from 'parse-prometheus-text-format';
import type { TestServer } from './testServer.ts';

export class Scrape {
  private readonly families: Map<string, PrometheusFamily>;

  constructor(text: string) {
    this.families = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
  }

  family(name: string): PrometheusFamily {
    const family = this.families.get(name);
    if (!family) throw new Error(`no metric ${name} in the scrape`);
    return family;
  }

  has(name: string): boolean {
    return this.families.has(name);
  }

  /** The sample whose labels include `labels`; undefined if there is none. */
  sample(name: string, labels: Record<string, string> = {}): PrometheusSample | undefined {
    return this.family(name).metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  }

  /** A counter's or gauge's value (0 when the labelled series is not there yet). */
  value(name: string, labels: Record<string, string> = {}): number {
    return Number(this.sample(name, labels)?.value ?? 0);
  }
}

export async function scrape(server: TestServer, token: string): Promise<Scrape> {
  const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}: ${text}`);
  return new Scrape(text);
}
