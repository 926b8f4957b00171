// The services section and the charts section, for a small lab (every pod inline, as always)
// or a large one (services summarised, one service's pods on demand, cards and charts mounted
// only near the viewport).
import type { Lab, LabEvent, Pod } from '../api/types';
import type { Series } from '../live/series';
import { podCount } from '../lib/labSize';
import type { PodActions } from './actions';
import { Deferred } from './Deferred';
import { ServiceCard } from './ServiceCard';
import { ServiceCharts } from './ServiceCharts';
import { ServiceSummaryCard } from './ServiceSummaryCard';

const NO_PODS: readonly Pod[] = [];

/** Reserved heights (px) of a card and of a service's charts before they were first shown. */
const CARD_ESTIMATE = 190;
const CHARTS_ESTIMATE = 240;

interface CardsProps {
  lab: Lab;
  pods: ReadonlyMap<string, readonly Pod[]>;
  large: boolean;
  focus: string | null;
  actions: PodActions;
  onFocus: (service: string | null) => void;
}

export function ServiceCards({ lab, pods, large, focus, actions, onFocus }: CardsProps) {
  if (!large) {
    return (
      <div className="cards">
        {lab.services.map((service) => (
          <ServiceCard
            key={service.name}
            service={service}
            pods={pods.get(service.name) ?? NO_PODS}
            actions={actions}
          />
        ))}
      </div>
    );
  }
  const healthy = new Map(lab.sample?.services.map((s) => [s.name, s.pods_healthy]) ?? []);
  return (
    <>
      <p className="muted" data-testid="summary-mode">
        {podCount(lab.services)} pods in {lab.services.length} services: each service is summarised;
        show a service's pods to see them.
      </p>
      <div className="cards cards-summary">
        {lab.services.map((service) => {
          const open = service.name === focus;
          const card = (
            <ServiceSummaryCard
              service={service}
              healthy={healthy.get(service.name) ?? null}
              open={open}
              pods={open ? (pods.get(service.name) ?? NO_PODS) : NO_PODS}
              actions={actions}
              onOpen={onFocus}
            />
          );
          // The open card spans the row and stays mounted wherever it is scrolled.
          return open ? (
            <div key={service.name} className="card-slot card-slot-open">
              {card}
            </div>
          ) : (
            <Deferred key={service.name} className="card-slot" estimate={CARD_ESTIMATE}>
              {card}
            </Deferred>
          );
        })}
      </div>
    </>
  );
}

interface ChartsProps {
  lab: Lab;
  large: boolean;
  series: Series;
  events: readonly LabEvent[];
}

export function ServiceChartList({ lab, large, series, events }: ChartsProps) {
  const targetMs = lab.slo.latency_p95_target_ms ?? null;
  return (
    <>
      {lab.services.map((service) => {
        const charts = (
          <ServiceCharts
            key={service.name}
            name={service.name}
            series={series}
            events={events}
            targetMs={targetMs}
          />
        );
        return large ? (
          <Deferred key={service.name} className="service-charts-slot" estimate={CHARTS_ESTIMATE}>
            {charts}
          </Deferred>
        ) : (
          charts
        );
      })}
    </>
  );
}
