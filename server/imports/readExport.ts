/**
 * Reads an export folder. A file that is not JSON, or not the shape the vendor's API answers, is
 * refused naming the file and the path inside it: nothing is imported from a folder with one.
 * Only the users file is required; a folder without schedules or policies imports none.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { describeZodError } from '../../shared/commands.ts';
import { OpsgenieEscalations, OpsgenieSchedules, OpsgenieUsers, PagerDutyPolicies, PagerDutySchedules, PagerDutyUsers } from '../../shared/imports.ts';
import type { ImportSource } from '../../shared/imports.ts';
import type { OpsgenieExport } from './opsgeniePlan.ts';
import type { PagerDutyExport } from './pagerdutyPlan.ts';

/** An export this import cannot read: fatal, and says which file and where. */
export class ExportError extends Error {}

/** Exports are a team's people and schedules: a file larger than this is not one. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export type ReadExport = { source: 'pagerduty'; data: PagerDutyExport; missing: string[] } | { source: 'opsgenie'; data: OpsgenieExport; missing: string[] };

export function readExport(source: ImportSource, dir: string): ReadExport {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new ExportError(`${dir}: not a folder`);
  const missing: string[] = [];
  const read = <T>(file: string, schema: z.ZodType<T>, empty: unknown | null): T => {
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) {
      if (empty === null) throw new ExportError(`${full}: not found (the export needs it)`);
      missing.push(file);
      return schema.parse(empty);
    }
    if (fs.statSync(full).size > MAX_FILE_BYTES) throw new ExportError(`${full}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(full, 'utf8'));
    } catch (error) {
      throw new ExportError(`${full}: not JSON (${(error as Error).message})`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new ExportError(`${full}: ${describeZodError(parsed.error)}`);
    return parsed.data;
  };
  if (source === 'pagerduty') {
    const data = {
      users: read('users.json', PagerDutyUsers, null),
      schedules: read('schedules.json', PagerDutySchedules, { schedules: [] }),
      policies: read('escalation_policies.json', PagerDutyPolicies, { escalation_policies: [] }),
    };
    return { source, data, missing };
  }
  const data = {
    users: read('users.json', OpsgenieUsers, null),
    schedules: read('schedules.json', OpsgenieSchedules, { data: [] }),
    escalations: read('escalations.json', OpsgenieEscalations, { data: [] }),
  };
  return { source, data, missing };
}
