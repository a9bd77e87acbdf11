/**
 * The room as it was at a moment, rebuilt from the update log: both documents are replayed up to
 * that receive time and exported like the live incident.
 */
import * as Y from 'yjs';
import { responderDocName, stateDocName } from '../../shared/documents.ts';
import type { UpdateLog } from '../storage/updateLog.ts';
import { buildExport } from './incidentExport.ts';
import type { IncidentExport } from '../../shared/incidentExport.ts';
import type { FieldValue } from '../../shared/incidentModel.ts';
import { stateMaps } from '../../shared/stateDoc.ts';

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
    // The log holds the public fields' history (the state document); the others are kept as they are now only.
    return buildExport(state, responder, at, stateMaps(state).publicFields.toJSON() as Record<string, FieldValue>);
  } finally {
    state.destroy();
    responder.destroy();
  }
}

export function replayMoments(log: UpdateLog, incidentId: string): Promise<number[]> {
  return log.moments([stateDocName(incidentId), responderDocName(incidentId)]);
}
