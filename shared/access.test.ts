/** The access rules on their own, for every kind of principal (issue 11; issue 13 builds on them). */
import { describe, expect, it } from 'vitest';
import type { Principal } from './access.ts';
import { adminRefusal, canWriteResponderDocs, incidentRefusal, organisationRefusal, recordRefusal, sessionsRefusal, tokenManagementRefusal } from './access.ts';

const base = { name: 'X', tokenId: null, sessionId: null, expiresAt: null };
const apiToken: Principal = { ...base, userId: 'u-automation', access: 'admin', incidentId: null };
const session: Principal = { ...base, userId: 'u-ana', access: 'responder', incidentId: null, sessionId: 'ses-1', expiresAt: 10 };
const responderLink: Principal = { ...base, userId: 'u-bot', access: 'responder', incidentId: 'inc-a', tokenId: 'tok-1' };
const stakeholderLink: Principal = { ...base, userId: 'u-exec', access: 'stakeholder', incidentId: 'inc-a', tokenId: 'tok-2' };

const allowed = (r: string | null) => r === null;

describe('shared/access', () => {
  it('scopes per-incident tokens to their incident, and stakeholders to reading', () => {
    expect(allowed(incidentRefusal(responderLink, 'inc-a', true))).toBe(true);
    expect(incidentRefusal(responderLink, 'inc-b', false)).toBe('this token is for another incident');
    expect(allowed(incidentRefusal(stakeholderLink, 'inc-a', false))).toBe(true);
    expect(incidentRefusal(stakeholderLink, 'inc-a', true)).toBe('stakeholder links are read-only');
    expect(incidentRefusal(stakeholderLink, 'inc-b', false)).toBe('this token is for another incident');
    for (const p of [apiToken, session]) expect(allowed(incidentRefusal(p, 'inc-b', true))).toBe(true);
  });

  it('keeps organisation data and token management for sessions and the API token', () => {
    for (const rule of [organisationRefusal, tokenManagementRefusal]) {
      expect(allowed(rule(apiToken))).toBe(true);
      expect(allowed(rule(session))).toBe(true);
      expect(rule(responderLink)).toMatch(/one incident/);
      expect(rule(stakeholderLink)).toBe('stakeholder links are read-only');
    }
  });

  it('keeps exports and replay from stakeholders', () => {
    expect(recordRefusal(stakeholderLink)).toMatch(/responders/);
    for (const p of [apiToken, session, responderLink]) expect(allowed(recordRefusal(p))).toBe(true);
  });

  it('keeps API-token work for the API token', () => {
    expect(allowed(adminRefusal(apiToken, 'the audit trail'))).toBe(true);
    for (const p of [session, responderLink, stakeholderLink]) expect(adminRefusal(p, 'the audit trail')).toBe('the audit trail needs the API token');
  });

  it('lets a person manage their own sessions, and the API token anyone’s', () => {
    expect(allowed(sessionsRefusal(session, 'u-ana'))).toBe(true);
    expect(sessionsRefusal(session, 'u-ben')).not.toBeNull();
    expect(allowed(sessionsRefusal(apiToken, 'u-ben'))).toBe(true);
    // A link of the same person is not a signed-in session.
    expect(sessionsRefusal({ ...responderLink, userId: 'u-ana' }, 'u-ana')).not.toBeNull();
  });

  it('lets everyone but stakeholders write the responder document', () => {
    expect(canWriteResponderDocs('stakeholder')).toBe(false);
    for (const a of ['admin', 'responder'] as const) expect(canWriteResponderDocs(a)).toBe(true);
  });
});
