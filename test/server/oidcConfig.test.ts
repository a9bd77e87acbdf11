/** Issue 13: OpenID settings are checked at start; a plain-HTTP issuer only on loopback. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

const oidc = (issuer: string, extra: Record<string, string> = {}) =>
  loadConfig({ OIDC_ISSUER_URL: issuer, OIDC_CLIENT_ID: 'room', OIDC_CLIENT_SECRET: 'secret', ...extra });

describe('OpenID configuration', () => {
  it('accepts https anywhere and http only on a loopback address', () => {
    expect(oidc('https://login.example.org/realms/eng').oidc?.issuer.href).toBe('https://login.example.org/realms/eng');
    for (const loopback of ['http://127.0.0.1:8080', 'http://localhost:9000', 'http://[::1]:9000']) expect(oidc(loopback).oidc).not.toBeNull();
    for (const plain of ['http://login.example.org', 'http://10.0.0.5', 'http://localhost.example.org']) {
      expect(() => oidc(plain)).toThrow(new ConfigError('Invalid configuration: OIDC_ISSUER_URL must be https:// (http:// only on a loopback address)'));
    }
  });

  it('needs the client id and secret, and openid among the scopes', () => {
    expect(() => loadConfig({ OIDC_ISSUER_URL: 'https://login.example.org' })).toThrow(/OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/);
    expect(() => oidc('https://login.example.org', { OIDC_SCOPES: 'profile email' })).toThrow(/must include openid/);
  });

  it('reads the defaults and the group lists', () => {
    const config = oidc('https://login.example.org', { OIDC_RESPONDER_GROUPS: 'oncall, sre', OIDC_ADMIN_GROUPS: 'sre-leads' });
    expect(config.oidc).toMatchObject({
      scopes: 'openid profile email',
      groupsClaim: 'groups',
      responderGroups: ['oncall', 'sre'],
      adminGroups: ['sre-leads'],
      tokenAuth: 'client_secret_basic',
      providerName: 'login.example.org',
      loginsPerMinute: 30,
    });
  });

  it('turns invites off by default with OIDC and on without it; INVITES decides when set', () => {
    expect(oidc('https://login.example.org').invites).toBe(false);
    expect(oidc('https://login.example.org', { INVITES: 'on' }).invites).toBe(true);
    expect(loadConfig({}).invites).toBe(true);
    expect(loadConfig({ INVITES: 'off' }).invites).toBe(false);
    expect(loadConfig({}).oidc).toBeNull();
  });
});
