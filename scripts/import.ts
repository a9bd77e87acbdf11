/**
 * Imports people, schedules and escalation policies from a PagerDuty or Opsgenie export into a
 * running server (server/imports/runImport.ts), through its REST API with the API token:
 *
 *   npm run import -- pagerduty ./export/ [--dry-run] [--create-services]
 *
 * IR_URL (default http://localhost:3000) names the server; IR_TOKEN the API token (default: the
 * file data/admin-token, or $DATA_DIR/admin-token). Exit status: 0 done, 1 nothing could be done
 * (bad arguments, an unreadable export, no server), 2 the server refused some records.
 */
import fs from 'node:fs';
import path from 'node:path';
import { IMPORT_SOURCES } from '../shared/imports.ts';
import type { ImportSource } from '../shared/imports.ts';
import { ApiUnavailable, apiClient } from '../server/imports/apiClient.ts';
import { ExportError } from '../server/imports/readExport.ts';
import { runImport } from '../server/imports/runImport.ts';

const USAGE = 'usage: npm run import -- <pagerduty|opsgenie> <export folder> [--dry-run] [--create-services]';

async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const [source, dir, ...extra] = argv.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => f !== '--dry-run' && f !== '--create-services');
  if (!source || !dir || extra.length > 0 || unknown.length > 0 || !(IMPORT_SOURCES as readonly string[]).includes(source)) {
    console.error(unknown.length > 0 ? `unknown option(s): ${unknown.join(', ')}\n${USAGE}` : USAGE);
    return 1;
  }
  const token = process.env.IR_TOKEN ?? readToken();
  if (!token) {
    console.error('no API token: set IR_TOKEN, or run from the folder whose data/admin-token the server made');
    return 1;
  }
  try {
    const result = await runImport({
      source: source as ImportSource,
      dir: path.resolve(dir),
      api: apiClient(process.env.IR_URL ?? 'http://localhost:3000', token),
      dryRun: flags.has('--dry-run'),
      createServices: flags.has('--create-services'),
      now: Date.now(),
    });
    console.log(result.text);
    return result.failed > 0 ? 2 : 0;
  } catch (error) {
    if (error instanceof ExportError || error instanceof ApiUnavailable) {
      console.error(`import stopped: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

function readToken(): string | null {
  const file = path.join(process.env.DATA_DIR ?? 'data', 'admin-token');
  try {
    return fs.readFileSync(file, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

process.exitCode = await main(process.argv.slice(2));
