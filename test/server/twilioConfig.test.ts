/**
 * Twilio's settings (issue 19): off unless the SID, auth token and from-number are all set; a
 * bad value, or some of the three without the others, stops the server naming the variable.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const ON = { TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'a'.repeat(32), TWILIO_FROM_NUMBER: '+15005550006' };

const refusal = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
};

describe('Twilio configuration', () => {
  it('is off by default and on with all three, against Twilio unless told otherwise', () => {
    expect(loadConfig({}).twilio).toBeNull();
    expect(loadConfig(ON).twilio).toEqual({ apiUrl: 'https://api.twilio.com', accountSid: SID, authToken: 'a'.repeat(32), fromNumber: '+15005550006' });
    expect(loadConfig({ ...ON, TWILIO_API_URL: 'http://127.0.0.1:8080/' }).twilio?.apiUrl).toBe('http://127.0.0.1:8080');
  });

  it('refuses bad values and partial settings, naming the variable', () => {
    expect(refusal({ ...ON, TWILIO_ACCOUNT_SID: 'AC123' })).toMatch(/TWILIO_ACCOUNT_SID/);
    expect(refusal({ ...ON, TWILIO_FROM_NUMBER: '07700 900123' })).toMatch(/TWILIO_FROM_NUMBER.*E\.164/);
    expect(refusal({ ...ON, TWILIO_AUTH_TOKEN: 'short' })).toMatch(/TWILIO_AUTH_TOKEN/);
    expect(refusal({ ...ON, TWILIO_API_URL: 'ftp://twilio.example' })).toMatch(/TWILIO_API_URL/);
    expect(refusal({ TWILIO_ACCOUNT_SID: SID })).toMatch(/set TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER too/);
  });
});
