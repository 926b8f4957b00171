// The values under the cursor, written as one line of text above the chart. uPlot's own live
// legend would rewrite its DOM on every live update; this writes one text node, and only while
// the cursor moves over the chart.
import type uPlot from 'uplot';
import { formatClock } from '../lib/format';

export interface ReadoutLine {
  label: string;
  fmt: (v: number | null | undefined) => string;
}

/** "14:05:09 · p50 4.2 ms · p95 7.6 ms", or '' when the cursor is not over a point. */
export function readoutText(
  lines: readonly ReadoutLine[],
  data: uPlot.AlignedData,
  idx: number | null | undefined,
): string {
  if (idx == null) return '';
  const t = data[0]?.[idx];
  if (t == null) return '';
  const values = lines.map((line, i) => `${line.label} ${line.fmt(data[i + 1]?.[idx] ?? null)}`);
  return [formatClock(t), ...values].join(' · ');
}

export const READOUT_CLASS = 'chart-readout';
export const READOUT_HINT = 'Hover for values';

/** Adds a readout line to the chart and fills it with the values under the cursor. */
export function hoverReadoutPlugin(lines: readonly ReadoutLine[]): uPlot.Plugin {
  let element: HTMLElement | null = null;
  return {
    hooks: {
      init: [
        (u: uPlot) => {
          element = document.createElement('div');
          element.className = READOUT_CLASS;
          element.textContent = READOUT_HINT;
          u.root.prepend(element);
        },
      ],
      setCursor: [
        (u: uPlot) => {
          if (!element) return;
          element.textContent = readoutText(lines, u.data, u.cursor.idx) || READOUT_HINT;
        },
      ],
    },
  };
}
