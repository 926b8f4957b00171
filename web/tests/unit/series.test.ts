import { describe, expect, it } from 'vitest';
import {
  appendSample,
  countGaps,
  emptySeries,
  column,
  mergeSeries,
  newestOf,
  type Series,
  type SeriesKey,
  seriesFromHistory,
  times,
  trimSeries,
} from '../../src/live/series';
import { makeHistory, makeSample, sampleService } from '../fixtures';

const KEYS: SeriesKey[] = ['p50', 'p95', 'p99', 'errors', 'rate', 'healthy', 'total'];

/** What a series reads, of the lab's services and of one new to it. */
const read = (s: Series) =>
  JSON.stringify([
    times(s),
    ['sensor-sim', 'planner-sim', 'ui-proxy', 'new-sim'].map((name) => [
      KEYS.map((key) => column(s, name, key)),
      countGaps(s, name),
    ]),
  ]);

describe('seriesFromHistory', () => {
  it('keeps the columns aligned on t, oldest first', () => {
    const s = seriesFromHistory(makeHistory(1000, 5));
    expect(times(s)).toEqual([996, 997, 998, 999, 1000]);
    expect(column(s, 'sensor-sim', 'p95')).toEqual([80, 81, 82, 83, 84]);
    expect(column(s, 'ui-proxy', 'total')).toEqual([3, 3, 3, 3, 3]);
  });
  it('keeps nulls as gaps and pads short columns with nulls', () => {
    const h = makeHistory(1000, 3);
    const svc = h.services[0]!;
    svc.latency_p95_ms = [80, null];
    const s = seriesFromHistory(h);
    expect(column(s, 'sensor-sim', 'p95')).toEqual([80, null, null]);
  });
});

describe('appendSample', () => {
  it('appends a newer sample', () => {
    const s = appendSample(seriesFromHistory(makeHistory(1000, 3)), makeSample(1001, 120));
    expect(times(s)).toEqual([998, 999, 1000, 1001]);
    expect(newestOf(s, 'sensor-sim', 'p95')).toBe(120);
    expect(newestOf(emptySeries(), 'sensor-sim', 'p95')).toBeNull();
  });
  it('ignores samples that are not newer, and null samples, returning the same object', () => {
    const s = seriesFromHistory(makeHistory(1000, 3));
    expect(appendSample(s, makeSample(1000))).toBe(s);
    expect(appendSample(s, makeSample(990))).toBe(s);
    expect(appendSample(s, null)).toBe(s);
  });
  it('does not change what its input reads, nor what any series read before', () => {
    const s0 = seriesFromHistory(makeHistory(1000, 3));
    const before = read(s0);
    const s1 = appendSample(s0, makeSample(1001, 90));
    const s2 = appendSample(s1, makeSample(1002, 91));
    // Another sample appended to s1 (s2 appended to its store first): a branch of its own.
    const other = appendSample(s1, makeSample(1002, 99));
    // A service new to the store: the series before it read it as all gaps, before and after.
    const unknown = [column(s2, 'new-sim', 'p95'), countGaps(s2, 'new-sim')];
    expect(unknown).toEqual([[null, null, null, null, null], 5]);
    const wider = appendSample(s2, { t: 1003, services: [sampleService('new-sim', 1003, 70)] });
    expect(read(s0)).toBe(before);
    // A live update copies nothing: s1 and s2 read one store; the branch has a store of its own.
    expect(s2.store).toBe(s1.store);
    expect(other.store).not.toBe(s1.store);
    expect(read(s1)).toBe(
      read(appendSample(seriesFromHistory(makeHistory(1000, 3)), makeSample(1001, 90))),
    );
    expect(times(s2)).toEqual([998, 999, 1000, 1001, 1002]);
    expect(column(s2, 'sensor-sim', 'p95').slice(-2)).toEqual([90, 91]);
    expect(times(other)).toEqual([998, 999, 1000, 1001, 1002]);
    expect(column(other, 'sensor-sim', 'p95').slice(-2)).toEqual([90, 99]);
    expect(column(wider, 'new-sim', 'p95')).toEqual([null, null, null, null, null, 70]);
    expect(countGaps(wider, 'new-sim')).toBe(5);
    expect([column(s2, 'new-sim', 'p95'), countGaps(s2, 'new-sim')]).toEqual(unknown);
  });
  it('starts from an empty series', () => {
    const s = appendSample(emptySeries(), makeSample(5, 90));
    expect(times(s)).toEqual([5]);
    expect(column(s, 'planner-sim', 'p95')).toEqual([90]);
  });
  it('records null values as gaps', () => {
    const s = appendSample(emptySeries(), makeSample(5, null));
    expect(column(s, 'sensor-sim', 'p95')).toEqual([null]);
    expect(column(s, 'sensor-sim', 'errors')).toEqual([null]);
  });
  it('fills gaps for a service missing from a sample and for a new service', () => {
    let s = appendSample(emptySeries(), { t: 1, services: [sampleService('a', 1)] });
    s = appendSample(s, { t: 2, services: [sampleService('b', 2)] });
    expect(column(s, 'a', 'p95')).toEqual([80, null]);
    expect(column(s, 'b', 'p95')).toEqual([null, 80]);
  });
  it('keeps the window over many updates, outages included, each point where it was', () => {
    let s = seriesFromHistory(makeHistory(1000, 5));
    // A silence of 5 s after every 37th second: a gap point each time.
    let last = 0;
    for (let t = 1001; t <= 3000; t += t % 37 ? 1 : 5) {
      s = appendSample(s, makeSample(t, t % 7 ? t : null), 100);
      last = t;
    }
    expect(times(s).at(-1)).toBe(last);
    expect(times(s)[0]).toBe(last - 100);
    const [total, p95] = [column(s, 'sensor-sim', 'total'), column(s, 'sensor-sim', 'p95')];
    const gaps = times(s).filter((_, i) => total[i] == null);
    expect(gaps.length).toBeGreaterThan(1);
    expect(countGaps(s, 'sensor-sim')).toBe(gaps.length);
    times(s).forEach((t, i) => {
      if (total[i] != null) expect(p95[i]).toBe(t % 7 ? t : null);
    });
    expect(newestOf(s, 'sensor-sim', 'p95')).toBe(last % 7 ? last : null);
    // The store is copied now and then, not with every update: it stays near the window.
    expect(s.store.t.length).toBeLessThan(2 * (s.end - s.start) + 70);
  });
  it('drops points older than the window', () => {
    let s = seriesFromHistory(makeHistory(1300, 301)); // 1000..1300: exactly 5 minutes
    expect(times(s)[0]).toBe(1000);
    s = appendSample(s, makeSample(1302));
    expect(times(s)[0]).toBe(1002);
    expect(times(s).length).toBe(300);
    expect(column(s, 'sensor-sim', 'p95').length).toBe(300);
    // Every column drops the same points: still aligned with t.
    expect(column(s, 'sensor-sim', 'p95')[0]).toBe(82);
    expect(column(s, 'sensor-sim', 'p95').at(-1)).toBe(80);
    expect(column(s, 'ui-proxy', 'total')).toHaveLength(300);
  });
});

