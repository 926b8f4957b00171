import { describe, expect, it } from 'vitest';
import { shallowEqual, shallowEqualList } from '../../src/lib/shallowEqual';
import { healthyPods, healthyServices } from '../fixtures';

describe('shallowEqual', () => {
  it('compares flat objects by value, including arrays of primitives', () => {
    // A service without its nested rollout (an object, compared by identity) is flat.
    const flat = () => {
      const { rollout: _rollout, ...service } = healthyServices()[1]!;
      return service;
    };
    expect(shallowEqual(flat(), flat())).toBe(true);
    expect(shallowEqual({ a: 1, b: [1, 2] }, { a: 1, b: [1, 3] })).toBe(false);
    expect(shallowEqual({ a: 1 }, { a: 1, b: 2 } as { a: number })).toBe(false);
    expect(shallowEqual({ a: null }, { a: 0 } as { a: number | null })).toBe(false);
  });
  it('compares lists element-wise', () => {
    const pods = healthyPods();
    expect(shallowEqualList(pods, healthyPods())).toBe(true);
    const changed = healthyPods();
    changed[4]!.restarts = 1;
    expect(shallowEqualList(pods, changed)).toBe(false);
  });
});
