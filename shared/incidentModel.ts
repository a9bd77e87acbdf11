/**
 * The incident model (issue 17): a team's own severities, statuses, roles, incident types and
 * custom fields, from INCIDENT_MODEL_FILE or the built-in default (the vocabulary the product had
 * before: SEV1-SEV4, four statuses, the seed's roles).
 *
 * Rules, metrics, exports and the status page never read a team's names: they read the fixed
 * parts (a status's category, a severity's urgency and order, the three seed roles' keys), so a
 * renamed status or a new severity cannot break them.
 *
 * Every incident carries the definitions it was declared with (`IncidentDefinitions`, in its
 * state document), so a later change of the file never changes the meaning of an incident that
 * exists: its severities, statuses, roles, type and fields stay the ones it was declared with.
 */
import { z } from 'zod';
import { DEFAULT_CHECKLISTS } from './checklists.ts';
import { SEVERITIES, SEVERITY_MEANING, STATUSES } from './incident.ts';
import { ROLES, SINGLE_HOLDER_ROLES } from './roles.ts';

/** What rules, metrics and the status page know of a status, whatever a team calls it. */
export const STATUS_CATEGORIES = ['triage', 'active', 'mitigated', 'resolved'] as const;
export type StatusCategory = (typeof STATUS_CATEGORIES)[number];

/** Whether a severity pages: high pages at once and escalates; low pages by low-urgency rules; none never pages. */
export const URGENCIES = ['high', 'low', 'none'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** What an open incident of a severity shows on the status page. */
export const STATUS_PAGE_IMPACTS = ['none', 'degraded', 'partial_outage', 'major_outage'] as const;

export const FIELD_KINDS = ['text', 'number', 'select', 'multiselect', 'person'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** When a field must have a value: never, from declaration on, or before the incident is resolved. */
export const FIELD_REQUIRED = ['never', 'declaration', 'resolution'] as const;

/** The roles every model has: they carry paging, escalation and arbitration. They can be renamed. */
export const SEED_ROLE_KEYS = ['primary', 'secondary', 'commander'] as const;
/** Subject-matter experts are listed by domain, not claimed; their key is reserved. */
const RESERVED_ROLE_KEYS = ['sme'];

const key = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/, 'must start with a letter and hold only letters, digits, "-" and "_" (at most 32)');
const name = z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters');
const description = z.string().max(500, 'must be at most 500 characters').default('');
const checklist = z.array(z.string().trim().min(1).max(200)).max(30).default([]);

export const SeverityDefinition = z.strictObject({
  key,
  name,
  description,
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #d0021b').default('#888888'),
  /** How often stakeholders must get an update while the incident is open. */
  updateCadenceMinutes: z.number().int().min(1).max(10_080).default(60),
  urgency: z.enum(URGENCIES).default('high'),
  statusPageImpact: z.enum(STATUS_PAGE_IMPACTS).default('none'),
});
export type SeverityDefinition = z.infer<typeof SeverityDefinition>;

export const StatusDefinition = z.strictObject({ key, name, description, category: z.enum(STATUS_CATEGORIES) });
export type StatusDefinition = z.infer<typeof StatusDefinition>;

export const RoleDefinitionSchema = z.strictObject({
  key,
  name,
  description,
  /** Several people may hold it at once (no arbitration, no take-over). */
  multiple: z.boolean().default(false),
  checklist,
});
export type ModelRole = z.infer<typeof RoleDefinitionSchema>;

export const FieldDefinition = z
  .strictObject({
    key,
    name,
    description,
    kind: z.enum(FIELD_KINDS),
    options: z.array(z.string().trim().min(1).max(80)).max(100).optional(),
    required: z.enum(FIELD_REQUIRED).default('never'),
    /** Shown to stakeholders (their page, the stakeholder export); otherwise responders only. */
    public: z.boolean().default(false),
    /** An alert label whose value fills this field when an alert opens an incident. */
    alertLabel: z.string().min(1).max(100).optional(),
  })
  .superRefine((f, ctx) => {
    const selects = f.kind === 'select' || f.kind === 'multiselect';
    if (selects && !f.options?.length) ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${f.kind} field needs options` });
    if (!selects && f.options) ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${f.kind} field has no options` });
    if (f.options && new Set(f.options).size !== f.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'options must differ' });
  });
export type FieldDefinition = z.infer<typeof FieldDefinition>;

export const IncidentTypeDefinition = z.strictObject({
  key,
  name,
  description,
  defaultSeverity: key,
  /** Roles this type uses; every role of the model when absent. The seed roles are always used. */
  roles: z.array(key).optional(),
  /** Checklists of this type, per role key, replacing the role's own. */
  checklists: z.record(key, checklist).optional(),
  /** Fields this type shows; every field when absent. */
  fields: z.array(key).optional(),
  /** Markdown the postmortem starts from. */
  postmortemTemplate: z.string().max(20_000).optional(),
  /** Whether its incidents are private (members only) unless declared otherwise. */
  private: z.boolean().default(false),
});
export type IncidentTypeDefinition = z.infer<typeof IncidentTypeDefinition>;

