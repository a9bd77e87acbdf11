/**
 * The postmortem's review and exports over REST (issue 20), after sign-in. Each incident's are
 * its responders' (members only for a private incident; a hidden one answers as a missing one);
 * stakeholders and their links never see a postmortem. The review lives in storage and the
 * server mirrors it into the document's `review` root in the same transaction, so every open
 * page shows it live: state, reviewers, each reviewer's decision, and a revision of the comments
 * (which stay out of the document) that pages refetch on. Who may decide and publish is
 * shared/postmortem.ts's decisionRefusal and publishRefusal. Once published, the document
 * refuses every client's change (PostmortemDocPolicy) and its impact window is copied onto the
 * incident for the metrics.
 */
import { Router } from 'express';
import type { Response } from 'express';
import { incidentVisible, seesPrivateFields } from '../../shared/access.ts';
import type { Principal } from '../../shared/access.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import { describeZodError } from '../../shared/commands.ts';
import { postmortemDocName, responderDocName, stateDocName } from '../../shared/documents.ts';
import { readTranscript } from '../../shared/responderDoc.ts';
import {
  CommentRequest,
  DecisionRequest,
  decisionRefusal,
  postmortemMaps,
  PublishedQuery,
  publishRefusal,
  ReviewRequest,
  reviewActor,
  submittedFor,
} from '../../shared/postmortem.ts';
import type { PostmortemReview, ReviewRefusal } from '../../shared/postmortem.ts';
import type { PublishedPostmortemListing } from '../../shared/api.ts';
import type { z } from 'zod';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import { principalOf } from '../http/authMiddleware.ts';
import { assertIncidentAccess } from '../http/incidentAccess.ts';
import { newId } from '../ids.ts';
import type { Incidents } from '../storage/incidents.ts';
import type { Users } from '../storage/users.ts';
import type { RoomRegistry } from '../sync/RoomRegistry.ts';
import type { Room } from '../sync/Room.ts';
import type { IncidentStateWriter } from '../state/IncidentStateWriter.ts';
import type { WriteQueue } from '../sync/WriteQueue.ts';
import { PUBLISHED_REASON } from '../../shared/postmortem.ts';
import type { PostmortemReviews } from './PostmortemReviews.ts';
import { postmortemView, readImpact } from './postmortemView.ts';
import type { PostmortemView } from './postmortemView.ts';
import { renderPostmortemMarkdown } from './postmortemMarkdown.ts';
import { renderPostmortemHtml } from './postmortemHtml.ts';

export interface PostmortemRouteDeps {
  reviews: PostmortemReviews;
  incidents: Incidents;
  users: Pick<Users, 'state'>;
  registry: RoomRegistry;
  writes: WriteQueue;
  /** Publishing is on the incident's timeline. */
  state: Pick<IncidentStateWriter, 'change'>;
  now: () => number;
}

function refuse(refusal: ReviewRefusal): void {
  if (refusal) throw new CommandError(refusal.code, refusal.reason);
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
  return parsed.data;
}

