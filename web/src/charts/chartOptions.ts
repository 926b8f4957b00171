// Pure builders of uPlot options for each chart kind (size and plugins are added by the wrapper).
import type uPlot from 'uplot';
import { formatClock, formatMs, formatPercent, formatRate, isNum, trimFixed } from '../lib/format';
import type { ChartKind } from './chartData';
import { hoverReadoutPlugin } from './hoverReadout';

export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

type Fmt = (v: number | null | undefined) => string;

interface LineSpec {
  label: string;
  stroke: string;
  dash?: number[];
  fill?: string;
  /** A constant line (the p95 target): drawn as one segment, not one per point. */
  flat?: boolean;
}

interface ChartSpec {
  title: string;
  /** The title above the chart, with the unit: "Latency (ms)". */
  caption: string;
  lines: LineSpec[];
  fmt: Fmt;
  axisFmt: Fmt;
  /** Smallest top of the y axis, so a flat zero line is not drawn at mid-height. */
  minTop: number;
}

const count: Fmt = (v) => (v == null ? '—' : trimFixed(v, 1));

export const CHART_SPECS: Record<ChartKind, ChartSpec> = {
  latency: {
    title: 'Latency',
    caption: 'Latency (ms)',
    lines: [
      { label: 'p50', stroke: '#4e79a7' },
      { label: 'p95', stroke: '#e8710a' },
      { label: 'p99', stroke: '#b3261e' },
      { label: 'p95 target', stroke: '#555', dash: [6, 4], flat: true },
    ],
    fmt: formatMs,
    axisFmt: formatMs,
    minTop: 10,
  },
  errors: {
    title: 'Error ratio',
    caption: 'Error ratio',
    lines: [{ label: 'errors', stroke: '#b3261e', fill: 'rgba(179, 38, 30, 0.12)' }],
    fmt: (v) => formatPercent(v, 2),
    axisFmt: (v) => formatPercent(v, 1),
    minTop: 0.01,
  },
  pods: {
    title: 'Healthy pods',
    caption: 'Healthy pods',
    lines: [
      { label: 'healthy', stroke: '#2e7d32', fill: 'rgba(46, 125, 50, 0.12)' },
      { label: 'total', stroke: '#777', dash: [4, 4] },
    ],
    fmt: count,
    axisFmt: count,
    minTop: 1,
  },
  rate: {
    title: 'Request rate',
    caption: 'Request rate (req/s)',
    lines: [{ label: 'req/s', stroke: '#4e79a7' }],
    fmt: formatRate,
    axisFmt: count,
    minTop: 1,
  },
};

/** y range from 0 to a little above the data maximum (at least minTop). */
export function zeroBasedRange(
  dataMax: number | null | undefined,
  minTop: number,
): [number, number] {
  const top = isNum(dataMax) ? dataMax : 0;
  return [0, Math.max(minTop, top * 1.1)];
}

/** Time axis labels: "23:52" on whole-minute steps, "23:52:30" otherwise. */
export function timeLabels(splits: number[], step: number): string[] {
  return splits.map((v) => (step % 60 === 0 ? formatClock(v).slice(0, 5) : formatClock(v)));
}

/** x range: always the full window ending at the newest point (or now, without data). */
export function windowRange(
  dataMax: number | null | undefined,
  windowSeconds: number,
  nowSeconds: number = Date.now() / 1000,
): [number, number] {
  const end = isNum(dataMax) ? dataMax : nowSeconds;
  return [end - windowSeconds, end];
}

/** Paths of a constant series: one horizontal segment at its first value, from the first to the
 * last point, where uPlot's line builder would add a segment per point. */
export const flatLine: uPlot.Series.PathBuilder = (u, seriesIdx, idx0, idx1) => {
  const value = u.data[seriesIdx]?.[idx0];
  const [x0, x1] = [u.data[0][idx0], u.data[0][idx1]];
  if (value == null || x0 == null || x1 == null) return null;
  const y = Math.round(u.valToPos(value, 'y', true));
  const stroke = new Path2D();
  stroke.moveTo(Math.round(u.valToPos(x0, 'x', true)), y);
  stroke.lineTo(Math.round(u.valToPos(x1, 'x', true)), y);
  return { stroke, fill: null, clip: null };
};

export function chartOptions(kind: ChartKind, windowSeconds: number): ChartOptions {
  const spec = CHART_SPECS[kind];
  return {
    // A static key: live legend values would rewrite the legend's DOM on every update. The
    // values under the cursor go to one readout line instead.
    legend: { live: false },
    plugins: [hoverReadoutPlugin(spec.lines.map((line) => ({ label: line.label, fmt: spec.fmt })))],
    cursor: { drag: { x: false, y: false }, points: { size: 6 } },
    scales: {
      x: { time: true, range: (_u, _min, max) => windowRange(max, windowSeconds) },
      y: { range: (_u, _min, max) => zeroBasedRange(max, spec.minTop) },
    },
    axes: [
      {
        stroke: '#444',
        grid: { stroke: '#eee' },
        ticks: { stroke: '#ddd' },
        space: 50,
        incrs: [10, 15, 30, 60, 120, 300, 600],
        values: (_u, splits, _axis, _space, step) => timeLabels(splits, step),
      },
      {
        stroke: '#444',
        size: 60,
        grid: { stroke: '#eee' },
        ticks: { stroke: '#ddd' },
        values: (_u, splits) => splits.map((v) => spec.axisFmt(v)),
      },
    ],
    series: [
      {},
      ...spec.lines.map((line): uPlot.Series => ({
        label: line.label,
        stroke: line.stroke,
        // uPlot's default width, 1 px: Skia draws it as a hairline, far cheaper in software
        // than a wider stroke.
        dash: line.dash,
        fill: line.fill,
        spanGaps: false,
        points: { show: false },
        ...(line.flat ? { paths: flatLine } : {}),
        value: (_u, v) => spec.fmt(v),
      })),
    ],
  };
}