function unique(ctx: z.RefinementCtx, list: Array<{ key: string }>, path: string): void {
  const seen = new Set<string>();
  list.forEach((item, i) => {
    if (seen.has(item.key)) ctx.addIssue({ code: 'custom', path: [path, i, 'key'], message: `"${item.key}" is defined twice` });
    seen.add(item.key);
  });
}

export const IncidentModel = z
  .strictObject({
    /** Most severe first: the order is the severity's rank. */
    severities: z.array(SeverityDefinition).min(1).max(20),
    /** The first is where a declared incident starts. */
    statuses: z.array(StatusDefinition).min(2).max(20),
    roles: z.array(RoleDefinitionSchema).min(3).max(30),
    types: z.array(IncidentTypeDefinition).min(1).max(50),
    fields: z.array(FieldDefinition).max(50).default([]),
  })
  .superRefine((m, ctx) => {
    unique(ctx, m.severities, 'severities');
    unique(ctx, m.statuses, 'statuses');
    unique(ctx, m.roles, 'roles');
    unique(ctx, m.types, 'types');
    unique(ctx, m.fields, 'fields');
    if (m.statuses[0]?.category === 'resolved') ctx.addIssue({ code: 'custom', path: ['statuses', 0, 'category'], message: 'the first status is where incidents start: it cannot be resolved' });
    if (!m.statuses.some((s) => s.category === 'resolved')) ctx.addIssue({ code: 'custom', path: ['statuses'], message: 'needs a status in the resolved category' });
    const roleKeys = new Set(m.roles.map((r) => r.key));
    for (const seed of SEED_ROLE_KEYS) if (!roleKeys.has(seed)) ctx.addIssue({ code: 'custom', path: ['roles'], message: `needs the role "${seed}" (it can be renamed, not removed)` });
    m.roles.forEach((r, i) => {
      if (RESERVED_ROLE_KEYS.includes(r.key)) ctx.addIssue({ code: 'custom', path: ['roles', i, 'key'], message: `"${r.key}" is reserved for subject-matter experts` });
      if (r.multiple && (SEED_ROLE_KEYS as readonly string[]).includes(r.key)) ctx.addIssue({ code: 'custom', path: ['roles', i, 'multiple'], message: `"${r.key}" has one holder: it is paged and arbitrated` });
    });
    const severityKeys = new Set(m.severities.map((s) => s.key));
    const fieldKeys = new Set(m.fields.map((f) => f.key));
    m.types.forEach((t, i) => {
      if (!severityKeys.has(t.defaultSeverity)) ctx.addIssue({ code: 'custom', path: ['types', i, 'defaultSeverity'], message: `no severity "${t.defaultSeverity}"` });
      t.roles?.forEach((r, j) => roleKeys.has(r) || ctx.addIssue({ code: 'custom', path: ['types', i, 'roles', j], message: `no role "${r}"` }));
      for (const r of Object.keys(t.checklists ?? {})) if (!roleKeys.has(r)) ctx.addIssue({ code: 'custom', path: ['types', i, 'checklists', r], message: `no role "${r}"` });
      t.fields?.forEach((f, j) => fieldKeys.has(f) || ctx.addIssue({ code: 'custom', path: ['types', i, 'fields', j], message: `no field "${f}"` }));
    });
  });
export type IncidentModel = z.infer<typeof IncidentModel>;
/** The model as written in a file: defaults not yet filled in. */
export type IncidentModelInput = z.input<typeof IncidentModel>;

/** Until a team writes its own: the vocabulary the product always had. */
export function defaultModel(cadenceMinutes: Record<string, number> = {}, checklists: Record<string, string[]> = DEFAULT_CHECKLISTS): IncidentModel {
  const colours = ['#d0021b', '#f5a623', '#f8e71c', '#4a90e2'];
  const impacts = ['major_outage', 'partial_outage', 'degraded', 'none'] as const;
  const cadence = { SEV1: 15, SEV2: 30, SEV3: 60, SEV4: 120, ...cadenceMinutes };
  const categories: Record<string, StatusCategory> = { investigating: 'triage', identified: 'active', monitoring: 'mitigated', resolved: 'resolved' };
  return IncidentModel.parse({
    severities: SEVERITIES.map((s, i) => ({ key: s, name: s, description: SEVERITY_MEANING[s], colour: colours[i], updateCadenceMinutes: cadence[s], statusPageImpact: impacts[i] })),
    statuses: STATUSES.map((s) => ({ key: s, name: s[0]!.toUpperCase() + s.slice(1), category: categories[s] })),
    roles: SINGLE_HOLDER_ROLES.map((r) => ({ key: r, name: ROLES[r].label, description: ROLES[r].duty, checklist: checklists[r] ?? [] })),
    types: [{ key: 'default', name: 'Incident', defaultSeverity: 'SEV2' }],
    fields: [],
  });
}

