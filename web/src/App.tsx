import { useMemo } from 'react';
import { postFault, restartPod } from './api';
import type { PodActions } from './components/actions';
import { ChartLegend } from './components/ChartLegend';
import { EventLog } from './components/EventLog';
import { Header } from './components/Header';
import { ServiceCard } from './components/ServiceCard';
import { ServiceCharts } from './components/ServiceCharts';
import { SloPanel } from './components/SloPanel';
import { StaleNotice } from './components/StaleNotice';
import { podsByService } from './lib/pods';
import type { LabState } from './live/labStore';
import { useLiveLab } from './live/useLiveLab';
import { useStale } from './live/useStale';

const API_ACTIONS: PodActions = { postFault, restartPod };

const NO_PODS: never[] = [];

interface DashboardProps {
  state: LabState;
  actions?: PodActions;
}

/** The whole page for a given live state (no data fetching: see App). */
export function Dashboard({ state, actions = API_ACTIONS }: DashboardProps) {
  const { lab, series, events, connection, receivedAt } = state;
  const pods = useMemo(() => podsByService(lab?.pods ?? []), [lab?.pods]);
  const stale = useStale(connection, receivedAt);

  return (
    <>
      <Header
        status={lab?.status ?? null}
        connection={connection}
        updatedAt={lab?.timestamp ?? null}
        stale={stale}
      />
      <main className={stale ? 'app-main stale' : 'app-main'} data-stale={stale}>
        {stale && receivedAt !== null ? (
          <StaleNotice since={receivedAt} connection={connection} />
        ) : null}
        {lab === null ? (
          <p className="muted loading">Waiting for the first snapshot…</p>
        ) : (
          <>
            <SloPanel slo={lab.slo} />
            <section aria-labelledby="services-title">
              <h2 id="services-title">Services</h2>
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
            </section>
            <section className="panel charts-panel" aria-labelledby="charts-title">
              <h2 id="charts-title">Last 5 minutes</h2>
              <ChartLegend />
              {lab.services.map((service) => (
                <ServiceCharts
                  key={service.name}
                  name={service.name}
                  series={series}
                  events={events}
                  targetMs={lab.slo.latency_p95_target_ms ?? null}
                />
              ))}
            </section>
            <EventLog events={events} />
          </>
        )}
      </main>
    </>
  );
}

export function App() {
  const state = useLiveLab();
  return <Dashboard state={state} />;
}
