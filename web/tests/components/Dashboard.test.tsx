// @vitest-environment jsdom
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setFetch, type Fetch } from '../../src/api';
import type { Lab, Slo } from '../../src/api/types';
import type { UPlotChartProps } from '../../src/charts/UPlotChart';
import type { PodActions } from '../../src/components/actions';
import { Dashboard, LabPage } from '../../src/App';
import type { ConnectionDeps, EventSourceLike } from '../../src/live/connection';
import { initialLabState, labReducer, type LabState } from '../../src/live/labStore';
import { LiveStore } from '../../src/live/liveStore';
import { STALE_AFTER_MS } from '../../src/live/useStale';
import { useLiveLab } from '../../src/live/useLiveLab';
import { makeEvent, makeFaultyLab, makeHistory, makeLab, makeSample } from '../fixtures';

// uPlot needs a canvas: charts are replaced by a stub that records its props and counts renders.
const chartRenders = vi.hoisted(() => ({ count: 0 }));
const chartProps = new Map<string, UPlotChartProps>();
vi.mock('../../src/charts/UPlotChart', () => ({
  UPlotChart: (props: UPlotChartProps) => {
    chartProps.set(props.testId ?? '', props);
    chartRenders.count += 1;
    return <figure data-testid={props.testId} />;
  },
}));

// Counts pod row renders: FaultBadges renders exactly once per PodRow render.
const badgeRenders = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/components/FaultBadges', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/components/FaultBadges')>();
  return {
    FaultBadges: (props: Parameters<typeof original.FaultBadges>[0]) => {
      badgeRenders.count += 1;
      return <original.FaultBadges {...props} />;
    },
  };
});

// Counts service card renders: a card's Deployment renders once per card render.
const cardRenders = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/components/Deployment', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/components/Deployment')>();
  return {
    Deployment: (props: Parameters<typeof original.Deployment>[0]) => {
      cardRenders.count += 1;
      return <original.Deployment {...props} />;
    },
  };
});

// Counts the header's renders: its lab status badge renders once per header render (this wrapper
// is not memoised).
const headerRenders = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/components/StatusBadge', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/components/StatusBadge')>();
  return {
    StatusBadge: (props: Parameters<typeof original.StatusBadge>[0]) => {
      if (props.testId === 'lab-status') headerRenders.count += 1;
      return <original.StatusBadge {...props} />;
    },
  };
});

// Counts the SLO panel's renders: its lab burn indicator renders once per panel render.
const sloPanelRenders = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/components/BurnIndicator', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/components/BurnIndicator')>();
  return {
    BurnIndicator: (props: Parameters<typeof original.BurnIndicator>[0]) => {
      if (props.testId === 'burn-indicator') sloPanelRenders.count += 1;
      return <original.BurnIndicator {...props} />;
    },
  };
});

const actions: PodActions = {
  postFault: vi.fn(),
  restartPod: vi.fn(),
};

const stateWith = (...labs: ReturnType<typeof makeLab>[]): LabState =>
  labs.reduce(
    (s, lab) => labReducer(s, { type: 'snapshot', lab }),
    labReducer(initialLabState, { type: 'connection', state: 'live' }),
  );

