/**
 * A person's contact methods, notification rules and test notifications (issue 18), and the
 * acknowledge link's two requests. The server validates everything and answers why it refuses.
 */
import type {
  ContactMethod,
  ContactMethodInput,
  ContactMethodType,
  NotificationRules,
  PageLinkAcknowledged,
  PageLinkInfo,
  PageLinkRequest,
  StoredNotificationRules,
  TestNotificationResult,
} from '../../../shared/notifications.ts';
import { apiRequest } from './http.ts';
import { useFetched } from './useFetched.ts';

export type { ContactMethod, ContactMethodType, NotificationRules, StoredNotificationRules };

/** The types offered when adding a method, in the server's vocabulary (checked against it by the compiler). */
export const METHOD_TYPES: ReadonlyArray<{ type: ContactMethodType; label: string; placeholder: string; inputType: 'email' | 'tel' }> = [
  { type: 'email', label: 'Email', placeholder: 'you@example.com', inputType: 'email' },
  { type: 'sms', label: 'SMS', placeholder: '+442071838750', inputType: 'tel' },
  { type: 'voice', label: 'Voice call', placeholder: '+442071838750', inputType: 'tel' },
];

const base = (userId: string) => `/api/users/${encodeURIComponent(userId)}`;

export function useContactMethods(userId: string) {
  const fetched = useFetched<{ contactMethods: ContactMethod[] }>(`${base(userId)}/contact-methods`);
  return { ...fetched, methods: fetched.data?.contactMethods ?? [] };
}

export function useNotificationRules(userId: string, key: unknown) {
  return useFetched<StoredNotificationRules>(`${base(userId)}/notification-rules`, key);
}

export function addContactMethod(userId: string, input: ContactMethodInput): Promise<ContactMethod> {
  return apiRequest<ContactMethod>('POST', `${base(userId)}/contact-methods`, input);
}

export function removeContactMethod(userId: string, id: string): Promise<void> {
  return apiRequest<void>('DELETE', `${base(userId)}/contact-methods/${encodeURIComponent(id)}`);
}

export function saveNotificationRules(userId: string, rules: NotificationRules): Promise<StoredNotificationRules> {
  return apiRequest<StoredNotificationRules>('PUT', `${base(userId)}/notification-rules`, rules);
}

export function sendTestNotification(userId: string): Promise<TestNotificationResult> {
  return apiRequest<TestNotificationResult>('POST', `${base(userId)}/test-notification`);
}

export function inspectPageLink(token: string): Promise<PageLinkInfo> {
  return apiRequest<PageLinkInfo>('POST', '/api/page-links/inspect', { token } satisfies PageLinkRequest);
}

export function acknowledgeByPageLink(token: string): Promise<PageLinkAcknowledged> {
  return apiRequest<PageLinkAcknowledged>('POST', '/api/page-links/ack', { token } satisfies PageLinkRequest);
}
