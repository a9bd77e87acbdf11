/**
 * The status page, rendered once per change (issue 21): its JSON answers and its feed are kept
 * as text and served as they are until something they show changes (PageVersion's fingerprint,
 * which every node reads alike) or time alone changes them (a silence starts or ends, a day
 * passes). A burst of readers after an outage costs one small query each, and one build.
 */
import { createHash } from 'node:crypto';
import { StatusPageLimits } from '../../shared/statusPage.ts';
import type { StatusPageView } from '../../shared/statusPage.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { Roster } from '../storage/roster.ts';
import { buildPage, DAY_MS } from './buildPage.ts';
import type { PageSilence } from './buildPage.ts';
import type { ComponentOverrides } from './ComponentOverrides.ts';
import type { PageIncidents } from './PageIncidents.ts';
import type { PageVersion } from './PageVersion.ts';
import { atomFeed } from './presenters/atomFeed.ts';

export interface RenderedPage {
  view: StatusPageView;
  summaryJson: string;
  statusJson: string;
  pageJson: string;
  feed: string;
}

export interface PageCacheDeps {
  db: SqlDatabase;
  roster: Pick<Roster, 'list'>;
  incidents: PageIncidents;
  overrides: ComponentOverrides;
  version: PageVersion;
  name: string;
  publicUrl: string;
  emailSubscriptions: boolean;
  now: () => number;
}

export class PageCache {
  private cached: { key: string; validUntil: number; page: RenderedPage } | null = null;
  private building: { key: string; page: Promise<RenderedPage> } | null = null;
  private readonly pageUrl: string;
  private readonly pageId: string;

  constructor(private readonly deps: PageCacheDeps) {
    this.pageUrl = `${deps.publicUrl}/status`;
    this.pageId = createHash('sha256').update(this.pageUrl).digest('hex').slice(0, 12);
  }

  async current(): Promise<RenderedPage> {
    const key = await this.deps.version.fingerprint();
    const now = this.deps.now();
    if (this.cached && this.cached.key === key && now < this.cached.validUntil) return this.cached.page;
    // Readers arriving during a build share it.
    if (this.building?.key === key) return this.building.page;
    const page = this.build(key);
    this.building = { key, page };
    try {
      return await page;
    } finally {
      if (this.building?.page === page) this.building = null;
    }
  }

  private async build(key: string): Promise<RenderedPage> {
    const now = this.deps.now();
    const services = await this.deps.roster.list();
    const incidents = await this.deps.incidents.shown(now - StatusPageLimits.historyDays * DAY_MS);
    const silences = await this.deps.db.all<{ id: string; service: string; starts_at: number; ends_at: number; created_at: number }>(
      'SELECT id, service, starts_at, ends_at, created_at FROM silences WHERE ended_early_at IS NULL AND ends_at > ?',
      [now],
    );
    const built = buildPage({
      pageId: this.pageId,
      name: this.deps.name,
      url: this.pageUrl,
      services: services.map((s) => ({ service: s.service, updatedAt: s.updatedAt })),
      overrides: await this.deps.overrides.all(),
      silences: silences.map((s): PageSilence => ({ id: s.id, service: s.service, startsAt: s.starts_at, endsAt: s.ends_at, createdAt: s.created_at })),
      incidents,
      updates: await this.deps.incidents.updatesOf(incidents.map((i) => i.id)),
      emailSubscriptions: this.deps.emailSubscriptions,
      now,
    });
    const { summary } = built.view;
    const page: RenderedPage = {
      view: built.view,
      summaryJson: JSON.stringify(summary),
      statusJson: JSON.stringify({ page: summary.page, status: summary.status }),
      pageJson: JSON.stringify(built.view),
      feed: atomFeed({
        name: this.deps.name,
        pageUrl: this.pageUrl,
        updates: await this.deps.incidents.recentUpdates(StatusPageLimits.feedEntries),
        updatedAt: Date.parse(summary.page.updated_at),
      }),
    };
    this.cached = { key, validUntil: built.validUntil, page };
    return page;
  }
}
