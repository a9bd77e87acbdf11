/** The review of each incident's postmortem, its reviewers' decisions and its comments (issue 20), in storage. */
import { DRAFT_REVIEW } from '../../shared/postmortem.ts';
import type { PostmortemComment, PostmortemReview, ReviewDecision, ReviewState } from '../../shared/postmortem.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';

interface ReviewRow {
  state: ReviewState;
  reviewers: string;
  published_by: string | null;
  published_at: number | string | null;
}

const UPSERT = `
  INSERT INTO postmortem_reviews (incident_id, state, reviewers, updated_at, published_by, published_at)
  VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (incident_id) DO UPDATE SET state = excluded.state, reviewers = excluded.reviewers,
    updated_at = excluded.updated_at, published_by = excluded.published_by, published_at = excluded.published_at`;

export interface PublishedRow {
  incidentId: string;
  title: string;
  service: string | null;
  publishedAt: number;
  publishedBy: { id: string; name: string } | null;
  private: boolean;
  member: boolean;
}

export class PostmortemReviews {
  constructor(private readonly db: SqlDatabase) {}

  /** The review, a draft when none was stored; `locked` inside a transaction that will change it. */
  async get(incidentId: string, locked = false): Promise<PostmortemReview> {
    const sql = 'SELECT state, reviewers, published_by, published_at FROM postmortem_reviews WHERE incident_id = ?';
    const row = locked ? await this.db.getLocked<ReviewRow>(sql, [incidentId]) : await this.db.get<ReviewRow>(sql, [incidentId]);
    const commentsRevision = await this.commentCount(incidentId);
    if (!row) return { ...DRAFT_REVIEW, commentsRevision };
    return {
      state: row.state,
      reviewers: JSON.parse(row.reviewers) as string[],
      decisions: await this.decisions(incidentId),
      commentsRevision,
      publishedBy: row.published_by,
      publishedAt: row.published_at === null ? null : Number(row.published_at),
    };
  }

  /** Stores the review with its decisions; commentsRevision follows from the comments themselves. */
  async put(incidentId: string, review: PostmortemReview, now: number): Promise<void> {
    await this.db.run(UPSERT, [incidentId, review.state, JSON.stringify(review.reviewers), now, review.publishedBy, review.publishedAt]);
    await this.db.run('DELETE FROM postmortem_decisions WHERE incident_id = ?', [incidentId]);
    for (const [reviewer, d] of Object.entries(review.decisions)) {
      await this.db.run('INSERT INTO postmortem_decisions (incident_id, reviewer_id, decision, note, decided_at) VALUES (?, ?, ?, ?, ?)', [
        incidentId,
        reviewer,
        d.decision,
        d.note,
        d.at,
      ]);
    }
  }

  private async decisions(incidentId: string): Promise<Record<string, ReviewDecision>> {
    const rows = await this.db.all<{ reviewer_id: string; decision: ReviewDecision['decision']; note: string | null; decided_at: number | string }>(
      'SELECT reviewer_id, decision, note, decided_at FROM postmortem_decisions WHERE incident_id = ? ORDER BY reviewer_id',
      [incidentId],
    );
    return Object.fromEntries(rows.map((r) => [r.reviewer_id, { decision: r.decision, note: r.note, at: Number(r.decided_at) }]));
  }

  /** Comments are never removed, so their count only grows: it serves as their revision. */
  private async commentCount(incidentId: string): Promise<number> {
    const row = await this.db.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM postmortem_comments WHERE incident_id = ?', [incidentId]);
    return Number(row?.n ?? 0);
  }

  async addComment(incidentId: string, c: PostmortemComment): Promise<void> {
    await this.db.run(
      'INSERT INTO postmortem_comments (id, incident_id, at, author_id, author_name, section, quote, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [c.id, incidentId, c.at, c.author.id, c.author.name, c.section, c.quote, c.text],
    );
  }

  async comments(incidentId: string): Promise<PostmortemComment[]> {
    const rows = await this.db.all<{ id: string; at: number | string; author_id: string; author_name: string; section: string; quote: string | null; text: string }>(
      'SELECT id, at, author_id, author_name, section, quote, text FROM postmortem_comments WHERE incident_id = ? ORDER BY at, id',
      [incidentId],
    );
    return rows.map((r) => ({ id: r.id, at: Number(r.at), author: { id: r.author_id, name: r.author_name }, section: r.section, quote: r.quote, text: r.text }));
  }

  /** Published postmortems, newest first, with what deciding who sees each needs. */
  async published(viewer: string, filter: { service?: string; from?: number; to?: number }, limit = 200): Promise<PublishedRow[]> {
    const where = ["r.state = 'published'"];
    const params: Array<string | number> = [viewer];
    if (filter.service !== undefined) (where.push('i.service = ?'), params.push(filter.service));
    if (filter.from !== undefined) (where.push('r.published_at >= ?'), params.push(filter.from));
    if (filter.to !== undefined) (where.push('r.published_at <= ?'), params.push(filter.to));
    const rows = await this.db.all<{
      incident_id: string;
      title: string;
      service: string | null;
      published_at: number | string;
      published_by: string | null;
      publisher_name: string | null;
      private: number;
      member: number | string;
    }>(
      `SELECT r.incident_id, i.title, i.service, r.published_at, r.published_by, u.name AS publisher_name, i.private,
         (SELECT COUNT(*) FROM incident_members m WHERE m.incident_id = r.incident_id AND m.user_id = ?) AS member
       FROM postmortem_reviews r JOIN incidents i ON i.id = r.incident_id LEFT JOIN users u ON u.id = r.published_by
       WHERE ${where.join(' AND ')} ORDER BY r.published_at DESC LIMIT ${limit}`,
      params,
    );
    return rows.map((r) => ({
      incidentId: r.incident_id,
      title: r.title,
      service: r.service,
      publishedAt: Number(r.published_at),
      publishedBy: r.published_by ? { id: r.published_by, name: r.publisher_name ?? r.published_by } : null,
      private: Number(r.private) === 1,
      member: Number(r.member) > 0,
    }));
  }
}
