/**
 * Custom fields (issue 17). Every value is kept in the incidents table, where exports and the
 * API read it; public ones also in the state document, which stakeholders sync. A field's
 * value must fit the definition the incident was declared with.
 */
import type { z } from 'zod';
import type { CommandResults, SetField } from '../../shared/commands.ts';
import type { FieldDefinition, FieldValue, IncidentDefinitions } from '../../shared/incidentModel.ts';
import { fieldValueRefusal, isEmptyValue } from '../../shared/incidentModel.ts';
import type { IncidentMeta } from '../../shared/documents.ts';
import type { StateMaps } from '../../shared/stateDoc.ts';
import { definitionsOf, isResolved } from '../../shared/stateDoc.ts';
import { CommandError } from './CommandError.ts';
import type { CommandContext } from './context.ts';

export function fieldOf(defs: IncidentDefinitions, key: string): FieldDefinition {
  const field = defs.fields.find((f) => f.key === key);
  if (!field) {
    const known = defs.fields.map((f) => f.key);
    throw new CommandError('invalid', `no field "${key}" in this incident${known.length ? `: one of ${known.join(', ')}` : ' (it has no custom fields)'}`);
  }
  return field;
}

/** Checks every value against its definition; throws at the first that does not fit. */
export function checkFieldValues(defs: IncidentDefinitions, values: Record<string, FieldValue>): void {
  for (const [key, value] of Object.entries(values)) {
    const refusal = fieldValueRefusal(fieldOf(defs, key), value);
    if (refusal) throw new CommandError('invalid', refusal);
  }
}

/** Writes the public values into the state document: the only copy stakeholders can reach. */
export function mirrorPublicFields(maps: StateMaps, defs: IncidentDefinitions, values: Record<string, FieldValue>): void {
  for (const field of defs.fields) {
    if (!field.public) continue;
    const value = values[field.key];
    if (value === undefined) maps.publicFields.delete(field.key);
    else maps.publicFields.set(field.key, value);
  }
}

export async function setField(cmd: z.infer<typeof SetField>, ctx: CommandContext): Promise<CommandResults['setField']> {
  return ctx.state.atomically(async () => {
    const values = await ctx.incidents.fieldValues(cmd.incidentId, true);
    await ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, record }) => {
      const meta = maps.meta.toJSON() as IncidentMeta;
      const defs = definitionsOf(meta);
      const field = fieldOf(defs, cmd.field);
      const clearing = cmd.value === null || isEmptyValue(cmd.value);
      if (!clearing) {
        const refusal = fieldValueRefusal(field, cmd.value);
        if (refusal) throw new CommandError('invalid', refusal);
      } else if (field.required === 'declaration' || (field.required === 'resolution' && isResolved(meta))) {
        throw new CommandError('invalid', `field "${field.name}" is required`);
      }
      if (clearing) delete values[field.key];
      else values[field.key] = cmd.value!;
      mirrorPublicFields(maps, defs, values);
      maps.meta.set('fieldsRevision', (meta.fieldsRevision ?? 0) + 1);
      record({ type: 'field.changed', field: field.key, name: field.name, public: field.public, ...(field.public ? { value: clearing ? null : cmd.value } : {}) });
    });
    await ctx.incidents.saveFieldValues(cmd.incidentId, values);
    return { field: cmd.field, value: cmd.value };
  });
}
