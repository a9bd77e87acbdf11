/**
 * Who held each role and when, rebuilt from the timeline and grouped by role (issue 20: a reader
 * asks "who was commander?", not "what happened to Iris?"). One reading for export.md and both
 * postmortem exports; each renderer brings its own escaping and clock, as with describeEvent.
 */
import type { IncidentEvent } from '../../shared/documents.ts';
import { roleOfHolderKey } from '../../shared/incidentModel.ts';
import type { IncidentDefinitions } from '../../shared/incidentModel.ts';
import { roleLabel } from '../../shared/roles.ts';

export interface RoleTenure {
  name: string;
  since: number;
  /** null while still held. */
  until: number | null;
}

export interface RoleGroup {
  role: string;
  label: string;
  /** Oldest first. */
  tenures: RoleTenure[];
}

export function roleGroups(events: readonly IncidentEvent[], defs: IncidentDefinitions): RoleGroup[] {
  const done: Array<RoleTenure & { key: string }> = [];
  // Keyed by holder key: a role several may hold has one key per holder.
  const open = new Map<string, { name: string; since: number }>();
  const close = (key: string, until: number | null) => {
    const held = open.get(key);
    if (!held) return;
    done.push({ key, name: held.name, since: held.since, until });
    open.delete(key);
  };
  for (const e of events) {
    if (e.type === 'role.claimed') open.set(e.role, { name: e.actor.name, since: e.at });
    if (e.type === 'role.released') close(e.role, e.at);
    if (e.type === 'role.assigned') open.set(e.role, { name: e.holder.name, since: e.at });
    if (e.type === 'role.handedOff' || e.type === 'role.reassigned' || e.type === 'role.takenOver') {
      close(e.role, e.at);
      open.set(e.role, { name: e.to.name, since: e.at });
    }
  }
  for (const key of [...open.keys()]) close(key, null);

  const byRole = new Map<string, RoleTenure[]>();
  for (const { key, ...tenure } of done) {
    const role = roleOfHolderKey(key);
    byRole.set(role, [...(byRole.get(role) ?? []), tenure]);
  }
  // The model's order (commander before scribe), then roles it no longer defines.
  const order = (role: string) => {
    const at = defs.roles.findIndex((r) => r.key === role);
    return at < 0 ? defs.roles.length : at;
  };
  return [...byRole.entries()]
    .sort(([a], [b]) => order(a) - order(b))
    .map(([role, tenures]) => ({ role, label: roleLabel(role, defs), tenures: tenures.sort((a, b) => a.since - b.since) }));
}

/** "Label: holder, from – to; next holder, from – now", one line per role. */
export function roleLine(group: RoleGroup, words: { text: (value: string) => string; time: (ms: number) => string }): string {
  const held = group.tenures.map((t) => `${words.text(t.name)}, ${words.time(t.since)} – ${t.until === null ? 'now' : words.time(t.until)}`);
  return `${words.text(group.label)}: ${held.join('; ')}`;
}
