/**
 * Imports from PagerDuty and Opsgenie (issue 19), and test pages: the shapes both sides agree on.
 *
 * The export files are what each vendor's REST API answers, saved as JSON. Their schemas here
 * name only the fields the import reads and let every other field through: an export carries
 * dozens more, and a newer vendor field must not make a file unreadable. What the import cannot
 * express here is reported by the importer, never dropped in silence.
 */
import { z } from 'zod';
import { Limits } from './limits.ts';
import { TimeZoneName, WEEKDAYS } from './schedules.ts';
import type { ContactMethodType, TestNotificationResult } from './notifications.ts';

export const IMPORT_SOURCES = ['pagerduty', 'opsgenie'] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

const text = z.string().min(1, 'must not be empty');
const id = z.union([z.string().min(1), z.number()]).transform(String);

// PagerDuty: GET /users?include[]=contact_methods&include[]=notification_rules, GET /schedules
// (each with its schedule_layers, and optionally its GET /schedules/{id}/overrides answer as
// `overrides`), GET /escalation_policies.

export const PagerDutyContactMethod = z.object({ id: id.optional(), type: text, address: z.string().optional(), country_code: z.number().int().optional() });
export const PagerDutyNotificationRule = z.object({
  start_delay_in_minutes: z.number().int().min(0),
  urgency: z.string().optional(),
  contact_method: z.object({ id, type: text }),
});
export const PagerDutyUsers = z.object({
  users: z.array(
    z.object({
      id,
      name: text,
      email: text,
      contact_methods: z.array(PagerDutyContactMethod).default([]),
      notification_rules: z.array(PagerDutyNotificationRule).default([]),
    }),
  ),
});
export type PagerDutyUsers = z.infer<typeof PagerDutyUsers>;

export const PagerDutyRestriction = z.object({
  type: z.enum(['daily_restriction', 'weekly_restriction']),
  start_time_of_day: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'must be a time of day "HH:MM:SS"'),
  duration_seconds: z.number().int().min(1),
  start_day_of_week: z.number().int().min(1).max(7).nullish(),
});
export type PagerDutyRestriction = z.infer<typeof PagerDutyRestriction>;

export const PagerDutySchedules = z.object({
  schedules: z.array(
    z.object({
      id,
      name: text,
      time_zone: text,
      schedule_layers: z.array(
        z.object({
          name: z.string().optional(),
          start: text,
          end: z.string().nullish(),
          rotation_virtual_start: text,
          rotation_turn_length_seconds: z.number().int().min(1),
          users: z.array(z.object({ user: z.object({ id }) })),
          restrictions: z.array(PagerDutyRestriction).default([]),
        }),
      ),
      overrides: z.array(z.object({ start: text, end: text, user: z.object({ id }) })).default([]),
    }),
  ),
});
export type PagerDutySchedules = z.infer<typeof PagerDutySchedules>;

export const PagerDutyPolicies = z.object({
  escalation_policies: z.array(
    z.object({
      id,
      name: text,
      num_loops: z.number().int().min(0).default(0),
      escalation_rules: z.array(z.object({ escalation_delay_in_minutes: z.number().int().min(0), targets: z.array(z.object({ id, type: text })) })),
      services: z.array(z.object({ id, summary: z.string().optional(), name: z.string().optional() })).default([]),
    }),
  ),
});
export type PagerDutyPolicies = z.infer<typeof PagerDutyPolicies>;

// Opsgenie: GET /v2/users (each with its GET /v2/users/{id}?expand=contact `userContacts`),
// GET /v2/schedules?expand=rotation, GET /v2/escalations. Each answers `{data: [...]}`.

export const OpsgenieUsers = z.object({
  data: z.array(
    z.object({
      id,
      username: text,
      fullName: z.string().optional(),
      userContacts: z.array(z.object({ id: id.optional(), contactMethod: z.string().optional(), method: z.string().optional(), to: text, enabled: z.boolean().optional() })).default([]),
    }),
  ),
});
export type OpsgenieUsers = z.infer<typeof OpsgenieUsers>;

const hour = z.number().int().min(0).max(24);
const minute = z.number().int().min(0).max(59);
export const OpsgenieTimeRestriction = z.union([
  z.object({ type: z.literal('time-of-day'), restriction: z.object({ startHour: hour, startMin: minute, endHour: hour, endMin: minute }) }),
  z.object({
    type: z.literal('weekday-and-time-of-day'),
    restrictions: z.array(z.object({ startDay: text, startHour: hour, startMin: minute, endDay: text, endHour: hour, endMin: minute })),
  }),
]);
export type OpsgenieTimeRestriction = z.infer<typeof OpsgenieTimeRestriction>;

export const OpsgenieParticipant = z.object({ type: text, id: id.optional(), username: z.string().optional(), name: z.string().optional() });

export const OpsgenieSchedules = z.object({
  data: z.array(
    z.object({
      id,
      name: text,
      timezone: text,
      enabled: z.boolean().optional(),
      rotations: z
        .array(
          z.object({
            name: z.string().optional(),
            startDate: text,
            endDate: z.string().nullish(),
            type: z.enum(['daily', 'weekly', 'hourly']),
            length: z.number().int().min(1).default(1),
            participants: z.array(OpsgenieParticipant),
            timeRestriction: OpsgenieTimeRestriction.nullish(),
          }),
        )
        .default([]),
    }),
  ),
});
export type OpsgenieSchedules = z.infer<typeof OpsgenieSchedules>;

export const OpsgenieEscalations = z.object({
  data: z.array(
    z.object({
      id,
      name: text,
      rules: z.array(
        z.object({
          notifyType: z.string().optional(),
          delay: z.object({ timeAmount: z.number().int().min(0), timeUnit: z.string().optional() }),
          recipient: OpsgenieParticipant,
        }),
      ),
      repeat: z.object({ waitInterval: z.number().int().min(0).default(0), count: z.number().int().min(0).default(0) }).nullish(),
    }),
  ),
});
export type OpsgenieEscalations = z.infer<typeof OpsgenieEscalations>;

// `POST /api/people`: an account for a person who has not signed in yet (an import's people).

export const CreatePerson = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(Limits.nameLength),
  email: z.email({ error: 'must be an email address' }).max(254),
  /** Where the person comes from, shown in the people list; with `externalId`, their id there. */
  source: z.enum(IMPORT_SOURCES).optional(),
  externalId: z.string().trim().min(1).max(Limits.idLength).optional(),
});
export type CreatePerson = z.infer<typeof CreatePerson>;

// Test pages.

/** `PUT /api/users/<id>/weekly-test-page`: a test page to the person's phone numbers once a week. */
export const WeeklyTestPageInput = z.strictObject({
  day: z.enum(WEEKDAYS, { error: `must be one of ${WEEKDAYS.join(', ')}` }),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day "HH:MM" (00:00 to 23:59)'),
  timeZone: TimeZoneName,
});
export type WeeklyTestPageInput = z.infer<typeof WeeklyTestPageInput>;

export interface WeeklyTestPageView extends WeeklyTestPageInput {
  /** The next test page (UTC). */
  nextAt: string;
  lastSentAt: string | null;
}

/** The methods a weekly test page uses: it is there to prove the phone path. */
export const WEEKLY_TEST_METHODS: readonly ContactMethodType[] = ['sms', 'voice'];

/** `POST /api/schedules/<id>/test-page`: what was sent to each person of the schedule. */
export interface TeamTestPageResult {
  scheduleId: string;
  people: Array<{ userId: string; name: string } & TestNotificationResult>;
}
