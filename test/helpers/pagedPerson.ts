/**
 * The person a notification test pages: signed in, the roster's primary for service "api" (so
 * declaring for it pages them), with helpers to give them contact methods and rules as they
 * would on their settings page.
 */
import { expect } from 'vitest';
import type { TestServer } from './testServer.ts';
import { signIn } from './sessions.ts';
import type { SignedIn } from './sessions.ts';

export interface PagedPerson {
  person: SignedIn;
  method(type: 'email' | 'sms' | 'voice', address: string): Promise<string>;
  rules(rules: Array<{ afterMinutes: number; contactMethodIds: string[] }>): Promise<void>;
}

export async function pagedPerson(server: TestServer, name: string): Promise<PagedPerson> {
  const person = await signIn(server, name);
  expect((await server.api('PUT', '/api/services/api', { primary: { userId: person.session.userId, name } })).status).toBe(200);
  const base = `/api/users/${person.session.userId}`;
  return {
    person,
    method: async (type, address) => {
      const res = await person.api('POST', `${base}/contact-methods`, { type, address });
      expect(res.status).toBe(201);
      return res.body.id as string;
    },
    rules: async (rules) => {
      expect((await person.api('PUT', `${base}/notification-rules`, { rules })).status).toBe(201);
    },
  };
}
