/**
 * Reads INCIDENT_MODEL_FILE (issue 17): JSON or YAML, validated against the model's schema. A
 * file the server cannot use stops it with a message that names the file, the line and the
 * field, so an operator fixes it without guessing.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { IncidentModel } from '../../shared/incidentModel.ts';
import { ConfigError } from '../configError.ts';

export interface LoadedModel {
  model: IncidentModel;
  /** Changes whenever the model's meaning does: incidents record it with their definitions. */
  version: string;
}

export function modelVersion(model: IncidentModel): string {
  return createHash('sha256').update(JSON.stringify(model)).digest('hex').slice(0, 12);
}

export function readModelFile(file: string): LoadedModel {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Invalid configuration: INCIDENT_MODEL_FILE ${file}: ${(error as Error).message}`);
  }
  return parseModel(text, file);
}

/** JSON is YAML too, so one parser gives both the positions of every field. */
export function parseModel(text: string, file: string): LoadedModel {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const { line, col } = lines.linePos(syntax.pos[0]);
    throw new ConfigError(`Invalid configuration: INCIDENT_MODEL_FILE ${file}, line ${line}, column ${col}: ${syntax.message.split('\n')[0]}`);
  }
  const parsed = IncidentModel.safeParse(doc.toJS());
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => {
      const at = issue.path.map(String);
      const line = lineOf(doc, lines, issue.path as Array<string | number>);
      return `${line ? `line ${line}, ` : ''}${at.length ? at.join('.') : 'the file'}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration: INCIDENT_MODEL_FILE ${file}: ${problems.join('; ')}`);
  }
  return { model: parsed.data, version: modelVersion(parsed.data) };
}

/** The line of the deepest part of `path` the file has (a missing field is reported at its parent). */
function lineOf(doc: Document, lines: LineCounter, path: Array<string | number>): number | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lines.linePos(range[0]).line;
  }
  return null;
}
