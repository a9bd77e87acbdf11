/**
 * Writes a Yjs update straight into a stopped server's update log, through the product's own
 * storage API: how data stored before a server-side check existed (or written by an older
 * version) is reproduced, since a running server would refuse it.
 */
import { openStorage } from '../../server/storage/openStorage.ts';

export async function appendStoredUpdate(dataDir: string, doc: string, data: Uint8Array, author: string): Promise<void> {
  const storage = await openStorage({ storage: { kind: 'sqlite' }, dataDir });
  try {
    await storage.db.transaction(() => storage.updateLog.append(doc, [{ data, author, receivedAt: Date.now() }]));
  } finally {
    await storage.db.close();
  }
}
