import fs from 'node:fs';

/**
 * Reads a secret kept in the data folder, creating it with mode 0600 on first use.
 * Returns whether it was created, so the caller can show a new secret once.
 */
export function readOrCreateSecret(file: string, generate: () => string): { value: string; created: boolean } {
  try {
    return { value: fs.readFileSync(file, 'utf8').trim(), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const value = generate();
  // 'wx' fails if another process created it meanwhile, instead of overwriting its secret.
  fs.writeFileSync(file, value + '\n', { mode: 0o600, flag: 'wx' });
  return { value, created: true };
}
