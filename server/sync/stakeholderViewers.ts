import type { Room } from './Room.ts';

/**
 * Stakeholder tabs a node serves, per link (token id): each tab holds exactly one connection to
 * the incident's state document, so counting those counts tabs (issue 12: how many are watching).
 */
export function stakeholderViewers(stateRoom: Room | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { access, tokenId } of stateRoom?.principals() ?? []) {
    if (access === 'stakeholder' && tokenId !== null) counts[tokenId] = (counts[tokenId] ?? 0) + 1;
  }
  return counts;
}
