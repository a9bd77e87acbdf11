/** The access rules on their own, for every kind of principal (issue 11; issue 13 builds on them). */
import { describe, expect, it } from 'vitest';
import type { Principal } from './access.ts';
import {
  adminRefusal,
  canWriteResponderDocs,
  incidentRefusal,
  incidentVisible,
  membershipRefusal,
  organisationRefusal,
  recordRefusal,
  seesEveryIncident,
  sessionsRefusal,
  tokenManagementRefusal,
} from './access.ts';
import { chatLinkRefusal, deactivationRefusal, deviceLinkRefusal, peopleAdminRefusal } from './access.ts';

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
    for (const p of [session, responderLink, stakeholderLink]) expect(adminRefusal(p, 'the audit trail')).toBe('the audit trail needs an admin or the API token');
  });

  it('lets a person manage their own sessions, and the API token anyone’s', () => {
    expect(allowed(sessionsRefusal(session, 'u-ana'))).toBe(true);
    expect(sessionsRefusal(session, 'u-ben')).not.toBeNull();
    expect(allowed(sessionsRefusal(apiToken, 'u-ben'))).toBe(true);
    // A link of the same person is not a signed-in session.
    expect(sessionsRefusal({ ...responderLink, userId: 'u-ana' }, 'u-ana')).not.toBeNull();
  });

  it('links a chat account only to a person signed in as themselves', () => {
    expect(allowed(chatLinkRefusal(session))).toBe(true);
    for (const p of [apiToken, responderLink, stakeholderLink]) expect(chatLinkRefusal(p)).toMatch(/sign in as yourself/);
  });

  it('lets everyone but stakeholders write the responder document', () => {
    expect(canWriteResponderDocs('stakeholder')).toBe(false);
    for (const a of ['admin', 'responder'] as const) expect(canWriteResponderDocs(a)).toBe(true);
  });
});

describe('shared/access: people administration (issue 13)', () => {
  const oidcAdmin: Principal = { ...base, userId: 'u-boss', access: 'admin', incidentId: null, sessionId: 'ses-9', expiresAt: 10 };

  it('lets admins (from the provider or the API token) administer people, and nobody else', () => {
    for (const p of [apiToken, oidcAdmin]) expect(allowed(peopleAdminRefusal(p))).toBe(true);
    for (const p of [session, responderLink, stakeholderLink]) expect(peopleAdminRefusal(p)).toMatch(/admins/);
  });

  it('never lets an admin deactivate themselves', () => {
    expect(allowed(deactivationRefusal(oidcAdmin, 'u-ana'))).toBe(true);
    expect(deactivationRefusal(oidcAdmin, 'u-boss')).toMatch(/yourself/);
    expect(deactivationRefusal(apiToken, 'u-automation')).toMatch(/yourself/);
    expect(deactivationRefusal(session, 'u-ben')).toMatch(/admins/);
  });

  it('gives device links to signed-in people only', () => {
    for (const p of [session, oidcAdmin]) expect(allowed(deviceLinkRefusal(p))).toBe(true);
    for (const p of [apiToken, responderLink, stakeholderLink]) expect(deviceLinkRefusal(p)).not.toBeNull();
  });

  describe('private incidents (issue 13)', () => {
    const ben: Principal = { ...session, userId: 'u-ben', sessionId: 'ses-2' };
    const oidcAdmin: Principal = { ...session, userId: 'u-root', access: 'admin', sessionId: 'ses-3' };
    const secret = { id: 'inc-a', private: true, members: new Set(['u-ana']) };
    const open = { ...secret, private: false };

    it('shows a public incident to everyone', () => {
      for (const p of [apiToken, session, ben, responderLink, stakeholderLink]) expect(incidentVisible(p, open)).toBe(true);
    });

    it('shows a private incident to its members, admins and links made for it, and to nobody else', () => {
      expect(incidentVisible(session, secret)).toBe(true);
      expect(incidentVisible(ben, secret)).toBe(false);
      expect(incidentVisible(apiToken, secret)).toBe(true);
      expect(incidentVisible(oidcAdmin, secret)).toBe(true);
      expect(incidentVisible(stakeholderLink, secret)).toBe(true);
      expect(incidentVisible(responderLink, secret)).toBe(true);
      expect(incidentVisible({ ...stakeholderLink, incidentId: 'inc-b' }, secret)).toBe(false);
      // Membership belongs to the person, not to a link of another incident that they happen to be.
      expect(incidentVisible({ ...responderLink, userId: 'u-ana', incidentId: 'inc-b' }, secret)).toBe(false);
    });

    it('lets members and admins change who is in it, never links or outsiders', () => {
      expect(allowed(membershipRefusal(session, secret))).toBe(true);
      expect(allowed(membershipRefusal(apiToken, secret))).toBe(true);
      expect(allowed(membershipRefusal(oidcAdmin, secret))).toBe(true);
      expect(membershipRefusal(ben, open)).toBe('only members of this incident add or remove members');
      expect(membershipRefusal(stakeholderLink, secret)).toBe('stakeholder links are read-only');
      expect(membershipRefusal(responderLink, secret)).toMatch(/token for one incident/);
    });

    it('gives the whole list only to admins', () => {
      expect(seesEveryIncident(apiToken)).toBe(true);
      expect(seesEveryIncident(oidcAdmin)).toBe(true);
      for (const p of [session, responderLink, stakeholderLink]) expect(seesEveryIncident(p)).toBe(false);
    });
  });
});
