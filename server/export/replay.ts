/**
 * The room as it was at a moment, rebuilt from the update log: both documents are replayed up to
 * that receive time and exported like the live incident.
 */
import * as Y from 'yjs';
import { responderDocName, stateDocName } from '../../shared/documents.ts';
import type { UpdateLog } from '../storage/updateLog.ts';
import { buildExport } from './incidentExport.ts';
import type { IncidentExport } from '../../shared/incidentExport.ts';

async function replayDoc(log: UpdateLog, name: string, at: number): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const updates = (await log.history(name, at)).map((u) => u.data);
  if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
  return doc;
}

/** Null before the incident existed. */
export async function replayAt(log: UpdateLog, incidentId: string, at: number): Promise<IncidentExport | null> {
  const state = await replayDoc(log, stateDocName(incidentId), at);
  const responder = await replayDoc(log, responderDocName(incidentId), at);
  try {
    if (!state.getMap('meta').has('id')) return null;
    return buildExport(state, responder, at);
  } finally {
    state.destroy();
    responder.destroy();
  }
}

export function replayMoments(log: UpdateLog, incidentId: string): Promise<number[]> {
  return log.moments([stateDocName(incidentId), responderDocName(incidentId)]);
}
