/**
 * Who the provider says signed in, and whether they get in: the name, email and groups read
 * from the merged claims, and the group rules of OIDC_RESPONDER_GROUPS and OIDC_ADMIN_GROUPS.
 */
import { Limits } from '../../../shared/limits.ts';
import type { OidcConfig } from '../../config.ts';
import type { Claims } from './OidcClient.ts';

export interface Identity {
  issuer: string;
  subject: string;
  name: string;
  email: string | null;
  /** The provider vouches the email is the person's (`email_verified`): only then may it claim an imported account. */
  emailVerified: boolean;
  groups: string[];
}

export type Admission = { admitted: true; admin: boolean } | { admitted: false };

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

export function identityOf(claims: Claims, groupsClaim: string): Identity {
  const email = text(claims.email);
  const given = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  // People see a name beside everything someone writes; the subject is a last resort.
  const name = text(claims.name) ?? (given || null) ?? text(claims.preferred_username) ?? email ?? String(claims.sub);
  return {
    issuer: String(claims.iss),
    subject: String(claims.sub),
    name: name.slice(0, Limits.nameLength),
    email: email?.slice(0, 320) ?? null,
    emailVerified: claims.email_verified === true,
    groups: groupsOf(claims[groupsClaim]),
  };
}

/** Providers send groups as an array, or (some) as one space- or comma-separated string. */
function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/**
 * With responder groups set, only their members get a session; an admin group's member does too,
 * since administering people needs signing in. Without them, everyone the provider vouches for.
 */
export function admissionOf(identity: Identity, settings: Pick<OidcConfig, 'responderGroups' | 'adminGroups'>): Admission {
  const inAny = (groups: string[]) => groups.some((g) => identity.groups.includes(g));
  const admin = inAny(settings.adminGroups);
  if (settings.responderGroups.length > 0 && !admin && !inAny(settings.responderGroups)) return { admitted: false };
  return { admitted: true, admin };
}
