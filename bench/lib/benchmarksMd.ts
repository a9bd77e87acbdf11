/**
 * Keeps the results sections of BENCHMARKS.md current (`npm run bench`'s, and the scale-out
 * results of `npm run bench:cluster`). Only the text between a section's two markers is
 * rewritten; everything else in the file is written by people.
 */
import fs from 'node:fs';
import type { MachineFacts } from './machine.ts';
import type { Preset } from './options.ts';
import { markdownTable, serversOf } from './results.ts';
import type { Row, ScenarioRun } from './results.ts';

export const RESULTS_START = '<!-- bench:results:start (written by npm run bench; edits here are overwritten) -->';
export const RESULTS_END = '<!-- bench:results:end -->';

export function resultsSection(machine: MachineFacts, preset: Preset, rows: Row[], runs: ScenarioRun[], command: string): string {
  const commits = [...new Set(runs.map((r) => r.commit).filter((c): c is string => c !== null))];
  const code = commits.length > 1 ? `, server code changed during the run: commits ${commits.join(', ')}` : commits.length === 1 ? `, commit ${commits[0]}` : '';
  const facts = [
    `- Date: ${machine.date.slice(0, 16).replace('T', ' ')} UTC${code}`,
    `- Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB; ${machine.os}`,
    `- Node.js ${machine.node}; command \`${command}\` (${preset} sizes)`,
    '- Servers and clients share these cores: each server is its own process, all clients run in the bench process.',
    `- Other processes on the machine used at most ${Math.max(0, ...runs.map((r) => r.foreignCores ?? 0)).toFixed(2)} cores during the runs the figures come from.`,
  ];
  const notes: string[] = [];
  for (const run of runs) {
    const who = `${run.scenario} (${run.server})`;
    if (run.error) notes.push(`- ${who}: failed: ${run.error}`);
    if (run.timedOut) notes.push(`- ${who}: cut off at its time bound; figures are partial`);
    for (const r of run.refusals) notes.push(`- ${who}: ${r.count} connection(s) refused or closed with ${r.code}${r.reason ? ` (${r.reason})` : ''}`);
    for (const n of run.notes) notes.push(`- ${who}: ${n}`);
  }
  return [
    RESULTS_START,
    '',
    ...facts,
    '',
    markdownTable(rows, serversOf(runs)),
    '',
    ...(notes.length > 0 ? ['Notes from the run:', '', ...notes, ''] : []),
    RESULTS_END,
  ].join('\n');
}

export interface SectionMarkers {
  start: string;
  end: string;
  /** Heading of the section appended when the markers are not in the file yet. */
  heading: string;
}

const RESULTS_MARKERS: SectionMarkers = { start: RESULTS_START, end: RESULTS_END, heading: 'Latest results' };

/** Rewrites the text between `markers` (section includes them), or appends it under its heading. */
export function updateBenchmarksMd(file: string, section: string, markers: SectionMarkers = RESULTS_MARKERS): void {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = text.indexOf(markers.start);
  const end = text.indexOf(markers.end);
  const updated =
    start >= 0 && end > start ? text.slice(0, start) + section + text.slice(end + markers.end.length) : `${text.trimEnd()}\n\n## ${markers.heading}\n\n${section}\n`;
  fs.writeFileSync(file, updated);
}
