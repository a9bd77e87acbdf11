/**
 * The incident model new incidents are declared with (issue 17), fetched once per page load:
 * the lobby, the declare form and the metrics build their lists from it. An incident's own views
 * read the definitions it was declared with from its state document instead.
 */
import { useEffect, useState } from 'react';
import type { IncidentModel, ModelResponse } from '../../../shared/incidentModel.ts';
import { apiRequest } from './http.ts';

let loading: Promise<ModelResponse> | null = null;

export function useModel(): IncidentModel | null {
  const [model, setModel] = useState<IncidentModel | null>(null);
  useEffect(() => {
    let live = true;
    loading ??= apiRequest<ModelResponse>('GET', '/api/model').catch((error: unknown) => {
      // Asked again by the next view that mounts, rather than failing for the whole page load.
      loading = null;
      throw error;
    });
    loading.then((body) => live && setModel(body.model)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return model;
}
