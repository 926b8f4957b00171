// Time series for the charts: columnar arrays (oldest first) per service, aligned on one time
// axis, as uPlot wants them. Every function is pure: a series, once made, always reads the same.
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

type Field = (typeof FIELDS)[number][1];

const nulls = (n: number): Column => new Array<number | null>(n).fill(null);

/** Where a series keeps its points: one array per column, all aligned on `t`. A series made by
 * appending to another shares its store and appends to it in place (see Series). */
interface Store {
  t: number[];
  services: Map<string, Stored>;
}

interface Stored {
  columns: ServiceSeries;
  /** How many of the points before each are gaps (every column null): outages between two
   * points are the difference of their counts. */
  gaps: number[];
}

/**
 * The charts' points: its store's points from `start` to `end` (exclusive). Appending a sample
 * pushes it onto the store when this series ends where the store does, and the new series reads
 * one point further: what a series reads never changes, and a live update copies nothing (a copy
 * of the 22 columns of 300 points is about 26 kB a second of garbage). Arrays are made only for
 * what is read (`times`, `column`): the charts in view read them, the page as opened does not.
 */
export interface Series {
  readonly store: Store;
  readonly start: number;
  readonly end: number;
}

/** The points' times (Unix seconds, strictly increasing). */
export const times = ({ store, start, end }: Series): number[] => store.t.slice(start, end);

/** A service's column, aligned with `times` (all gaps for a service the series has no data of). */
export const column = ({ store, start, end }: Series, name: string, key: SeriesKey): Column =>
  store.services.get(name)?.columns[key].slice(start, end) ?? nulls(end - start);

export const emptySeries = (): Series => ({
  store: { t: [], services: new Map() },
  start: 0,
  end: 0,
});

const num = (v: unknown): number | null => (isNum(v) ? v : null);

const isGap = (s: ServiceSeries, i: number) =>
  s.total[i] == null && s.healthy[i] == null && s.rate[i] == null && s.p95[i] == null;

/** Adds the services the store has no columns of, with a gap at every point so far. */
function addServices(store: Store, names: Iterable<string>): void {
  const length = store.t.length;
  for (const name of names) {
    if (store.services.has(name)) continue;
    const columns = {} as ServiceSeries;
    for (const [key] of FIELDS) columns[key] = nulls(length);
    store.services.set(name, { columns, gaps: Array.from({ length: length + 1 }, (_, i) => i) });
  }
}

/** Appends a point to every column of the store: the sample's values, null where it has none. */
function push(
  store: Store,
  t: number,
  point: (name: string, field: Field, key: SeriesKey) => number | null,
) {
  store.t.push(t);
  for (const [name, { columns, gaps }] of store.services) {
    for (const [key, field] of FIELDS) columns[key].push(point(name, field, key));
    gaps.push(gaps[gaps.length - 1]! + (isGap(columns, store.t.length - 1) ? 1 : 0));
  }
}

/** Builds the series from GET /history (missing or short columns become null gaps). */
export function seriesFromHistory(history: History): Series {
  const store: Store = { t: [], services: new Map() };
  const byName = new Map(history.services.map((s) => [s.name, s]));
  addServices(store, byName.keys());
  history.t.forEach((t, i) => push(store, t, (name, field) => num(byName.get(name)![field]?.[i])));
  return { store, start: 0, end: store.t.length };
}

/** Drops points older than windowSeconds before the newest point. */
export function trimSeries(s: Series, windowSeconds = WINDOW_SECONDS): Series {
  const { t } = s.store;
  let start = s.start;
  while (start < s.end && t[start]! < t[s.end - 1]! - windowSeconds) start++;
  return start === s.start ? s : { ...s, start };
}

/** The series' points in a store of their own (another series appended to its store, or most of
 * the store is older than the series: copied once every few hundred updates). */
function ownStore({ store, start, end }: Series): Store {
  const own: Store = { t: [], services: new Map() };
  addServices(own, store.services.keys());
  for (let i = start; i < end; i++) {
    push(
      own,
      store.t[i]!,
      (name, _, key) => store.services.get(name)!.columns[key][i] as number | null,
    );
  }
  return own;
}

/**
 * Appends one sample when it is newer than the last point, then trims to the window.
 * Returns `series` itself when the sample is null or not newer.
 */
export function appendSample(
  s: Series,
  sample: Sample | null | undefined,
  windowSeconds = WINDOW_SECONDS,
): Series {
  if (!sample) return s;
  // An empty series (one ends where it starts only at 0) takes its first point as if it
  // followed one a second before.
  const last = s.store.t[s.end - 1] ?? sample.t - 1;
  if (!(sample.t > last)) return s;
  if (sample.t - last > MAX_SAMPLE_STEP_SECONDS) {
    s = appendSample(s, { t: last + 1, services: [] }, windowSeconds);
  }
  const length = s.end - s.start;
  const byName = new Map(sample.services.map((v) => [v.name, v]));
  // In place unless another series appended to the store, or most of it is older than the window.
  // A service new to the store gets a gap at every point so far: what a series without it read
  // of it (column, countGaps).
  const store = s.end === s.store.t.length && s.start <= length + 64 ? s.store : ownStore(s);
  addServices(store, byName.keys());
  push(store, sample.t, (name, field) => num(byName.get(name)?.[field]));
  const end = store.t.length;
  return trimSeries({ store, start: end - length - 1, end }, windowSeconds);
}

/** The points of `live` newer than the last point of `base`, appended to `base`. */
export function mergeSeries(base: Series, live: Series, windowSeconds = WINDOW_SECONDS): Series {
  let merged = base;
  const services = [...live.store.services];
  for (let i = live.start; i < live.end; i++) {
    const sample: Sample = {
      t: live.store.t[i] as number,
      services: services.map(([name, { columns }]) => {
        // pods_ready is not kept in the series: no chart shows it.
        const point: Record<string, unknown> = { name };
        for (const [key, field] of FIELDS) point[field] = columns[key][i];
        return point as unknown as SampleService;
      }),
    };
    merged = appendSample(merged, sample, windowSeconds);
  }
  return trimSeries(merged, windowSeconds);
}

/** How many points of a service are gaps in the data (every column null): outages. A service
 * the series has no data of is all gaps, as its `column`s are. */
export function countGaps(s: Series, name: string): number {
  const gaps = s.store.services.get(name)?.gaps;
  return gaps ? gaps[s.end]! - gaps[s.start]! : s.end - s.start;
}

/** A service's newest value of a column (null when the series is empty, or a gap). */
export const newestOf = (s: Series, name: string, key: SeriesKey): number | null =>
  s.store.services.get(name)?.columns[key][s.end - 1] ?? null;
