import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh data folder of a test's own (storage tests use it without starting a server). */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'incident-room-test-'));
}
