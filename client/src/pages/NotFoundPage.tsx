import { Link } from '../routing/router.tsx';

export function NotFoundPage() {
  return (
    <main className="notice-page">
      <h1>Nothing here</h1>
      <p>
        This address is not a page of the Incident Room. <Link to="/">Go to the incident list</Link>.
      </p>
    </main>
  );
}
