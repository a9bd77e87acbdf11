/**
 * Routes: the stakeholder view stands alone (it holds a link, not a session); everything else
 * needs a responder session and shares one socket.io connection.
 */
import { SessionProvider, useSessionLoader } from './api/session.tsx';
import type { SessionState } from './api/session.tsx';
import { SocketProvider } from './api/socket.tsx';
import { matchRoute, useLocation } from './routing/router.tsx';
import type { Route } from './routing/router.tsx';
import { lazyPage } from './routing/lazyPage.tsx';
import { LobbyPage } from './pages/LobbyPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { PageAlerts } from './components/PageAlerts.tsx';
import { RoomPage } from './pages/RoomPage.tsx';
import { SignedOutPage } from './pages/SignedOutPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { SignInRefusedPage } from './pages/SignInRefusedPage.tsx';
import { DeviceJoinPage } from './pages/DeviceJoinPage.tsx';
import { StakeholderPage } from './pages/StakeholderPage.tsx';

// Pages off the hot path, each its own chunk (see lazyPage).
const ReplayPage = lazyPage(() => import('./pages/ReplayPage.tsx').then((m) => m.ReplayPage));
const PostmortemPage = lazyPage(() => import('./pages/PostmortemPage.tsx').then((m) => m.PostmortemPage));
const RosterPage = lazyPage(() => import('./pages/RosterPage.tsx').then((m) => m.RosterPage));
const PeoplePage = lazyPage(() => import('./pages/PeoplePage.tsx').then((m) => m.PeoplePage));
const ChatLinkPage = lazyPage(() => import('./pages/ChatLinkPage.tsx').then((m) => m.ChatLinkPage));
const AckPage = lazyPage(() => import('./pages/AckPage.tsx').then((m) => m.AckPage));
const StatusPage = lazyPage(() => import('./pages/StatusPage.tsx').then((m) => m.StatusPage));
const NotificationSettingsPage = lazyPage(() => import('./pages/NotificationSettingsPage.tsx').then((m) => m.NotificationSettingsPage));
const SchedulesPage = lazyPage(() => import('./pages/SchedulesPage.tsx').then((m) => m.SchedulesPage));
const FollowUpsPage = lazyPage(() => import('./pages/FollowUpsPage.tsx').then((m) => m.FollowUpsPage));
const PostmortemsPage = lazyPage(() => import('./pages/PostmortemsPage.tsx').then((m) => m.PostmortemsPage));

export function App() {
  const route = matchRoute(useLocation());
  if (route.name === 'stakeholder') return <StakeholderPage key={route.incidentId} incidentId={route.incidentId} token={route.token} />;
  // Opened from an email, maybe on a phone that never signed in: the link is the credential.
  if (route.name === 'ack') return <AckPage token={route.token} />;
  // Public (or for signed-in people, as STATUS_PAGE says): the server decides who reads it.
  if (route.name === 'status') return <StatusPage />;
  return <ResponderApp route={route} />;
}

function ResponderApp({ route }: { route: Exclude<Route, { name: 'stakeholder' | 'ack' | 'status' }> }) {
  const { state, refresh } = useSessionLoader(true);
  if (route.name === 'join') return <SignInPage invite={route.invite} session={state} onSignedIn={refresh} />;
  if (route.name === 'deviceJoin') return <DeviceJoinPage token={route.token} onSignedIn={refresh} />;
  if (route.name === 'signInRefused') return <SignInRefusedPage reason={route.reason} />;
  return <SessionGate state={state} route={route} />;
}

type GatedRoute = Exclude<Route, { name: 'stakeholder' | 'ack' | 'status' | 'join' | 'deviceJoin' | 'signInRefused' }>;

function SessionGate({ state, route }: { state: SessionState; route: GatedRoute }) {
  switch (state.status) {
    case 'loading':
      return <div className="splash" aria-busy="true" />;
    case 'unreachable':
      return (
        <main className="notice-page">
          <h1>Incident Room</h1>
          <p role="alert">{state.message}</p>
        </main>
      );
    case 'signedOut':
      return <SignedOutPage route={route} />;
    case 'signedIn':
      return (
        <SessionProvider value={state.session}>
          <SocketProvider identity={state.session.userId}>
            {/* Above every page, and first in the document: a page reaches you wherever you are. */}
            <PageAlerts />
            <SignedInPage route={route} />
          </SocketProvider>
        </SessionProvider>
      );
  }
}

function SignedInPage({ route }: { route: GatedRoute }) {
  switch (route.name) {
    case 'lobby':
      return <LobbyPage />;
    case 'room':
      return <RoomPage key={route.incidentId} incidentId={route.incidentId} />;
    case 'replay':
      return <ReplayPage key={route.incidentId} incidentId={route.incidentId} />;
    case 'postmortem':
      return <PostmortemPage key={route.incidentId} incidentId={route.incidentId} />;
    case 'roster':
      return <RosterPage />;
    case 'people':
      return <PeoplePage />;
    case 'schedules':
      return <SchedulesPage />;
    case 'notificationSettings':
      return <NotificationSettingsPage />;
    case 'followUps':
      return <FollowUpsPage />;
    case 'postmortems':
      return <PostmortemsPage />;
    case 'chatLink':
      return <ChatLinkPage token={route.token} />;
    default:
      return <NotFoundPage />;
  }
}
