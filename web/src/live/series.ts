// Time series for the charts: columnar arrays (oldest first) per service, aligned on one time
// axis, as uPlot wants them. Every function is pure and returns new arrays when anything changed.
import type { History, HistoryService, Sample, SampleService } from '../api/types';
import { isNum } from '../lib/format';

export const WINDOW_SECONDS = 300;

/** Samples are one second apart; a longer silence than this is an outage (or the page was not
 * receiving), drawn as a gap: a point of nulls is put one second after the last one. */
export const MAX_SAMPLE_STEP_SECONDS = 2.5;

export type Column = (number | null)[];

export interface ServiceSeries {
  p50: Column;
  p95: Column;
  p99: Column;
  errors: Column;
  rate: Column;
  healthy: Column;
  total: Column;
}

export interface Series {
  /** Unix seconds, strictly increasing. */
  t: number[];
  /** One entry per service name; every column has t.length entries. */
  services: Record<string, ServiceSeries>;
}

export type SeriesKey = keyof ServiceSeries;

const FIELDS: readonly (readonly [SeriesKey, keyof SampleService & keyof HistoryService])[] = [
  ['p50', 'latency_p50_ms'],
  ['p95', 'latency_p95_ms'],
  ['p99', 'latency_p99_ms'],
  ['errors', 'error_ratio'],
  ['rate', 'request_rate'],
  ['healthy', 'pods_healthy'],
  ['total', 'pods_total'],
];

export const emptySeries = (): Series => ({ t: [], services: {} });

const nulls = (n: number): Column => new Array<number | null>(n).fill(null);

/** A service's columns of `length` gaps each (a service the series has no data of). */
export const emptyServiceSeries = (length: number): ServiceSeries =>
  Object.fromEntries(FIELDS.map(([key]) => [key, nulls(length)])) as unknown as ServiceSeries;

const num = (v: unknown): number | null => (isNum(v) ? v : null);

/** Builds the series from GET /history (missing or short columns become null gaps). */
export function seriesFromHistory(history: History): Series {
  const t = history.t.slice();
  const services: Record<string, ServiceSeries> = {};
  for (const svc of history.services) {
    const s = emptyServiceSeries(t.length);
    for (const [key, field] of FIELDS) {
      const source = svc[field] ?? [];
      const column = s[key];
      for (let i = 0; i < t.length; i++) column[i] = num(source[i]);
    }
    services[svc.name] = s;
  }
  return { t, services };
}

/** Index of the first point to keep so that only t >= newest - windowSeconds remain. */
function firstInWindow(
  t: readonly number[],
  windowSeconds: number,
  newest: number | undefined = t[t.length - 1],
): number {
  if (newest === undefined) return 0;
  const cutoff = newest - windowSeconds;
  let i = 0;
  while (i < t.length && (t[i] as number) < cutoff) i++;
  return i;
}

/** Drops points older than windowSeconds before the newest point. */
export function trimSeries(series: Series, windowSeconds = WINDOW_SECONDS): Series {
  const start = firstInWindow(series.t, windowSeconds);
  if (start === 0) return series;
  const services: Record<string, ServiceSeries> = {};
  for (const [name, s] of Object.entries(series.services)) {
    const trimmed = {} as ServiceSeries;
    for (const [key] of FIELDS) trimmed[key] = s[key].slice(start);
    services[name] = trimmed;
  }
  return { t: series.t.slice(start), services };
}

/**
 * Appends one sample when it is newer than the last point, then trims to the window.
 * Returns `series` itself when the sample is null or not newer.
 */
export function appendSample(
  series: Series,
  sample: Sample | null | undefined,
  windowSeconds = WINDOW_SECONDS,
): Series {
  if (!sample) return series;
  const last = series.t[series.t.length - 1];
  if (last !== undefined && !(sample.t > last)) return series;
  if (last !== undefined && sample.t - last > MAX_SAMPLE_STEP_SECONDS) {
    series = appendSample(series, { t: last + 1, services: [] }, windowSeconds);
  }

  const length = series.t.length;
  // Points the new one pushes out of the window are dropped while copying.
  const start = firstInWindow(series.t, windowSeconds, sample.t);
  const byName = new Map(sample.services.map((s) => [s.name, s]));
  const services: Record<string, ServiceSeries> = {};
  const names = new Set([...Object.keys(series.services), ...byName.keys()]);
  for (const name of names) {
    const previous = series.services[name] ?? emptyServiceSeries(length);
    const point = byName.get(name);
    const next = {} as ServiceSeries;
    for (const [key, field] of FIELDS) {
      next[key] = shifted(previous[key], start, point ? num(point[field]) : null);
    }
    carryGaps(previous, start, next);
    services[name] = next;
  }
  return { t: shifted(series.t, start, sample.t), services };
}

/** column[start..] followed by value, in one new array of the exact size: this runs for every
 * column on every live update, so it allocates once (no spread, no slice, no regrowth). A null
 * stored first makes it an array of references from the start (in V8; its kind never changes
 * after): the numbers copied are the boxes already made, not unboxed into a second array of
 * doubles, which took three times the bytes. */
function shifted<T>(column: readonly T[], start: number, value: T): T[] {
  const kept = Math.max(0, column.length - start);
  const next = new Array<T>(kept + 1);
  next[kept] = null as T;
  for (let i = 0; i < kept; i++) next[i] = column[start + i] as T;
  next[kept] = value;
  return next;
}

/** The points of `live` newer than the last point of `base`, appended to `base`. */
export function mergeSeries(base: Series, live: Series, windowSeconds = WINDOW_SECONDS): Series {
  let merged = base;
  const names = Object.keys(live.services);
  for (let i = 0; i < live.t.length; i++) {
    const sample: Sample = {
      t: live.t[i] as number,
      services: names.map((name) => {
        const s = live.services[name] as ServiceSeries;
        // pods_ready is not kept in the series: no chart shows it.
        const point: Record<string, string | number | null> = { name, pods_ready: null };
        for (const [key, field] of FIELDS) point[field] = s[key][i] ?? null;
        return point as unknown as SampleService;
      }),
    };
    merged = appendSample(merged, sample, windowSeconds);
  }
  return trimSeries(merged, windowSeconds);
}

const isGap = (s: ServiceSeries, i: number) =>
  s.total[i] == null && s.healthy[i] == null && s.rate[i] == null && s.p95[i] == null;

/** Gap counts already made, by the columns they count: a live update derives the next count
 * from the previous one (appendSample) instead of counting the 300 points again. */
const gapCounts = new WeakMap<ServiceSeries, number>();

/** How many points of a service are gaps in the data (every column null): outages. */
export function countGaps(series: Series, name: string): number {
  const s = series.services[name];
  if (!s) return 0;
  const known = gapCounts.get(s);
  if (known !== undefined) return known;
  let gaps = 0;
  for (let i = 0; i < series.t.length; i++) if (isGap(s, i)) gaps++;
  gapCounts.set(s, gaps);
  return gaps;
}

/** Carries a known gap count from `previous` to `next`: `previous` with its first `dropped`
 * points left out and one point appended. */
function carryGaps(previous: ServiceSeries, dropped: number, next: ServiceSeries): void {
  const known = gapCounts.get(previous);
  if (known === undefined) return;
  let gaps = known;
  for (let i = 0; i < dropped && i < previous.total.length; i++) if (isGap(previous, i)) gaps--;
  if (isGap(next, next.total.length - 1)) gaps++;
  gapCounts.set(next, gaps);
}

/** The newest value of a column (null when empty or a gap). */
export const newest = (column: Column | undefined): number | null =>
  column && column.length ? (column[column.length - 1] ?? null) : null;