/**
 * What one incident keeps of the model it was declared with: everything but the other types.
 * Written into its state document at declaration, read by every view of it from then on.
 */
export interface IncidentDefinitions {
  version: string;
  severities: SeverityDefinition[];
  statuses: StatusDefinition[];
  roles: ModelRole[];
  type: IncidentTypeDefinition;
  fields: FieldDefinition[];
}

export function definitionsFor(model: IncidentModel, version: string, typeKey: string): IncidentDefinitions | null {
  const type = model.types.find((t) => t.key === typeKey);
  if (!type) return null;
  const roles = model.roles.filter((r) => !type.roles || type.roles.includes(r.key) || (SEED_ROLE_KEYS as readonly string[]).includes(r.key));
  const fields = model.fields.filter((f) => !type.fields || type.fields.includes(f.key));
  return { version, severities: model.severities, statuses: model.statuses, roles, type, fields };
}

/** Incidents declared before the model existed carry no definitions: they read the default's. */
const LEGACY = definitionsFor(defaultModel(), 'default', 'default')!;
export function legacyDefinitions(): IncidentDefinitions {
  return LEGACY;
}

export function statusCategory(defs: IncidentDefinitions, status: string): StatusCategory {
  // A status an incident no longer defines cannot happen (commands check); active is the safe reading.
  return defs.statuses.find((s) => s.key === status)?.category ?? 'active';
}

export function isResolvedStatus(defs: IncidentDefinitions, status: string): boolean {
  return statusCategory(defs, status) === 'resolved';
}

export function severityDefinition(defs: IncidentDefinitions, severity: string): SeverityDefinition | undefined {
  return defs.severities.find((s) => s.key === severity);
}

/** 0 for the most severe; unknown severities rank last. */
export function severityRank(defs: IncidentDefinitions, severity: string): number {
  const i = defs.severities.findIndex((s) => s.key === severity);
  return i < 0 ? defs.severities.length : i;
}

export function roleDefinition(defs: IncidentDefinitions, role: string): ModelRole | undefined {
  return defs.roles.find((r) => r.key === role);
}

/**
 * Where a holder sits in the state document's `roles` map: a single-holder role under its key,
 * each holder of a role several hold under `<role>:<user id>`.
 */
export function holderKey(role: ModelRole, userId: string): string {
  return role.multiple ? `${role.key}:${userId}` : role.key;
}

/** The role a `roles` map key belongs to. */
export function roleOfHolderKey(key: string): string {
  const colon = key.indexOf(':');
  return colon < 0 ? key : key.slice(0, colon);
}

/** The checklist a role starts with in an incident of this type. */
export function roleChecklist(defs: IncidentDefinitions, role: string): string[] {
  return defs.type.checklists?.[role] ?? roleDefinition(defs, role)?.checklist ?? [];
}

export function cadenceMs(defs: IncidentDefinitions, severity: string): number {
  return (severityDefinition(defs, severity)?.updateCadenceMinutes ?? 60) * 60_000;
}

/** A field's value as stored: text, a number, one option, several options, or a person's id. */
export type FieldValue = string | number | string[];

/** Why a value does not fit a field, in words for the person who gave it; null when it fits. */
export function fieldValueRefusal(field: FieldDefinition, value: unknown): string | null {
  const label = `field "${field.name}"`;
  switch (field.kind) {
    case 'text':
      return typeof value === 'string' && value.length <= 2000 ? null : `${label} takes text of at most 2,000 characters`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : `${label} takes a number`;
    case 'select':
      return typeof value === 'string' && field.options!.includes(value) ? null : `${label} takes one of: ${field.options!.join(', ')}`;
    case 'multiselect':
      return Array.isArray(value) && value.every((v) => field.options!.includes(v)) && new Set(value).size === value.length
        ? null
        : `${label} takes several of: ${field.options!.join(', ')}`;
    case 'person':
      return typeof value === 'string' && value.length > 0 && value.length <= 100 ? null : `${label} takes a person's id`;
  }
}

/** Fields that must have a value by this moment and have none. */
export function missingRequiredFields(defs: IncidentDefinitions, values: Record<string, FieldValue>, moment: 'declaration' | 'resolution'): FieldDefinition[] {
  const due = moment === 'declaration' ? ['declaration'] : ['declaration', 'resolution'];
  return defs.fields.filter((f) => due.includes(f.required) && isEmptyValue(values[f.key]));
}

export function isEmptyValue(value: FieldValue | undefined): boolean {
  return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** What `GET /api/model` answers. */
export interface ModelResponse {
  version: string;
  model: IncidentModel;
}
