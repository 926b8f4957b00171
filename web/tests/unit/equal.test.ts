import { describe, expect, it } from 'vitest';
import { equal } from '../../src/lib/equal';
import { healthyPods, healthyServices, healthySlo } from '../fixtures';

describe('equal', () => {
  it('compares objects by value, including arrays of primitives', () => {
    expect(equal(healthyServices()[1], healthyServices()[1])).toBe(true);
    expect(equal({ a: 1, b: [1, 2] }, { a: 1, b: [1, 3] })).toBe(false);
    expect(equal({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(equal({ a: null }, { a: 0 })).toBe(false);
    expect(equal({ a: undefined }, { b: undefined })).toBe(false);
    expect(equal(NaN, NaN)).toBe(true);
  });
  it('compares lists element-wise', () => {
    const pods = healthyPods();
    expect(equal(pods, healthyPods())).toBe(true);
    const changed = healthyPods();
    changed[4]!.restarts = 1;
    expect(equal(pods, changed)).toBe(false);
    expect(equal(pods, pods.slice(1))).toBe(false);
  });
  it('compares nested objects by value, at any depth', () => {
    expect(equal(healthySlo(), healthySlo())).toBe(true);
    const changed = healthySlo();
    changed.slos[2]!.latency.burn_rate['1h'] = 0.5;
    expect(equal(healthySlo(), changed)).toBe(false);
  });
  it('compares functions by identity', () => {
    const f = () => 1;
    expect(equal({ f }, { f })).toBe(true);
    expect(equal({ f }, { f: () => 1 })).toBe(false);
  });
});
