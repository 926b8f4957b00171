import { describe, expect, it } from 'vitest';
import { isStale, STALE_AFTER_MS } from '../../src/live/useStale';

describe('isStale', () => {
  it('nothing shown is not stale', () => {
    expect(isStale('connecting', null, 10_000)).toBe(false);
  });
  it('a snapshot older than STALE_AFTER_MS is stale, whatever the connection says', () => {
    expect(isStale('live', 1000, 1000 + STALE_AFTER_MS)).toBe(false);
    expect(isStale('live', 1000, 1001 + STALE_AFTER_MS)).toBe(true);
    expect(isStale('polling', 1000, 1001 + STALE_AFTER_MS)).toBe(true);
  });
  it('failing polls make it stale at once', () => {
    expect(isStale('offline', 1000, 1000)).toBe(true);
    expect(isStale('reconnecting', 1000, 1500)).toBe(false);
  });
});
