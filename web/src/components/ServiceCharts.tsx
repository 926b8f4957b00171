// The four charts of one service over the last 5 minutes.
import { memo, useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import type { LabEvent } from '../api/types';
import { chartData, CHART_KINDS, type ChartKind } from '../charts/chartData';
import { chartOptions, CHART_SPECS } from '../charts/chartOptions';
import { UPlotChart } from '../charts/UPlotChart';
import { countGaps, newest, WINDOW_SECONDS, type Series } from '../live/series';
import { useInView } from './useInView';

// Options depend only on the kind: built once, so charts are never re-created by re-renders.
const OPTIONS = Object.fromEntries(
  CHART_KINDS.map((kind) => [kind, chartOptions(kind, WINDOW_SECONDS)]),
) as Record<ChartKind, ReturnType<typeof chartOptions>>;

interface Props {
  name: string;
  series: Series;
  events: readonly LabEvent[];
  targetMs: number | null;
}

function ServiceChartsImpl({ name, series, events, targetMs }: Props) {
  const section = useRef<HTMLElement>(null);
  const inView = useInView(section);
  // Out of view the charts are not redrawn (UPlotChart): their data is not even built then. It is
  // built afresh when they come back into view. The figures below stay current either way.
  const built = useRef<{ series: Series | null; data: uPlot.AlignedData[] }>({
    series: null,
    data: [],
  });
  const data = useMemo(() => {
    if (!inView && built.current.series !== null) return built.current.data;
    const fresh = CHART_KINDS.map((kind) => chartData(kind, series, name, targetMs));
    built.current = { series, data: fresh };
    return fresh;
  }, [series, name, targetMs, inView]);
  const lastP95 = newest(series.services[name]?.p95);
  const gaps = useMemo(() => countGaps(series, name), [series, name]);

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
            dataAttributes={
              kind === 'latency'
                ? {
                    'data-last-p95': String(lastP95 ?? ''),
                    'data-gaps': gaps,
                    'data-points': series.t.length,
                  }
                : undefined
            }
          />
        ))}
      </div>
    </section>
  );
}

export const ServiceCharts = memo(ServiceChartsImpl);
