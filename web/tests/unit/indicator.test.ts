import { describe, expect, it } from 'vitest';
import { LEVEL_GLYPH, levelFor, statusGlyph } from '../../src/lib/indicator';

describe('levelFor (server thresholds: normal < 1 <= medium <= 2 < high)', () => {
  it('is normal below 1x', () => {
    expect(levelFor(0)).toBe('normal');
    expect(levelFor(0.999)).toBe('normal');
  });
  it('is medium from exactly 1x up to and including exactly 2x', () => {
    expect(levelFor(1)).toBe('medium');
    expect(levelFor(1.5)).toBe('medium');
    expect(levelFor(2)).toBe('medium');
  });
  it('is high above 2x', () => {
    expect(levelFor(2.0001)).toBe('high');
    expect(levelFor(16.7)).toBe('high');
  });
  it('has no level without data', () => {
    expect(levelFor(null)).toBeNull();
    expect(levelFor(undefined)).toBeNull();
    expect(levelFor(Number.NaN)).toBeNull();
  });
  it('gives every level and status a distinct glyph', () => {
    expect(new Set(Object.values(LEVEL_GLYPH)).size).toBe(3);
    expect(new Set(['Healthy', 'Degraded', 'Down'].map(statusGlyph)).size).toBe(3);
    expect(statusGlyph('Unknown')).toBe('•');
  });
});
