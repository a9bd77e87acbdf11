/** The one place that asks for notification permission: a control the person chooses to click. */
import { useDesktopNotifications } from '../api/useDesktopNotifications.ts';

export function DesktopAlertsToggle() {
  const { permission, request } = useDesktopNotifications();
  switch (permission) {
    case 'unsupported':
      return null;
    case 'insecure':
      return (
        <span className="desktop-alerts muted small" title="Browsers only show desktop notifications for https:// addresses (or localhost).">
          Desktop alerts need HTTPS
        </span>
      );
    case 'granted':
      return (
        <span className="desktop-alerts small" data-testid="desktop-alerts" data-state="granted" title="Pages also show as desktop notifications when this tab is in the background.">
          <span aria-hidden="true">🔔 </span>Desktop alerts on
        </span>
      );
    case 'denied':
      return (
        <span className="desktop-alerts muted small" data-testid="desktop-alerts" data-state="denied" title="Allow notifications for this site in the browser's site settings to get them.">
          Desktop alerts blocked by the browser
        </span>
      );
    default:
      return (
        <button
          type="button"
          className="small-button desktop-alerts"
          data-testid="desktop-alerts"
          data-state="default"
          title="Show pages as desktop notifications while this tab is in the background"
          onClick={() => void request()}
        >
          Turn on desktop alerts
        </button>
      );
  }
}
