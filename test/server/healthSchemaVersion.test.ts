/** Operators (and a rolling upgrade) read which schema a node runs from its health check (issue 16). */
import { expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../server/storage/sql/migrations.ts';
import { startTestServer } from '../helpers/testServer.ts';

it('GET /api/health reports the number of schema migrations applied', async () => {
  const server = await startTestServer();
  const res = await fetch(`${server.url}/api/health`);
  expect(await res.json()).toMatchObject({ ok: true, schemaVersion: SCHEMA_VERSION });
  await server.close();
});
