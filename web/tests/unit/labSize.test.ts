import { describe, expect, it } from 'vitest';
import { isLargeLab, podCount, streamUrl, SUMMARY_ABOVE_PODS } from '../../src/lib/labSize';
import { makeLab, makeLargeLab } from '../fixtures';

describe('lab size', () => {
  it('counts pods from the services, also when the snapshot carries none', () => {
    expect(podCount(makeLab().services)).toBe(9);
    expect(podCount(makeLargeLab(20, 50, { pods: [] }).services)).toBe(1000);
  });

  it('summarises labs of more than 50 pods only', () => {
    expect(SUMMARY_ABOVE_PODS).toBe(50);
    expect(isLargeLab(null)).toBe(false);
    expect(isLargeLab(makeLab())).toBe(false);
    expect(isLargeLab(makeLargeLab(10, 5))).toBe(false);
    expect(isLargeLab(makeLargeLab(3, 17))).toBe(true);
  });

  it('follows every pod of a small lab, none or one service of a large one', () => {
    expect(streamUrl(false, null)).toBe('/stream');
    expect(streamUrl(false, 'svc-1')).toBe('/stream');
    expect(streamUrl(true, null)).toBe('/stream?pods=none');
    expect(streamUrl(true, 'svc 1&x')).toBe('/stream?service=svc%201%26x');
  });
});
