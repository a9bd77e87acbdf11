/** `GET /api/model` (issue 17): the model new incidents are declared with; the client builds its lists from it. */
import express from 'express';
import type { ModelResponse } from '../../shared/incidentModel.ts';
import type { LoadedModel } from './modelFile.ts';

export function modelRoutes(loaded: LoadedModel): express.Router {
  const router = express.Router();
  // Configuration, not incident content: every signed-in principal may read it, stakeholder
  // links included (their page names severities and statuses with it).
  const body: ModelResponse = { version: loaded.version, model: loaded.model };
  router.get('/model', (_req, res) => {
    res.json(body);
  });
  return router;
}
