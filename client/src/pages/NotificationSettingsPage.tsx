/**
 * /settings/notifications: how pages reach me beyond open tabs (issue 18): my contact methods, my
 * notification rules, and a test notification to check them.
 */
import { useEffect, useState } from 'react';
import { useSession } from '../api/session.tsx';
import { useContactMethods, useNotificationRules } from '../api/notifications.ts';
import { TopBar } from '../components/TopBar.tsx';
import { AddContactMethodForm } from '../components/notifications/AddContactMethodForm.tsx';
import { ContactMethodList } from '../components/notifications/ContactMethodList.tsx';
import { NotificationRulesEditor } from '../components/notifications/NotificationRulesEditor.tsx';
import { TestNotificationButton } from '../components/notifications/TestNotificationButton.tsx';

export function NotificationSettingsPage() {
  const me = useSession();
  const methods = useContactMethods(me.userId);
  // Removing a method changes the rules on the server: they are read again with the methods.
  const [revision, setRevision] = useState(0);
  const rules = useNotificationRules(me.userId, revision);
  const changed = () => {
    void methods.refresh();
    setRevision((r) => r + 1);
  };

  useEffect(() => {
    document.title = 'Notifications · Incident Room';
  }, []);

  return (
    <div className="page notification-settings-page">
      <TopBar />
      <main className="stack settings-main">
        <h1>How pages reach you</h1>
        <p className="muted">Every page shows at once in your open tabs of the room (and as a desktop notification where you allowed it). These rules reach you when no tab is open.</p>
        {(methods.error ?? rules.error) && (
          <p className="form-error" role="alert">
            {methods.error ?? rules.error}
          </p>
        )}
        <section className="panel stack" aria-labelledby="methods-heading">
          <h2 id="methods-heading">Contact methods</h2>
          <ContactMethodList userId={me.userId} methods={methods.methods} onChanged={changed} />
          <AddContactMethodForm userId={me.userId} onAdded={changed} />
        </section>
        <section className="panel stack" aria-labelledby="rules-heading">
          <h2 id="rules-heading">Notification rules</h2>
          {rules.data ? (
            <NotificationRulesEditor key={JSON.stringify(rules.data)} userId={me.userId} methods={methods.methods} stored={rules.data} onSaved={() => void rules.refresh()} />
          ) : (
            <p aria-busy="true">Loading…</p>
          )}
        </section>
        <section className="panel stack" aria-labelledby="test-heading">
          <h2 id="test-heading">Check them</h2>
          <TestNotificationButton userId={me.userId} />
        </section>
      </main>
    </div>
  );
}
