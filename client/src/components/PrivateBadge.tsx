/** Says, wherever an incident is named, that only its members see it (issue 13). */
export function PrivateBadge() {
  return (
    <span className="replay-badge private-badge" title="Private: only its members see this incident" data-testid="private-badge">
      Private
    </span>
  );
}
