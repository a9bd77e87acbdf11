/**
 * The alerting rules in ops/prometheus (issue 16) are valid (`promtool check rules`) and fire on
 * the failures they are for, and only then (`promtool test rules` with the unit tests beside
 * them). Skipped, saying so, only where Debian's promtool is not installed.
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const PROMTOOL = '/usr/bin/promtool';
const DIR = path.resolve('ops/prometheus');
const installed = fs.existsSync(PROMTOOL);
if (!installed) console.warn(`skipping the alerting rule checks: ${PROMTOOL} is not installed (apt-get install prometheus)`);

function promtool(...args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(PROMTOOL, args, { cwd: DIR }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr });
    });
  });
}

describe.skipIf(!installed)('the Prometheus alerting rules', () => {
  it('pass promtool check rules', async () => {
    const result = await promtool('check', 'rules', 'incident-room-rules.yml');
    expect(result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });

  it('fire on the failures they are for, and not on a healthy node', async () => {
    const result = await promtool('test', 'rules', 'incident-room-rules.test.yml');
    expect(result.code, result.output).toBe(0);
  });
});
