import type { TestServer } from './testServer.ts';

export async function declareIncident(server: TestServer, title = 'Checkout errors', severity = 'SEV2'): Promise<string> {
  const res = await server.api('POST', '/api/incidents', { title, severity });
  if (res.status !== 201) throw new Error(`declare failed: ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

export async function tokenFor(server: TestServer, incidentId: string, name: string, access: 'responder' | 'stakeholder' = 'responder'): Promise<string> {
  const res = await server.api('POST', `/api/incidents/${incidentId}/tokens`, { access, name });
  if (res.status !== 201) throw new Error(`token failed: ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}