describe('trimSeries', () => {
  it('returns the same object when nothing is outside the window', () => {
    const s = seriesFromHistory(makeHistory(1000, 10));
    expect(trimSeries(s, 300)).toBe(s);
  });
  it('keeps points within the window of the newest point', () => {
    const s = trimSeries(seriesFromHistory(makeHistory(1000, 10)), 3);
    expect(times(s)).toEqual([997, 998, 999, 1000]);
    expect(column(s, 'sensor-sim', 'p95')).toEqual([86, 87, 88, 89]);
  });
});

describe('mergeSeries', () => {
  it('appends live points newer than the history', () => {
    const live = appendSample(appendSample(emptySeries(), makeSample(999, 1)), makeSample(1001, 2));
    const merged = mergeSeries(seriesFromHistory(makeHistory(1000, 3)), live);
    expect(times(merged)).toEqual([998, 999, 1000, 1001]);
    expect(column(merged, 'sensor-sim', 'p95')).toEqual([80, 81, 82, 2]);
  });
});

describe('outages', () => {
  it('a silence of more than 2.5 s is drawn as a gap, not a line across it', () => {
    let s = seriesFromHistory(makeHistory(1000, 3));
    s = appendSample(s, makeSample(1002, 90)); // one sample missed: still a line
    expect(times(s)).toEqual([998, 999, 1000, 1002]);
    expect(countGaps(s, 'sensor-sim')).toBe(0);
    s = appendSample(s, makeSample(1030, 95)); // the server was down for 28 s
    expect(times(s)).toEqual([998, 999, 1000, 1002, 1003, 1030]);
    expect(column(s, 'sensor-sim', 'p95').slice(-3)).toEqual([90, null, 95]);
    expect(column(s, 'ui-proxy', 'total').slice(-3)).toEqual([3, null, 3]);
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
      const [total, healthy, rate, p95] = (['total', 'healthy', 'rate', 'p95'] as const).map(
        (key) => column(s, 'sensor-sim', key),
      );
      const fresh = times(s).filter(
        (_, i) => total![i] == null && healthy![i] == null && rate![i] == null && p95![i] == null,
      ).length;
      expect(countGaps(s, 'sensor-sim'), `at ${t}`).toBe(fresh);
    }
    expect(countGaps(s, 'sensor-sim')).toBe(1);
  });
});
