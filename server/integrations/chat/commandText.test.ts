import { describe, expect, it } from 'vitest';
import { parseChatCommand } from './commandText.ts';

describe('the /incident grammar', () => {
  it('reads a declaration with or without severity and privacy', () => {
    expect(parseChatCommand('declare SEV1 Checkout is down')).toEqual({ verb: 'declare', severity: 'SEV1', title: 'Checkout is down', private: false });
    expect(parseChatCommand('  declare   private sev2  Payroll   leak ')).toEqual({ verb: 'declare', severity: 'SEV2', title: 'Payroll leak', private: true });
    expect(parseChatCommand('declare API slow')).toEqual({ verb: 'declare', severity: 'SEV3', title: 'API slow', private: false });
    expect(parseChatCommand('declare SEV1')).toMatchObject({ verb: 'invalid', message: expect.stringContaining('needs a title') });
  });

  it('reads roles by key and by the words people use', () => {
    expect(parseChatCommand('claim ic')).toEqual({ verb: 'claim', role: 'commander', incidentId: null });
    expect(parseChatCommand('release Scribe')).toEqual({ verb: 'release', role: 'scribe', incidentId: null });
    expect(parseChatCommand('claim janitor')).toMatchObject({ verb: 'invalid', message: expect.stringContaining('commander (Incident commander)') });
  });

  it('takes an incident id right after the verb', () => {
    expect(parseChatCommand('ack INC-1a2b3c4d')).toEqual({ verb: 'ack', incidentId: 'inc-1a2b3c4d' });
    expect(parseChatCommand('note inc-1a2b3c4d rolled back 4711')).toEqual({ verb: 'note', text: 'rolled back 4711', incidentId: 'inc-1a2b3c4d' });
    expect(parseChatCommand('note inc-1a2b3c4d')).toMatchObject({ verb: 'invalid' });
  });

  it('answers unknown words with what it expected, never a throw', () => {
    expect(parseChatCommand('status on-fire')).toMatchObject({ verb: 'invalid', message: expect.stringContaining('investigating') });
    expect(parseChatCommand('sev 9')).toMatchObject({ verb: 'invalid' });
    expect(parseChatCommand('dance')).toMatchObject({ verb: 'invalid', message: expect.stringContaining('help') });
    expect(parseChatCommand('')).toEqual({ verb: 'help' });
    expect(parseChatCommand('update ')).toMatchObject({ verb: 'invalid' });
  });
});
