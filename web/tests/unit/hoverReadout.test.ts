// @vitest-environment jsdom
import type uPlot from 'uplot';
import { describe, expect, it } from 'vitest';
import { chartOptions } from '../../src/charts/chartOptions';
import { MARKER_LEGEND, MARKER_STYLES, markerColour } from '../../src/charts/eventMarkers';
import { READOUT_HINT, readoutText } from '../../src/charts/hoverReadout';
import { CHART_EVENT_KINDS, isChartEvent } from '../../src/lib/events';
import { formatMs } from '../../src/lib/format';
import { makeEvent } from '../fixtures';

const T = 1795735876; // 23:31:16 UTC (tests run with TZ=UTC)

describe('readoutText', () => {
  const lines = [
    { label: 'p50', fmt: formatMs },
    { label: 'p95', fmt: formatMs },
  ];
  const data: uPlot.AlignedData = [
    [T, T + 1],
    [4.21, null],
    [7.6, 1250],
  ];
  it('names every line with its value at the hovered point', () => {
    expect(readoutText(lines, data, 0)).toBe('23:31:16 · p50 4.2 ms · p95 7.6 ms');
    expect(readoutText(lines, data, 1)).toBe('23:31:17 · p50 — · p95 1.25 s');
  });
  it('is empty when the cursor is not over a point', () => {
    expect(readoutText(lines, data, null)).toBe('');
    expect(readoutText(lines, data, 5)).toBe('');
  });
});

describe('hover readout plugin', () => {
  it('shows the values under the cursor on the chart', () => {
    const plugin = chartOptions('latency', 300).plugins![0]!;
    const root = document.createElement('div');
    const u = {
      root,
      data: [[T], [40], [80], [120], [200]],
      cursor: { idx: null as number | null },
    } as unknown as uPlot;
    const hooks = plugin.hooks as Record<string, ((u: uPlot) => void)[]>;
    hooks.init![0]!(u);
    const readout = root.querySelector('.chart-readout')!;
    expect(readout.textContent).toBe(READOUT_HINT);
    u.cursor.idx = 0;
    hooks.setCursor![0]!(u);
    expect(readout.textContent).toBe(
      '23:31:16 · p50 40 ms · p95 80 ms · p99 120 ms · p95 target 200 ms',
    );
  });
});

describe('marker legend', () => {
  it('explains every kind of marker the charts draw, each in its own colour', () => {
    for (const kind of CHART_EVENT_KINDS) {
      expect(isChartEvent(makeEvent(1, T, kind))).toBe(true);
    }
    expect(MARKER_LEGEND.map((entry) => entry.kind)).toEqual([...CHART_EVENT_KINDS]);
    const colours = MARKER_LEGEND.map((entry) => entry.colour);
    expect(new Set(colours).size).toBe(colours.length);
    expect(markerColour('partition')).toBe(MARKER_STYLES.partition.colour);
  });
});
