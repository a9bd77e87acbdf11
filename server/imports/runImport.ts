/**
 * `npm run import -- <pagerduty|opsgenie> <folder> [--dry-run] [--create-services]`: reads the
 * export, plans it, carries it out through the server's REST API (or, with --dry-run, only says
 * what it would do), and answers a summary for people to read. Fatal problems (an unreadable
 * export, a server that cannot be reached or refuses the token) throw before anything is written
 * where they can: the export is read and checked whole first.
 */
import type { ImportSource } from '../../shared/imports.ts';
import type { ApiClient } from './apiClient.ts';
import { applyPlan } from './applyPlan.ts';
import type { ImportLine } from './applyPlan.ts';
import { opsgeniePlan } from './opsgeniePlan.ts';
import { pagerDutyPlan } from './pagerdutyPlan.ts';
import type { ImportPlan } from './plan.ts';
import { readExport } from './readExport.ts';

export interface ImportRun {
  source: ImportSource;
  dir: string;
  api: ApiClient;
  dryRun: boolean;
  createServices: boolean;
  now: number;
}

export interface ImportResult {
  plan: ImportPlan;
  lines: ImportLine[];
  /** The summary as printed. */
  text: string;
  /** Records the server refused: the import went on without them. */
  failed: number;
}

export async function runImport(run: ImportRun): Promise<ImportResult> {
  const read = readExport(run.source, run.dir);
  const plan = read.source === 'pagerduty' ? pagerDutyPlan(read.data, run.now) : opsgeniePlan(read.data, run.now);
  for (const file of read.missing) plan.notes.push({ subject: file, message: 'not in the folder; nothing of it imported' });
  const lines = await applyPlan(plan, run.api, { dryRun: run.dryRun, createServices: run.createServices });
  return { plan, lines, text: summary(run, plan, lines), failed: lines.filter((l) => l.outcome === 'failed').length };
}

const HEADINGS = { person: 'People', schedule: 'Schedules', policy: 'Escalation policies', service: 'Services' } as const;
const VENDOR = { pagerduty: 'PagerDuty', opsgenie: 'Opsgenie' } as const;

function summary(run: ImportRun, plan: ImportPlan, lines: ImportLine[]): string {
  const out: string[] = [`Import from ${VENDOR[run.source]} (${run.dir})${run.dryRun ? ' — DRY RUN: nothing was changed' : ''}`];
  const shown = (outcome: ImportLine['outcome']) => (run.dryRun && (outcome === 'created' || outcome === 'updated') ? `would ${outcome === 'created' ? 'create' : 'update'}` : outcome);
  for (const kind of Object.keys(HEADINGS) as Array<keyof typeof HEADINGS>) {
    const of = lines.filter((l) => l.kind === kind);
    if (of.length === 0) continue;
    out.push('', HEADINGS[kind]);
    for (const l of of) out.push(`  ${shown(l.outcome).padEnd(14)}${l.name}${l.detail ? ` — ${l.detail}` : ''}`);
  }
  if (plan.notes.length > 0) {
    out.push('', 'Not brought over as it was (check these by hand)');
    for (const n of plan.notes) out.push(`  ${n.subject}: ${n.message}`);
  }
  const count = (outcome: ImportLine['outcome']) => lines.filter((l) => l.outcome === outcome).length;
  out.push(
    '',
    `${run.dryRun ? 'Would create' : 'Created'} ${count('created')}, ${run.dryRun ? 'would update' : 'updated'} ${count('updated')}, matched ${count('matched')}, skipped ${count('skipped')}, failed ${count('failed')}; ${plan.notes.length} note(s).`,
  );
  return out.join('\n');
}
