// Thin React wrapper around one uPlot instance. The chart is created once per `options`, sized
// from its element (ResizeObserver), and fed new data with setData: never re-created per update.
// New data is drawn in the next animation frame, together with the other charts. While the chart
// is scrolled out of view (IntersectionObserver) it is not redrawn at all; it catches up with the
// newest data when it comes back into view; until then its canvases are not painted.
import { memo, useEffect, useLayoutEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { LabEvent } from '../api/types';
import type { ChartOptions } from './chartOptions';
import { eventMarkersPlugin } from './eventMarkers';
import { observeNear } from '../components/useInView';
import { drawInNextFrame } from './nextFrame';

export interface UPlotChartProps {
  title: string;
  /** Accessible description of the chart (the canvas itself is not readable). */
  label: string;
  options: ChartOptions;
  data: uPlot.AlignedData;
  /** Events drawn as markers (filtered by `service` when given). */
  events?: readonly LabEvent[];
  service?: string;
  testId?: string;
}

const NO_EVENTS: readonly LabEvent[] = [];
/** The plot's height in px (its width follows its element). */
const HEIGHT = 160;

function UPlotChartImpl({
  title,
  label,
  options,
  data,
  events = NO_EVENTS,
  service,
  testId,
}: UPlotChartProps) {
  const plotRef = useRef<HTMLDivElement>(null);
  const dataRef = useRef(data);
  const eventsRef = useRef(events);
  const visibleRef = useRef(true);
  const staleMarkersRef = useRef(false);
  dataRef.current = data;

  /** Brings the chart up to date with the newest data and events. */
  const syncRef = useRef(() => {});
  /** Syncs in the next frame, unless the chart is out of view then (it syncs when it comes back). */
  const syncIfVisible = useRef(() => {
    if (visibleRef.current) syncRef.current();
  }).current;
  const requestSync = () => {
    if (visibleRef.current) drawInNextFrame(syncIfVisible);
  };

  useEffect(() => {
    const element = plotRef.current;
    if (!element) return;
    const width = () => Math.max(200, Math.floor(element.clientWidth || 300));
    const chart = new uPlot(
      {
        ...options,
        width: width(),
        height: HEIGHT,
        plugins: [...(options.plugins ?? []), eventMarkersPlugin(() => eventsRef.current, service)],
      },
      dataRef.current,
      element,
    );
    staleMarkersRef.current = false;
    syncRef.current = () => {
      if (chart.data !== dataRef.current) chart.setData(dataRef.current);
      else if (staleMarkersRef.current) chart.redraw(false, false);
      staleMarkersRef.current = false;
    };
    let resize: ResizeObserver | undefined;
    if (typeof ResizeObserver !== 'undefined') {
      resize = new ResizeObserver(() => {
        const w = width();
        if (w !== chart.width) chart.setSize({ width: w, height: HEIGHT });
      });
      resize.observe(element);
    }
    const stopObserving = observeNear(element, '100px', (visible) => {
      visibleRef.current = visible;
      // Out of view its canvas is hidden (the hover layer stays, see styles.css): Chromium
      // copies every painted canvas to the compositor in each frame, changed or not (12 copies
      // a frame with the charts below).
      element.style.visibility = visible ? '' : 'hidden';
      if (visible) syncRef.current();
    });
    return () => {
      resize?.disconnect();
      stopObserving();
      syncRef.current = () => {};
      chart.destroy();
    };
  }, [options, service]);

  // A layout effect: queued during the commit, so the frame that shows this update draws it.
  useLayoutEffect(() => {
    requestSync();
  }, [data]);

  useLayoutEffect(() => {
    if (eventsRef.current === events) return;
    eventsRef.current = events;
    staleMarkersRef.current = true;
    requestSync();
  }, [events]);

  return (
    <figure className="chart" data-testid={testId} aria-label={label}>
      <figcaption className="chart-title">{title}</figcaption>
      <div ref={plotRef} className="chart-plot" />
    </figure>
  );
}

export const UPlotChart = memo(UPlotChartImpl);
