// Pure builders of uPlot's aligned data arrays ([x, ...y]) from the live series.
import type uPlot from 'uplot';
import { column, times, type Series, type SeriesKey } from '../live/series';

export type ChartKind = 'latency' | 'errors' | 'pods' | 'rate';

export const CHART_KINDS: readonly ChartKind[] = ['latency', 'errors', 'pods', 'rate'];

/** The service's columns each chart draws after the time axis, in the order of its lines. */
const COLUMNS: Record<ChartKind, readonly SeriesKey[]> = {
  latency: ['p50', 'p95', 'p99'],
  errors: ['errors'],
  pods: ['healthy', 'total'],
  rate: ['rate'],
};

/** [t, ...the kind's columns]; latency adds the p95 target as a flat line. A service without
 * data gives aligned gaps. */
export function chartData(
  kind: ChartKind,
  series: Series,
  name: string,
  targetMs: number | null,
): uPlot.AlignedData {
  const t = times(series);
  const columns = COLUMNS[kind].map((key) => column(series, name, key));
  if (kind === 'latency') columns.push(new Array<number | null>(t.length).fill(targetMs));
  return [t, ...columns];
}

/** [t, p50, p95, p99, target]: latency in ms with the p95 target as a flat line. */
export const latencyData = (series: Series, name: string, targetMs: number | null) =>
  chartData('latency', series, name, targetMs);

/** [t, error ratio]. */
export const errorData = (series: Series, name: string) => chartData('errors', series, name, null);

/** [t, healthy pods, total pods]. */
export const podsData = (series: Series, name: string) => chartData('pods', series, name, null);

/** [t, request rate]. */
export const rateData = (series: Series, name: string) => chartData('rate', series, name, null);
