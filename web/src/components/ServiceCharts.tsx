// The four charts of one service over the last 5 minutes.
import { memo, useMemo, useRef } from 'react';
import { chartData, CHART_KINDS, type ChartKind } from '../charts/chartData';
import { chartOptions, CHART_SPECS } from '../charts/chartOptions';
import { UPlotChart } from '../charts/UPlotChart';
import type { LabState } from '../live/labStore';
import { countGaps, newestOf, WINDOW_SECONDS, type Series } from '../live/series';
import { setAttr, useSlice, useStoreWriter } from '../live/useSlice';
import { useInView } from './useInView';

// Options depend only on the kind: built once, so charts are never re-created by re-renders.
const OPTIONS = Object.fromEntries(
  CHART_KINDS.map((kind) => [kind, chartOptions(kind, WINDOW_SECONDS)]),
) as Record<ChartKind, ReturnType<typeof chartOptions>>;

const seriesOf = (s: LabState) => s.series;
// Out of view: another function (so that coming back into view reads the series afresh) whose
// value is never taken (the series shown is kept, see `always`).
const hiddenSeriesOf = (s: LabState) => s.series;
const always = () => true;
const eventsOf = (s: LabState) => s.events;
const targetOf = (s: LabState) => s.lab?.slo.latency_p95_target_ms ?? null;

function ServiceChartsImpl({ name }: { name: string }) {
  const section = useRef<HTMLElement>(null);
  const inView = useInView(section);
  // Out of view the charts are not redrawn (UPlotChart): the series is not followed then (a
  // snapshot renders nothing here) and their data is not built. Both catch up when they come
  // back into view.
  const series = useSlice(inView ? seriesOf : hiddenSeriesOf, inView ? Object.is : always);
  const events = useSlice(eventsOf);
  const targetMs = useSlice(targetOf);
  // Out of view the series shown is kept: no data is built for it.
  const data = useMemo(
    () => CHART_KINDS.map((kind) => chartData(kind, series, name, targetMs)),
    [series, name, targetMs],
  );
  // The latency chart's figures stay current in or out of view: written by the store's
  // listener when they differ, nothing rendered.
  let shown: Series | undefined;
  useStoreWriter(({ series }) => {
    const figure = section.current?.querySelector('figure');
    if (!figure || series === shown) return;
    shown = series;
    setAttr(figure, 'data-last-p95', String(newestOf(series, name, 'p95') ?? ''));
    setAttr(figure, 'data-gaps', String(countGaps(series, name)));
    setAttr(figure, 'data-points', String(series.end - series.start));
  });

  return (
    <section ref={section} className="service-charts" aria-labelledby={`charts-${name}`}>
      <h3 id={`charts-${name}`}>{name}</h3>
      <div className="chart-grid">
        {CHART_KINDS.map((kind, i) => (
          <UPlotChart
            key={kind}
            title={CHART_SPECS[kind].caption}
            label={`${CHART_SPECS[kind].title} of ${name} over the last 5 minutes`}
            options={OPTIONS[kind]}
            data={data[i] as (typeof data)[number]}
            events={events}
            service={name}
            testId={`chart-${kind}-${name}`}
          />
        ))}
      </div>
    </section>
  );
}

export const ServiceCharts = memo(ServiceChartsImpl);
