/**
 * The room as it was at a moment, rebuilt from the update log: both documents are replayed up to
 * that receive time and exported like the live incident.
 */
import * as Y from 'yjs';
import { responderDocName, stateDocName } from '../../shared/documents.ts';
import type { UpdateLog } from '../storage/updateLog.ts';
import { buildExport } from './incidentExport.ts';
import type { IncidentExport } from '../../shared/incidentExport.ts';

function replayDoc(log: UpdateLog, name: string, at: number): Y.Doc {
  const doc = new Y.Doc();
  const updates = log.history(name, at).map((u) => u.data);
  if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
  return doc;
}

/** Null before the incident existed. */
export function replayAt(log: UpdateLog, incidentId: string, at: number): IncidentExport | null {
  const state = replayDoc(log, stateDocName(incidentId), at);
  const responder = replayDoc(log, responderDocName(incidentId), at);
  try {
    if (!state.getMap('meta').has('id')) return null;
    return buildExport(state, responder, at);
  } finally {
    state.destroy();
    responder.destroy();
  }
}

export function replayMoments(log: UpdateLog, incidentId: string): number[] {
  return log.moments([stateDocName(incidentId), responderDocName(incidentId)]);
}
