import { useMemo } from 'react';
import { postFault, restartPod } from './api';
import type { PodActions } from './components/actions';
import { ChartLegend } from './components/ChartLegend';
import { EventLog } from './components/EventLog';
import { Header } from './components/Header';
import { ServiceCards, ServiceChartList } from './components/LabServices';
import { SloPanel } from './components/SloPanel';
import { StaleNotice } from './components/StaleNotice';
import { isLargeLab } from './lib/labSize';
import { podsByService } from './lib/pods';
import type { LabState } from './live/labStore';
import { useLiveLab } from './live/useLiveLab';
import { useStale } from './live/useStale';

const API_ACTIONS: PodActions = { postFault, restartPod };

const NO_FOCUS = () => {};
/** Alerts listed on a large lab's page (each service may fire four). */
const LARGE_LAB_ALERTS = 10;

interface DashboardProps {
  state: LabState;
  actions?: PodActions;
  /** Opens a large lab's service's pods (null closes them). */
  onFocus?: (service: string | null) => void;
}

/** The whole page for a given live state (no data fetching: see App). */
export function Dashboard({ state, actions = API_ACTIONS, onFocus = NO_FOCUS }: DashboardProps) {
  const { lab, series, events, connection, receivedAt, focus } = state;
  const large = isLargeLab(lab);
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
            <SloPanel slo={lab.slo} alertLimit={large ? LARGE_LAB_ALERTS : undefined} />
            <section aria-labelledby="services-title">
              <h2 id="services-title">Services</h2>
              <ServiceCards
                lab={lab}
                pods={pods}
                large={large}
                focus={focus}
                actions={actions}
                onFocus={onFocus}
              />
            </section>
            <section className="panel charts-panel" aria-labelledby="charts-title">
              <h2 id="charts-title">Last 5 minutes</h2>
              <ChartLegend />
              <ServiceChartList lab={lab} large={large} series={series} events={events} />
            </section>
            <EventLog events={events} />
          </>
        )}
      </main>
    </>
  );
}

export function App() {
  const live = useLiveLab();
  return <Dashboard state={live} onFocus={live.focusService} />;
}
