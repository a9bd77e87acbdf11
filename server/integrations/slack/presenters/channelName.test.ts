import { describe, expect, it } from 'vitest';
import { channelNameOf } from './channelName.ts';

describe('incident channel names', () => {
  it('are lowercase letters, digits, hyphens and underscores, at most 80, led by the id', () => {
    expect(channelNameOf('inc-1a2b3c4d', 'DB: primary down! (eu-west-1)')).toBe('inc-1a2b3c4d-db-primary-down-eu-west-1');
    expect(channelNameOf('inc-1a2b3c4d', 'Zahlungsausfall für Käufer')).toBe('inc-1a2b3c4d-zahlungsausfall-fur-kaufer');
    expect(channelNameOf('inc-1a2b3c4d', '支付失败')).toBe('inc-1a2b3c4d');
    const long = channelNameOf('inc-1a2b3c4d', 'word '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/^[a-z0-9_-]+[a-z0-9_]$/);
  });
});
