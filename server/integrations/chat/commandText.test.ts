import fs from 'node:fs';
import { parseModel } from '../../model/modelFile.ts';
import { describe, expect, it } from 'vitest';
import { chatVocabulary, helpText, parseChatCommand } from './commandText.ts';

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

  it('speaks the incident model’s words (issue 17)', () => {
    const vocab = chatVocabulary(parseModel(fs.readFileSync('ops/incident-model.example.yaml', 'utf8'), 'model.yaml').model);
    expect(parseChatCommand('declare sec0 Leaked key', vocab)).toEqual({ verb: 'declare', severity: 'SEC0', title: 'Leaked key', private: false });
    // Without a severity: the model's third, as SEV3 is the default's.
    expect(parseChatCommand('declare Slow search', vocab)).toMatchObject({ severity: 'P2' });
    expect(parseChatCommand('status watching', vocab)).toEqual({ verb: 'status', status: 'watching', incidentId: null });
    expect(parseChatCommand('status investigating', vocab)).toMatchObject({ verb: 'invalid', message: expect.stringContaining('triage, fixing, watching, closed') });
    expect(parseChatCommand('claim security-lead', vocab)).toEqual({ verb: 'claim', role: 'security-lead', incidentId: null });
    expect(parseChatCommand('claim ic', vocab)).toEqual({ verb: 'claim', role: 'commander', incidentId: null });
    expect(helpText(vocab)).toContain('sev <SEC0|P1|P2|minor>');
  });
});
