import { describe, expect, it } from 'vitest';
import {
  appendSample,
  countGaps,
  emptySeries,
  mergeSeries,
  newest,
  seriesFromHistory,
  trimSeries,
} from '../../src/live/series';
import { makeHistory, makeSample, sampleService } from '../fixtures';

describe('seriesFromHistory', () => {
  it('keeps the columns aligned on t, oldest first', () => {
    const s = seriesFromHistory(makeHistory(1000, 5));
    expect(s.t).toEqual([996, 997, 998, 999, 1000]);
    expect(s.services['sensor-sim']?.p95).toEqual([80, 81, 82, 83, 84]);
    expect(s.services['ui-proxy']?.total).toEqual([3, 3, 3, 3, 3]);
  });
  it('keeps nulls as gaps and pads short columns with nulls', () => {
    const h = makeHistory(1000, 3);
    const svc = h.services[0]!;
    svc.latency_p95_ms = [80, null];
    const s = seriesFromHistory(h);
    expect(s.services['sensor-sim']?.p95).toEqual([80, null, null]);
  });
});

describe('appendSample', () => {
  it('appends a newer sample', () => {
    const s = appendSample(seriesFromHistory(makeHistory(1000, 3)), makeSample(1001, 120));
    expect(s.t).toEqual([998, 999, 1000, 1001]);
    expect(newest(s.services['sensor-sim']?.p95)).toBe(120);
  });
  it('ignores samples that are not newer, and null samples, returning the same object', () => {
    const s = seriesFromHistory(makeHistory(1000, 3));
    expect(appendSample(s, makeSample(1000))).toBe(s);
    expect(appendSample(s, makeSample(990))).toBe(s);
    expect(appendSample(s, null)).toBe(s);
  });
  it('does not mutate its input', () => {
    const s = seriesFromHistory(makeHistory(1000, 3));
    const before = JSON.stringify(s);
    appendSample(s, makeSample(1001));
    expect(JSON.stringify(s)).toBe(before);
  });
  it('starts from an empty series', () => {
    const s = appendSample(emptySeries(), makeSample(5, 90));
    expect(s.t).toEqual([5]);
    expect(s.services['planner-sim']?.p95).toEqual([90]);
  });
  it('records null values as gaps', () => {
    const s = appendSample(emptySeries(), makeSample(5, null));
    expect(s.services['sensor-sim']?.p95).toEqual([null]);
    expect(s.services['sensor-sim']?.errors).toEqual([null]);
  });
  it('fills gaps for a service missing from a sample and for a new service', () => {
    let s = appendSample(emptySeries(), { t: 1, services: [sampleService('a', 1)] });
    s = appendSample(s, { t: 2, services: [sampleService('b', 2)] });
    expect(s.services.a?.p95).toEqual([80, null]);
    expect(s.services.b?.p95).toEqual([null, 80]);
  });
  it('drops points older than the window', () => {
    let s = seriesFromHistory(makeHistory(1300, 301)); // 1000..1300: exactly 5 minutes
    expect(s.t[0]).toBe(1000);
    s = appendSample(s, makeSample(1302));
    expect(s.t[0]).toBe(1002);
    expect(s.t.length).toBe(300);
    expect(s.services['sensor-sim']?.p95.length).toBe(300);
    // Every column drops the same points: still aligned with t.
    expect(s.services['sensor-sim']?.p95[0]).toBe(82);
    expect(s.services['sensor-sim']?.p95.at(-1)).toBe(80);
    expect(s.services['ui-proxy']?.total).toHaveLength(300);
  });
});

describe('trimSeries', () => {
  it('returns the same object when nothing is outside the window', () => {
    const s = seriesFromHistory(makeHistory(1000, 10));
    expect(trimSeries(s, 300)).toBe(s);
  });
  it('keeps points within the window of the newest point', () => {
    const s = trimSeries(seriesFromHistory(makeHistory(1000, 10)), 3);
    expect(s.t).toEqual([997, 998, 999, 1000]);
    expect(s.services['sensor-sim']?.p95).toEqual([86, 87, 88, 89]);
  });
});

describe('mergeSeries', () => {
  it('appends live points newer than the history', () => {
    const live = appendSample(appendSample(emptySeries(), makeSample(999, 1)), makeSample(1001, 2));
    const merged = mergeSeries(seriesFromHistory(makeHistory(1000, 3)), live);
    expect(merged.t).toEqual([998, 999, 1000, 1001]);
    expect(merged.services['sensor-sim']?.p95).toEqual([80, 81, 82, 2]);
  });
});

describe('outages', () => {
  it('a silence of more than 2.5 s is drawn as a gap, not a line across it', () => {
    let s = seriesFromHistory(makeHistory(1000, 3));
    s = appendSample(s, makeSample(1002, 90)); // one sample missed: still a line
    expect(s.t).toEqual([998, 999, 1000, 1002]);
    expect(countGaps(s, 'sensor-sim')).toBe(0);
    s = appendSample(s, makeSample(1030, 95)); // the server was down for 28 s
    expect(s.t).toEqual([998, 999, 1000, 1002, 1003, 1030]);
    expect(s.services['sensor-sim']?.p95.slice(-3)).toEqual([90, null, 95]);
    expect(s.services['ui-proxy']?.total.slice(-3)).toEqual([3, null, 3]);
    expect(countGaps(s, 'sensor-sim')).toBe(1);
  });
  it('a point without requests is not counted as an outage', () => {
    const s = appendSample(seriesFromHistory(makeHistory(1000, 3)), makeSample(1001, null));
    expect(countGaps(s, 'sensor-sim')).toBe(0);
  });
});

describe('countGaps along live updates', () => {
  it('carries the count from one update to the next as a fresh count would find it', () => {
    let s = appendSample(emptySeries(), makeSample(1000), 10);
    expect(countGaps(s, 'sensor-sim')).toBe(0);
    // Gaps come in (silences of the page), then slide out of the 10 s window.
    for (const t of [1001, 1002, 1006, 1007, 1013, 1014, 1015, 1016, 1017, 1018, 1019, 1025]) {
      s = appendSample(s, makeSample(t), 10);
      const fresh = { t: s.t, services: { copy: { ...s.services['sensor-sim']! } } };
      expect(countGaps(s, 'sensor-sim'), `at ${t}`).toBe(countGaps(fresh, 'copy'));
    }
    expect(countGaps(s, 'sensor-sim')).toBe(1);
  });
});