describe('Dashboard', () => {
  beforeEach(() => {
    chartProps.clear();
    badgeRenders.count = 0;
    cardRenders.count = 0;
  });

  it('waits for the first snapshot', () => {
    render(<Dashboard state={initialLabState} actions={actions} />);
    expect(screen.getByTestId('connection-status').textContent).toContain('connecting');
    expect(screen.getByText(/Waiting for the first snapshot/)).toBeTruthy();
  });

  it('renders every stable hook for the default lab', () => {
    render(<Dashboard state={stateWith(makeFaultyLab())} actions={actions} />);
    expect(screen.getByTestId('lab-status').dataset.status).toBe('Degraded');
    expect(screen.getByTestId('connection-status').dataset.state).toBe('live');
    expect(screen.getByTestId('slo-panel')).toBeTruthy();
    expect(screen.getByTestId('burn-indicator').dataset.level).toBe('high');
    expect(screen.getByTestId('event-log')).toBeTruthy();
    for (const name of ['sensor-sim', 'planner-sim', 'ui-proxy']) {
      expect(screen.getByTestId(`service-card-${name}`)).toBeTruthy();
      expect(screen.getByTestId(`service-status-${name}`).dataset.status).toBe('Degraded');
      for (const kind of ['latency', 'errors', 'pods', 'rate']) {
        expect(screen.getByTestId(`chart-${kind}-${name}`)).toBeTruthy();
      }
      for (let i = 1; i <= 3; i++) {
        const id = `${name}-pod-${i}`;
        // The fault form is mounted when its section is first opened.
        fireEvent.click(within(screen.getByTestId(`pod-row-${id}`)).getByText(/^Faults/));
        for (const hook of ['pod-row', 'pod-status', 'pod-latency', 'pod-restarts', 'fault-form']) {
          expect(screen.getByTestId(`${hook}-${id}`)).toBeTruthy();
        }
        expect(screen.getByRole('button', { name: `Restart ${id}` })).toBeTruthy();
        expect(screen.getByRole('button', { name: `Apply faults to ${id}` })).toBeTruthy();
      }
    }
    expect(screen.getByTestId('pod-status-ui-proxy-pod-3').dataset.status).toBe('Down');
  });

  it('exposes the newest p95 on the latency chart and the target line', () => {
    const lab = makeLab({ timestamp: 1000.1, sample: makeSample(1000, 123.4) });
    render(<Dashboard state={stateWith(lab)} actions={actions} />);
    const chart = screen.getByTestId('chart-latency-sensor-sim');
    expect(chart.getAttribute('data-last-p95')).toBe('123.4');
    const data = chartProps.get('chart-latency-sensor-sim')!.data;
    expect(data[4]).toEqual([200]);
  });

  it("keeps the latency chart's figures current without rendering the charts out of view", () => {
    // Every observed element reports itself out of view at once; the callbacks bring them back.
    const callbacks: ((entries: { isIntersecting: boolean }[]) => void)[] = [];
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        constructor(private readonly report: (entries: { isIntersecting: boolean }[]) => void) {
          callbacks.push(report);
        }
        observe() {
          this.report([{ isIntersecting: false }]);
        }
        disconnect() {}
      },
    );
    try {
      const first = makeLab({ version: 1, timestamp: 1000.1, sample: makeSample(1000, 123.4) });
      const { rerender } = render(<Dashboard state={stateWith(first)} actions={actions} />);
      chartRenders.count = 0;
      const second = makeLab({ version: 2, timestamp: 1001.1, sample: makeSample(1001, 150) });
      rerender(<Dashboard state={stateWith(first, second)} actions={actions} />);
      expect(chartRenders.count).toBe(0);
      const chart = screen.getByTestId('chart-latency-sensor-sim');
      expect(chart.getAttribute('data-last-p95')).toBe('150');
      expect(chart.getAttribute('data-points')).toBe('2');
      expect(chart.getAttribute('data-gaps')).toBe('0');
      expect(chartProps.get('chart-latency-sensor-sim')!.data[0]).toEqual([1000]);
      // A small lab's event log is not deferred: mounted though out of view.
      expect(screen.getByTestId('event-log')).toBeTruthy();
      // Back in view, the charts are drawn from the newest series.
      act(() => callbacks.forEach((report) => report([{ isIntersecting: true }])));
      expect(chartProps.get('chart-latency-sensor-sim')!.data[0]).toEqual([1000, 1001]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('re-renders only the pods that changed on a live update', () => {
    const first = makeLab({ version: 1, timestamp: 1000.1 });
    const { rerender } = render(<Dashboard state={stateWith(first)} actions={actions} />);
    expect(badgeRenders.count).toBe(9);
    badgeRenders.count = 0;
    // A new snapshot: fresh objects from JSON, one pod's restarts changed.
    const second = makeLab({ version: 2, timestamp: 1001.1, sample: makeSample(1001) });
    second.pods[4]!.restarts = 7;
    rerender(<Dashboard state={stateWith(first, second)} actions={actions} />);
    expect(badgeRenders.count).toBe(1);
    expect(screen.getByTestId('pod-restarts-planner-sim-pod-2').dataset.value).toBe('7');
  });

  it("updates the pods' latencies without re-rendering their rows", () => {
    const first = makeLab({ version: 1, timestamp: 1000.1 });
    const { rerender } = render(<Dashboard state={stateWith(first)} actions={actions} />);
    badgeRenders.count = 0;
    // Most snapshots change some pods' latency, and nothing else their rows show.
    const second = makeLab({ version: 2, timestamp: 1001.1, sample: makeSample(1001) });
    second.pods[4]!.latency_ms = 999;
    second.pods[0]!.latency_ms = 48.308;
    rerender(<Dashboard state={stateWith(first, second)} actions={actions} />);
    expect(badgeRenders.count).toBe(0);
    const changed = screen.getByTestId('pod-latency-planner-sim-pod-2');
    expect(changed.textContent).toBe('999 ms');
    expect(changed.dataset.value).toBe('999');
    const other = screen.getByTestId('pod-latency-sensor-sim-pod-1');
    expect(other.textContent).toBe('48.3 ms');
    expect(other.dataset.value).toBe('48.308');
    // A later snapshot that changes a row re-renders it with the newest latency.
    const third = makeLab({ version: 3, timestamp: 1002.1, sample: makeSample(1002) });
    third.pods[4]!.latency_ms = 998;
    third.pods[4]!.restarts = 1;
    rerender(<Dashboard state={stateWith(first, second, third)} actions={actions} />);
    expect(badgeRenders.count).toBe(1);
    expect(changed.textContent).toBe('998 ms');
  });

  it("updates the services' rate, error ratio and p95 without re-rendering their cards", () => {
    // The page over a live store, as App renders it: snapshots come through the store only.
    const store = new LiveStore(stateWith(makeLab({ version: 1, timestamp: 1000.1 })));
    render(<LabPage store={store} actions={actions} />);
    const figures = () =>
      [
        ...screen.getByTestId('service-card-planner-sim').querySelectorAll('.card-metrics .live'),
      ].map((el) => el.textContent);
    expect(cardRenders.count).toBe(3);
    cardRenders.count = 0;
    const second = makeLab({ version: 2, timestamp: 1001.1, sample: makeSample(1001) });
    const planner = second.services[1]!;
    planner.request_rate = 123.44;
    planner.error_ratio = 0.0125;
    planner.latency_p95_ms = 345.6;
    act(() => store.dispatch({ type: 'snapshot', lab: second }));
    expect(cardRenders.count).toBe(0);
    expect(figures()).toEqual(['123.4 req/s', '1.25 %', '346 ms']);
    // A change the card shows otherwise re-renders it, with the newest figures.
    const third = makeLab({ version: 3, timestamp: 1002.1, sample: makeSample(1002) });
    third.services[1]!.request_rate = 99;
    third.services[1]!.restarts = 4;
    act(() => store.dispatch({ type: 'snapshot', lab: third }));
    expect(cardRenders.count).toBe(1);
    expect(figures()[0]).toBe('99 req/s');
  });

  it("updates the pods' ages without re-rendering their rows", () => {
    const first = makeLab({ version: 1, timestamp: 1000.1 });
    const { rerender } = render(<Dashboard state={stateWith(first)} actions={actions} />);
    expect(screen.getByTestId('pod-age-sensor-sim-pod-1').textContent).toBe('15m');
    badgeRenders.count = 0;
    // A young lab: every pod's AGE changes with the snapshot, and nothing else it shows.
    const second = makeLab({ version: 2, timestamp: 1001.1, sample: makeSample(1001) });
    for (const pod of second.pods) pod.age_seconds = 65;
    rerender(<Dashboard state={stateWith(first, second)} actions={actions} />);
    expect(badgeRenders.count).toBe(0);
    for (const pod of second.pods) {
      expect(screen.getByTestId(`pod-age-${pod.id}`).textContent).toBe('65s');
    }
  });
});

describe('a snapshot that changes nothing shown', () => {
  it("updates the header's clock without rendering the header", () => {
    const store = new LiveStore(stateWith(makeLab({ version: 1, timestamp: 1000.1 })));
    render(<LabPage store={store} actions={actions} />);
    const clock = screen.getByTestId('last-update');
    const text = clock.firstChild;
    expect(clock.textContent).toBe('00:16:40');
    expect(clock.getAttribute('datetime')).toBe('1970-01-01T00:16:40.100Z');
    headerRenders.count = 0;
    act(() =>
      store.dispatch({ type: 'snapshot', lab: makeLab({ version: 2, timestamp: 1001.1 }) }),
    );
    expect(headerRenders.count).toBe(0);
    expect(clock.textContent).toBe('00:16:41');
    expect(clock.getAttribute('datetime')).toBe('1970-01-01T00:16:41.100Z');
    // Written in place, as React writes a changed text.
    expect(clock.firstChild).toBe(text);
    // A change the header shows otherwise renders it, with the newest time.
    act(() =>
      store.dispatch({
        type: 'snapshot',
        lab: makeLab({ version: 3, timestamp: 1002.1, status: 'Degraded' }),
      }),
    );
    expect(headerRenders.count).toBe(1);
    expect(screen.getByTestId('lab-status').dataset.status).toBe('Degraded');
    expect(screen.getByTestId('last-update').textContent).toBe('00:16:42');
  });

  it('renders the SLO panel only when what it shows changed', async () => {
    // A lab ten minutes old: every window but 5m still filling, one second more each snapshot.
    const snapshot = (version: number, change: (slo: Slo) => void = () => {}) => {
      const lab = makeLab({ version, timestamp: 1000.1 + version });
      for (const entry of lab.slo.slos) {
        for (const sli of [entry.availability, entry.latency]) {
          for (const [window, full] of Object.entries(sli.data_seconds)) {
            sli.data_seconds[window] = Math.min(600 + version, full!);
          }
        }
      }
      lab.slo.timestamp = lab.timestamp;
      change(lab.slo);
      return lab;
    };
    const store = new LiveStore(stateWith(snapshot(1)));
    const send = (lab: Lab) => act(() => store.dispatch({ type: 'snapshot', lab }));
    render(<LabPage store={store} actions={actions} />);
    const panel = screen.getByTestId('slo-panel');
    expect(panel.textContent).toContain('30m, 10 min of data');
    sloPanelRenders.count = 0;
    // New SLO objects, their request counts and data seconds grown: nothing the panel shows.
    send(snapshot(2));
    send(snapshot(3));
    expect(sloPanelRenders.count).toBe(0);
    // A window's data as the panel words it changes once a minute.
    send(snapshot(60));
    expect(sloPanelRenders.count).toBe(1);
    expect(panel.textContent).toContain('30m, 11 min of data');
    expect(panel.textContent).not.toContain('10 min of data');
    const burning = (slo: Slo) => {
      slo.burn_rate_5m = 1.5;
      slo.indicator = 'medium';
    };
    send(snapshot(61, burning));
    expect(sloPanelRenders.count).toBe(2);
    expect(screen.getByTestId('burn-indicator').textContent).toContain('1.5× medium');
    // A figure of an SLO not shown renders nothing; picked, that SLO shows its newest figures.
    const planner = (burn: number) => (slo: Slo) => {
      burning(slo);
      slo.slos.find((s) => s.name === 'planner-sim')!.latency.burn_rate['1h'] = burn;
    };
    send(snapshot(62, planner(3)));
    expect(sloPanelRenders.count).toBe(2);
    await userEvent.setup().selectOptions(screen.getByLabelText('SLO'), 'planner-sim');
    expect(sloPanelRenders.count).toBe(3);
    const hour = () =>
      within(screen.getByTestId('slo-planner-sim'))
        .getAllByText('1h')
        .map((window) => window.closest('li')!.querySelector('.burn')!.textContent);
    // Availability's burn rate over 1h, then latency's.
    expect(hour()).toEqual(['✓ 0× normal', '‼ 3× high']);
    // Now a change in it renders the panel.
    send(snapshot(63, planner(0.5)));
    expect(sloPanelRenders.count).toBe(4);
    expect(hour()).toEqual(['✓ 0× normal', '✓ 0.5× normal']);
  });

  it('renders the SLO panel only when a burn rate or budget changes in the digits shown', () => {
    // A lab that has seen errors: its burn rates and budget move a little with every snapshot.
    const snapshot = (version: number, burn: number, budget: number) => {
      const lab = makeLab({ version, timestamp: 1000.1 + version });
      lab.slo.burn_rate_5m = burn;
      const shown = lab.slo.slos.find((s) => s.name === 'lab')!;
      shown.availability.burn_rate['1h'] = burn;
      shown.latency.burn_rate['5m'] = burn;
      shown.availability.budget_remaining = budget;
      return lab;
    };
    const store = new LiveStore(stateWith(snapshot(1, 0.4213, 0.98712)));
    const send = (lab: Lab) => act(() => store.dispatch({ type: 'snapshot', lab }));
    render(<LabPage store={store} actions={actions} />);
    const panel = screen.getByTestId('slo-panel');
    expect(panel.textContent).toContain('98.7 % left');
    expect(screen.getByTestId('burn-indicator-latency').textContent).toContain('0.42× normal');
    sloPanelRenders.count = 0;
    send(snapshot(2, 0.4249, 0.98669));
    send(snapshot(3, 0.4171, 0.98651));
    expect(sloPanelRenders.count).toBe(0);
    // Near the ends: a few slow requests in an hour (reads 0×) and a budget nearly whole.
    send(snapshot(4, 0.0014, 0.99996));
    expect(sloPanelRenders.count).toBe(1);
    expect(panel.textContent).toContain('100 % left');
    send(snapshot(5, 0.0019, 0.99993));
    expect(sloPanelRenders.count).toBe(1);
    send(snapshot(6, 0.4171, 0.98651));
    expect(sloPanelRenders.count).toBe(2);
    sloPanelRenders.count = 0;
    send(snapshot(7, 0.4261, 0.98651));
    expect(sloPanelRenders.count).toBe(1);
    expect(screen.getByTestId('burn-indicator-latency').textContent).toContain('0.43× normal');
    send(snapshot(8, 0.4261, 0.98649));
    expect(sloPanelRenders.count).toBe(2);
    expect(panel.textContent).toContain('98.6 % left');
    // Just under 1x reads "1×" but stays normal: rounded, it would be medium.
    send(snapshot(9, 0.9961, 0.98649));
    expect(screen.getByTestId('burn-indicator-latency').textContent).toContain('1× normal');
    send(snapshot(10, 1.0041, 0.98649));
    expect(screen.getByTestId('burn-indicator-latency').textContent).toContain('1× medium');
  });
});

describe('chart legend', () => {
  it('lists every marker kind with its colour, and what a gap means', () => {
    render(<Dashboard state={stateWith(makeLab())} actions={actions} />);
    const legend = screen.getByTestId('chart-legend');
    const kinds = [...legend.querySelectorAll('li')].map((li) => li.dataset.kind);
    expect(kinds).toEqual(['fault', 'fault_expired', 'fault_cleared', 'restart', 'partition']);
    expect(legend.textContent).toContain('partition');
    expect(legend.textContent).toContain('A gap means no data');
  });
});

describe('stale figures', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('greys the figures and says how old they are once no snapshot came for a while', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const state = labReducer(stateWith(makeLab({ timestamp: 1000.1 })), {
      type: 'snapshot',
      lab: makeLab({ version: 2, timestamp: 1001.1 }),
      receivedAt: 1_000_000,
    });
    render(<Dashboard state={state} actions={actions} />);
    const main = screen.getByRole('main');
    expect(main.dataset.stale).toBe('false');
    expect(screen.queryByTestId('stale-notice')).toBeNull();

    act(() => vi.advanceTimersByTime(STALE_AFTER_MS + 10));
    expect(main.dataset.stale).toBe('true');
    expect(main.className).toContain('stale');
    expect(screen.getByTestId('stale-notice').textContent).toMatch(/Not current.*\(3 s ago\)/);
    act(() => vi.advanceTimersByTime(20_000));
    expect(screen.getByTestId('stale-notice').textContent).toMatch(/\(23 s ago\)/);
  });

  it('keeps the figures current while snapshots come, and stale once they stop', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const store = new LiveStore(stateWith());
    render(<LabPage store={store} actions={actions} />);
    const snapshot = (version: number) =>
      act(() =>
        store.dispatch({
          type: 'snapshot',
          lab: makeLab({ version, timestamp: 1000.1 + version }),
          receivedAt: Date.now(),
        }),
      );
    snapshot(1);
    const main = screen.getByRole('main');
    // A snapshot every second for ten seconds, each older one well past STALE_AFTER_MS by the end.
    for (let version = 2; version <= 11; version++) {
      act(() => vi.advanceTimersByTime(1000));
      snapshot(version);
      expect(main.dataset.stale, `after snapshot ${version}`).toBe('false');
    }
    act(() => vi.advanceTimersByTime(STALE_AFTER_MS));
    expect(main.dataset.stale).toBe('false');
    act(() => vi.advanceTimersByTime(2));
    expect(main.dataset.stale).toBe('true');
    expect(screen.getByTestId('stale-notice')).toBeTruthy();
    // The next snapshot makes them current again, and its silence stale again.
    snapshot(12);
    expect(main.dataset.stale).toBe('false');
    act(() => vi.advanceTimersByTime(STALE_AFTER_MS + 2));
    expect(main.dataset.stale).toBe('true');
  });

  it('marks the figures stale at once when polls fail', () => {
    const state = labReducer(
      labReducer(initialLabState, {
        type: 'snapshot',
        lab: makeLab(),
        receivedAt: Date.now(),
      }),
      { type: 'connection', state: 'offline' },
    );
    render(<Dashboard state={state} actions={actions} />);
    expect(screen.getByRole('main').dataset.stale).toBe('true');
    expect(screen.getByTestId('stale-notice').textContent).toContain('the server does not answer');
  });

  it('exposes outage gaps on the charts', () => {
    const state = stateWith(
      makeLab({ version: 1, timestamp: 1000.1, sample: makeSample(1000) }),
      makeLab({ version: 2, timestamp: 1040.1, sample: makeSample(1040) }),
    );
    render(<Dashboard state={state} actions={actions} />);
    expect(screen.getByTestId('chart-latency-sensor-sim').getAttribute('data-gaps')).toBe('1');
  });
});

