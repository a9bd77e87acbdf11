/**
 * The model file is checked before the server starts (issue 17): a file it cannot use is refused
 * naming the line and the field, and a change that would strand open incidents is refused naming
 * them. A change that keeps what open incidents use starts, and old incidents keep the
 * definitions they were declared with: their exports still render in their own words.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../server/config.ts';
import { ConfigError } from '../../server/configError.ts';
import { parseModel } from '../../server/model/modelFile.ts';
import { startTestServer, tempDataDir } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { signIn } from '../helpers/sessions.ts';

const EXAMPLE = fs.readFileSync(path.resolve('ops/incident-model.example.yaml'), 'utf8');

function modelFile(text: string, ext = 'yaml'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-'));
  const file = path.join(dir, `model.${ext}`);
  fs.writeFileSync(file, text);
  return file;
}

const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('a model file the server cannot use', () => {
  it('names the line and the field of a value that is wrong', () => {
    const lines = EXAMPLE.split('\n');
    const at = lines.findIndex((l) => l.includes('"#d0021b"'));
    lines[at] = lines[at]!.replace('"#d0021b"', 'red');
    const message = refusal(() => parseModel(lines.join('\n'), 'model.yaml'));
    expect(message).toContain(`line ${at + 1}`);
    expect(message).toContain('severities.1.colour');
    expect(message).toContain('#d0021b');
  });

  it('names the line and column of a JSON syntax error', () => {
    const json = JSON.stringify(parse(EXAMPLE), null, 2).split('\n');
    json[3] = json[3]!.replace(/,$/, ',,');
    const message = refusal(() => parseModel(json.join('\n'), 'model.json'));
    expect(message).toMatch(/line 4, column \d+/);
  });

  it('refuses a model without a seed role, a type naming an unknown severity, and a duplicate key', () => {
    const model = parse(EXAMPLE);
    model.roles = model.roles.filter((r: { key: string }) => r.key !== 'secondary');
    model.types[1].defaultSeverity = 'SEV9';
    model.statuses.push({ key: 'triage', name: 'Again', category: 'active' });
    const message = refusal(() => parseModel(stringify(model), 'model.yaml'));
    expect(message).toContain('needs the role "secondary"');
    expect(message).toContain('no severity "SEV9"');
    expect(message).toContain('"triage" is defined twice');
  });

  it('stops loadConfig with the file named, and refuses the older settings beside it', () => {
    expect(refusal(() => loadConfig({ INCIDENT_MODEL_FILE: '/nonexistent/model.yaml' }))).toContain('/nonexistent/model.yaml');
    const file = modelFile(EXAMPLE);
    expect(refusal(() => loadConfig({ INCIDENT_MODEL_FILE: file, UPDATE_CADENCE_MINUTES: 'SEV1=5,SEV2=5,SEV3=5,SEV4=5' }))).toContain('replaces UPDATE_CADENCE_MINUTES');
    expect(loadConfig({ INCIDENT_MODEL_FILE: file }).model.model.severities[0]!.key).toBe('SEC0');
  });
});

describe('changing the model with incidents open', () => {
  it('refuses to drop what open incidents use, and keeps old incidents in their own words', async () => {
    const dataDir = tempDataDir();
    const before = modelFile(EXAMPLE);
    const first = await startTestServer({ dataDir }, { INCIDENT_MODEL_FILE: before });
    const ana = await signIn(first, 'Ana Lead');
    const open = (await ana.api('POST', '/api/incidents', { title: 'Still burning', severity: 'minor', fields: { region: 'eu' } })).body.id as string;
    await first.close();

    // Without "minor", or without the "region" field, the open incident would be stranded.
    const withoutMinor = parse(EXAMPLE);
    withoutMinor.severities = withoutMinor.severities.filter((s: { key: string }) => s.key !== 'minor');
    const refused = await startTestServer({ dataDir }, { INCIDENT_MODEL_FILE: modelFile(stringify(withoutMinor)) }).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(refused).toContain(`${open} uses severity "minor"`);
    const withoutRegion = parse(EXAMPLE);
    withoutRegion.fields = withoutRegion.fields.filter((f: { key: string }) => f.key !== 'region');
    for (const t of withoutRegion.types) t.fields = t.fields.filter((f: string) => f !== 'region');
    const refusedField = await startTestServer({ dataDir }, { INCIDENT_MODEL_FILE: modelFile(stringify(withoutRegion)) }).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(refusedField).toContain(`${open} uses field "region"`);

    // Renaming keeps the keys: the server starts; the old incident keeps the names it was declared with.
    const renamed = parse(EXAMPLE);
    renamed.severities.find((s: { key: string }) => s.key === 'minor').name = 'Low';
    renamed.statuses[0].name = 'New';
    const second = await startTestServer({ dataDir }, { INCIDENT_MODEL_FILE: modelFile(stringify(renamed)) });
    try {
      const ben = await signIn(second, 'Ben Backup');
      const md = await markdownOf(second, open);
      expect(md).toContain('Severity Minor, status Triage.');
      const fresh = (await ben.api('POST', '/api/incidents', { title: 'New one', severity: 'minor', fields: { region: 'us' } })).body.id;
      expect(await markdownOf(second, fresh)).toContain('Severity Low, status New.');
      // The old incident still takes commands in its own model.
      expect((await ben.api('POST', `/api/incidents/${open}/commands`, { type: 'setStatus', status: 'fixing' })).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('without a model file, the default model’s words and rules hold', async () => {
    const dataDir = tempDataDir();
    const plain = await startTestServer({ dataDir });
    const id = (await plain.api('POST', '/api/incidents', { title: 'Default model', severity: 'SEV3' })).body.id as string;
    const md = await markdownOf(plain, id);
    expect(md).toContain('Severity SEV3, status Investigating.');
    expect((await plain.api('POST', `/api/incidents/${id}/commands`, { type: 'setStatus', status: 'resolved' })).status).toBe(200);
    expect((await plain.api('GET', `/api/incidents/${id}`)).body.statusCategory).toBe('resolved');
    await plain.close();
  });
});

/** The Markdown export as the API token reads it. */
async function markdownOf(server: TestServer, id: string): Promise<string> {
  const res = await fetch(`${server.url}/api/incidents/${id}/export.md`, { headers: { authorization: `Bearer ${server.adminToken}` } });
  return res.text();
}
