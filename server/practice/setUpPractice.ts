/** Practice incidents (issue 22): the drill runner, its routes, and what metrics must leave out. */
import type { IncidentSummary } from '../../shared/incident.ts';
import { PracticeReplay } from './PracticeReplay.ts';
import type { PracticeReplayDeps } from './PracticeReplay.ts';
import { PracticeRuns } from './PracticeRuns.ts';
import { practiceRoutes } from './practiceRoutes.ts';

export function setUpPractice(deps: Omit<PracticeReplayDeps, 'runs'>) {
  const runs = new PracticeRuns(deps.db);
  const replay = new PracticeReplay({ ...deps, runs });
  return {
    routes: () => practiceRoutes(replay),
    /** Real incidents only: a drill is no figure of how the team responds. */
    withoutPractice: async (incidents: IncidentSummary[]): Promise<IncidentSummary[]> => {
      const practice = await runs.practiceIds();
      return incidents.filter((i) => !practice.has(i.id));
    },
  };
}
