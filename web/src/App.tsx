import { useCallback, useLayoutEffect, useMemo, useState } from 'react';
import { postFault, restartPod, scaleService, undoRollout } from './api';
import type { Downtime, Slo } from './api/types';
import type { LabActions, PodActions, ServiceActions } from './components/actions';
import { ChartLegend } from './components/ChartLegend';
import { ServiceCards, ServiceChartList } from './components/LabServices';
import { EventLog } from './components/EventLog';
import { Header } from './components/Header';
import { ResumedNotice } from './components/ResumedNotice';
import { SloPanel, sloView } from './components/SloPanel';
import { StaleNotice } from './components/StaleNotice';
import { isLargeLab } from './lib/labSize';
import { equal } from './lib/equal';
import type { LabState } from './live/labStore';
import { LiveStore } from './live/liveStore';
import { useLiveStore } from './live/useLiveLab';
import { StoreContext, useSlice } from './live/useSlice';
import { useStaleStore } from './live/useStale';

const API_ACTIONS: LabActions = { postFault, restartPod, scaleService, undoRollout };

const NO_FOCUS = () => {};
/** Alerts listed on a large lab's page (each service may fire four). */
const LARGE_LAB_ALERTS = 10;

interface PageProps {
  /** The writes; those not given go to the server's API. */
  actions?: PodActions & Partial<ServiceActions>;
  /** Opens a large lab's service's pods (null closes them). */
  onFocus?: (service: string | null) => void;
}

interface DashboardProps extends PageProps {
  state: LabState;
}

/** The whole page for a given live state (no data fetching: see App). */
export function Dashboard({ state, ...props }: DashboardProps) {
  const [store] = useState(() => new LiveStore(state));
  useLayoutEffect(() => store.set(state), [store, state]);
  return <LabPage store={store} {...props} />;
}

/** The page over a live store: each part reads its own slice of it. */
export function LabPage({
  store,
  actions: given,
  onFocus = NO_FOCUS,
}: PageProps & { store: LiveStore }) {
  const actions = useMemo(() => ({ ...API_ACTIONS, ...given }), [given]);
  return (
    <StoreContext.Provider value={store}>
      <PageBody store={store} actions={actions} onFocus={onFocus} />
    </StoreContext.Provider>
  );
}

const hasLab = (s: LabState) => s.lab !== null;
const connectionOf = (s: LabState) => s.connection;
const receivedAtOf = (s: LabState) => s.receivedAt;
const largeOf = (s: LabState) => isLargeLab(s.lab);
const eventsOf = (s: LabState) => s.events;
const NO_DOWNTIMES: readonly Downtime[] = [];
// Servers before the lab was kept across restarts send no `downtimes`. A new snapshot brings a
// new but equal array: compared by value (equal), the notice does not re-render.
const downtimesOf = (s: LabState) => s.lab?.downtimes ?? NO_DOWNTIMES;

function PageBody({
  store,
  actions,
  onFocus,
}: {
  store: LiveStore;
  actions: LabActions;
  onFocus: (service: string | null) => void;
}) {
  const stale = useStaleStore(store);
  const ready = useSlice(hasLab);
  return (
    <>
      <Header stale={stale} />
      <main className={stale ? 'app-main stale' : 'app-main'} data-stale={stale}>
        {stale ? <Staleness /> : null}
        <Resumed />
        {!ready ? (
          <p className="muted">Waiting for the first snapshot…</p>
        ) : (
          <>
            <Slo />
            <section aria-labelledby="services-title">
              <h2 id="services-title">Services</h2>
              <ServiceCards actions={actions} onFocus={onFocus} />
            </section>
            <section className="panel charts-panel" aria-labelledby="charts-title">
              <h2 id="charts-title">Last 5 minutes</h2>
              <ChartLegend />
              <ServiceChartList />
            </section>
            <Events />
          </>
        )}
      </main>
    </>
  );
}

function Staleness() {
  const since = useSlice(receivedAtOf);
  const connection = useSlice(connectionOf);
  return since === null ? null : <StaleNotice since={since} connection={connection} />;
}

/** Re-rendered only when the downtimes change, not with every snapshot. */
function Resumed() {
  return <ResumedNotice downtimes={useSlice(downtimesOf, equal)} />;
}

interface ShownSlo {
  slo: Slo;
  view: ReturnType<typeof sloView>;
}

const sameView = (a: ShownSlo | null, b: ShownSlo | null) => equal(a?.view, b?.view);

function Slo() {
  const [selected, select] = useState('lab');
  // The SLOs with what the panel shows of them: a snapshot's new SLOs are taken only when that
  // differs, so most snapshots render no part of the panel (its data notes change once a minute).
  const shown = useSlice(
    useCallback(
      (s: LabState) => s.lab && { slo: s.lab.slo, view: sloView(s.lab.slo, selected) },
      [selected],
    ),
    sameView,
  );
  const large = useSlice(largeOf);
  return shown ? (
    <SloPanel
      slo={shown.slo}
      selected={selected}
      onSelect={select}
      alertLimit={large ? LARGE_LAB_ALERTS : undefined}
    />
  ) : null;
}

function Events() {
  const events = useSlice(eventsOf);
  const large = useSlice(largeOf);
  return <EventLog events={events} deferred={large} />;
}

export function App() {
  const { store, focusService } = useLiveStore();
  return <LabPage store={store} onFocus={focusService} />;
}
