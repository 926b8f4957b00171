import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatBudget,
  formatBurn,
  formatClock,
  formatClockDay,
  formatDuration,
  formatDataLength,
  formatExhaustedIn,
  formatMs,
  formatPercent,
  formatRate,
  formatSpan,
  NO_DATA,
} from '../../src/lib/format';

describe('formatMs', () => {
  it('uses one decimal below 100 ms, whole ms below 1 s, seconds above', () => {
    expect(formatMs(4.25)).toBe('4.3 ms');
    expect(formatMs(50)).toBe('50 ms');
    expect(formatMs(121.2)).toBe('121 ms');
    expect(formatMs(1094.123)).toBe('1.09 s');
    expect(formatMs(200)).toBe('200 ms');
  });
  it('renders null as no data, never 0', () => {
    expect(formatMs(null)).toBe(NO_DATA);
    expect(formatMs(undefined)).toBe(NO_DATA);
    expect(formatMs(Number.NaN)).toBe(NO_DATA);
  });
});

describe('formatPercent', () => {
  it('formats ratios as percentages without trailing zeros', () => {
    expect(formatPercent(0.995)).toBe('99.5 %');
    expect(formatPercent(0.95)).toBe('95 %');
    expect(formatPercent(1)).toBe('100 %');
    expect(formatPercent(0)).toBe('0 %');
    expect(formatPercent(0.012345)).toBe('1.23 %');
    expect(formatPercent(0.99912, 3)).toBe('99.912 %');
  });
  it('renders null as no data', () => {
    expect(formatPercent(null)).toBe(NO_DATA);
  });
});

describe('formatRate and formatBurn', () => {
  it('formats request rates', () => {
    expect(formatRate(170.14)).toBe('170.1 req/s');
    expect(formatRate(0)).toBe('0 req/s');
    expect(formatRate(null)).toBe(NO_DATA);
  });
  it('formats burn rates as multiples', () => {
    expect(formatBurn(0)).toBe('0×');
    expect(formatBurn(0.4242)).toBe('0.42×');
    expect(formatBurn(1)).toBe('1×');
    expect(formatBurn(16.7311)).toBe('16.7×');
    expect(formatBurn(null)).toBe(NO_DATA);
  });
});

describe('formatDuration', () => {
  it('uses at most two units', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(45.4)).toBe('45 s');
    expect(formatDuration(60)).toBe('1 min');
    expect(formatDuration(12 * 60 + 59)).toBe('12 min');
    expect(formatDuration(3 * 3600)).toBe('3 h');
    expect(formatDuration(3 * 3600 + 20 * 60)).toBe('3 h 20 min');
    expect(formatDuration(2 * 86400 + 4 * 3600 + 5)).toBe('2 d 4 h');
    expect(formatDuration(30 * 86400)).toBe('30 d');
    expect(formatDuration(82055 * 86400)).toBe('over a year');
  });
  it('clamps negatives and renders null as no data', () => {
    expect(formatDuration(-5)).toBe('0 s');
    expect(formatDuration(null)).toBe(NO_DATA);
  });
  it('says when the budget is exhausted', () => {
    expect(formatExhaustedIn(3 * 3600 + 20 * 60)).toBe('exhausted in 3 h 20 min');
    expect(formatExhaustedIn(0)).toBe('exhausted in 0 s');
    expect(formatExhaustedIn(null)).toBe('');
  });
});

describe('formatBudget', () => {
  it('shows what is left, exhaustion, and no data', () => {
    expect(formatBudget(0.82)).toBe('82 % left');
    expect(formatBudget(0.8348)).toBe('83.5 % left');
    expect(formatBudget(0)).toBe('exhausted (0 %)');
    expect(formatBudget(-0.5)).toBe('exhausted (-50 %)');
    expect(formatBudget(null)).toBe('no data');
  });
});

describe('clock and age', () => {
  it('formats unix seconds as wall-clock time (tests run in UTC)', () => {
    expect(formatClock(Date.UTC(2026, 0, 2, 3, 4, 5) / 1000)).toBe('03:04:05');
    expect(formatClock(null)).toBe(NO_DATA);
  });
  it('formats ages', () => {
    expect(formatAgo(100, 100.5)).toBe('just now');
    expect(formatAgo(100, 130)).toBe('30 s ago');
    expect(formatAgo(100, 100 + 3 * 60)).toBe('3 min ago');
    expect(formatAgo(null, 1)).toBe(NO_DATA);
  });
});

describe('formatSpan', () => {
  it('counts a span to the second under an hour', () => {
    expect(formatSpan(0.4)).toBe('0 s');
    expect(formatSpan(40.2)).toBe('40 s');
    expect(formatSpan(59.6)).toBe('1 min');
    expect(formatSpan(158)).toBe('2 min 38 s');
    expect(formatSpan(300)).toBe('5 min');
    expect(formatSpan(3599)).toBe('59 min 59 s');
  });
  it('an hour or more as formatDuration', () => {
    expect(formatSpan(3600)).toBe('1 h');
    expect(formatSpan(3 * 3600 + 20 * 60 + 7)).toBe('3 h 20 min');
    expect(formatSpan(null)).toBe(NO_DATA);
  });
});

describe('formatClockDay', () => {
  const at = (d: number, h: number, m: number, s: number) => Date.UTC(2026, 11, d, h, m, s) / 1000;
  it('is the clock alone on the same day', () => {
    expect(formatClockDay(at(5, 0, 0, 1), at(5, 23, 59, 59))).toBe('00:00:01');
  });
  it('puts the date before the clock on another day', () => {
    expect(formatClockDay(at(4, 23, 59, 10), at(5, 0, 0, 5))).toBe('2026-12-04 23:59:10');
    expect(formatClockDay(Date.UTC(2025, 0, 9, 8, 7, 6) / 1000, at(5, 1, 0, 0))).toBe(
      '2025-01-09 08:07:06',
    );
    expect(formatClockDay(null)).toBe(NO_DATA);
  });
});

describe('formatDataLength', () => {
  it('says how much of a window that is not full has data', () => {
    expect(formatDataLength('30d', 11)).toBe('11 s of data');
    expect(formatDataLength('5m', 299.9)).toBe('5 min of data');
    expect(formatDataLength('1d', 626)).toBe('10 min of data');
    expect(formatDataLength('3d', 2 * 86400 + 5 * 3600)).toBe('2 d 5 h of data');
    expect(formatDataLength('90s', 0)).toBe('0 s of data');
  });
  it('says nothing once the window is full, or without the figure', () => {
    expect(formatDataLength('5m', 300)).toBe('');
    expect(formatDataLength('30d', 2592000)).toBe('');
    expect(formatDataLength('3601s', 3601)).toBe('');
    expect(formatDataLength('30d', null)).toBe('');
    expect(formatDataLength('30d', undefined)).toBe('');
    expect(formatDataLength('soon', 11)).toBe('');
  });
});
