/**
 * Whether this browser may show desktop notifications for pages. Permission is only ever asked
 * from a control the person clicks: browsers penalise (and people resent) prompts on load.
 */
import { useCallback, useEffect, useState } from 'react';

export type DesktopPermission = 'unsupported' | 'insecure' | NotificationPermission;

function current(): DesktopPermission {
  if (typeof Notification === 'undefined') return window.isSecureContext ? 'unsupported' : 'insecure';
  // Browsers refuse notifications to plain-http pages other than localhost.
  if (!window.isSecureContext) return 'insecure';
  return Notification.permission;
}

export function useDesktopNotifications(): { permission: DesktopPermission; request: () => Promise<void> } {
  const [permission, setPermission] = useState<DesktopPermission>(current);

  useEffect(() => {
    // The person may change it in the browser's site settings while the page is open.
    let status: PermissionStatus | null = null;
    const refresh = () => setPermission(current());
    navigator.permissions
      ?.query({ name: 'notifications' as PermissionName })
      .then((s) => {
        status = s;
        s.addEventListener('change', refresh);
      })
      .catch(() => undefined);
    window.addEventListener('focus', refresh);
    return () => {
      status?.removeEventListener('change', refresh);
      window.removeEventListener('focus', refresh);
    };
  }, []);

  const request = useCallback(async () => {
    if (typeof Notification === 'undefined') return;
    try {
      setPermission(await Notification.requestPermission());
    } catch {
      setPermission(current());
    }
  }, []);

  return { permission, request };
}