export function postmortemRoutes(deps: PostmortemRouteDeps): Router {
  const { reviews, incidents, registry, writes } = deps;
  const router = Router();

  const responder = (res: Response): Principal => {
    const p = principalOf(res);
    requireAllowed(seesPrivateFields(p) ? null : 'postmortems are for responders');
    return p;
  };

  /** Runs change on the stored review and the document together, in one transaction. */
  const changeReview = (incidentId: string, author: string, change: (review: PostmortemReview, room: Room) => Promise<PostmortemReview>) =>
    writes.run(async () => {
      const room = await registry.get(postmortemDocName(incidentId));
      const release = room.hold();
      try {
        registry.touch(room);
        await room.catchUp(true);
        const next = await change(await reviews.get(incidentId, true), room);
        await reviews.put(incidentId, next, deps.now());
        room.change(author, () => {
          const mirror = postmortemMaps(room.doc).review;
          // Only what changed: every set is an item the document keeps.
          for (const [key, value] of Object.entries(next)) if (JSON.stringify(mirror.get(key)) !== JSON.stringify(value)) mirror.set(key, value);
        });
        return { next, room };
      } finally {
        release();
      }
    });

  /**
   * Transcript entries marked in the room join the postmortem's own list as it is published, so
   * the published timeline stays as reviewed whatever the room marks later (highlightedIds).
   */
  const keepRoomHighlights = async (incidentId: string, room: Room, author: string) => {
    const responderRoom = await registry.get(responderDocName(incidentId));
    const release = responderRoom.hold();
    try {
      // Read, not locked: a mark made this very moment on another node may miss the copy, as it would a moment later.
      await responderRoom.catchUp();
      const { highlights } = postmortemMaps(room.doc);
      const listed = new Set(highlights.toArray());
      const marked = readTranscript(responderRoom.doc).filter((e) => e.highlighted && !listed.has(e.id)).map((e) => e.id);
      if (marked.length) room.change(author, () => highlights.push([...new Set(marked)]));
    } finally {
      release();
    }
  };

  router.post('/incidents/:id/postmortem/review', async (req, res) => {
    const p = responder(res);
    const incidentId = req.params.id;
    await assertIncidentAccess(p, incidentId, incidents, true);
    const { reviewers } = parse(ReviewRequest, req.body);
    for (const id of new Set(reviewers)) {
      if ((await deps.users.state(id)) === undefined) throw new CommandError('invalid', `reviewers: no person ${id}`);
      const audience = await incidents.audience(incidentId, id);
      if (audience?.private && !audience.member) throw new CommandError('invalid', `reviewers: ${id} is not a member of this private incident`);
    }
    const { next } = await changeReview(incidentId, p.userId, async (review) => {
      if (review.state === 'published') throw new CommandError('conflict', PUBLISHED_REASON);
      return submittedFor(review, reviewers);
    });
    res.json({ review: next });
  });

  router.post('/incidents/:id/postmortem/comments', async (req, res) => {
    const p = responder(res);
    const incidentId = req.params.id;
    await assertIncidentAccess(p, incidentId, incidents, true);
    const body = parse(CommentRequest, req.body);
    const comment = { id: newId('pmc'), at: deps.now(), author: { id: p.userId, name: p.name }, section: body.section, quote: body.quote ?? null, text: body.text };
    await changeReview(incidentId, p.userId, async (review, room) => {
      if (review.state === 'published') throw new CommandError('conflict', PUBLISHED_REASON);
      if (!postmortemMaps(room.doc).outline.has(body.section)) throw new CommandError('invalid', `section: this postmortem has no section "${body.section}"`);
      await reviews.addComment(incidentId, comment);
      return { ...review, commentsRevision: review.commentsRevision + 1 };
    });
    res.status(201).json({ comment });
  });

  router.post('/incidents/:id/postmortem/decision', async (req, res) => {
    const p = responder(res);
    const incidentId = req.params.id;
    await assertIncidentAccess(p, incidentId, incidents, true);
    const body = parse(DecisionRequest, req.body);
    const { next } = await changeReview(incidentId, p.userId, async (review) => {
      refuse(decisionRefusal(review, reviewActor(p)));
      const decision = { decision: body.decision, at: deps.now(), note: body.decision === 'changes_requested' ? body.note : null };
      return { ...review, decisions: { ...review.decisions, [p.userId]: decision } };
    });
    res.json({ review: next });
  });

  router.post('/incidents/:id/postmortem/publish', async (req, res) => {
    const p = responder(res);
    const incidentId = req.params.id;
    await assertIncidentAccess(p, incidentId, incidents, true);
    const { next, room } = await changeReview(incidentId, p.userId, async (review, room) => {
      refuse(publishRefusal(review, reviewActor(p)));
      // The window is final from here on (the document turns read-only), so the metrics take it now.
      await incidents.saveImpact(incidentId, readImpact(room.doc));
      await keepRoomHighlights(incidentId, room, p.userId);
      return { ...review, state: 'published', publishedAt: deps.now(), publishedBy: p.userId };
    });
    // Every connection was a writer; they come back read-only (SyncEndpoint admits them so).
    room.closeConnections(CloseCode.forbidden, PUBLISHED_REASON);
    // Its own transaction, after publishing committed: every write takes the state document
    // first, and the review's transaction already holds the postmortem's.
    await deps.state.change(incidentId, { id: p.userId, name: p.name }, ({ record }) => record({ type: 'postmortem.published' }));
    res.json({ review: next });
  });

  router.get('/incidents/:id/postmortem/review', async (req, res) => {
    const p = responder(res);
    await assertIncidentAccess(p, req.params.id, incidents, false);
    res.json({ review: await reviews.get(req.params.id), comments: await reviews.comments(req.params.id) });
  });

  const viewOf = async (p: Principal, incidentId: string): Promise<PostmortemView> => {
    await assertIncidentAccess(p, incidentId, incidents, false);
    const [state, responderRoom, postmortem] = await Promise.all(
      [stateDocName(incidentId), responderDocName(incidentId), postmortemDocName(incidentId)].map((name) => registry.current(name)),
    );
    const view = postmortemView({ state: state!.doc, responder: responderRoom!.doc, postmortem: postmortem!.doc }, await reviews.comments(incidentId));
    if (!view) throw new CommandError('not_found', `no incident ${incidentId}`);
    return view;
  };

  router.get('/incidents/:id/postmortem.md', async (req, res) => {
    const view = await viewOf(responder(res), req.params.id);
    res.type('text/markdown; charset=utf-8').send(renderPostmortemMarkdown(view));
  });

  router.get('/incidents/:id/postmortem.html', async (req, res) => {
    const view = await viewOf(responder(res), req.params.id);
    // Escaped already; the policy is a second wall should anything slip through.
    res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.type('text/html; charset=utf-8').send(renderPostmortemHtml(view));
  });

  router.get('/postmortems', async (req, res) => {
    const p = responder(res);
    const query = parse(PublishedQuery, req.query);
    const rows = await reviews.published(p.userId, query);
    const visible = rows.filter((r) => incidentVisible(p, { id: r.incidentId, private: r.private, members: { has: (u) => r.member && u === p.userId } }));
    const scoped = p.incidentId === null ? visible : visible.filter((r) => r.incidentId === p.incidentId);
    res.json({ postmortems: scoped.map(({ incidentId, title, service, publishedAt, publishedBy }): PublishedPostmortemListing => ({ incidentId, title, service, publishedAt, publishedBy })) });
  });

  return router;
}
