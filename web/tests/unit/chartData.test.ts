import type uPlot from 'uplot';
import { describe, expect, it, vi } from 'vitest';
import { chartData, errorData, latencyData, podsData, rateData } from '../../src/charts/chartData';
import {
  chartOptions,
  timeLabels,
  windowRange,
  zeroBasedRange,
} from '../../src/charts/chartOptions';
import { eventMarkersPlugin, markerColour } from '../../src/charts/eventMarkers';
import { appendSample, seriesFromHistory, times } from '../../src/live/series';
import { makeEvent, makeHistory, makeSample } from '../fixtures';

const series = appendSample(seriesFromHistory(makeHistory(1000, 3)), makeSample(1001, null));

describe('data builders', () => {
  it('latency: t, p50, p95, p99 and the target as a flat line', () => {
    const [t, p50, p95, p99, target] = latencyData(series, 'sensor-sim', 200);
    expect(t).toEqual([998, 999, 1000, 1001]);
    expect(p50).toEqual([50, 51, 52, null]);
    expect(p95).toEqual([80, 81, 82, null]);
    expect(p99).toEqual([100, 101, 102, null]);
    expect(target).toEqual([200, 200, 200, 200]);
  });
  it('error ratio, pods and rate', () => {
    expect(errorData(series, 'sensor-sim')).toEqual([times(series), [0, 0, 0, null]]);
    expect(podsData(series, 'ui-proxy')).toEqual([times(series), [3, 3, 3, 3], [3, 3, 3, 3]]);
    expect(rateData(series, 'planner-sim')[1]).toEqual([170, 170, 170, 101]);
  });
  it('an unknown service gives aligned gaps', () => {
    expect(errorData(series, 'nope')).toEqual([times(series), [null, null, null, null]]);
  });
  it('every chart has one series option per data column', () => {
    for (const kind of ['latency', 'errors', 'pods', 'rate'] as const) {
      const data = chartData(kind, series, 'sensor-sim', 200);
      const options = chartOptions(kind, 300);
      expect(options.series.length).toBe(data.length);
      expect(data.every((col) => col.length === times(series).length)).toBe(true);
    }
  });
});

describe('options', () => {
  it('labels the latency lines and dashes the target', () => {
    const s = chartOptions('latency', 300).series;
    expect(s.slice(1).map((x) => x.label)).toEqual(['p50', 'p95', 'p99', 'p95 target']);
    expect(s[4]?.dash).toEqual([6, 4]);
    expect(s.slice(1).every((x) => x.spanGaps === false)).toBe(true);
  });
  it('formats legend values with units and no-data dashes', () => {
    const p95 = chartOptions('latency', 300).series[2]!;
    const value = p95.value as (u: uPlot, v: number | null) => string;
    expect(value({} as uPlot, 120.4)).toBe('120 ms');
    expect(value({} as uPlot, null)).toBe('—');
  });
  it('shows the whole window ending at the newest point', () => {
    expect(windowRange(1000, 300)).toEqual([700, 1000]);
    expect(windowRange(null, 300, 50)).toEqual([-250, 50]);
  });
  it('labels the time axis in 24 h clock time (tests run in UTC)', () => {
    const t = Date.UTC(2026, 0, 1, 23, 52, 0) / 1000;
    expect(timeLabels([t, t + 60], 60)).toEqual(['23:52', '23:53']);
    expect(timeLabels([t, t + 30], 30)).toEqual(['23:52:00', '23:52:30']);
  });
  it('starts y at zero with some room above the data', () => {
    expect(zeroBasedRange(100, 10)).toEqual([0, 110.00000000000001]);
    expect(zeroBasedRange(0, 10)).toEqual([0, 10]);
    expect(zeroBasedRange(null, 1)).toEqual([0, 1]);
  });
});

describe('event markers plugin', () => {
  function fakePlot(min: number, max: number) {
    const ctx = {
      save: vi.fn(),
      restore: vi.fn(),
      beginPath: vi.fn(),
      moveTo: vi.fn(),
      lineTo: vi.fn(),
      stroke: vi.fn(),
      setLineDash: vi.fn(),
      lineWidth: 1,
      strokeStyle: '',
    };
    const u = {
      scales: { x: { min, max } },
      ctx,
      bbox: { left: 0, top: 10, width: 300, height: 100 },
      valToPos: (v: number) => v - min,
    };
    return { u: u as unknown as uPlot, ctx };
  }

  it('draws one vertical line per fault/restart event in range', () => {
    const events = [
      makeEvent(1, 50, 'fault'),
      makeEvent(2, 120, 'restart'),
      makeEvent(3, 130, 'pod_status'),
      makeEvent(4, 900, 'fault'),
    ];
    const plugin = eventMarkersPlugin(() => events, 'sensor-sim');
    const draw = (plugin.hooks.draw as ((u: uPlot) => void)[])[0]!;
    const { u, ctx } = fakePlot(100, 400);
    draw(u);
    expect(ctx.moveTo).toHaveBeenCalledTimes(1);
    expect(ctx.moveTo).toHaveBeenCalledWith(20, 10);
    expect(ctx.lineTo).toHaveBeenCalledWith(20, 110);
    expect(ctx.strokeStyle).toBe(markerColour('restart'));
  });
  it('draws nothing without a scale', () => {
    const plugin = eventMarkersPlugin(() => [makeEvent(1, 50)]);
    const draw = (plugin.hooks.draw as ((u: uPlot) => void)[])[0]!;
    const { u, ctx } = fakePlot(Number.NaN, Number.NaN);
    (u.scales.x as { min?: number }).min = undefined;
    draw(u);
    expect(ctx.save).not.toHaveBeenCalled();
  });
});