// --- the live wiring: history on load, then stream snapshots ----------------------------------

class FakeStream implements EventSourceLike {
  static last: FakeStream | null = null;
  readyState = 0;
  onerror: ((event: Event) => unknown) | null = null;
  listener: ((event: MessageEvent<string>) => void) | null = null;
  constructor() {
    FakeStream.last = this;
  }
  addEventListener(_type: 'snapshot', listener: (event: MessageEvent<string>) => void) {
    this.listener = listener;
  }
  close() {}
}

const fakeDeps = (): ConnectionDeps => ({
  createEventSource: () => new FakeStream(),
  fetchLab: async () => ({ ok: false, status: 0, detail: 'unused' }),
  setTimeout: (cb, ms) => setTimeout(cb, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
});

function LivePage() {
  return <Dashboard state={useLiveLab(fakeDeps)} actions={actions} />;
}

describe('live page', () => {
  const original = setFetch(globalThis.fetch);
  afterEach(() => {
    setFetch(original);
  });

  it('loads 5 minutes of history, then appends stream samples and events', async () => {
    const fetchMock = vi.fn<Fetch>(
      async () => new Response(JSON.stringify(makeHistory(1000, 300, [makeEvent(1, 950)]))),
    );
    setFetch(fetchMock);
    render(<LivePage />);
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/history?window=5m');
    await act(async () => {
      FakeStream.last!.listener!({
        data: JSON.stringify(
          makeLab({
            timestamp: 1001.1,
            sample: makeSample(1001, 321),
            events: [makeEvent(2, 1001, 'restart')],
          }),
        ),
      } as MessageEvent<string>);
    });
    expect(screen.getByTestId('connection-status').dataset.state).toBe('live');
    const latency = chartProps.get('chart-latency-sensor-sim')!.data;
    // History 701..1000 plus the new 1001: points up to exactly 5 minutes old are kept.
    expect(latency[0]).toHaveLength(301);
    expect(latency[0]?.[0]).toBe(701);
    expect(latency[0]?.at(-1)).toBe(1001);
    expect(screen.getByTestId('chart-latency-sensor-sim').getAttribute('data-last-p95')).toBe(
      '321',
    );
    const ids = screen
      .getAllByRole('listitem')
      .filter((li) => li.dataset.id)
      .map((li) => li.dataset.id);
    expect(ids).toEqual(['2', '1']);
  });

  const send = (lab: ReturnType<typeof makeLab>) =>
    act(async () => {
      FakeStream.last!.listener!({ data: JSON.stringify(lab) } as MessageEvent<string>);
    });
  const ids = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => makeEvent(to - i, 1000 + (to - i) / 10));
  const shownIds = () =>
    (chartProps.get('chart-latency-sensor-sim')?.events ?? []).map((e) => e.id);

  it('fills the events a burst pushed out of the snapshots from GET /events', async () => {
    const fetchMock = vi.fn<Fetch>(async (input) => {
      const url = String(input);
      if (url.startsWith('/history')) return new Response(JSON.stringify(makeHistory(1000, 10)));
      const events = ids(51, 70);
      return new Response(JSON.stringify({ events, total: 120, kept: 120, next_before: 51 }));
    });
    setFetch(fetchMock);
    render(<LivePage />);
    await send(makeLab({ version: 1, timestamp: 1005.1, events: ids(1, 50) }));
    // 70 changes between two snapshots: 51..70 are in neither.
    await send(makeLab({ version: 2, timestamp: 1005.3, events: ids(71, 120) }));
    await vi.waitFor(() => expect(shownIds()).toHaveLength(120));
    expect(fetchMock.mock.calls.map((c) => String(c[0]))).toContain('/events?limit=20&before=71');
    expect(shownIds()).toEqual(ids(1, 120).map((e) => e.id));
  });

  it('starts the event log and the charts afresh when the server restarted', async () => {
    const fetchMock = vi.fn<Fetch>(
      async () => new Response(JSON.stringify(makeHistory(1000, 300, [makeEvent(1, 950)]))),
    );
    setFetch(fetchMock);
    render(<LivePage />);
    await send(
      makeLab({ instance: 'aaaa', timestamp: 1001.1, events: [makeEvent(9, 1001, 'restart')] }),
    );
    await vi.waitFor(() =>
      expect(chartProps.get('chart-latency-sensor-sim')!.data[0]).toHaveLength(301),
    );
    expect(shownIds()).toEqual([9, 1]);

    // The new server's history, asked again once it is seen.
    fetchMock.mockImplementation(async () => new Response(JSON.stringify(makeHistory(1020, 5))));
    await send(
      makeLab({
        instance: 'bbbb',
        version: 1,
        timestamp: 1021.1,
        sample: makeSample(1021),
        events: [makeEvent(2, 1021, 'fault')],
      }),
    );
    expect(fetchMock.mock.calls.filter((c) => String(c[0]).startsWith('/history'))).toHaveLength(2);
    await vi.waitFor(() =>
      expect(chartProps.get('chart-latency-sensor-sim')!.data[0]).toHaveLength(6),
    );
    expect(chartProps.get('chart-latency-sensor-sim')!.data[0]?.[0]).toBe(1016);
    expect(shownIds()).toEqual([2]);
    const logged = screen
      .getAllByRole('listitem')
      .filter((li) => li.dataset.id)
      .map((li) => li.textContent);
    expect(logged.join('|')).not.toContain('restart on');
  });
});
