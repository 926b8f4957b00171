// @vitest-environment jsdom
import { act, render } from '@testing-library/react';
import type uPlot from 'uplot';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { chartOptions } from '../../src/charts/chartOptions';
import { UPlotChart } from '../../src/charts/UPlotChart';
import { makeEvent } from '../fixtures';

// A stand-in for uPlot that records how the wrapper drives it.
const plots = vi.hoisted(() => [] as FakePlot[]);
interface FakePlot {
  opts: uPlot.Options;
  data: uPlot.AlignedData;
  setData: ReturnType<typeof vi.fn>;
  setSize: ReturnType<typeof vi.fn>;
  redraw: ReturnType<typeof vi.fn>;
  destroy: ReturnType<typeof vi.fn>;
  width: number;
}
vi.mock('uplot', () => ({
  default: vi.fn(function (this: FakePlot, opts: uPlot.Options, data: uPlot.AlignedData) {
    this.opts = opts;
    this.data = data;
    this.width = opts.width;
    this.setData = vi.fn((d: uPlot.AlignedData) => {
      this.data = d;
    });
    this.setSize = vi.fn();
    this.redraw = vi.fn();
    this.destroy = vi.fn();
    plots.push(this);
  }),
}));

const options = chartOptions('errors', 300);
const data = (n: number): uPlot.AlignedData => [
  [1, 2, n],
  [0, null, 0.5],
];

// jsdom has no IntersectionObserver: a controllable one stands in.
class FakeIntersectionObserver {
  static last: FakeIntersectionObserver | null = null;
  constructor(readonly callback: (entries: { isIntersecting: boolean }[]) => void) {
    FakeIntersectionObserver.last = this;
  }
  observe() {}
  disconnect() {}
  show(visible: boolean) {
    this.callback([{ isIntersecting: visible }]);
  }
}

/** Lets the queued chart draws run (they wait for the next animation frame). */
const nextFrame = () => act(() => new Promise<void>((done) => requestAnimationFrame(() => done())));

describe('UPlotChart', () => {
  beforeEach(() => {
    plots.length = 0;
    FakeIntersectionObserver.last = null;
    vi.unstubAllGlobals();
  });

  it('creates the chart once and feeds new data with setData in the next frame', async () => {
    const first = data(3);
    const { rerender, getByTestId } = render(
      <UPlotChart title="Error ratio" label="errors" options={options} data={first} testId="c" />,
    );
    expect(plots).toHaveLength(1);
    expect(plots[0]!.data).toBe(first);
    expect(plots[0]!.opts.width).toBeGreaterThan(0);
    // The hover readout from the options, then the event markers.
    expect(plots[0]!.opts.plugins).toHaveLength(2);
    const next = data(4);
    rerender(
      <UPlotChart title="Error ratio" label="errors" options={options} data={next} testId="c" />,
    );
    expect(plots).toHaveLength(1);
    expect(plots[0]!.setData).not.toHaveBeenCalled();
    await nextFrame();
    expect(plots[0]!.setData).toHaveBeenCalledTimes(1);
    expect(plots[0]!.setData).toHaveBeenCalledWith(next);
    expect(getByTestId('c').getAttribute('aria-label')).toBe('errors');
  });

  it('redraws when events change, and destroys the chart on unmount', async () => {
    const d = data(3);
    const { rerender, unmount } = render(
      <UPlotChart title="t" label="l" options={options} data={d} events={[]} />,
    );
    rerender(
      <UPlotChart title="t" label="l" options={options} data={d} events={[makeEvent(1, 2)]} />,
    );
    await nextFrame();
    expect(plots[0]!.redraw).toHaveBeenCalledTimes(1);
    expect(plots[0]!.setData).not.toHaveBeenCalled();
    unmount();
    expect(plots[0]!.destroy).toHaveBeenCalledTimes(1);
  });

  it('skips redraws while scrolled out of view and catches up when visible again', async () => {
    vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
    const { rerender, container } = render(
      <UPlotChart title="t" label="l" options={options} data={data(3)} />,
    );
    const plot = container.querySelector<HTMLElement>('.chart-plot')!;
    expect(plot.style.visibility).toBe('');
    const io = FakeIntersectionObserver.last!;
    io.show(false);
    // Not painted while out of view.
    expect(plot.style.visibility).toBe('hidden');
    const hidden = data(4);
    rerender(<UPlotChart title="t" label="l" options={options} data={hidden} />);
    await nextFrame();
    expect(plots[0]!.setData).not.toHaveBeenCalled();
    io.show(true);
    expect(plot.style.visibility).toBe('');
    expect(plots[0]!.setData).toHaveBeenCalledWith(hidden);
    const next = data(5);
    rerender(<UPlotChart title="t" label="l" options={options} data={next} />);
    await nextFrame();
    expect(plots[0]!.setData).toHaveBeenLastCalledWith(next);
  });
});
