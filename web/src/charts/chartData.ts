// Pure builders of uPlot's aligned data arrays ([x, ...y]) from the live series.
import type uPlot from 'uplot';
import type { Column, Series, ServiceSeries } from '../live/series';

export type ChartKind = 'latency' | 'errors' | 'pods' | 'rate';

export const CHART_KINDS: readonly ChartKind[] = ['latency', 'errors', 'pods', 'rate'];

const constant = (length: number, value: number | null): Column =>
  new Array<number | null>(length).fill(value);

function serviceColumns(series: Series, name: string): ServiceSeries {
  const found = series.services[name];
  if (found) return found;
  const gaps = constant(series.t.length, null);
  return {
    p50: gaps,
    p95: gaps,
    p99: gaps,
    errors: gaps,
    rate: gaps,
    healthy: gaps,
    total: gaps,
  };
}

/** [t, p50, p95, p99, target]: latency in ms with the p95 target as a flat line. */
export function latencyData(
  series: Series,
  name: string,
  targetMs: number | null,
): uPlot.AlignedData {
  const s = serviceColumns(series, name);
  return [series.t, s.p50, s.p95, s.p99, constant(series.t.length, targetMs)];
}

/** [t, error ratio]. */
export function errorData(series: Series, name: string): uPlot.AlignedData {
  return [series.t, serviceColumns(series, name).errors];
}

/** [t, healthy pods, total pods]. */
export function podsData(series: Series, name: string): uPlot.AlignedData {
  const s = serviceColumns(series, name);
  return [series.t, s.healthy, s.total];
}

/** [t, request rate]. */
export function rateData(series: Series, name: string): uPlot.AlignedData {
  return [series.t, serviceColumns(series, name).rate];
}

export function chartData(
  kind: ChartKind,
  series: Series,
  name: string,
  targetMs: number | null,
): uPlot.AlignedData {
  switch (kind) {
    case 'latency':
      return latencyData(series, name, targetMs);
    case 'errors':
      return errorData(series, name);
    case 'pods':
      return podsData(series, name);
    case 'rate':
      return rateData(series, name);
  }
}
